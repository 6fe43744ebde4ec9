import { describe, expect, it } from "vitest";
import { describeWrongField, formatDocumentReport, wrongFieldTally } from "../../src/evaluate/format.js";
import { groupPredictions, scorePredictions } from "../../src/evaluate/score.js";

describe("describeWrongField", () => {
  it.each([
    ["a scalar shows both values", { name: "caseNumber", score: 0, gold: "CM15-0012345", got: null }, ['caseNumber: expected "CM15-0012345", got null']],
    ["a boolean", { name: "decisions[1].medicallyNecessary", score: 0, gold: false, got: null }, ["decisions[1].medicallyNecessary: expected false, got null"]],
    [
      "a list shows what is missing and what is unexpected, after normalisation",
      { name: "diagnoses", score: 0.5, gold: ["Neck strain", "back pain"], got: ["neck strain.", "knee pain"] },
      ['diagnoses (F1 0.50): missing "back pain"; unexpected "knee pain"'],
    ],
    ["a list that is not a list", { name: "reviewer.licensure", score: 0, gold: ["California"], got: undefined }, ['reviewer.licensure (F1 0.00): missing "California"; got (nothing)']],
  ])("%s", (_, field, lines) => {
    expect(describeWrongField(field)).toEqual(lines);
  });

  it("shows a long text around its first difference", () => {
    const common = "The guidelines recommend a trial of therapy before any surgery is considered, and ".repeat(3);
    const lines = describeWrongField({ name: "decisions[0].rationale", score: 0, gold: `${common}it is not medically necessary.`, got: `${common}it is medically necessary.` });
    expect(lines[0]).toBe("decisions[0].rationale:");
    expect(lines[1]).toMatch(/^ {2}expected …".*it is not medically necessary\."$/);
    expect(lines[2]).toMatch(/^ {2}got {6}…".*it is medically necessary\."$/);
  });
});

describe("formatDocumentReport", () => {
  it("sums up a failure in one line instead of listing every field", () => {
    const summary = scorePredictions(new Map([["a", { caseNumber: "X", decisions: [] }]]), groupPredictions([{ source: { path: "in/a.pdf" }, error: { code: "no-decisions", message: "nothing found" } }]));
    expect(formatDocumentReport(summary.report[0]!)).toEqual(["a  in/a.pdf", "  failure no-decisions: nothing found", "  (no record, so all 12 scored fields are wrong)"]);
  });
});

describe("wrongFieldTally", () => {
  it("lists fields below 100%, worst first, with their documents", () => {
    const gold = { caseNumber: "A", injuryDate: "2014-01-01", decisions: [] };
    const summary = scorePredictions(
      new Map([["a", gold], ["b", gold], ["c", gold]]),
      groupPredictions([
        { ...gold, source: { path: "a.txt" }, caseNumber: "B", injuryDate: null },
        { ...gold, source: { path: "b.txt" }, caseNumber: "B" },
        { ...gold, source: { path: "c.txt" } },
      ]),
    );
    expect(wrongFieldTally(summary)).toEqual([
      { field: "caseNumber", accuracy: 1 / 3, documents: ["a", "b"] },
      { field: "injuryDate", accuracy: 2 / 3, documents: ["a"] },
    ]);
  });
});
