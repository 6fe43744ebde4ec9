/**
 * The normalisation steps, in the order `normalizeText` applies them. Each is
 * a pure function returning a `MappedText` whose map points back into the
 * extracted text (the first step's input, which the later steps' inputs map
 * to), so a field found in the cleaned text still points at its line in the
 * PDF.
 */
import { Rewriter, TextBuilder, type MappedText } from "./mapped-text.js";
import { HEADER_LABEL_SOURCES } from "../../grammar/tokens.js";
import { UNLABELLED_CASE_NUMBER } from "../record/case-number.js";

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

/** Characters that fold to something other than a space (ligatures, quotes, soft hyphens, zero-width...), by char code. */
const FOLDS_BY_CODE = new Map(
  Object.entries(CHARACTER_FOLDS)
    .filter(([, folded]) => folded !== " ")
    .map(([character, folded]) => [character.charCodeAt(0), folded]),
);

/** A space, tab, no-break space, figure space or narrow no-break space. */
function isSpaceLike(code: number): boolean {
  return code === 32 || code === 9 || code === 0xa0 || code === 0x2007 || code === 0x202f;
}

function isLineEdge(code: number): boolean {
  return code === 10 || code === 13 || code === 12;
}

/**
 * Where `cleanCharacters` may have something to do: a carriage return, a
 * character that folds, a space-like character other than a plain space, two
 * spaces, or a space at a line's edge. Every such place starts with a
 * character the regex engine can check at once, so ordinary text is skipped
 * fast; the loop below decides what each place becomes. Every match is that
 * one character (what follows it is looked ahead at), so the loop takes the
 * place from `lastIndex` and `test` need not build a match. The characters
 * are `CHARACTER_FOLDS`'s own.
 */
const CHARACTER_NOISE = new RegExp(`[\\r${classRanges(Object.keys(CHARACTER_FOLDS))}]| (?= )|[\\n\\f](?= )|^ | (?=[\\r\\n\\f]|$)`, "g");

/** Characters as the inside of a regex class, runs of consecutive ones as ranges ("\u2018-\u201e"), which the engine tests faster than a list. */
function classRanges(characters: string[]): string {
  const codes = [...new Set(characters.map((c) => c.charCodeAt(0)))].sort((a, b) => a - b);
  const hex = (code: number) => `\\u${code.toString(16).padStart(4, "0")}`;
  let out = "";
  for (let i = 0; i < codes.length; ) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === codes[j]! + 1) j++;
    out += j > i ? `${hex(codes[i]!)}-${hex(codes[j]!)}` : hex(codes[i]!);
    i = j + 1;
  }
  return out;
}

/**
 * One pass over the characters: CRLF and lone CR become LF; ligatures, curly
 * quotes, soft hyphens and zero-width characters fold to plain ones; runs of
 * spaces and tabs become one space, and none is left at a line's ends.
 */
export function cleanCharacters(input: string, origin: Int32Array | null = null): MappedText | null {
  const rewriter = new Rewriter(input, origin);
  const length = input.length;
  let done = 0;
  CHARACTER_NOISE.lastIndex = 0;
  while (CHARACTER_NOISE.test(input)) {
    let at = CHARACTER_NOISE.lastIndex - 1;
    let code = input.charCodeAt(at);
    if (code === 13) {
      done = input.charCodeAt(at + 1) === 10 ? at + 2 : at + 1;
      rewriter.replace(at, done, "\n");
      // spaces that open the next line are handled here, as the regex resumes after them
      at = done;
      code = input.charCodeAt(at);
    } else if (code === 10 || code === 12) {
      // a line edge followed by spaces
      code = input.charCodeAt(++at);
    } else if (!isSpaceLike(code)) {
      done = at + 1;
      rewriter.replace(at, done, FOLDS_BY_CODE.get(code)!);
    }
    if (isSpaceLike(code)) {
      // the whole run of space-like characters, which may have begun with plain spaces before this place
      while (at > done && isSpaceLike(input.charCodeAt(at - 1))) at--;
      done = at + 1;
      while (done < length && isSpaceLike(input.charCodeAt(done))) done++;
      const atLineEdge = at === 0 || done === length || isLineEdge(input.charCodeAt(at - 1)) || isLineEdge(input.charCodeAt(done));
      // one plain space between two words stays as it is
      if (atLineEdge) rewriter.replace(at, done, "");
      else if (input.charCodeAt(at) !== 32 || done > at + 1) rewriter.replace(at, done, " ");
    }
    CHARACTER_NOISE.lastIndex = done;
  }
  return rewriter.finish();
}

export interface Furniture {
  /** offset range in the input of the step that removed it */
  start: number;
  end: number;
  text: string;
}

