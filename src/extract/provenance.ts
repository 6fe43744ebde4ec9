/**
 * Collects, for every field a record fills, where in the normalised text it
 * came from; `toProvenance` turns the spans into pages and lines of the source.
 */
import { locateSpan, type NormalizedText } from "../normalize/index.js";
import type { Provenance } from "../record/schema.js";

export interface FieldSpan {
  field: string;
  start: number;
  end: number;
  /** For a value found in removed page furniture: where it stands in the source. */
  raw?: { start: number; end: number };
}

export class ProvenanceCollector {
  readonly spans: FieldSpan[] = [];

  add(field: string, start: number, end: number): void {
    if (end < start) return;
    this.spans.push({ field, start, end });
  }

  addRaw(field: string, at: number, rawStart: number, rawEnd: number): void {
    this.spans.push({ field, start: at, end: at, raw: { start: rawStart, end: rawEnd } });
  }

  toProvenance(normalized: NormalizedText): Provenance[] {
    return this.spans.map((span) => {
      if (span.raw) {
        const position = normalized.source.position(span.raw.start);
        const endLine = normalized.source.lineAt(Math.max(span.raw.start, span.raw.end - 1));
        return {
          field: span.field,
          start: span.start,
          end: span.end,
          ...position,
          endLine,
          text: normalized.source.raw.slice(span.raw.start, span.raw.end),
        };
      }
      const located = locateSpan(normalized, span.start, span.end);
      return {
        field: span.field,
        start: span.start,
        end: span.end,
        page: located.page,
        line: located.line,
        endLine: located.endLine,
        pageLine: located.pageLine,
        text: normalized.text.slice(span.start, span.end),
      };
    });
  }
}
