import { describe, expect, it } from "vitest";
import {
  documentId,
  formatReferenceText,
  groupPredictions,
  lettersAndDigits,
  listF1,
  normalizeForScoring,
  parsePredictionLines,
  scorePredictions,
  scoreRecord,
} from "../../src/evaluate/score.js";

/** A gold record with two decisions; `overrides` replace top-level fields. */
function goldRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: "1",
    caseNumber: "CM15-0012345",
    injuryDate: "2012-08-14",
    assignedDate: "2015-03-19",
    decisionDate: "2015-04-23",
    applicationReceivedDate: "2015-03-13",
    urDecisionDates: ["2015-02-20"],
    patient: { age: 52, sex: "male" },
    reviewer: { licensure: ["California"], specialties: ["Orthopedic Surgery"] },
    diagnoses: ["cervical strain", "lumbar strain"],
    decisions: [
      {
        item: "X-rays: AP/lat/flex/ext",
        outcome: "upheld",
        medicallyNecessary: false,
        claimsAdministratorGuideline: "MTUS ACOEM Chapter 12.",
        reviewerGuideline: "MTUS Chronic Pain Treatment Guidelines.",
        rationale: "The guidelines do not support it. The X-rays are not medically necessary.",
      },
      {
        item: "Physical therapy",
        outcome: "overturned",
        medicallyNecessary: true,
        claimsAdministratorGuideline: null,
        reviewerGuideline: "MTUS Postsurgical Treatment Guidelines.",
        rationale: "Therapy is medically necessary.",
      },
    ],
    ...overrides,
  };
}

/** The gold record as an extraction would emit it, with `source.path`. */
function predicted(path: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...goldRecord(overrides), source: { path, sha256: "0".repeat(64) } };
}

const fieldsOf = (gold: unknown, pred: unknown) => Object.fromEntries(scoreRecord(gold, pred).map((f) => [f.name, f.score]));

describe("normalizeForScoring", () => {
  it.each([
    ["NFKC folds ligatures and full-width forms", "ﬁbromyalgia ＭＲＩ", "fibromyalgia mri"],
    ["lower case", "CM15-0012345", "cm15-0012345"],
    ["white-space runs become one space", "neck \t and\n back  pain", "neck and back pain"],
    ["trimmed", "  lumbar strain  ", "lumbar strain"],
    ["trailing . , ; : removed", "MTUS ACOEM Chapter 12.", "mtus acoem chapter 12"],
    ["a run of trailing punctuation removed", "Page(s): 26-27.;:", "page(s): 26-27"],
    ["punctuation before trailing space removed", "strain. ", "strain"],
    ["inner punctuation kept", "X-rays: AP/lat/flex/ext", "x-rays: ap/lat/flex/ext"],
    ["other trailing punctuation kept", "(ODG)", "(odg)"],
    ["numbers become strings", 45, "45"],
    ["null stays null", null, null],
    ["undefined becomes null", undefined, null],
  ])("%s", (_, input, expected) => {
    expect(normalizeForScoring(input)).toBe(expected);
  });
});

describe("lettersAndDigits (rationale comparison)", () => {
  it.each([
    ["spacing and punctuation ignored", "It is not medically necessary.", "It is  not medically-necessary;", true],
    ["case ignored", "MRI is Necessary", "mri is necessary", true],
    ["line-end hyphen left in does not matter", "medi- cally", "medically", true],
    ["a dropped word matters", "It is not medically necessary.", "It is medically necessary.", false],
    ["a changed digit matters", "12 visits", "13 visits", false],
    ["null equals null", null, null, true],
    ["null is not the empty string", null, "", false],
  ])("%s", (_, gold, got, same) => {
    expect(lettersAndDigits(gold) === lettersAndDigits(got)).toBe(same);
  });
});