/** "Page 2 of 4", "page 2/4", or the "-- 2 of 4 --" that pdf-parse puts between pages of its whole text. */
const PAGE_NUMBER = /\bpage\s*\d+\s*(?:of|\/)\s*\d+\b|^-+ *\d+ of \d+ *-+$/i;
const CASE_NUMBER_ANYWHERE = new RegExp(`\\b${UNLABELLED_CASE_NUMBER}\\b`, "gi");
/** A line that opens with a labelled case number: at the edge of a later page, a running header whatever follows ("Dated: 11/22/2013"). */
const LABELLED_CASE_NUMBER_FIRST = new RegExp(`^(?:(?:IMR|MAXIMUS)\\s+)?Case\\s*(?:Number|No\\.?|#)\\s*:?\\s*${UNLABELLED_CASE_NUMBER}\\b`, "i");
const CASE_NUMBER_ONLY = new RegExp(`^(?:(?:IMR|MAXIMUS)\\s+)?(?:Case\\s*(?:Number|No\\.?|#)\\s*:?\\s*)?${UNLABELLED_CASE_NUMBER}$`, "i");
const A_DATE = /\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b/;
/** How many lines from the text's start the header table's rows may stand (a cover letter or letterhead before it included). */
const HEADER_ROWS_REACH = 80;
/** A label of the header table other than the case number's: its row is the table's, not a running header. */
const HEADER_ROW = /\b(?:Date\s+Assigned|Date\s+of\s+Injury|Decision\s+Date|UR\s+Denial\s+Date|Application\s+Received)\s*:/i;
/** "Page 2 of 3" inside a line. */
const PAGE_N_OF_M = /\bpage\s+\d{1,3}\s+of\s+\d{1,3}\b/i;
/** The IMR organisation's name alone, as a running header prints it. */
const PUBLISHER = /^MAXIMUS Federal Services(?:,? Inc\.?)?$/i;
/** How many lines at the top and bottom of a page can be running headers or footers. */
const EDGE_LINES = 3;

interface Line {
  start: number;
  end: number;
  /** The line's text without white space at its ends (what every test of a line looks at). */
  trimmed: string;
  page: number;
  /** The line's shape (`furnitureKey`) when it is one of the first or last lines of its page. */
  edgeKey: string | undefined;
}

/** How often each line follows a page number ("Page 2 of 3"), the first line with anything in it after one; and how many page numbers there are. */
function linesAfterPageNumbers(lines: Line[]): { counts: Map<string, number>; pageNumbers: number } {
  const counts = new Map<string, number>();
  let pageNumbers = 0;
  let afterPageNumber = false;
  for (const line of lines) {
    if (line.trimmed === "") continue;
    if (afterPageNumber) counts.set(line.trimmed, (counts.get(line.trimmed) ?? 0) + 1);
    afterPageNumber = isPageNumber(line.trimmed);
    if (afterPageNumber) pageNumbers++;
  }
  return { counts, pageNumbers };
}

/** A line with nothing in it, or only stray punctuation (the lone "." of PDF text), or a rule ("=====", "-----+-----"). */
const BLANK_LINE = /^[\s.,;:·•_=\-+|*~]*$/;

/** On how many pages a line shape stood at one edge: pages come in order, so the last one counted is enough to count each once. */
interface EdgeCount {
  pages: number;
  lastPage: number;
}

/**
 * Removes page furniture: form feeds, "Page 2 of 4" lines, running headers
 * and footers (lines repeated at the same edge of most pages, or holding
 * nothing but a case number already printed) and blank lines, with them the
 * blank-line-after-every-line pattern. The furniture is kept aside, since a
 * case number printed only there still counts.
 */
