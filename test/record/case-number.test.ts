import { describe, expect, it } from "vitest";
import { LABELLED_CASE_NUMBER, MAXIMUS_CASE_NUMBER, UNLABELLED_CASE_NUMBER } from "../../src/record/case-number.js";

const whole = (source: string) => new RegExp(`^${source}$`, "i");

describe("case number shapes", () => {
  it.each<[string, boolean, boolean, boolean]>([
    // text, after a label, unlabelled (furniture), anywhere (MAXIMUS only)
    ["CM16-0213037", true, true, true],
    ["cm16-0213037", true, true, true],
    ["CM16-12345", true, true, true],
    ["CM16-1234", true, false, false],
    ["AB16-0213037", true, true, false],
    ["CM16-123456789", false, false, false],
    ["CM6-0213037", false, false, false],
    ["CM16 0213037", false, false, false],
  ])("%s: labelled %s, unlabelled %s, anywhere %s", (text, labelled, unlabelled, anywhere) => {
    expect([whole(LABELLED_CASE_NUMBER).test(text), whole(UNLABELLED_CASE_NUMBER).test(text), whole(MAXIMUS_CASE_NUMBER).test(text)]).toEqual([labelled, unlabelled, anywhere]);
  });
});
