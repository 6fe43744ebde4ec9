/**
 * The header table (layouts A, B, D) and the notice letter's case block (C):
 * label/value pairs in any order, on one or several lines, or a block of
 * labels followed by a block of values.
 */
import type { LineNode, TextSegment } from "../../grammar/index.js";
import type { HeaderLabelName } from "../../grammar/tokens.js";
import { DATE_SOURCE } from "./dates.js";
import { LABELLED_CASE_NUMBER } from "../record/case-number.js";

export interface HeaderValue {
  label: HeaderLabelName;
  text: string;
  start: number;
  end: number;
}

const CASE_NUMBER = new RegExp(`^${LABELLED_CASE_NUMBER}$`, "i");
const DATE_ONLY = new RegExp(`^${DATE_SOURCE}(?:[,;] ?${DATE_SOURCE})*$`, "i");

const VALUE_SOURCE = `(?:${DATE_SOURCE}|\\b${LABELLED_CASE_NUMBER}\\b|\\b(?:Standard|Expedited|Urgent|Regular)\\b)`;
const VALUES_ONLY = new RegExp(`^${VALUE_SOURCE}(?: ${VALUE_SOURCE})+$`, "i");

const ACCEPTS: Record<HeaderLabelName, (value: string) => boolean> = {
  CaseNumberLabel: (v) => CASE_NUMBER.test(v),
  DateAssignedLabel: (v) => DATE_ONLY.test(v),
  InjuryDateLabel: (v) => DATE_ONLY.test(v),
  DecisionDateLabel: (v) => DATE_ONLY.test(v),
  UrDecisionDateLabel: (v) => DATE_ONLY.test(v),
  ApplicationReceivedLabel: (v) => DATE_ONLY.test(v),
  DatedLabel: (v) => DATE_ONLY.test(v),
  PriorityLabel: (v) => /^[A-Za-z]+$/.test(v),
  // a name or a claim number, never a date or the case number: those belong to the labels around them
  EmployeeLabel: (v) => !DATE_ONLY.test(v) && !CASE_NUMBER.test(v),
  ClaimNumberLabel: (v) => !DATE_ONLY.test(v) && !CASE_NUMBER.test(v),
};

/**
 * Pairs header labels with their values. A value on the label's own line is
 * the label's; a label without one waits for the first later lone value its
 * kind accepts (a date for a date label, a case number for the case number).
 */
export function readHeader(lines: LineNode[]): HeaderValue[] {
  const values: HeaderValue[] = [];
  const waiting: TextSegment[] = [];
  for (const line of lines) {
    const segments = line.segments;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]!;
      if (segment.kind === "text" && waiting.length > 0 && VALUES_ONLY.test(segment.text)) {
        // a row of bare values ("CM16-0213037 11/09/2016 Standard") for the labels above it
        for (const value of segment.text.matchAll(new RegExp(VALUE_SOURCE, "gi"))) {
          const owner = waiting.findIndex((label) => ACCEPTS[label.kind as HeaderLabelName](value[0]));
          if (owner < 0) continue;
          const start = segment.start + value.index!;
          values.push({ label: waiting[owner]!.kind as HeaderLabelName, text: value[0], start, end: start + value[0].length });
          waiting.splice(owner, 1);
        }
        continue;
      }
      if (segment.kind === "text" && segment.text.length > 40) {
        // running prose ends the header: a later lone date is not a header value
        waiting.length = 0;
        continue;
      }
      if (segment.kind === "text" || segment.kind === "value") {
        const owner = waiting.findIndex((label) => ACCEPTS[label.kind as HeaderLabelName](segment.text));
        // a date or case number alone between labels ("Date Assigned:" / "10/14/2016 Date of Injury: ...") is a value too
        const bare = segment.kind === "value" || DATE_ONLY.test(segment.text) || CASE_NUMBER.test(segment.text);
        if (bare && owner >= 0) {
          values.push({ label: waiting[owner]!.kind as HeaderLabelName, text: segment.text, start: segment.start, end: segment.end });
          waiting.splice(owner, 1);
        }
        continue;
      }
      const label = segment.kind as HeaderLabelName;
      const next = segments[i + 1];
      if (next && (next.kind === "text" || next.kind === "value")) {
        const value = inlineValue(label, next);
        if (value) values.push(value);
        // "UR Denial Date: 06/08/2016," with the next date wrapped onto a line below
        if (value && label === "UrDecisionDateLabel" && /,\s*$/.test(next.text)) waiting.push(segment);
        i++;
      } else {
        waiting.push(segment);
      }
    }
  }
  return values;
}

const DATE_SERIES_AT_START = new RegExp(`^${DATE_SOURCE}(?:\\s*(?:,|and|&)\\s*${DATE_SOURCE})*`, "i");

/** The value that follows a label on its line, trimmed to what the label accepts. */
function inlineValue(label: HeaderLabelName, segment: TextSegment): HeaderValue | null {
  const text = segment.text.replace(/[.,;\s]+$/, "");
  if (label === "UrDecisionDateLabel") {
    // several UR decisions: "12/01/2014, 12/08/2014"
    const dates = DATE_SERIES_AT_START.exec(text);
    if (dates) return { label, text: dates[0], start: segment.start, end: segment.start + dates[0].length };
  }
  if (ACCEPTS[label](text)) return { label, text, start: segment.start, end: segment.start + text.length };
  // a value followed by other words ("CM15-0048213 Priority ..."): keep its leading token
  const lead = /^\S+/.exec(text)?.[0] ?? "";
  if (lead && ACCEPTS[label](lead)) return { label, text: lead, start: segment.start, end: segment.start + lead.length };
  const date = new RegExp(`^${DATE_SOURCE}`, "i").exec(text);
  if (date && ACCEPTS[label](date[0])) return { label, text: date[0], start: segment.start, end: segment.start + date[0].length };
  return null;
}
