/**
 * `normalizeText`: the noise PDF text carries, removed step by step, with a
 * map from every offset of the clean text back to the extracted source.
 */
import { identity } from "./mapped-text.js";
import { SourceIndex, type SourcePosition } from "./locate.js";
import { cleanCharacters, colonBareHeaderLabels, fieldTables, joinHyphenatedBreaks, printedOutcomes, removePageFurniture, unquoteLines } from "./steps.js";

export interface FurnitureLine {
  text: string;
  /** offsets into the extracted source text */
  rawStart: number;
  rawEnd: number;
}

export interface NormalizedText {
  /** The clean text: one logical line per line, no blank lines, single spaces. */
  readonly text: string;
  /** `origin[i]`: offset in `source.raw` of clean character `i`. */
  readonly origin: Int32Array;
  /** Running headers, footers and page numbers taken out of the text. */
  readonly furniture: FurnitureLine[];
  readonly source: SourceIndex;
}

/**
 * Cleans extracted text (pages separated by form feeds) for the lexer.
 * Steps: outcomes in a table's column, characters (line endings, ligatures,
 * quotes, spaces), an e-mail's quote marks, page furniture and blank lines,
 * a table of fields and values, hyphenated line breaks, header labels printed
 * without their colons; each a pure function with its own offset map (or
 * `null` when it had nothing to do).
 */
export function normalizeText(raw: string): NormalizedText {
  // a step that changed nothing returns null; each map leads straight back to `raw`
  const tabled = printedOutcomes(raw);
  const cleaned = cleanCharacters(tabled?.text ?? raw, tabled?.origin ?? null) ?? tabled ?? identity(raw);
  const unquoted = unquoteLines(cleaned) ?? cleaned;
  const { mapped, furniture } = removePageFurniture(unquoted);
  const untabled = fieldTables(mapped) ?? mapped;
  const joined = joinHyphenatedBreaks(untabled) ?? untabled;
  const current = colonBareHeaderLabels(joined) ?? joined;
  return {
    text: current.text,
    origin: current.origin,
    furniture: furniture.map((f) => ({
      text: f.text,
      rawStart: unquoted.origin[f.start]!,
      rawEnd: unquoted.origin[f.end]!,
    })),
    source: new SourceIndex(raw),
  };
}

/** Where `[start, end)` of the clean text sits in the source. */
export function locateSpan(
  normalized: NormalizedText,
  start: number,
  end: number,
): SourcePosition & { endLine: number; rawStart: number; rawEnd: number } {
  const rawStart = normalized.origin[Math.min(start, normalized.text.length)]!;
  const rawEnd = end > start ? normalized.origin[Math.min(end - 1, normalized.text.length)]! + 1 : rawStart;
  const { page, line, pageLine } = normalized.source.position(rawStart);
  const endLine = normalized.source.lineAt(Math.max(rawStart, rawEnd - 1));
  // named fields, not a spread: V8 copies a spread object on its slow path, and provenance calls this for every field
  return { page, line, pageLine, endLine, rawStart, rawEnd };
}

export { SourceIndex, type SourcePosition } from "./locate.js";
