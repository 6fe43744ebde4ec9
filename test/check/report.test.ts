import { describe, expect, it } from "vitest";
import type { Inspection } from "../../src/core/process.js";
import { findHighlight, looseFind, renderReport } from "../../src/check/report.js";
import { locateSpan, normalizeText } from "../../src/normalize/index.js";
import { SourceIndex } from "../../src/normalize/locate.js";
import type { DeterminationRecord, Failure, Provenance } from "../../src/record/schema.js";

// Two pages: the second holds only a running header (the case number) and a page number.
const RAW = [
  "Case Number: CM15-0048213  Date Assigned: 03/19/2015", // 1
  "Date of Injury: 08/14/2012", // 2
  "The injured worker is a 52 year old male.", // 3
  "IMR ISSUES, DECISIONS AND RATIONALES", // 4
  "MRI of the lumbar spine:  Upheld", // 5
  "Decision rationale: The guidelines do not support imaging", // 6
  "without red flags. There are no red flags here. The MRI is", // 7
  "not medi-", // 8
  "cally necessary.", // 9
  "\fCM15-0048213", // 10
  "Page 2 of 2", // 11
  "",
].join("\n");

const normalized = normalizeText(RAW);

/**
 * A provenance entry for the `occurrence`-th appearance of `text` in the
 * normalised text (a space in `text` matching a line break there too),
 * located as the extractor does.
 */
function span(field: string, text: string, occurrence = 0): Provenance {
  const pattern = new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s"), "g");
  const matches = [...normalized.text.matchAll(pattern)];
  const match = matches[occurrence];
  if (!match) throw new Error(`"${text}" not in the normalised text`);
  const start = match.index;
  const end = start + match[0].length;
  const at = locateSpan(normalized, start, end);
  return { field, start, end, page: at.page, line: at.line, endLine: at.endLine, pageLine: at.pageLine, text: match[0] };
}

const RATIONALE = "The guidelines do not support imaging without red flags. There are no red flags here. The MRI is not medically necessary.";

function record(overrides: Partial<DeterminationRecord> = {}): DeterminationRecord {
  return {
    schemaVersion: "1",
    source: { path: "cases/sample.txt", sha256: "ab".repeat(32) },
    layout: "header-prose",
    caseNumber: "CM15-0048213",
    injuryDate: "2012-08-14",
    assignedDate: "2015-03-19",
    decisionDate: null,
    applicationReceivedDate: null,
    urDecisionDates: [],
    patient: { age: 52, sex: "male" },
    reviewer: { licensure: [], specialties: [] },
    diagnoses: [],
    decisions: [
      {
        item: "MRI of the lumbar spine",
        outcome: "upheld",
        medicallyNecessary: false,
        claimsAdministratorGuideline: null,
        reviewerGuideline: null,
        rationale: RATIONALE,
      },
    ],
    warnings: [{ code: "missing-guideline", message: "Decision 1 cites no guideline.", field: "decisions[0].reviewerGuideline" }],
    provenance: [
      span("caseNumber", "CM15-0048213"),
      // Found in the running header, which normalisation removed: no span in the clean text, only the source text.
      { field: "caseNumber", start: 0, end: 0, page: 2, line: 10, endLine: 10, pageLine: 1, text: "CM15-0048213" },
      span("injuryDate", "08/14/2012"),
      span("assignedDate", "03/19/2015"),
      span("patient.age", "52"),
      // Text that is not on its line: shown without a highlight.
      { field: "patient.sex", start: 0, end: 4, page: 1, line: 3, endLine: 3, pageLine: 3, text: "female" },
      span("decisions[0].item", "MRI of the lumbar spine"),
      span("decisions[0].outcome", "Upheld"),
      span("decisions[0].medicallyNecessary", "is not medically necessary"),
      span("decisions[0].rationale", RATIONALE),
      span("layoutHint", "IMR ISSUES, DECISIONS AND RATIONALES"),
    ],
    ...overrides,
  };
}

const inspect = (result: DeterminationRecord | Failure): Inspection => ({ result, raw: RAW, normalized });

