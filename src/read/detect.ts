/**
 * What kind of input a file is, decided by its content, never its name: a
 * `.pdf` holding text is text, a `.txt` holding a PDF is a PDF.
 */
import { sniffUtf16 } from "./text.js";

export type InputKind = "empty" | "pdf" | "text" | "binary";

const PDF_MAGIC = Buffer.from("%PDF-", "latin1");
/** Readers (pdfjs, Acrobat) accept a PDF header anywhere in the first 1024 bytes. */
const PDF_HEADER_WINDOW = 1024;
/** Keywords every PDF body has; asked for when the header is not at byte 0. */
const PDF_BODY_KEYWORDS = ["endobj", "startxref"];
const SNIFF_BYTES = 8192;
/** Text allows this share of control characters (other than tab, line feed, form feed, carriage return). */
const MAX_CONTROL_SHARE = 0.01;

/**
 * Classifies a file's bytes:
 * - `empty`: no bytes, or only white space (a lone byte-order mark counts as none);
 * - `pdf`: `%PDF-` at byte 0, or within the first 1024 bytes of a file that
 *   also has a PDF body (`endobj`/`startxref`), so prose that merely mentions
 *   "%PDF-" near its top stays text;
 * - `text`: UTF-8, Windows-1252 or UTF-16 (see `sniffUtf16`) with no NULs and
 *   almost no control characters;
 * - `binary`: anything else.
 */
export function detectKind(bytes: Uint8Array): InputKind {
  if (isBlank(bytes)) return "empty";
  const header = findPdfHeader(bytes);
  if (header === 0 || (header > 0 && hasPdfBody(bytes))) return "pdf";
  const wide = sniffUtf16(bytes);
  if (wide) return looksLikeUtf16Text(bytes, wide) ? "text" : "binary";
  return looksLikeText(bytes) ? "text" : "binary";
}

/** Offset of the `%PDF-` header within the first 1024 bytes, or -1. */
export function findPdfHeader(bytes: Uint8Array): number {
  const window = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, PDF_HEADER_WINDOW + PDF_MAGIC.length));
  return window.indexOf(PDF_MAGIC);
}

function hasPdfBody(bytes: Uint8Array): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return PDF_BODY_KEYWORDS.some((keyword) => view.includes(keyword, 0, "latin1"));
}

/** White space only, after any byte-order mark; UTF-16 white space has NULs, so it is checked decoded. */
function isBlank(bytes: Uint8Array): boolean {
  const wide = sniffUtf16(bytes);
  if (wide) return new TextDecoder(wide).decode(bytes).trim() === "";
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b) return false;
  }
  return true;
}

/** 1 for the control bytes `isControl` counts, 0 for the rest. */
const CONTROL_BYTE = Uint8Array.from({ length: 256 }, (_, b) => (isControl(b) ? 1 : 0));

/** Text has no NUL bytes and few control characters in its first few kilobytes. */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  const sample = bytes.subarray(0, n);
  // a native search for the NUL, then a count without branches
  if (sample.indexOf(0) >= 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) control += CONTROL_BYTE[sample[i]!]!;
  return control / n < MAX_CONTROL_SHARE;
}

function looksLikeUtf16Text(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): boolean {
  // whole code units only, so the sample never ends in half a character
  const sample = new TextDecoder(encoding).decode(bytes.subarray(0, Math.min(bytes.length, SNIFF_BYTES) & ~1));
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0) return false;
    if (isControl(c)) control++;
  }
  return sample.length > 0 && control / sample.length < MAX_CONTROL_SHARE;
}

function isControl(c: number): boolean {
  return c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c;
}