export function removePageFurniture(input: MappedText): { mapped: MappedText; furniture: Furniture[] } {
  const lines = splitLines(input.text);
  // the lines with something in them, page by page (a page with none does not count as a page)
  const pages: Line[][] = [];
  for (const line of lines) {
    if (line.trimmed === "") continue;
    const last = pages[pages.length - 1];
    if (last !== undefined && last[0]!.page === line.page) last.push(line);
    else pages.push([line]);
  }
  // where each line shape stands at the top or the bottom of a page
  const topPages = new Map<string, EdgeCount>();
  const bottomPages = new Map<string, EdgeCount>();
  const note = (map: Map<string, EdgeCount>, line: Line) => {
    const key = (line.edgeKey ??= furnitureKey(line.trimmed));
    const seen = map.get(key);
    if (seen === undefined) map.set(key, { pages: 1, lastPage: line.page });
    else if (seen.lastPage !== line.page) {
      seen.pages++;
      seen.lastPage = line.page;
    }
  };
  for (const pageLines of pages) {
    if (pageLines[0]!.page > 1) for (let i = 0; i < Math.min(EDGE_LINES, pageLines.length); i++) note(topPages, pageLines[i]!);
    if (pages.length > 1) for (let i = Math.max(0, pageLines.length - EDGE_LINES); i < pageLines.length; i++) note(bottomPages, pageLines[i]!);
  }
  /**
   * A running header or footer repeats at the same edge of most pages, three at least; one that numbers its page
   * or names the case (`strongSignal`) at the same edge of any two (a fax banner's pages are not always the text's).
   */
  const repeatsAtEdges = (key: string, strongSignal: boolean): boolean => {
    const pagesAtOneEdge = Math.max(topPages.get(key)?.pages ?? 0, bottomPages.get(key)?.pages ?? 0);
    return pagesAtOneEdge >= (strongSignal ? 2 : Math.max(3, Math.ceil((pages.length - 1) / 2)));
  };
  /** The lines after page numbers, counted once a page number is met. */
  let afterPageNumbers: { counts: Map<string, number>; pageNumbers: number } | undefined;
  const repeatsAfterPageNumbers = (text: string): boolean => {
    afterPageNumbers ??= linesAfterPageNumbers(lines);
    return (afterPageNumbers.counts.get(text) ?? 0) >= Math.max(2, Math.ceil(afterPageNumbers.pageNumbers / 2));
  };
  const seenCaseNumbers = new Set<string>();
  /** The header table's rows as first printed. */
  const headerRowsSeen = new Set<string>();
  /** Whether the last line with anything in it was a page number ("Page 1 of 3"): a case number alone after it is a running header even if never printed before. */
  let afterPageNumber = false;
  /** How many lines with something in them came before this one. */
  let lineIndex = -1;
  /** Whether the next line with anything in it is a page number. */
  const pageNumberAfter = (index: number): boolean => {
    for (let i = index + 1; i < lines.length; i++) {
      const next = lines[i]!.trimmed;
      if (next !== "") return isPageNumber(next);
    }
    return false;
  };
  const isFurniture = (line: Line, index: number): boolean => {
    const pageNumberBefore = afterPageNumber;
    const text = line.trimmed;
    if (text === "") return false;
    afterPageNumber = false;
    lineIndex++;
    // a case number has a hyphen: most lines need no case-number search at all
    const hyphen = text.includes("-");
    const caseNumbers = hyphen ? (text.match(CASE_NUMBER_ANYWHERE) ?? []) : [];
    // printed before, in the header or in furniture already taken out ("CM15-0203317   Page 1 of 3")
    const printedBefore = caseNumbers.length > 0 && caseNumbers.every((n) => seenCaseNumbers.has(n.toUpperCase()));
    caseNumbers.forEach((n) => seenCaseNumbers.add(n.toUpperCase()));
    if (isPageNumber(text)) return (afterPageNumber = true);
    // the header table printed again on a later page: each of its rows seen before, word for word (rows are
    // collected from the first page's top; a later line needs only a look-up)
    if (line.page > 1) {
      if (headerRowsSeen.size > 0 && headerRowsSeen.has(text)) return true;
    } else if (lineIndex < HEADER_ROWS_REACH && text.length <= 120 && text.includes(":") && (LABELLED_CASE_NUMBER_FIRST.test(text) || HEADER_ROW.test(text))) {
      headerRowsSeen.add(text);
    }
    if (hyphen && CASE_NUMBER_ONLY.test(text)) {
      // at a later page's edge, or a running header without page breaks: the number was printed before, or a page number stands just before or after it
      return (line.edgeKey !== undefined && line.page > 1) || printedBefore || pageNumberBefore || pageNumberAfter(index);
    }
    // a short line at a later page's edge (or, without page breaks, just after a page number) that repeats a case
    // number printed before, with no date of its own (not a header-table row): a running header, even on a letter's
    // only second page (a header-table row, "Case Number: ... Date Assigned: ...", is none)
    const atPageEdge = (line.edgeKey !== undefined && line.page > 1) || pageNumberBefore;
    if (hyphen && atPageEdge && printedBefore && !HEADER_ROW.test(text) && (LABELLED_CASE_NUMBER_FIRST.test(text) || (text.length <= 90 && !A_DATE.test(text)))) return true;
    // just after a page number, a short title line with a case number, no sentence in it, is a running header even the
    // first time it is printed ("IMR Final Determination - Case CM15-0087391" heading page 2 only)
    if (pageNumberBefore && caseNumbers.length > 0 && text.length <= 90 && !/[.,;]/.test(text) && !A_DATE.test(text) && !HEADER_ROW.test(text)) return true;
    // without page breaks, the same short line after most page numbers (two at least) is a running header ("Medical
    // Professional Review"); not a label, which a page may happen to begin with more than once
    if (pageNumberBefore && text.length <= 90 && !text.endsWith(":") && repeatsAfterPageNumbers(text)) return true;
    const edgeKey = line.edgeKey;
    if (edgeKey === undefined || text.length > 90) return false;
    // a form's own footer or header at a page's edge, numbering its pages ("DWC Form IMR-FD (Rev. 01/2020)   Page 2 of 2")
    if (PAGE_N_OF_M.test(text)) return true;
    // a case number, a page's number ("Page 2", a fax banner's "P. 2/3"), a number alone, the publisher's name
    const strongSignal = caseNumbers.length > 0 || /\b(?:page|pg\.?|p\.)\s*\d/i.test(text) || /^\W*\d+\W*$/.test(text) || PUBLISHER.test(text);
    return repeatsAtEdges(edgeKey, strongSignal);
  };

  const builder = new TextBuilder(input.text, input.origin);
  const furniture: Furniture[] = [];
  // kept lines are copied in runs, each with its own line feed; a form feed or the text's end becomes a line feed
  let runStart = -1;
  let runEnd = -1;
  const copyRun = (): void => {
    if (runStart >= 0) builder.copy(runStart, runEnd);
    runStart = -1;
  };
  for (const [index, line] of lines.entries()) {
    if (isFurniture(line, index)) {
      furniture.push({ start: line.start, end: line.end, text: line.trimmed });
      copyRun();
      continue;
    }
    if (line.trimmed === "" || BLANK_LINE.test(line.trimmed)) {
      copyRun();
      continue;
    }
    if (runStart < 0) runStart = line.start;
    if (input.text.charCodeAt(line.end) === 10) {
      runEnd = line.end + 1;
      continue;
    }
    runEnd = line.end;
    copyRun();
    builder.insert("\n", line.end);
  }
  copyRun();
  return { mapped: builder.finish(), furniture };
}

