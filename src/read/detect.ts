/**
 * What kind of input a file is, decided by its content, never its name.
 */
export type InputKind = "empty" | "pdf" | "text" | "binary";

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
/** A PDF header may follow some junk; the spec allows it within the first 1024 bytes. */
const PDF_HEADER_WINDOW = 1024;
const SNIFF_BYTES = 8192;

export function detectKind(bytes: Uint8Array): InputKind {
  if (bytes.length === 0 || isWhitespaceOnly(bytes)) return "empty";
  if (findPdfHeader(bytes) >= 0) return "pdf";
  return looksLikeText(bytes) ? "text" : "binary";
}

export function findPdfHeader(bytes: Uint8Array): number {
  const limit = Math.min(bytes.length - PDF_MAGIC.length, PDF_HEADER_WINDOW);
  outer: for (let i = 0; i <= limit; i++) {
    for (let j = 0; j < PDF_MAGIC.length; j++) if (bytes[i + j] !== PDF_MAGIC[j]) continue outer;
    return i;
  }
  return -1;
}

function isWhitespaceOnly(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  }
  return bytes.length <= SNIFF_BYTES;
}

/** Text has no NUL bytes and few control characters in its first few kilobytes. */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  return control / n < 0.01;
}
