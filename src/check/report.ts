/**
 * `renderReport`: one document's record laid out for a person to check by
 * eye, each field beside the source line(s) it came from with the matched
 * text marked, grouped the way the document is (header, reviewer, case
 * summary, decisions), then the warnings. A failure shows its code, message
 * and what the parser saw. Pure: an `Inspection` in, text lines out.
 */
import type { Inspection } from "../core/process.js";
import { isFailure, type DeterminationRecord, type Failure, type Provenance } from "../record/schema.js";
import { SourceIndex } from "../normalize/locate.js";
import { CHARACTER_FOLDS } from "../normalize/steps.js";

export interface ReportOptions {
  /** ANSI colour for the highlight and headings; otherwise `[[` `]]` mark the matched text. */
  color?: boolean;
  /** A source span longer than this many lines shows only its first and last line (rationales). */
  maxSpanLines?: number;
  /** Values longer than this are cut in the middle. */
  maxValueLength?: number;
}

interface Style {
  heading(text: string): string;
  highlight(text: string): string;
  dim(text: string): string;
  warn(text: string): string;
  error(text: string): string;
}

const PLAIN: Style = {
  heading: (t) => t,
  highlight: (t) => `[[${t}]]`,
  dim: (t) => t,
  warn: (t) => t,
  error: (t) => t,
};

const ANSI: Style = {
  heading: (t) => `\x1b[1m${t}\x1b[0m`,
  highlight: (t) => `\x1b[30;43m${t}\x1b[0m`,
  dim: (t) => `\x1b[2m${t}\x1b[0m`,
  warn: (t) => `\x1b[33m${t}\x1b[0m`,
  error: (t) => `\x1b[31m${t}\x1b[0m`,
};

/** Width of the field-name column. */
const LABEL_WIDTH = 30;
const INDENT = "    ";

/**
 * Renders the report for one inspected document. Every provenance entry is
 * shown once: beside its field, or under "Other sources" when no field row
 * claims it.
 */
export function renderReport(inspection: Inspection, options: ReportOptions = {}): string[] {
  const style = options.color ? ANSI : PLAIN;
  const { result } = inspection;
  if (isFailure(result)) return renderFailure(result, inspection, style);
  return new RecordReport(result, inspection, style, options).render();
}

class RecordReport {
  private readonly lines: string[] = [];
  private readonly byField = new Map<string, Provenance[]>();
  private readonly shown = new Set<Provenance>();
  private readonly source: SourceIndex | null;

  constructor(
    private readonly record: DeterminationRecord,
    private readonly inspection: Inspection,
    private readonly style: Style,
    private readonly options: ReportOptions,
  ) {
    for (const entry of record.provenance) {
      const list = this.byField.get(entry.field) ?? [];
      list.push(entry);
      this.byField.set(entry.field, list);
    }
    this.source = inspection.normalized?.source ?? (inspection.raw !== null ? new SourceIndex(inspection.raw) : null);
  }

  render(): string[] {
    const r = this.record;
    this.lines.push(this.style.heading(`${r.source.path}`) + `  record, layout ${r.layout}, schema ${r.schemaVersion}, sha256 ${r.source.sha256.slice(0, 12)}…`);

    this.group("HEADER");
    this.field("caseNumber", r.caseNumber);
    this.field("injuryDate", r.injuryDate);
    this.field("assignedDate", r.assignedDate);
    this.field("decisionDate", r.decisionDate);
    this.field("applicationReceivedDate", r.applicationReceivedDate);

    this.group("REVIEWER");
    this.list("reviewer.licensure", r.reviewer.licensure);
    this.list("reviewer.specialties", r.reviewer.specialties);

    this.group("CASE SUMMARY");
    this.field("patient.age", r.patient.age);
    this.field("patient.sex", r.patient.sex);
    this.list("diagnoses", r.diagnoses);
    this.list("urDecisionDates", r.urDecisionDates);

    r.decisions.forEach((decision, i) => {
      const at = `decisions[${i}]`;
      this.group(`DECISION ${i + 1} of ${r.decisions.length}`);
      this.sources(at);
      this.field(`${at}.item`, decision.item, "item");
      this.field(`${at}.outcome`, decision.outcome, "outcome");
      this.field(`${at}.medicallyNecessary`, decision.medicallyNecessary, "medicallyNecessary");
      this.field(`${at}.claimsAdministratorGuideline`, decision.claimsAdministratorGuideline, "claimsAdministratorGuideline");
      this.field(`${at}.reviewerGuideline`, decision.reviewerGuideline, "reviewerGuideline");
      this.field(`${at}.rationale`, decision.rationale, "rationale");
    });

    this.group(`WARNINGS (${r.warnings.length})`);
    if (r.warnings.length === 0) this.lines.push(`  none`);
    for (const w of r.warnings) this.lines.push(`  ${this.style.warn(w.code)}${w.field ? ` ${w.field}` : ""}: ${w.message}`);

    const leftover = r.provenance.filter((entry) => !this.shown.has(entry));
    if (leftover.length) {
      this.group("OTHER SOURCES");
      for (const entry of leftover) {
        this.lines.push(`  ${entry.field}`);
        this.showEntry(entry);
      }
    }
    return this.lines;
  }