describe("listF1", () => {
  it.each([
    ["both empty", [], [], 1],
    ["exact", ["a", "b"], ["a", "b"], 1],
    ["order ignored", ["a", "b"], ["b", "a"], 1],
    ["normalised before comparing", ["Cervical strain"], ["cervical  strain."], 1],
    ["duplicates collapse", ["a"], ["a", "A", "a."], 1],
    ["nothing predicted", ["a", "b"], [], 0],
    ["nothing expected, something predicted", [], ["a"], 0],
    ["no overlap", ["a"], ["b"], 0],
    ["precision 1/2, recall 1/2", ["a", "b"], ["a", "c"], 0.5],
    ["precision 2/3, recall 1", ["a", "b"], ["a", "b", "c"], 0.8],
    ["precision 1, recall 1/3", ["a", "b", "c"], ["a"], 0.5],
    ["a prediction that is not a list counts as empty", ["a"], "a", 0],
    ["an empty gold and a non-list prediction agree", [], null, 1],
  ])("%s", (_, gold, got, f1) => {
    expect(listF1(gold, got)).toBeCloseTo(f1, 10);
  });
});

describe("scoreRecord", () => {
  it("scores every field of an identical record 1", () => {
    const fields = scoreRecord(goldRecord(), predicted("a.txt"));
    expect(fields.map((f) => f.name)).toEqual([
      "caseNumber",
      "injuryDate",
      "assignedDate",
      "decisionDate",
      "applicationReceivedDate",
      "patient.age",
      "patient.sex",
      "urDecisionDates",
      "reviewer.licensure",
      "reviewer.specialties",
      "diagnoses",
      "decisions.count",
      ...[0, 1].flatMap((i) =>
        ["item", "outcome", "medicallyNecessary", "claimsAdministratorGuideline", "reviewerGuideline", "rationale"].map((f) => `decisions[${i}].${f}`),
      ),
    ]);
    expect(fields.every((f) => f.score === 1)).toBe(true);
  });

  it.each([
    ["a null in gold is right only for a null", { assignedDate: null }, { assignedDate: "2015-03-19" }, "assignedDate", 0],
    ["null for null is right", { assignedDate: null }, { assignedDate: null }, "assignedDate", 1],
    ["a field the prediction leaves out reads as null", { assignedDate: null }, { assignedDate: undefined }, "assignedDate", 1],
    ["a value against a null in the prediction", {}, { decisionDate: null }, "decisionDate", 0],
    ["case number compared after normalisation", {}, { caseNumber: "cm15-0012345 " }, "caseNumber", 1],
    ["age as a string still equal", {}, { patient: { age: "52", sex: "male" } }, "patient.age", 1],
    ["a wrong sex", {}, { patient: { age: 52, sex: "female" } }, "patient.sex", 0],
    ["a list field scores its F1", {}, { diagnoses: ["cervical strain"] }, "diagnoses", 2 / 3],
    ["a missing reviewer scores its lists zero", {}, { reviewer: undefined }, "reviewer.licensure", 0],
  ])("%s", (_, goldOverrides, predOverrides, field, score) => {
    expect(fieldsOf(goldRecord(goldOverrides), predicted("a.txt", predOverrides))[field]).toBeCloseTo(score, 10);
  });

  it("scores no prediction zero on every field", () => {
    const fields = scoreRecord(goldRecord(), undefined);
    expect(fields).toHaveLength(12 + 2 * 6);
    expect(fields.every((f) => f.score === 0 && f.got === undefined)).toBe(true);
  });

  const decisions = goldRecord().decisions as Record<string, unknown>[];
  const withDecision = (i: number, change: Record<string, unknown>) => ({ decisions: decisions.map((d, j) => (j === i ? { ...d, ...change } : d)) });

  it.each([
    ["item: normalised equality", withDecision(0, { item: "x-rays: ap/lat/flex/ext:" }), "decisions[0].item", 1],
    ["item: different text", withDecision(0, { item: "X-rays" }), "decisions[0].item", 0],
    ["outcome", withDecision(0, { outcome: "overturned" }), "decisions[0].outcome", 0],
    ["medicallyNecessary: null is not false", withDecision(0, { medicallyNecessary: null }), "decisions[0].medicallyNecessary", 0],
    ["medicallyNecessary: the string is not the boolean", withDecision(0, { medicallyNecessary: "false" }), "decisions[0].medicallyNecessary", 0],
    ["medicallyNecessary: left out reads as null", withDecision(1, { medicallyNecessary: undefined }), "decisions[1].medicallyNecessary", 0],
    ["guideline null for null", withDecision(1, { claimsAdministratorGuideline: null }), "decisions[1].claimsAdministratorGuideline", 1],
    ["guideline: trailing period ignored", withDecision(1, { reviewerGuideline: "MTUS Postsurgical Treatment Guidelines" }), "decisions[1].reviewerGuideline", 1],
    ["rationale: only letters and digits count", withDecision(0, { rationale: "The guidelines do not support it -- the X rays are not medically necessary" }), "decisions[0].rationale", 1],
    ["rationale: a word changed", withDecision(0, { rationale: "The guidelines do support it. The X-rays are not medically necessary." }), "decisions[0].rationale", 0],
  ])("decision %s", (_, predOverrides, field, score) => {
    expect(fieldsOf(goldRecord(), predicted("a.txt", predOverrides))[field]).toBe(score);
  });

  it("a count mismatch is wrong, and aligned pairs are still scored in order", () => {
    const extra = fieldsOf(goldRecord(), predicted("a.txt", { decisions: [...decisions, decisions[0]] }));
    expect(extra["decisions.count"]).toBe(0);
    expect(extra["decisions[1].item"]).toBe(1);
    expect(Object.keys(extra).some((k) => k.startsWith("decisions[2]"))).toBe(false);

    const fewer = scoreRecord(goldRecord(), predicted("a.txt", { decisions: [decisions[1]] }));
    const byName = Object.fromEntries(fewer.map((f) => [f.name, f.score]));
    expect(byName["decisions.count"]).toBe(0);
    // Alignment is by position: gold's first decision meets the predicted second one.
    expect(byName["decisions[0].item"]).toBe(0);
    expect(fewer.filter((f) => f.name.startsWith("decisions[1]")).every((f) => f.score === 0)).toBe(true);
  });
});

