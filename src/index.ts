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
export { readPdf, closePdfReaders, DEFAULT_PDF_TIMEOUT_MS, type PdfReadResult, type ReadPdfOptions } from "./read/pdf.js";
export { renderReport, type ReportOptions } from "./check/report.js";
export { normalizeText, locateSpan, type NormalizedText } from "./normalize/index.js";
export { extractRecord } from "./extract/index.js";
export * from "./record/schema.js";
export { type Sink, resultKey } from "./sinks/sink.js";
export { checkConsistency, CONSISTENCY_CODES, type ConsistencyCode } from "./check/consistency.js";
export { evaluateFiles, type Evaluation } from "./evaluate/evaluate.js";
export { scorePredictions, scoreRecord, parsePredictionLines, type ScoreSummary, type DocumentReport, type FieldScore } from "./evaluate/score.js";
export { readGoldDir } from "./evaluate/gold.js";
export { parseSections, type DocumentTree } from "../grammar/index.js";
export { inspectFile, processFile } from "./core/read-file.js";
