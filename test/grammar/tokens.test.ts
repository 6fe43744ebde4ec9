import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CustomPatternMatcherFunc } from "chevrotain";
import { describe, expect, it } from "vitest";
import { tokenize } from "../../grammar/lexer.js";
import { allTokens, HEADER_LABEL_SOURCES, Text } from "../../grammar/tokens.js";
import { normalizeText } from "../../src/normalize/index.js";
import { perturb } from "../support/perturb.js";

const SAMPLES = join(import.meta.dirname, "..", "..", "samples", "text");
const texts = readdirSync(SAMPLES)
  .filter((name) => name.endsWith(".txt"))
  .map((name) => normalizeText(readFileSync(join(SAMPLES, name), "utf8")).text);

// The lexer tries at each offset only the tokens whose hint holds the character there:
// a hint that missed a character a token can start with would silently drop that token.
describe("start_chars_hint", () => {
  const hinted = allTokens.filter((token) => typeof token.PATTERN === "function");
  it.each(hinted.map((token) => [token.name, token] as const))("%s matches only where its hint allows", (_, token) => {
    const hint = new Set((token.START_CHARS_HINT ?? []).map((c) => (typeof c === "string" ? c.charCodeAt(0) : c)));
    const pattern = token.PATTERN as CustomPatternMatcherFunc;
    const outside: string[] = [];
    for (const text of texts) {
      for (let offset = 0; offset < text.length; offset++) {
        if (hint.has(text.charCodeAt(offset))) continue;
        const match = pattern(text, offset, [], {});
        if (match) outside.push(match[0]);
      }
    }
    expect(outside).toEqual([]);
  });
});

