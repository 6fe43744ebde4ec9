/**
 * The pure core: bytes and a path in, a record or a failure out. It touches
 * no files and no clock, and its result depends on nothing but its input, so
 * it runs the same in a worker thread, a test and a queue consumer. (PDF text
 * comes from a small pool of reader threads that `readPdf` keeps; see
 * `closePdfReaders`.)
 */
import { createHash } from "node:crypto";
import { detectKind } from "../read/detect.js";
import { DEFAULT_PDF_TIMEOUT_MS, readPdf } from "../read/pdf.js";
import { decodeText } from "../read/text.js";
import { extractRecord } from "../extract/index.js";
import { normalizeText, type NormalizedText } from "../normalize/index.js";
import type { FailureCode, Failure, Result, Source } from "../record/schema.js";

export interface ProcessOptions {
  /** Give up on one PDF after this long (default 30 s). */
  pdfTimeoutMs?: number;
  /** Refuse inputs larger than this many bytes (default 64 MiB). */
  maxBytes?: number;
  /** Where PDFs are parsed: see `ReadPdfOptions.reader`. `inline` ignores `pdfTimeoutMs`. */
  pdfReader?: "thread" | "inline";
}

export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function failure(source: Source, code: FailureCode, message: string, details?: Failure["error"]["details"]): Failure {
  return { source, error: details ? { code, message, details } : { code, message } };
}

/** Turns one input file's bytes into a validated record or a coded failure. Never throws for bad input. */
export async function processDocument(bytes: Uint8Array, path: string, options: ProcessOptions = {}): Promise<Result> {
  return (await inspectDocument(bytes, path, options)).result;
}

/** What `processDocument` saw on the way: for spot-checks (`imr check`) and debugging. */
export interface Inspection {
  result: Result;
  /** The extracted text (PDF pages joined by form feeds), when there was any. */
  raw: string | null;
  normalized: NormalizedText | null;
}

export async function inspectDocument(bytes: Uint8Array, path: string, options: ProcessOptions = {}): Promise<Inspection> {
  const source: Source = { path, sha256: sha256(bytes) };
  const bare = (result: Result): Inspection => ({ result, raw: null, normalized: null });
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    return bare(failure(source, "too-large", `The file is ${bytes.length} bytes, over the ${maxBytes}-byte limit for one determination; check that it is a single determination or raise the limit.`));
  }
  switch (detectKind(bytes)) {
    case "empty":
      return bare(failure(source, "empty", "The file is empty (or only white space); re-export or re-download it."));
    case "binary":
      return bare(failure(source, "unreadable", "The file is neither text nor a PDF (it holds binary data); check that it is a determination exported as text or PDF."));
    case "text":
      return inspectText(decodeText(bytes), source);
    case "pdf": {
      let read: Awaited<ReturnType<typeof readPdf>>;
      try {
        read = await readPdf(bytes, { timeoutMs: options.pdfTimeoutMs ?? DEFAULT_PDF_TIMEOUT_MS, reader: options.pdfReader });
      } catch (error) {
        // only a broken installation gets here: the reader thread could not start
        const reason = error instanceof Error ? error.message : String(error);
        return bare(failure(source, "unreadable-pdf", `The PDF reader could not start (${reason}); check the installation (npm ci) and try again.`));
      }
      if (!read.ok) return bare(failure(source, read.code, read.message));
      return inspectText(read.pages.join("\f"), source);
    }
  }
}

/**
 * The synchronous heart of the core: extracted text (pages separated by form
 * feeds) to a record or a failure.
 */
export function processText(raw: string, source: Source): Result {
  return inspectText(raw, source).result;
}

function inspectText(raw: string, source: Source): Inspection {
  if (raw.trim() === "") return { result: failure(source, "empty", "The document has no text; re-export or re-download it."), raw, normalized: null };
  const normalized = normalizeText(raw);
  return { result: extractRecord(normalized, source), raw, normalized };
}
