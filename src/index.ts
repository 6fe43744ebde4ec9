/**
 * imr-extract: IMR final determinations (text or PDF) to validated records.
 *
 * The pipeline, each stage usable on its own:
 * `readPdf` / `decodeText` → `normalizeText` → `parseSections` → `extractRecord`,
 * wrapped by the pure `processDocument(bytes, path)`.
 */
export { processDocument, processText, inspectDocument, sha256, type ProcessOptions, type Inspection } from "./core/process.js";
export { detectKind, type InputKind } from "./read/detect.js";
export { decodeText } from "./read/text.js";
export { readPdf, type PdfReadResult, type ReadPdfOptions } from "./read/pdf.js";
export { normalizeText, locateSpan, type NormalizedText } from "./normalize/index.js";
export { extractRecord } from "./extract/index.js";
export * from "./record/schema.js";
export { type Sink, resultKey } from "./sinks/sink.js";
