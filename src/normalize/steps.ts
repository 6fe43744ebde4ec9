/**
 * The normalisation steps, in the order `normalizeText` applies them. Each is
 * a pure function from a text to a `MappedText` whose map points back into
 * its input, so a field found in the cleaned text still points at its line
 * in the PDF.
 */
import { TextBuilder, replaceMatches, type MappedText } from "./mapped-text.js";

/** CRLF and lone CR become LF. */
export function unifyLineEndings(input: string): MappedText {
  return replaceMatches(input, /\r\n?/g, () => "\n");
}

/** Characters PDF text uses for plain ones (also used by `imr check` to match loosely). */
export const CHARACTER_FOLDS: Readonly<Record<string, string>> = {
  "\uFB00": "ff",
  "\uFB01": "fi",
  "\uFB02": "fl",
  "\uFB03": "ffi",
  "\uFB04": "ffl",
  "\uFB05": "st",
  "\uFB06": "st",
  "\u2018": "'",
  "\u2019": "'",
  "\u201A": "'",
  "\u201B": "'",
  "\u2032": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u201E": '"',
  "\u2033": '"',
  "\u00A0": " ",
  "\u2007": " ",
  "\u202F": " ",
  "\t": " ",
  "\u00AD": "",
  "\u200B": "",
  "\u200C": "",
  "\u200D": "",
  "\uFEFF": "",
  "\u2010": "-",
  "\u2011": "-",
};

/** Ligatures, curly quotes, odd spaces, soft hyphens and zero-width characters. */
export function foldCharacters(input: string): MappedText {
  return replaceMatches(input, /[\uFB00-\uFB06\u2018-\u201B\u201C-\u201E\u2032\u2033\u00A0\u2007\u202F\t\u00AD\u200B-\u200D\uFEFF\u2010\u2011]/g, (m) => CHARACTER_FOLDS[m[0]] ?? m[0]);
}

/** Runs of spaces become one; lines lose leading and trailing spaces. */
export function tidySpaces(input: string): MappedText {
  const isEdge = (c: string | undefined) => c === undefined || c === "\n" || c === "\f";
  return replaceMatches(input, / +/g, (m) =>
    isEdge(input[m.index - 1]) || isEdge(input[m.index + m[0].length]) ? "" : " ",
  );
}

export interface Furniture {
  /** offset range in the input of the step that removed it */
  start: number;
  end: number;
  text: string;
}