describe("renderReport", () => {
  const lines = renderReport(inspect(record()), { color: false });
  const text = lines.join("\n");
  /** `label`'s row and the source lines beneath it. */
  const rowOf = (label: string) => {
    const start = lines.findIndex((l) => l.startsWith(`  ${label} `));
    expect(start, `row ${label}`).toBeGreaterThanOrEqual(0);
    const next = lines.findIndex((l, i) => i > start && !l.startsWith("    "));
    return lines.slice(start, next < 0 ? undefined : next);
  };

  it("shows each field's value with the source line and the matched text marked", () => {
    expect(rowOf("caseNumber")[0]).toMatch(/^ {2}caseNumber +"CM15-0048213"$/);
    expect(rowOf("caseNumber")[1]).toBe("    p.1 l.1 │ Case Number: [[CM15-0048213]]  Date Assigned: 03/19/2015");
    expect(rowOf("injuryDate")[1]).toBe("    p.1 l.2 │ Date of Injury: [[08/14/2012]]");
    expect(rowOf("assignedDate")[1]).toContain("Date Assigned: [[03/19/2015]]");
    expect(rowOf("patient.age")[1]).toBe("    p.1 l.3 │ The injured worker is a [[52]] year old male.");
  });

  it("finds text taken from removed page furniture on its own page and line", () => {
    // lines count from the top of their page, as a person holding the PDF counts them
    expect(rowOf("caseNumber")[2]).toBe("    p.2 l.1 │ [[CM15-0048213]]");
  });

  it("marks a match that runs over a hyphenated line break on both lines", () => {
    expect(rowOf("medicallyNecessary").slice(1)).toEqual(["    p.1 l.7 │ without red flags. There are no red flags here. The MRI [[is]]", "    p.1 l.8 │ [[not medi-]]", "    p.1 l.9 │ [[cally necessary]]."]);
  });

  it("abbreviates a long span to its first and last line", () => {
    expect(rowOf("rationale").slice(1)).toEqual([
      "    p.1 l.6 │ Decision rationale: [[The guidelines do not support imaging]]",
      "            ┆ … 2 more lines",
      "    p.1 l.9 │ [[cally necessary.]]",
    ]);
  });

  it("shows the lines without a highlight when the matched text is not on them", () => {
    expect(rowOf("patient.sex").slice(1)).toEqual(["    p.1 l.3 │ The injured worker is a 52 year old male.", '    (matched text not located in these lines: "female")']);
  });

  it("groups the fields as the document is, and says what was not found", () => {
    const headings = lines.filter((l) => /^[A-Z]/.test(l) && !l.startsWith("cases/"));
    expect(headings).toEqual(["HEADER", "REVIEWER", "CASE SUMMARY", "DECISION 1 of 1", "WARNINGS (1)", "OTHER SOURCES"]);
    expect(rowOf("decisionDate")).toEqual(["  decisionDate                   — (not found)"]);
    expect(rowOf("diagnoses")).toEqual(["  diagnoses                      — (none)"]);
    expect(rowOf("claimsAdministratorGuideline")).toEqual(["  claimsAdministratorGuideline   — (not found)"]);
    expect(lines[0]).toBe("cases/sample.txt  record, layout header-prose, schema 1, sha256 abababababab…");
  });

  it("lists the warnings, and provenance no field row claims", () => {
    expect(text).toContain("WARNINGS (1)\n  missing-guideline decisions[0].reviewerGuideline: Decision 1 cites no guideline.");
    expect(text).toContain("OTHER SOURCES\n  layoutHint\n    p.1 l.4 │ [[IMR ISSUES, DECISIONS AND RATIONALES]]");
  });

  it("says when a value has no source", () => {
    const bare = renderReport(inspect(record({ provenance: [] })), { color: false });
    const at = bare.findIndex((l) => l.startsWith("  caseNumber "));
    expect(bare[at + 1]).toBe("    (no source recorded)");
  });

  it("uses ANSI colour instead of markers when asked", () => {
    const coloured = renderReport(inspect(record()), { color: true }).join("\n");
    expect(coloured).toContain("Case Number: \x1b[30;43mCM15-0048213\x1b[0m");
    expect(coloured).not.toContain("[[");
  });

  it("renders a failure: code, message and what the parser saw", () => {
    const failure: Failure = {
      source: { path: "cases/letter.pdf", sha256: "cd".repeat(32) },
      error: { code: "no-decisions", message: "No disputed item was recognised.", details: { layout: "header-prose", sections: ["HowMadeHeading", "CaseSummaryHeading"] } },
    };
    const out = renderReport(inspect(failure), { color: false });
    expect(out.slice(0, 10)).toEqual([
      "cases/letter.pdf  FAILURE, sha256 cdcdcdcdcdcd…",
      "",
      "  no-decisions: No disputed item was recognised.",
      "",
      "WHAT THE PARSER SAW",
      "  layout guess: header-prose",
      "  sections found:",
      "    HowMadeHeading",
      "    CaseSummaryHeading",
      "  extracted text: 2 pages, 12 lines; the first lines with text:",
    ]);
    expect(out[10]).toBe("    l.1 │ Case Number: CM15-0048213  Date Assigned: 03/19/2015");
  });

  it("renders a failure without details or text", () => {
    const failure: Failure = { source: { path: "gone.pdf", sha256: "0".repeat(64) }, error: { code: "unreadable", message: "Could not read." } };
    expect(renderReport({ result: failure, raw: null, normalized: null })).toContain("  (no parser details: the document failed before it was parsed)");
  });
});

describe("findHighlight", () => {
  const source = new SourceIndex(RAW);
  const inspection = inspect(record());

  it("maps agreeing clean-text offsets back exactly", () => {
    const entry = span("decisions[0].outcome", "Upheld");
    const found = findHighlight(entry, inspection, source)!;
    expect(RAW.slice(found.start, found.end)).toBe("Upheld");
  });

  it("falls back to the entry's text on its lines when the offsets disagree", () => {
    const entry: Provenance = { field: "x", start: 0, end: 3, page: 1, line: 5, endLine: 5, pageLine: 5, text: "lumbar  spine" };
    const found = findHighlight(entry, inspection, source)!;
    expect(RAW.slice(found.start, found.end)).toBe("lumbar spine");
  });
});

describe("looseFind", () => {
  it.each([
    ["white space ignored", "a  b\nc d", "b c", "b\nc"],
    ["case ignored", "Case NUMBER here", "case number", "Case NUMBER"],
    ["curly quotes match straight ones", "the \u201Cflag\u201D", '"flag"', "\u201Cflag\u201D"],
    ["a ligature matches its letters", "\uFB01brosis", "fibrosis", "\uFB01brosis"],
    ["a hyphen split over a line break", "medi-\ncally necessary", "medically necessary", "medi-\ncally necessary"],
  ])("%s", (_, haystack, needle, matched) => {
    const found = looseFind(haystack, 0, haystack.length, needle)!;
    expect(haystack.slice(found.start, found.end)).toBe(matched);
  });

  it.each([
    ["absent", "abc", "xyz"],
    ["empty", "abc", "  "],
  ])("finds nothing when the needle is %s", (_, haystack, needle) => {
    expect(looseFind(haystack, 0, haystack.length, needle)).toBeNull();
  });

  it("searches only the given range", () => {
    expect(looseFind("abc abc", 1, 7, "abc")).toEqual({ start: 4, end: 7 });
  });
});