  private group(title: string): void {
    this.lines.push("", this.style.heading(title));
  }

  private field(path: string, value: unknown, label = path): void {
    const shownValue = value === null ? this.style.dim("— (not found)") : this.formatValue(value);
    this.lines.push(`  ${label.padEnd(LABEL_WIDTH)} ${shownValue}`);
    const entries = this.sources(path);
    if (entries === 0 && value !== null) this.lines.push(`${INDENT}${this.style.dim("(no source recorded)")}`);
  }

  private list(path: string, values: readonly unknown[]): void {
    if (values.length === 0) {
      this.lines.push(`  ${path.padEnd(LABEL_WIDTH)} ${this.style.dim("— (none)")}`);
      this.sources(path);
      return;
    }
    this.sources(path);
    values.forEach((value, i) => this.field(`${path}[${i}]`, value));
  }

  /** Shows the source of every provenance entry for `path`; returns how many there were. */
  private sources(path: string): number {
    const entries = this.byField.get(path) ?? [];
    for (const entry of entries) this.showEntry(entry);
    return entries.length;
  }

  private showEntry(entry: Provenance): void {
    this.shown.add(entry);
    const source = this.source;
    if (!source) {
      this.lines.push(`${INDENT}${this.style.dim(`p.${entry.page} l.${entry.pageLine}: (no source text) ${JSON.stringify(entry.text)}`)}`);
      return;
    }
    const span = findHighlight(entry, this.inspection, source);
    const maxLines = this.options.maxSpanLines ?? 3;
    const first = entry.line;
    const last = Math.max(entry.line, entry.endLine);
    const count = last - first + 1;
    const numbers = count > maxLines ? [first, last] : range(first, last);
    // a person holding the PDF counts lines from the top of the page
    const positions = numbers.map((line) => positionOfLine(source, line));
    const lineWidth = Math.max(...positions.map((p) => String(p.pageLine).length));
    const gutters = positions.map(({ page, pageLine }) => `p.${page} l.${String(pageLine).padStart(lineWidth)}`);
    numbers.forEach((line, k) => {
      if (k === 1 && count > maxLines) {
        const skipped = count - 2;
        this.lines.push(`${INDENT}${" ".repeat(gutters[0]!.length)} ┆ ${this.style.dim(`… ${skipped} more line${skipped === 1 ? "" : "s"}`)}`);
      }
      this.lines.push(`${INDENT}${this.style.dim(gutters[k]!)} │ ${renderSourceLine(source, line, span, this.style)}`);
    });
    if (!span) this.lines.push(`${INDENT}${this.style.dim(`(matched text not located in these lines: ${JSON.stringify(abbreviate(entry.text, 80))})`)}`);
  }

  private formatValue(value: unknown): string {
    const max = this.options.maxValueLength ?? 100;
    if (typeof value === "string") return JSON.stringify(abbreviate(value, max)) + (value.length > max ? this.style.dim(` (${value.length} chars)`) : "");
    return String(value);
  }
}

function renderFailure(failure: Failure, inspection: Inspection, style: Style): string[] {
  const { error, source } = failure;
  const lines = [
    style.heading(source.path) + `  FAILURE, sha256 ${source.sha256.slice(0, 12)}…`,
    "",
    `  ${style.error(error.code)}: ${error.message}`,
    "",
    style.heading("WHAT THE PARSER SAW"),
  ];
  if (error.details) {
    lines.push(`  layout guess: ${error.details.layout ?? "(none)"}`);
    const sections = error.details.sections ?? [];
    lines.push(`  sections found:${sections.length ? "" : " none"}`);
    for (const s of sections) lines.push(`    ${s}`);
  } else {
    lines.push("  (no parser details: the document failed before it was parsed)");
  }
  if (inspection.raw !== null) {
    const index = inspection.normalized?.source ?? new SourceIndex(inspection.raw);
    const total = countLines(inspection.raw);
    lines.push(`  extracted text: ${index.pageCount} page${index.pageCount === 1 ? "" : "s"}, ${total} lines; the first lines with text:`);
    let shown = 0;
    for (let line = 1; line <= total && shown < 5; line++) {
      const text = index.lineText(line);
      if (text.trim() === "") continue;
      lines.push(`    ${style.dim(`l.${line}`)} │ ${text}`);
      shown++;
    }
  }
  return lines;
}