const PAGE_NUMBER = /\bpage\s*\d+\s*(?:of|\/)\s*\d+\b/i;
const CASE_NUMBER_ANYWHERE = /\b[A-Z]{2}\d{2}-\d{5,8}\b/gi;
const CASE_NUMBER_ONLY = /^(?:(?:IMR|MAXIMUS)\s+)?(?:Case\s*(?:Number|No\.?|#)\s*:?\s*)?[A-Z]{2}\d{2}-\d{5,8}$/i;
/** How many lines at the top and bottom of a page can be running headers or footers. */
const EDGE_LINES = 3;

interface Line {
  start: number;
  end: number;
  text: string;
  page: number;
}

/**
 * Removes page furniture: form feeds, "Page 2 of 4" lines, and running headers
 * and footers (lines at a page's edge that repeat at the edges of other pages,
 * or that hold nothing but a case number). The removed lines are kept, since
 * a case number printed only there still counts.
 */
export function removePageFurniture(input: string): { mapped: MappedText; furniture: Furniture[] } {
  const lines = splitLines(input);
  const pages = new Map<number, Line[]>();
  for (const line of lines) {
    if (line.text.trim() === "") continue;
    const list = pages.get(line.page) ?? [];
    list.push(line);
    pages.set(line.page, list);
  }
  // where each line shape stands at the top or the bottom of a page
  const topPages = new Map<string, Set<number>>();
  const bottomPages = new Map<string, Set<number>>();
  const edges = new Set<Line>();
  const note = (map: Map<string, Set<number>>, line: Line) => {
    edges.add(line);
    const key = furnitureKey(line.text);
    const seen = map.get(key) ?? new Set<number>();
    seen.add(line.page);
    map.set(key, seen);
  };
  for (const [page, pageLines] of pages) {
    if (page > 1) pageLines.slice(0, EDGE_LINES).forEach((line) => note(topPages, line));
    if (pages.size > 1) pageLines.slice(-EDGE_LINES).forEach((line) => note(bottomPages, line));
  }
  /** A running header or footer repeats at the same edge of most pages. */
  const repeatsAtEdges = (text: string, strongSignal: boolean): boolean => {
    const key = furnitureKey(text);
    const top = topPages.get(key)?.size ?? 0;
    const bottom = bottomPages.get(key)?.size ?? 0;
    const needed = Math.max(2, Math.ceil((pages.size - 1) / 2));
    if (top < needed && bottom < needed) return false;
    return strongSignal || Math.max(top, bottom) >= 3;
  };
  const seenCaseNumbers = new Set<string>();
  const isFurniture = (line: Line): boolean => {
    const text = line.text.trim();
    if (text === "") return false;
    if (text.length <= 90 && PAGE_NUMBER.test(text) && !/[.;]\s+\S/.test(text.replace(/\bNo\.\s/i, ""))) return true;
    const caseNumbers = text.match(CASE_NUMBER_ANYWHERE) ?? [];
    if (CASE_NUMBER_ONLY.test(text)) {
      if (edges.has(line) && line.page > 1) return true;
      // a running header without page breaks: the number was printed before
      const repeated = caseNumbers.every((n) => seenCaseNumbers.has(n.toUpperCase()));
      caseNumbers.forEach((n) => seenCaseNumbers.add(n.toUpperCase()));
      return repeated;
    }
    caseNumbers.forEach((n) => seenCaseNumbers.add(n.toUpperCase()));
    const strongSignal = caseNumbers.length > 0 || /\bpage\s*\d/i.test(text) || /^\W*\d+\W*$/.test(text);
    return edges.has(line) && text.length <= 90 && repeatsAtEdges(text, strongSignal);
  };

  const builder = new TextBuilder(input);
  const furniture: Furniture[] = [];
  for (const line of lines) {
    if (isFurniture(line)) {
      furniture.push({ start: line.start, end: line.end, text: line.text.trim() });
      continue;
    }
    builder.copy(line.start, line.end);
    builder.insert("\n", line.end);
  }
  return { mapped: builder.finish(), furniture };
}

function furnitureKey(text: string): string {
  return text.trim().toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ");
}

function splitLines(input: string): Line[] {
  const lines: Line[] = [];
  let page = 1;
  let start = 0;
  for (let i = 0; i <= input.length; i++) {
    const c = i < input.length ? input[i] : "\n";
    if (c === "\n" || c === "\f") {
      lines.push({ start, end: i, text: input.slice(start, i), page });
      if (c === "\f") page++;
      start = i + 1;
    }
  }
  return lines;
}

/** Drops empty lines and lines of lone punctuation (the stray "." of PDF text). */
export function dropEmptyLines(input: string): MappedText {
  const builder = new TextBuilder(input);
  let start = 0;
  while (start < input.length) {
    let end = input.indexOf("\n", start);
    if (end === -1) end = input.length;
    const text = input.slice(start, end);
    if (!/^[\s.,;:·•_]*$/.test(text)) {
      builder.copy(start, end);
      builder.insert("\n", end);
    }
    start = end + 1;
  }
  return builder.finish();
}

/** Prefixes that keep their hyphen when a line breaks after them ("non-/MTUS", "post-/operative"). */
const HYPHEN_PREFIXES = new Set(
  "non post pre anti self well long short mid semi multi sub co ex full part low high over under one two three four five six seven eight nine ten twice first second third half follow left right upper lower cross in out up down x re"
    .split(" "),
);
/** Second halves that stand as words of their own after a real hyphen ("evidence-/based"). */
const HYPHEN_SUFFIXES = new Set(
  "based term related up like type free induced level line time wide dependent specific weight bearing month months week weeks day days year years old sided thickness care rehabilitation nursing facility site guided approved certified up ups out hour hours visit visits hand handed inflammatory operative surgical procedure procedures steroidal rays ray dose release acting".split(
    " ",
  ),
);

/**
 * Joins words split across lines ("medi-/cally" → "medically") and keeps real
 * hyphens ("Non-/MTUS", "evidence-/based"), joining their lines without a space.
 * A form seen elsewhere in the same document decides first; word shape next.
 */
export function joinHyphenatedBreaks(input: string): MappedText {
  const vocabulary = documentVocabulary(input);
  return replaceMatches(input, /([A-Za-z]+)-\n(?=([A-Za-z]+))/g, (m) => {
    const head = m[1]!;
    const tail = m[2]!;
    return keepsHyphen(head, tail, vocabulary) ? `${head}-` : head;
  });
}

function keepsHyphen(head: string, tail: string, vocabulary: Set<string>): boolean {
  const joined = `${head}${tail}`.toLowerCase();
  const hyphenated = `${head}-${tail}`.toLowerCase();
  if (vocabulary.has(hyphenated)) return true;
  if (vocabulary.has(joined)) return false;
  if (/^[A-Z0-9]/.test(tail)) return true;
  if (head.length === 1) return true;
  if (HYPHEN_PREFIXES.has(head.toLowerCase())) return true;
  if (HYPHEN_SUFFIXES.has(tail.toLowerCase())) return true;
  return false;
}

function documentVocabulary(input: string): Set<string> {
  const words = new Set<string>();
  for (const match of input.matchAll(/[A-Za-z]+(?:-[A-Za-z]+)*/g)) {
    const word = match[0].toLowerCase();
    const end = (match.index ?? 0) + match[0].length;
    // a word cut by a line-end hyphen is not evidence of itself
    if (input[end] === "-" && input[end + 1] === "\n") continue;
    if ((match.index ?? 0) > 0 && input[(match.index ?? 0) - 1] === "\n" && input[(match.index ?? 0) - 2] === "-") continue;
    words.add(word);
  }
  return words;
}