// Running text stops at a line end, before a header label (which may go on past the line's end)
// and before an outcome closing the line. The Text token skips that search on lines that can hold
// neither; the plain search is the oracle it must agree with at every offset.
describe("Text", () => {
  const OUTCOME = "(?: ?[:\\-–] ?)(?:UPHELD|OVERTURNED)(?=\\n|$)";
  const STOP = new RegExp(`\\n|[ \\n](?=${Object.values(HEADER_LABEL_SOURCES).join("|")})|${OUTCOME}`, "gi");
  const plainEnd = (text: string, offset: number): number => {
    STOP.lastIndex = offset;
    const stop = STOP.exec(text);
    return stop === null ? text.length : stop[0] === " " ? stop.index + 1 : stop.index;
  };
  const textEnd = (text: string, offset: number): number | null => {
    const match = (Text.PATTERN as CustomPatternMatcherFunc)(text, offset, [], {});
    return match ? offset + match[0].length : null;
  };

  it.each([
    ["stops at the line end", "running text here\nnext line", 0, "running text here"],
    ["stops before a label", "see the record Date Assigned: 1/2/2015", 0, "see the record "],
    ["stops before a label that goes on past the line end", `${"x".repeat(70)} Date\nof Injury: 1/2/2015`, 0, `${"x".repeat(70)} `],
    ["stops before an outcome at the line end", "1. Physical therapy: Upheld", 3, "Physical therapy"],
    ["runs on over a colon far from a label", "Note: the reviewer read the records and found nothing to add", 0, "Note: the reviewer read the records and found nothing to add"],
  ])("%s", (_, text, offset, image) => {
    expect(text.slice(offset, textEnd(text, offset)!)).toBe(image);
  });

  it("ends where the plain stop search ends, at every offset of every sample", () => {
    const variants = texts.flatMap((text) => [text, perturb(text, { breakLines: 0.5, outcomeOnOwnLine: true, seed: text.length })]);
    const differences: string[] = [];
    for (const text of variants) {
      for (let offset = 0; offset < text.length; offset++) {
        const plain = plainEnd(text, offset);
        const ours = textEnd(text, offset);
        if ((plain <= offset ? null : plain) !== ours) differences.push(JSON.stringify(text.slice(offset, offset + 60)));
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });
});

// Headings as letters type them: a doubled letter single, "ie" as "ei", wordings of other templates.
describe("section headings", () => {
  it.each([
    ["MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESIONAL REVIEWER AND WHY:", "ProfessionalGuidelinesHeading"],
    ["CASE SUMARY:", "CaseSummaryHeading"],
    ["DOCUMENTS REVEIWED FOR DETERMINATION:", "DocumentsReviewedHeading"],
    ["CLINICAL SUMMARY", "CaseSummaryHeading"],
    ["Expert Reviewer's Clinical Case Summary", "CaseSummaryHeading"],
    ["SUMMARY OF RECORDS", "CaseSummaryHeading"],
    ["IMR ISSUE(S), DECISION(S) AND RATIONALE(S):", "IssuesHeading"],
    ["IMR ISSUES AND DECISIONS", "IssuesHeading"],
    ["Decisions and Rationales", "IssuesHeading"],
    ["DISPUTED ITEMS/SERVICES", "IssuesHeading"],
    ["SUMMARY OF THE CLINICAL CASE", "CaseSummaryHeading"],
    ["CLINICAL SUMMARY PREPARED BY THE EXPERT REVIEWER", "CaseSummaryHeading"],
    ["CLINICAL SUMMARY OF THE CASE", "CaseSummaryHeading"],
    ["HOW WE MADE THE IMR FINAL DETERMINATION", "HowMadeHeading"],
    ["HOW THE FINAL DETERMINATION WAS MADE", "HowMadeHeading"],
    ["DISPUTED ITEMS/SERVICES: DECISIONS AND RATIONALES", "IssuesHeading"],
    ["ISSUE(S) IN DISPUTE:", "DisputeHeading"],
    ["GUIDELINES APPLIED BY THE REVIEWER AND REASON FOR THEIR SELECTION:", "ProfessionalGuidelinesHeading"],
    ["CLINICAL GUIDELINES USED BY THE REVIEWER, AND WHY:", "ProfessionalGuidelinesHeading"],
    ["RATIONALE FOR THE DETERMINATION ON EACH ISSUE:", "ProfessionalRationaleHeading"],
    ["ISSUE(S) AT DISPUTE:", "DisputeHeading"],
    ["QUALIFICATIONS OF THE MEDICAL REVIEWER:", "QualificationsHeading"],
    ["DOCUMENTS REVIEWED FOR THIS DETERMINATION:", "DocumentsReviewedHeading"],
    // as a scan reads them back: l for I, 1 for l, 0 for O, rn for m, V for Y
    ["HOW THE lMR FlNAL DETERMINATI0N WAS MADE", "HowMadeHeading"],
    ["CLlNICAL CASE SUMMARV", "CaseSummaryHeading"],
    ["lMR ISSUES, DECISIONS AND RATI0NALES", "IssuesHeading"],
    ["Claims Adrninistrator guideline:", "ClaimsAdministratorGuidelineLabel"],
    ["Decision rationa1e:", "DecisionRationaleLabel"],
    ["MAXlMUS guideline:", "ReviewerGuidelineLabel"],
  ])("%s is a %s", (line, name) => {
    const token = allTokens.find((t) => t.name === name)!;
    const match = (token.PATTERN as CustomPatternMatcherFunc)(`${line}\nThe text.`, 0, [], {});
    expect(match?.[0].replace(/:$/, "")).toBe(line.replace(/:$/, ""));
  });

  it.each(["Clinical Summary: The patient is a 52-year-old male.", "Decisions were made by the reviewer and rationales given"])("%s is no heading", (line) => {
    const headings = allTokens.filter((t) => ["CaseSummaryHeading", "IssuesHeading"].includes(t.name));
    expect(headings.map((t) => (t.PATTERN as CustomPatternMatcherFunc)(`${line}\n`, 0, [], {}))).toEqual([null, null]);
  });
});

describe("outcome words as a scan reads them back", () => {
  it.each([
    ["Omeprazole 20mg #60: UpheId", "upheld"],
    ["Aquatic therapy 2 x 5: 0verturned", "overturned"],
    ["Psychotherapy sessions x 12: 0vertumed", "overturned"],
    ["Xanax 0.5mg #60: Uphe1d", "upheld"],
  ])("%s", (line, value) => {
    const outcome = allTokens.find((t) => t.name === "Outcome")!;
    const at = line.indexOf(":");
    const match = (outcome.PATTERN as CustomPatternMatcherFunc)(`${line}\n`, at, [], {});
    expect(match?.[0].trim()).toBe(line.slice(at).trim());
    expect(/uphe/i.test(match![0]) ? "upheld" : "overturned").toBe(value);
  });
});

describe("labels of a decision's parts in other words", () => {
  it.each([
    ["Claims Administrator guideline:", "ClaimsAdministratorGuidelineLabel"],
    ["Basis of UR decision:", "ClaimsAdministratorGuidelineLabel"],
    ["Guideline cited in the UR decision:", "ClaimsAdministratorGuidelineLabel"],
    ["What Utilization Review relied on:", "ClaimsAdministratorGuidelineLabel"],
    ["UR's guideline basis:", "ClaimsAdministratorGuidelineLabel"],
    ["Reviewer comments:", "DecisionRationaleLabel"],
    ["Claims administrator's basis:", "ClaimsAdministratorGuidelineLabel"],
    ["Guideline(s) cited by UR:", "ClaimsAdministratorGuidelineLabel"],
    ["Medical Treatment Guideline(s) Used by the Claims Administrator:", "ClaimsAdministratorGuidelineLabel"],
    ["Standards applied by the reviewer:", "ReviewerGuidelineLabel"],
    ["Guideline applied on review:", "ReviewerGuidelineLabel"],
    ["What the expert reviewer relied on:", "ReviewerGuidelineLabel"],
    ["IMR reviewer relied upon:", "ReviewerGuidelineLabel"],
    ["Medical evidence relied on by the reviewer:", "ReviewerGuidelineLabel"],
    ["Reviewer's basis:", "ReviewerGuidelineLabel"],
    ["Why this decision was made:", "DecisionRationaleLabel"],
    ["Clinical rationale:", "DecisionRationaleLabel"],
    ["Medical basis:", "DecisionRationaleLabel"],
    ["MAXIMUS Federal Services guideline:", "ReviewerGuidelineLabel"],
    ["Basis for the determination:", "DecisionRationaleLabel"],
    ["Basis cited at UR:", "ClaimsAdministratorGuidelineLabel"],
    ["Guideline(s) the reviewer relied on:", "ReviewerGuidelineLabel"],
    ["IMR criteria:", "ReviewerGuidelineLabel"],
    ["Criteria used by UR:", "ClaimsAdministratorGuidelineLabel"],
    ["Reasoning of the reviewer:", "DecisionRationaleLabel"],
    ["Discussion:", "DecisionRationaleLabel"],
    ["Rationale for the Decisi0n:", "DecisionRationaleLabel"],
    ["Finding: UPHELD", "DeterminationLabel"],
    ["Outcome for this item: Upheld.", "DeterminationLabel"],
  ])("%s opens a %s", (line, name) => {
    expect(tokenize(`${line}\nThe text.`).tokens[0]?.tokenType.name).toBe(name);
  });

  // a sentence, or a label that names no party or no reliance, opens no part
  it.each(["The reviewer relied upon the following records, which are listed below.", "Reviewer:", "Reviewed by: Jane Roe, MD", "Utilization Review Date: 03/03/2015"])("%s opens none", (line) => {
    const first = tokenize(`${line}\nThe text.`).tokens[0]?.tokenType.name;
    expect(["ClaimsAdministratorGuidelineLabel", "ReviewerGuidelineLabel", "DecisionRationaleLabel"]).not.toContain(first);
  });
});