/**
 * Where in the extracted source the entry's matched text stands, as raw
 * offsets. Offsets into the normalised text map back exactly when they agree
 * with the entry's text; otherwise (a value found in removed page furniture,
 * say) the text is looked for in the entry's lines, ignoring white space.
 */
export function findHighlight(entry: Provenance, inspection: Inspection, source: SourceIndex): { start: number; end: number } | null {
  const first = source.lineStart(entry.line);
  const last = Math.max(entry.line, entry.endLine);
  const linesEnd = lineEnd(source, last);
  const normalized = inspection.normalized;
  if (normalized && entry.end > entry.start && normalized.text.slice(entry.start, entry.end) === entry.text) {
    const start = normalized.origin[entry.start]!;
    const end = normalized.origin[entry.end - 1]! + 1;
    if (start >= first && end <= linesEnd && start < end) return { start, end };
  }
  return looseFind(source.raw, first, linesEnd, entry.text);
}

/**
 * Finds `needle` in `haystack[from, to)` ignoring white space, case and the
 * characters normalisation folds (ligatures, curly quotes); failing that,
 * also ignoring hyphens, since normalisation joins "medi-\ncally".
 */
export function looseFind(haystack: string, from: number, to: number, needle: string): { start: number; end: number } | null {
  for (const dropHyphens of [false, true]) {
    const target = compact(needle, 0, needle.length, dropHyphens).chars;
    if (target === "") return null;
    const { chars, origin } = compact(haystack, from, to, dropHyphens);
    const at = chars.indexOf(target);
    if (at >= 0) return { start: origin[at]!, end: origin[at + target.length - 1]! + 1 };
  }
  return null;
}


function compact(text: string, from: number, to: number, dropHyphens: boolean): { chars: string; origin: number[] } {
  let chars = "";
  const origin: number[] = [];
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    const folded = (CHARACTER_FOLDS[c] ?? c).normalize("NFKC").toLowerCase();
    for (const f of folded) {
      if (/\s/.test(f) || (dropHyphens && f === "-")) continue;
      chars += f;
      origin.push(i);
    }
  }
  return { chars, origin };
}

/** One source line with the part inside `span` highlighted; form feeds and carriage returns dropped, as `lineText` does. */
function renderSourceLine(source: SourceIndex, line: number, span: { start: number; end: number } | null, style: Style): string {
  const start = source.lineStart(line);
  const end = lineEnd(source, line);
  const clean = (from: number, to: number) => source.raw.slice(from, to).replace(/[\r\f]/g, "").replace(/\t/g, " ");
  if (!span || span.end <= start || span.start >= end) return clean(start, end);
  let from = Math.max(span.start, start);
  let to = Math.min(span.end, end);
  // A span running on to the next line takes in the line's trailing spaces; mark only the words.
  while (from < to && /\s/.test(source.raw[from]!)) from++;
  while (to > from && /\s/.test(source.raw[to - 1]!)) to--;
  if (from === to) return clean(start, end);
  return clean(start, from) + style.highlight(clean(from, to)) + clean(to, end);
}

/** Offset just past the last character of `line` (before its line feed). */
function lineEnd(source: SourceIndex, line: number): number {
  const newline = source.raw.indexOf("\n", source.lineStart(line));
  return newline < 0 ? source.raw.length : newline;
}

/** The page a line's text is on: a line that opens with a form feed belongs to the page the feed starts. */
function positionOfLine(source: SourceIndex, line: number): { page: number; pageLine: number } {
  let offset = source.lineStart(line);
  while (source.raw[offset] === "\f" || source.raw[offset] === "\r") offset++;
  return source.position(Math.min(offset, source.raw.length));
}

function countLines(raw: string): number {
  let n = 1;
  for (let i = 0; i < raw.length; i++) if (raw.charCodeAt(i) === 10) n++;
  return n;
}

function range(first: number, last: number): number[] {
  const out: number[] = [];
  for (let i = first; i <= last; i++) out.push(i);
  return out;
}

function abbreviate(text: string, max: number): string {
  if (text.length <= max) return text;
  const half = Math.floor((max - 1) / 2);
  return `${text.slice(0, half)}…${text.slice(text.length - half)}`;
}