describe("documentId", () => {
  it.each([
    ["samples/text/dev-0002.txt", "dev-0002"],
    ["/abs/CM16-0213037.pdf", "CM16-0213037"],
    ["archive.tar.gz", "archive.tar"],
    ["no-extension", "no-extension"],
  ])("%s → %s", (path, id) => {
    expect(documentId(path)).toBe(id);
  });
});

describe("scorePredictions", () => {
  const golds = new Map<string, unknown>([
    ["doc-a", goldRecord()],
    ["doc-b", goldRecord()],
  ]);

  it("gives 100% for perfect predictions", () => {
    const summary = scorePredictions(golds, groupPredictions([predicted("x/doc-a.txt"), predicted("y/doc-b.pdf")]));
    expect(summary).toMatchObject({ documents: 2, missing: 0, unreadableLines: 0, fieldAccuracy: 1, perfectDocuments: 1, report: [] });
  });

  it("averages over every field of every document, and counts perfect documents", () => {
    const summary = scorePredictions(golds, groupPredictions([predicted("doc-a.txt"), predicted("doc-b.txt", { caseNumber: "CM99-0000000" })]));
    expect(summary.documents).toBe(2);
    expect(summary.fieldAccuracy).toBeCloseTo(47 / 48, 12);
    expect(summary.perfectDocuments).toBe(0.5);
    expect(summary.perField.caseNumber).toBe(0.5);
    expect(summary.report).toEqual([{ id: "doc-b", path: "doc-b.txt", error: undefined, wrong: [{ name: "caseNumber", score: 0, gold: "CM15-0012345", got: "CM99-0000000" }] }]);
  });

  it("pools decision fields per key and rounds per-field figures to 4 places", () => {
    const wrongThird = (goldRecord().decisions as object[]).map((d, i) => (i === 1 ? { ...d, outcome: "upheld" } : d));
    const golds3 = new Map<string, unknown>([["a", goldRecord()], ["b", goldRecord()], ["c", goldRecord()]]);
    const summary = scorePredictions(golds3, groupPredictions([predicted("a.txt"), predicted("b.txt"), predicted("c.txt", { decisions: wrongThird })]));
    expect(summary.perField["decisions[].outcome"]).toBe(0.8333);
    expect(summary.perFieldCounts["decisions[].outcome"]).toEqual({ sum: 5, count: 6 });
  });

  it("scores a document with no output line zero on every field and counts it missing", () => {
    const summary = scorePredictions(golds, groupPredictions([predicted("doc-a.txt")]));
    expect(summary).toMatchObject({ documents: 2, missing: 1, perfectDocuments: 0.5, fieldAccuracy: 0.5 });
    expect(summary.report[0]).toMatchObject({ id: "doc-b", path: undefined });
    expect(summary.report[0]!.wrong).toHaveLength(24);
  });

  it("scores a failure for a document with gold zero, reporting the error", () => {
    const error = { code: "no-decisions", message: "none" };
    const summary = scorePredictions(new Map([["doc-a", goldRecord()]]), groupPredictions([{ source: { path: "doc-a.pdf" }, error }]));
    expect(summary.fieldAccuracy).toBe(0);
    expect(summary.report[0]).toMatchObject({ id: "doc-a", path: "doc-a.pdf", error });
  });

  it.each([
    ["a failure is right", [{ source: { path: "bad.pdf" }, error: { code: "empty", message: "e" } }], 1, undefined],
    ["a record is wrong", [{ source: { path: "bad.pdf" }, decisions: [] }], 0, "record"],
    ["a failure that also carries decisions is wrong", [{ source: { path: "bad.pdf" }, error: { code: "empty", message: "e" }, decisions: [] }], 0, "error+record"],
    ["no output is wrong", [], 0, "no output"],
  ])("expectError: %s", (_, lines, score, got) => {
    const summary = scorePredictions(new Map([["bad", { expectError: true }]]), groupPredictions(lines));
    expect(summary.fieldAccuracy).toBe(score);
    expect(summary.perfectDocuments).toBe(score);
    expect(summary.perField).toEqual({ expectError: score });
    expect(summary.report.map((r) => r.wrong[0]!.got)).toEqual(got === undefined ? [] : [got]);
  });

  it("scores each of several lines for one document, and ignores predictions without gold", () => {
    const summary = scorePredictions(new Map([["doc-a", goldRecord()]]), groupPredictions([predicted("t/doc-a.txt"), predicted("p/doc-a.pdf", { injuryDate: null }), predicted("other.txt")]));
    expect(summary.documents).toBe(2);
    expect(summary.perfectDocuments).toBe(0.5);
  });

  it("counts lines that are not JSON or have no source.path as unreadable", () => {
    const jsonl = [JSON.stringify(predicted("doc-a.txt")), "", "not json", "null", JSON.stringify({ caseNumber: "x" }), JSON.stringify(predicted("doc-b.txt")), ""].join("\n");
    const summary = scorePredictions(golds, parsePredictionLines(jsonl));
    expect(summary).toMatchObject({ documents: 2, missing: 0, unreadableLines: 3, fieldAccuracy: 1 });
  });

  it("prints the reference scorer's text", () => {
    const summary = scorePredictions(new Map([["doc-a", goldRecord()], ["bad", { expectError: true }]]), groupPredictions([predicted("doc-a.txt", { caseNumber: null })]));
    const lines = formatReferenceText(summary, { verbose: true });
    // 23 of doc-a's 24 fields right, the expected failure missing: 23 of 25.
    expect(lines.slice(0, 5)).toEqual([
      "# bad",
      '  expectError: gold=true got="no output"',
      "# doc-a (doc-a.txt)",
      '  caseNumber: gold="CM15-0012345" got=null',
      "",
    ]);
    expect(lines).toContain(`${"expectError".padEnd(44)} 0.0%`);
    expect(lines).toContain(`${"caseNumber".padEnd(44)} 0.0%`);
    expect(lines.slice(-2)).toEqual(["documents 2, missing 1, unreadable lines 0", "field accuracy 92.00%, perfect documents 0.0%"]);
  });
});