const DIGIT = /\d/;
/** A line that is a page number ("Page 2 of 4", "CM15-0203317   Page 1 of 3"), not a sentence that mentions one. */
function isPageNumber(text: string): boolean {
  return text.length <= 90 && PAGE_NUMBER.test(text) && !/[.;]\s+\S/.test(text.replace(/\bNo\.\s/i, ""));
}

/** White space that `furnitureKey` would change: a run, or one character other than a plain space. */
const ODD_SPACE = /\s\s|[^\S ]/;

/** A line's shape: lower case, digits as "#", white space as single spaces (`text` is already trimmed). */
function furnitureKey(text: string): string {
  const lower = text.toLowerCase();
  const numbered = DIGIT.test(lower) ? lower.replace(/\d+/g, "#") : lower;
  return ODD_SPACE.test(numbered) ? numbered.replace(/\s+/g, " ") : numbered;
}

/** The lines of `input`, split at line feeds and form feeds (a form feed starts a page). */
function splitLines(input: string): Line[] {
  const lines: Line[] = [];
  let page = 1;
  let newline = input.indexOf("\n");
  let formFeed = input.indexOf("\f");
  for (let start = 0; ; ) {
    if (newline >= 0 && newline < start) newline = input.indexOf("\n", start);
    if (formFeed >= 0 && formFeed < start) formFeed = input.indexOf("\f", start);
    const end = Math.min(newline < 0 ? input.length : newline, formFeed < 0 ? input.length : formFeed);
    lines.push({ start, end, trimmed: input.slice(start, end).trim(), page, edgeKey: undefined });
    if (end === input.length) return lines;
    if (end === formFeed) page++;
    start = end + 1;
  }
}

/** Prefixes that keep their hyphen when a line breaks after them ("non-/MTUS", "post-/operative"). */
const HYPHEN_PREFIXES = new Set(
  "non post pre anti self well long short mid semi multi sub full part low high over under one two three four five six seven eight nine ten twice first second third half follow left right upper lower cross out down x"
    .split(" "),
);
/** Endings that are no word of their own. */
const WORD_ENDING = /^(?:er|ers|est|ing|ings|ed|ly|ness|ment|ments|tion|tions|per|es|s)$/;
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
export function joinHyphenatedBreaks(mapped: MappedText): MappedText | null {
  const input = mapped.text;
  if (!input.includes("-\n")) return null;
  let lower: string | undefined;
  const rewriter = new Rewriter(input, mapped.origin);
  for (let at = input.indexOf("-\n"); at >= 0; at = input.indexOf("-\n", at + 2)) {
    // "10-\n14-2016", "L4-\n5", "pages 63-\n66", "L4-\nS1": a date, range or span of levels broken after its hyphen keeps it
    if (isDigit(input.charCodeAt(at - 1)) && (isDigit(input.charCodeAt(at + 2)) || (isAsciiLetter(input.charCodeAt(at + 2)) && isDigit(input.charCodeAt(at + 3))))) {
      rewriter.replace(at + 1, at + 2, "");
      continue;
    }
    const headStart = wordStart(input, at);
    const tailEnd = wordEnd(input, at + 2);
    if (headStart === at || tailEnd === at + 2) continue;
    lower ??= input.toLowerCase();
    const keep = keepsHyphen(input.slice(headStart, at), input.slice(at + 2, tailEnd), lower);
    // "medi-\ncally" → "medically"; "Non-\nMTUS" → "Non-MTUS": the line break goes either way
    rewriter.replace(keep ? at + 1 : at, at + 2, "");
  }
  return rewriter.finish();
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function wordStart(text: string, end: number): number {
  let start = end;
  while (start > 0 && isAsciiLetter(text.charCodeAt(start - 1))) start--;
  return start;
}

function wordEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isAsciiLetter(text.charCodeAt(end))) end++;
  return end;
}

function keepsHyphen(head: string, tail: string, lower: string): boolean {
  const headLower = head.toLowerCase();
  const tailLower = tail.toLowerCase();
  if (appearsHyphenated(lower, headLower, tailLower)) return true;
  if (appearsAsWord(lower, headLower + tailLower)) return false;
  if (/^[A-Z0-9]/.test(tail)) return true;
  if (head.length === 1) return true;
  // "low-/er", "up-/per": a prefix-like first half before a bare ending is one word broken
  if (HYPHEN_PREFIXES.has(headLower)) return !WORD_ENDING.test(tailLower);
  if (HYPHEN_SUFFIXES.has(tailLower)) return true;
  return false;
}

/**
 * Whether "head-tail" stands as a whole word somewhere in `lower`. The search
 * runs from the hyphen, a rare character, which the string search skips to
 * far faster than to a word's common first letter.
 */
