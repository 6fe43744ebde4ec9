/**
 * Page and line lookup in the extracted source text. Pages are separated by
 * form feeds (a PDF's pages are joined with "\f"; a text file keeps its own).
 */
export interface SourcePosition {
  /** 1-based page. */
  page: number;
  /** 1-based line in the whole extracted text. */
  line: number;
  /** 1-based line within its page. */
  pageLine: number;
}

export class SourceIndex {
  private readonly lineStarts: number[] = [0];
  private readonly pageStarts: number[] = [0];
  /** The 1-based line each page starts on. */
  private readonly pageFirstLines: number[];

  constructor(readonly raw: string) {
    for (let i = raw.indexOf("\n"); i >= 0; i = raw.indexOf("\n", i + 1)) this.lineStarts.push(i + 1);
    for (let i = raw.indexOf("\f"); i >= 0; i = raw.indexOf("\f", i + 1)) this.pageStarts.push(i + 1);
    this.pageFirstLines = this.pageStarts.map((start) => upperBound(this.lineStarts, start));
  }

  get pageCount(): number {
    return this.pageStarts.length;
  }

  position(offset: number): SourcePosition {
    const line = this.lineAt(offset);
    const page = upperBound(this.pageStarts, offset);
    return { page, line, pageLine: line - this.pageFirstLines[page - 1]! + 1 };
  }

  /** The 1-based line holding `offset`. */
  lineAt(offset: number): number {
    return upperBound(this.lineStarts, offset);
  }

  /** The whole source line(s) containing `[start, end)`, without line ends. */
  lines(start: number, end: number): { first: number; last: number; text: string[] } {
    const first = upperBound(this.lineStarts, start);
    const last = upperBound(this.lineStarts, Math.max(start, end - 1));
    const text: string[] = [];
    for (let l = first; l <= last; l++) text.push(this.lineText(l));
    return { first, last, text };
  }

  lineText(line: number): string {
    const start = this.lineStarts[line - 1] ?? this.raw.length;
    const next = this.lineStarts[line];
    const end = next === undefined ? this.raw.length : next - 1;
    return this.raw.slice(start, end).replace(/[\r\f]/g, "");
  }

  lineStart(line: number): number {
    return this.lineStarts[line - 1] ?? this.raw.length;
  }
}

/** Number of elements `<= value` in ascending `values` (a 1-based index). */
function upperBound(values: number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
