/**
 * Robustness: the same document under PDF-text noise (line endings, blank
 * lines, page breaks with running headers in mid-paragraph, lines broken
 * elsewhere, words split by hyphens, title-case headings, outcomes on their
 * own line) must give the same record, field for field as the contract scores.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { processText } from "../../src/core/process.js";
import { scoreRecord } from "../../src/evaluate/score.js";
import { isFailure } from "../../src/record/schema.js";
import { perturb, type Noise } from "../support/perturb.js";

const samples = join(import.meta.dirname, "../../samples");
const source = { path: "doc.txt", sha256: "0".repeat(64) };

/**
 * Every text document the parser reads right: the corpus's and the probes
 * written to phrase things other ways, where the clean record matches the
 * gold record beside it field for field. One it reads wrong is pinned by the
 * golden test and counted by the accuracy floor; whether noise moves a wrong
 * reading elsewhere says nothing.
 */
const documents = ["text", "probe"]
  .flatMap((corpus) =>
    readdirSync(join(samples, corpus))
      .filter((f) => f.endsWith(".txt"))
      .map((f) => join(corpus, f)),
  )
  .map((file) => {
    const text = readFileSync(join(samples, file), "utf8");
    return { file, text, clean: processText(text, source) };
  })
  .filter(({ file, clean }) => {
    const goldFile = join(samples, file.replace(/\.txt$/, ".gold.json"));
    return !existsSync(goldFile) || scoreRecord(JSON.parse(readFileSync(goldFile, "utf8")), clean).every((field) => field.score === 1);
  });

const NOISE: Record<string, Noise> = {
  "CRLF, trailing spaces and a blank line after every line": { crlf: true, trailingSpaces: true, blankLineAfterEveryLine: true },
  "page breaks with footer and running header mid-paragraph": { pageBreakEvery: 23 },
  "lines broken at other places": { breakLines: 0.35 },
  "words split across lines": { splitWords: 0.25 },
  "headings in title case": { titleCaseHeadings: true },
  "outcome words on their own line": { outcomeOnOwnLine: true },
  "all of it at once": { crlf: true, blankLineAfterEveryLine: true, pageBreakEvery: 31, breakLines: 0.3, splitWords: 0.2, titleCaseHeadings: true, outcomeOnOwnLine: true },
};

/**
 * What a noise may change in a document, and why: a heading the grammar does
 * not know ends the rationale before it only while it is in capitals, so
 * written in title case it runs on into that rationale; and an unmarked list,
 * or a list in a rationale that looks like items, is read by its lines, which
 * broken elsewhere no longer bound its entries.
 */
const DECISION_FIELDS = ["item", "outcome", "medicallyNecessary", "claimsAdministratorGuideline", "reviewerGuideline", "rationale"];
const KNOWN_LIMITS: Record<string, { noises: string[]; fields: string[] }> = {
  // an attached UR notice after the last rationale, titled "NOTICE OF UTILIZATION REVIEW DECISION"
  "probe/g18-14.txt": { noises: ["headings in title case", "all of it at once"], fields: ["decisions[2].rationale"] },
  // "REVIEWER CREDENTIALS" after the last rationale
  "probe/g32-09.txt": { noises: ["headings in title case", "all of it at once"], fields: ["decisions[3].rationale"] },
  // a numbered history in a rationale whose third entry ends "...: Upheld": it is told from an item by the list's
  // numbers opening lines, which lines broken elsewhere no longer do
  "probe/g32-11.txt": {
    noises: ["lines broken at other places", "all of it at once"],
    fields: ["decisions.count", "decisions[1].medicallyNecessary", "decisions[1].rationale", ...[2, 3].flatMap((i) => DECISION_FIELDS.map((field) => `decisions[${i}].${field}`))],
  },
  // questions put to the reviewer, each opening its line ("Question 2: Is the following service ..."): broken
  // elsewhere, a question may no longer open a line
  "probe/g43-03.txt": {
    noises: ["lines broken at other places", "all of it at once"],
    fields: ["decisions.count", ...[0, 1, 2].flatMap((i) => DECISION_FIELDS.map((field) => `decisions[${i}].${field}`))],
  },
  // diagnoses one to a line with no marker and no comma between them: broken at other places, the lines no longer say
  // where one ends
  "probe/g45-01.txt": { noises: ["lines broken at other places", "all of it at once"], fields: ["diagnoses"] },
  "probe/g45-03.txt": { noises: ["lines broken at other places", "all of it at once"], fields: ["diagnoses"] },
};

describe.each(Object.entries(NOISE))("noise: %s", (name, noise) => {
  it.each(documents)("$file keeps its record", ({ file, text, clean }) => {
    const limit = KNOWN_LIMITS[file];
    const mayChange = limit?.noises.includes(name) ? limit.fields : [];
    for (const seed of [1, 2, 3]) {
      const noisy = processText(perturb(text, { ...noise, seed, caseNumber: isFailure(clean) ? undefined : clean.caseNumber }), source);
      expect(isFailure(noisy)).toBe(isFailure(clean));
      const wrong = scoreRecord(clean, noisy).filter((field) => field.score < 1 && !mayChange.includes(field.name));
      expect(wrong.map((w) => ({ field: w.name, clean: w.gold, noisy: w.got }))).toEqual([]);
    }
  });
});