function appearsHyphenated(lower: string, head: string, tail: string): boolean {
  const hyphenTail = `-${tail}`;
  for (let at = lower.indexOf(hyphenTail, head.length); at >= 0; at = lower.indexOf(hyphenTail, at + 1)) {
    const start = at - head.length;
    if (lower.startsWith(head, start) && standsAlone(lower, start, at + hyphenTail.length)) return true;
  }
  return false;
}

/** Whether `word` stands as a whole word somewhere in `lower`. */
function appearsAsWord(lower: string, word: string): boolean {
  for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
    if (standsAlone(lower, at, at + word.length)) return true;
  }
  return false;
}

/** `lower[start, end)` is not part of a longer word, nor itself cut by a line-end hyphen. */
function standsAlone(lower: string, start: number, end: number): boolean {
  const isLetter = (c: string | undefined) => c !== undefined && c >= "a" && c <= "z";
  const before = lower[start - 1];
  const after = lower[end];
  return !(isLetter(before) || isLetter(after) || before === "-" || after === "-");
}

// ---- header labels printed without their colons ------------------------------------------------

/** A header label without its colon, on one line: "Date of Injury", "IMR Application Received". */
const BARE_LABEL = `(?:${Object.values(HEADER_LABEL_SOURCES)
  .map((source) => source.slice(0, -1).replaceAll("[ \\n]", "[ \\t]"))
  .join("|")})`;
/** "Date of Injury.............. 03/14/2012": a dot leader instead of the colon. */
const DOT_LEADER = new RegExp(`^([ \\t]*${BARE_LABEL})[ \\t]*\\.{3,}(?:[ \\t]*:)?`, "gim");
/** "Service .......... Functional restoration program", "IMR Result ..... OVERTURNED": any short label before a dot leader of four dots or more (three may be an ellipsis). */
const ANY_DOT_LEADER = /^([ \t]*[A-Z][\w()'&/-]*(?:[ \t]+[\w()'&/-]+){0,4}?)[ \t]*\.{4,}(?:[ \t]*:)?(?=[ \t]*\S)/gm;
/** "Case Number   Date Assigned   Date of Injury": a row of labels over a row of their values. */
const LABEL_ROW = new RegExp(`^[ \\t]*${BARE_LABEL}(?:[ \\t]+${BARE_LABEL})+[ \\t]*$`, "gim");
const EACH_LABEL = new RegExp(BARE_LABEL, "gi");
/** What a row of values holds: a date or a case number. */
const HEADER_VALUE = new RegExp(`\\b\\d{1,2}[/-]\\d{1,2}[/-]\\d{2,4}\\b|${UNLABELLED_CASE_NUMBER}`, "i");
/**
 * "Date Assigned - 11/09/2016", "Priority – Standard", "Decision Date : 12/09/2016": a dash between a label and its
 * value instead of the colon, or a space before the colon. Separators are found first (a header holds few), then
 * the label before each, looked for in no more than a label's length.
 */
