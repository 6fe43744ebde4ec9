/**
 * PDF bytes to page texts through pdf-parse 2 (pdfjs-dist underneath).
 * One `PDFParse` instance per document, always destroyed.
 */
import type { FailureCode } from "../record/schema.js";

export type PdfReadResult =
  | { ok: true; pages: string[] }
  | { ok: false; code: FailureCode; message: string };

export interface ReadPdfOptions {
  /** Give up on one document after this long (default 30 s). */
  timeoutMs?: number;
}

type PdfParseModule = typeof import("pdf-parse");
let pdfParseModule: Promise<PdfParseModule> | undefined;

/**
 * pdfjs-dist 5 touches `DOMMatrix` when it loads; without the optional canvas
 * package Node has none. Text extraction never uses it, so a bare stand-in is
 * enough, installed once before the first import.
 */
function loadPdfParse(): Promise<PdfParseModule> {
  if (!pdfParseModule) {
    const g = globalThis as Record<string, unknown>;
    if (typeof g.DOMMatrix === "undefined") {
      g.DOMMatrix = class DOMMatrix {
        a = 1;
        b = 0;
        c = 0;
        d = 1;
        e = 0;
        f = 0;
      };
    }
    pdfParseModule = import("pdf-parse");
  }
  return pdfParseModule;
}

export async function readPdf(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfReadResult> {
  const { PDFParse } = await loadPdfParse();
  // pdfjs may detach the buffer it is given; hand it a copy
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const result = await Promise.race([parser.getText(), timeout]);
    if (result === "timeout") {
      return { ok: false, code: "timeout", message: `PDF text extraction took longer than ${timeoutMs} ms; the file may be pathological. Try it alone with a longer --timeout.` };
    }
    const pages = result.pages.map((page) => page.text);
    if (pages.every((text) => text.trim() === "")) {
      return { ok: false, code: "no-text-layer", message: "The PDF has no text layer (a scanned image?); run OCR on it first, then ingest the text." };
    }
    return { ok: true, pages };
  } catch (error) {
    return classifyPdfError(error);
  } finally {
    clearTimeout(timer);
    await parser.destroy().catch(() => undefined);
  }
}

function classifyPdfError(error: unknown): PdfReadResult & { ok: false } {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "PasswordException" || /password|encrypt/i.test(message)) {
    return { ok: false, code: "encrypted-pdf", message: `The PDF is encrypted (${message}); decrypt it (e.g. qpdf --decrypt) and ingest it again.` };
  }
  return { ok: false, code: "unreadable-pdf", message: `The file starts like a PDF but could not be read (${message}); it may be truncated or corrupt. Get a fresh copy.` };
}