const SPACED_SEPARATOR = new RegExp(
  `[ \\t]+[-\u2013\u2014:](?=[ \\t]+(?:\\d{1,2}[/-]\\d{1,2}[/-]\\d{2,4}\\b|\\d{4}-\\d{2}-\\d{2}\\b|[A-Z][a-z]{2,8}\\.? \\d{1,2},? \\d{4}\\b|${UNLABELLED_CASE_NUMBER}\\b|(?:Standard|Expedited|Urgent|Regular)\\b))`,
  "gi",
);
const SPACED_SEPARATOR_ANYWHERE = /[ \t][-\u2013\u2014:][ \t]/;
const LABEL_BEFORE_SEPARATOR = new RegExp(`(?<!\\S)${BARE_LABEL}$`, "i");
/** Longer than any bare label (none repeats, so none matches more characters than its source has): the label's start and the character before it. */
const BARE_LABEL_REACH = Math.max(...Object.values(HEADER_LABEL_SOURCES).map((source) => source.length)) + 1;
/** "A5. Date assigned: 04/24/2020", "D1. Item: X": a form's code for a field before its label, dropped so the label opens its line. */
const FIELD_CODE = /^([ \t]*)[A-Z]\d{1,2}\.[ \t]+(?=[A-Z][\w()'/ -]{0,60}?:)/gm;
/** How far into a letter its header table may stand: past its first page or two, text is no header. */
const HEADER_REACH = 5000;
/** Labels every header table has one of, as a table prints them: found with `indexOf`, the cheapest search there is. */
const BARE_LABEL_ANCHORS = ["Date of Injury", "Case Number", "DATE OF INJURY", "CASE NUMBER"];

/** Whether `label` stands somewhere in `text` without a colon after it. */
function bareAt(text: string, label: string): boolean {
  for (let at = text.indexOf(label); at >= 0; at = text.indexOf(label, at + 1)) {
    let next = at + label.length;
    while (text[next] === " " || text[next] === "\t") next++;
    if (text[next] !== ":") return true;
  }
  return false;
}

/**
 * Gives header labels printed without their colons ("Date of Injury........
 * 03/14/2012", "Date of Injury - 03/14/2012", or a row of labels over a row
 * of values, as a table comes out of some PDFs) the colon the lexer knows
 * them by, and drops a form's codes before its labels ("A5. Date assigned:").
 */
export function colonBareHeaderLabels(mapped: MappedText): MappedText | null {
  const input = mapped.text;
  // a header table stands on the first pages; a row of labels holds no colon
  const head = input.length > HEADER_REACH ? input.slice(0, HEADER_REACH) : input;
  // (a quick look first: most headers print no spaced dash or colon at all)
  const separators = !SPACED_SEPARATOR_ANYWHERE.test(head) ? [] : [...head.matchAll(SPACED_SEPARATOR)].filter((separator) => LABEL_BEFORE_SEPARATOR.test(head.slice(Math.max(0, separator.index! - BARE_LABEL_REACH), separator.index)));
  const longLeaders = input.includes("....");
  const fieldCodes = /\n[ \t]*[A-Z]\d{1,2}\. /.test(input);
  if (separators.length === 0 && !longLeaders && !fieldCodes && !head.includes("...") && !BARE_LABEL_ANCHORS.some((label) => bareAt(head, label))) return null;
  const edits: Edit[] = [];
  for (const separator of separators) edits.push({ start: separator.index!, end: separator.index! + separator[0].length, text: ":" });
  const leaders = new Set<number>();
  for (const match of input.matchAll(DOT_LEADER)) {
    const labelEnd = match.index! + match[1]!.length;
    leaders.add(match.index!);
    edits.push({ start: labelEnd, end: match.index! + match[0].length, text: ":" });
  }
  if (fieldCodes) {
    for (const match of input.matchAll(FIELD_CODE)) edits.push({ start: match.index! + match[1]!.length, end: match.index! + match[0].length, text: "" });
  }
  if (longLeaders) {
    for (const match of input.matchAll(ANY_DOT_LEADER)) {
      if (!leaders.has(match.index!)) edits.push({ start: match.index! + match[1]!.length, end: match.index! + match[0].length, text: ":" });
    }
  }
  for (const row of input.matchAll(LABEL_ROW)) {
    const rowEnd = row.index! + row[0].length;
    const nextLineEnd = input.indexOf("\n", rowEnd + 1);
    if (!HEADER_VALUE.test(input.slice(rowEnd, nextLineEnd < 0 ? input.length : nextLineEnd))) continue;
    for (const label of row[0].matchAll(EACH_LABEL)) {
      const at = row.index! + label.index! + label[0].length;
      edits.push({ start: at, end: at, text: ":" });
    }
  }
  return applyEdits(mapped, edits);
}

/** A rewrite of `text[start, end)` as `text`. */
interface Edit {
  start: number;
  end: number;
  text: string;
}

/** `mapped` with `edits` made (in the order they stand, apart from one another), or null when there are none. */
function applyEdits(mapped: MappedText, edits: Edit[]): MappedText | null {
  if (edits.length === 0) return null;
  edits.sort((a, b) => a.start - b.start);
  const rewriter = new Rewriter(mapped.text, mapped.origin);
  for (const edit of edits) rewriter.replace(edit.start, edit.end, edit.text);
  return rewriter.finish();
}

// ---- a determination quoted in an e-mail -------------------------------------------------------------------

/** A line quoted in a reply: "> CASE NUMBER: ...", ">" alone, "> > ..." quoted twice. */
const QUOTED_LINE = /^(?:>[ \t]?)+/gm;
/** How many quoted lines make a quoted letter rather than a quoted remark. */
const QUOTED_LETTER_LINES = 10;

/**
 * A determination pasted into an e-mail and quoted in a reply: the quote marks that open its lines ("> ") are
 * dropped, so its labels and headings open their lines again. A few quoted lines are left as they are.
 */
export function unquoteLines(mapped: MappedText): MappedText | null {
  const input = mapped.text;
  if (!input.startsWith(">") && !input.includes("\n>")) return null;
  const quotes = [...input.matchAll(QUOTED_LINE)];
  if (quotes.length < QUOTED_LETTER_LINES) return null;
  const rewriter = new Rewriter(input, mapped.origin);
  for (const quote of quotes) rewriter.replace(quote.index!, quote.index! + quote[0].length, "");
  return rewriter.finish();
}

// ---- a table of fields and values ----------------------------------------------------------------------

/** "Date of Injury | 10/03/2014": a field and its value in a two-column table (after spaces are collapsed). */
const FIELD_ROW = /^([A-Z][\w()'/&,.#-]*(?: [\w()'/&,.#-]+){0,7}) \| (?=\S)(?!.* \| )/gm;
/** "| claims administrator": a value wrapped onto the table's next row, its field cell empty. */
const VALUE_ROW = /^\| (?=\S)(?!.* \| )/gm;
/** What a table's heading row names its second column, or an outcome in it: not a field's value. */
const COLUMN_NAMES = /^(?:values?|decisions?|determinations?|outcomes?|results?|descriptions?|details?|status|response)$|^(?:upheld|overturned)\b/i;
/** How many rows make a table of fields rather than a line that happens to hold a rule. */
const FIELD_TABLE_ROWS = 3;

/**
 * A two-column table of fields and values, as a case system exports one ("Field | Value", "Case Number |
 * CM17-0198342", a value wrapped onto rows of its own): each field gets the colon it has in a letter ("Case Number:
 * CM17-0198342"), and a wrapped value's rows lose their empty field cell.
 */
export function fieldTables(mapped: MappedText): MappedText | null {
  const input = mapped.text;
  if (!input.includes(" | ")) return null;
  const fields = [...input.matchAll(FIELD_ROW)];
  if (fields.length < FIELD_TABLE_ROWS) return null;
  const edits: Edit[] = [];
  for (const row of fields) {
    // a table's own heading row ("Field | Value", "Item | Decision") names columns, not a field; and a table of items
    // and outcomes ("Tramadol ER 150mg #30 | Upheld") is read as one
    const lineEnd = input.indexOf("\n", row.index!);
    if (COLUMN_NAMES.test(input.slice(row.index! + row[0].length, lineEnd < 0 ? input.length : lineEnd))) continue;
    const bar = row.index! + row[1]!.length;
    edits.push({ start: bar, end: bar + 3, text: ": " });
  }
  for (const row of input.matchAll(VALUE_ROW)) edits.push({ start: row.index!, end: row.index! + 2, text: "" });
  return applyEdits(mapped, edits);
}

// ---- outcomes as tables and forms print them ---------------------------------------------------------

/** An outcome word as tables and forms print it: capitalised, or in capitals. */
const OUTCOME_WORD = "(?:UPHELD|OVERTURNED|Upheld|Overturned)";

/** "1. Zolpidem 10mg #30          Upheld": an item and its outcome (maybe glossed, "(not medically necessary)") in two columns, apart by a run of spaces. */
const TABLE_OUTCOME = new RegExp(`(?<=\\S)[ \\t]{3,}(?=${OUTCOME_WORD}(?:[ \\t]*\\((?:not )?medically necessary\\))?[ \\t]*(?:\\r?\\n|$))`, "g");

/** "Upheld: Acupuncture x 6": the outcome before its item, and the item after it. */
const OUTCOME_FIRST = new RegExp(`^${OUTCOME_WORD}[ \\t]*:[ \\t]+(?=\\S)[^\\r\\n]*?(?=[ \\t]*(?:\\r?\\n|$))`, "gm");

/** A form's boxes: "[X] Upheld   [ ] Overturned" (either order, "☒"/"☐" too); the group holds the ticked word. */
const TICKED = "(?:\\[[ \\t]*[xX\u2713\u2714][ \\t]*\\]|[\u2612\u2611])";
const UNTICKED = "(?:\\[[ \\t]*\\]|\u2610)";
/** What a form may print after a box's word: "[X] Overturned (Disagree)". */
const BOX_NOTE = "(?:[ \\t]*\\([^()\\n]{1,40}\\))?";
/** The boxes side by side or one under the other. */
const BETWEEN_BOXES = "[ \\t]*\\n?[ \\t]*";
const TICKED_OUTCOME = new RegExp(
  `${TICKED}[ \\t]*(${OUTCOME_WORD})${BOX_NOTE}${BETWEEN_BOXES}${UNTICKED}[ \\t]*${OUTCOME_WORD}${BOX_NOTE}|${UNTICKED}[ \\t]*${OUTCOME_WORD}${BOX_NOTE}${BETWEEN_BOXES}${TICKED}[ \\t]*(${OUTCOME_WORD})${BOX_NOTE}`,
  "g",
);

/** A pipe table's row, with its outer pipes or without: "| 1 | Chiropractic treatment | Non-certified | Overturned |", "X | Non-certified | Upheld". */
const PIPE_ROW = /^[^\n|]*\|[^\n|]*\|[^\n]*$/gm;
/** A column that names the items ("Requested treatment", "Disputed item", "Service"). */
const ITEM_COLUMN = /^(?:(?:requested|disputed) )?(?:treatments?|services?|items?|requests?)(?: (?:requested|in dispute|under review))?$/i;
/** A column that gives the outcomes ("IMR Decision", "Determination", "Outcome"). */
const OUTCOME_COLUMN = /^(?:IMR |final )?(?:decisions?|determinations?|outcomes?|results?)$/i;
const OUTCOME_CELL = new RegExp(`^${OUTCOME_WORD}$`);

/**
 * A pipe table with a column of items and one of outcomes, as a table with more columns prints them ("| No. |
 * Requested treatment | UR action | UR date | IMR Decision |"): each row becomes the item and its outcome ("X:
 * Overturned"), the rest of the row dropped, the characters kept where they were printed; the heading row goes.
 */
function pipeTableOutcomes(raw: string): Edit[] {
  const edits: Edit[] = [];
  let columns: { item: number; outcome: number } | null = null;
  let lastRowEnd = -1;
  for (const row of raw.matchAll(PIPE_ROW)) {
    const start = row.index!;
    // the cells, each with where its text stands
    const cells: Array<{ text: string; start: number; end: number }> = [];
    const line = row[0].replace(/\r$/, "");
    const bars = [...line.matchAll(/\|/g)].map((bar) => start + bar.index!);
    // without outer pipes, the row's ends bound its first and last cells
    if (!line.trimStart().startsWith("|")) bars.unshift(start - 1);
    if (!line.trimEnd().endsWith("|")) bars.push(start + line.length);
    for (let i = 0; i + 1 < bars.length; i++) {
      const inner = raw.slice(bars[i]! + 1, bars[i + 1]);
      const lead = inner.length - inner.trimStart().length;
      const text = inner.trim();
      cells.push({ text, start: bars[i]! + 1 + lead, end: bars[i]! + 1 + lead + text.length });
    }
    // rows follow one another, or a rule line under the heading ("--------+-------")
    const follows = start === lastRowEnd + 1 || (start > lastRowEnd && /^[-+=:| \t]*\r?\n$/.test(raw.slice(lastRowEnd + 1, start)));
    if (columns === null || !follows) {
      // a heading row starts a table: it names both columns
      const item = cells.findIndex((cell) => ITEM_COLUMN.test(cell.text));
      const outcome = cells.findIndex((cell) => OUTCOME_COLUMN.test(cell.text));
      columns = item >= 0 && outcome > item ? { item, outcome } : null;
      // (the heading row itself is no item's text)
      if (columns) edits.push({ start, end: start + line.trimEnd().length, text: "" });
    } else {
      const item = cells[columns.item];
      const outcome = cells[columns.outcome];
      if (item && outcome && item.text && OUTCOME_CELL.test(outcome.text)) {
        const end = start + line.trimEnd().length;
        edits.push({ start, end: item.start, text: "" });
        edits.push({ start: item.end, end: outcome.start, text: ": " });
        edits.push({ start: outcome.end, end, text: "" });
      }
    }
    lastRowEnd = start + row[0].length;
  }
  return edits;
}

/**
 * Outcomes as tables and forms print them, made the way running text gives them: an outcome in a table's column
 * ("ISSUE AT DISPUTE ... DETERMINATION", then one row an item) gets the colon an item's outcome has, before the run
 * of spaces that sets the columns apart is lost with the other spaces; an outcome printed before its item ("Upheld:
 * X") moves after it ("X: Upheld"); and of a form's two boxes ("[X] Upheld [ ] Overturned") only the ticked word is
 * kept.
 */
export function printedOutcomes(raw: string): MappedText | null {
  const tabled = TABLE_GAP_BEFORE_OUTCOME.some((gap) => raw.includes(gap));
  const first = OUTCOME_FIRST_LINE.test(raw);
  const boxes = raw.includes("]") || /[\u2610-\u2612]/.test(raw);
  const piped = raw.includes("|");
  if (!tabled && !first && !boxes && !piped) return null;
  /** Rewrites, in order; `from`: where moved text came from. */
  const edits: Array<Edit & { from?: number }> = [];
  if (piped) edits.push(...pipeTableOutcomes(raw));
  if (tabled) {
    for (const gap of raw.matchAll(TABLE_OUTCOME)) {
      // a row's number in a column of its own ("  1    Norco 10/325mg #90     Upheld") is the item's number
      const lineStart = raw.lastIndexOf("\n", gap.index!) + 1;
      const rowNumber = ROW_NUMBER.exec(raw.slice(lineStart, gap.index!));
      if (rowNumber) edits.push({ start: lineStart + rowNumber[1]!.length, end: lineStart + rowNumber[0].length, text: ". " });
      edits.push({ start: gap.index!, end: gap.index! + gap[0].length, text: ": " });
    }
  }
  if (first) {
    for (const line of raw.matchAll(OUTCOME_FIRST)) {
      const colon = line[0].indexOf(":");
      const itemAt = colon + 1 + /^[ \t]*/.exec(line[0].slice(colon + 1))![0].length;
      const end = line.index! + line[0].length;
      const word = line[0].slice(0, colon).trim();
      edits.push({ start: line.index!, end: line.index! + itemAt, text: "" });
      edits.push({ start: end, end, text: `: ${word}`, from: line.index! });
    }
  }
  if (boxes) {
    for (const box of raw.matchAll(TICKED_OUTCOME)) {
      // the ticked word comes first or last of the two
      const word = box[1] ?? box[2]!;
      const wordAt = box.index! + (box[1] ? box[0].indexOf(word) : box[0].lastIndexOf(word));
      edits.push({ start: box.index!, end: wordAt, text: "" });
      edits.push({ start: wordAt + word.length, end: box.index! + box[0].length, text: "" });
    }
  }
  if (edits.length === 0) return null;
  edits.sort((a, b) => a.start - b.start);
  const rewriter = new Rewriter(raw);
  for (const edit of edits) {
    // the moved word maps back to where it was printed, so provenance shows it there
    if (edit.from === undefined) rewriter.replace(edit.start, edit.end, edit.text);
    else {
      // ": " before it maps to the word's first letter, the word letter by letter
      const word = edit.text.slice(2);
      rewriter.move(edit.start, ": ", edit.from, edit.from + 1);
      rewriter.move(edit.start, word, edit.from, edit.from + word.length);
    }
  }
  return rewriter.finish();
}

/** Whether any line opens with an outcome and its colon: one search of the text. */
const OUTCOME_FIRST_LINE = new RegExp(`^${OUTCOME_WORD}[ \\t]*:`, "m");

/** A table row's number, apart from the item by a run of spaces. */
const ROW_NUMBER = /^([ \t]*\d{1,2})[ \t]{2,}(?=\S)/;

const TABLE_GAP_BEFORE_OUTCOME = ["   Upheld", "   Overturned", "   UPHELD", "   OVERTURNED", "\tUpheld", "\tOverturned", "\tUPHELD", "\tOVERTURNED"];
