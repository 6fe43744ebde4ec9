// Development aid: score the text samples under each kind of noise.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { processText, sha256 } from "../src/core/process.js";
import { scorePredictions, groupPredictions } from "../src/evaluate/score.js";
import { readGoldDir } from "../src/evaluate/gold.js";
import { perturb, type Noise } from "../test/support/perturb.js";

const folder = "samples/text";
const golds = await readGoldDir(folder);
const files = readdirSync(folder).filter((f) => f.endsWith(".txt"));
const variants: Record<string, Noise> = {
  none: {},
  crlfBlank: { crlf: true, blankLineAfterEveryLine: true, trailingSpaces: true },
  pages: { pageBreakEvery: 23 },
  breakLines: { breakLines: 0.35 },
  splitWords: { splitWords: 0.25 },
  titleCase: { titleCaseHeadings: true },
  outcomeOwnLine: { outcomeOnOwnLine: true },
  all: { crlf: true, blankLineAfterEveryLine: true, pageBreakEvery: 31, breakLines: 0.3, splitWords: 0.2, titleCaseHeadings: true, outcomeOnOwnLine: true },
};
const verbose = process.argv.includes("--verbose");
for (const [name, noise] of Object.entries(variants)) {
  for (const seed of name === "none" ? [1] : [1, 2, 3]) {
    const results = files.map((f) => {
      const text = perturb(readFileSync(join(folder, f), "utf8"), { ...noise, seed });
      return processText(text, { path: f, sha256: sha256(new TextEncoder().encode(text)) });
    });
    const summary = scorePredictions(golds, groupPredictions(results));
    console.log(`${name.padEnd(16)} seed ${seed}: ${(summary.fieldAccuracy * 100).toFixed(2)}%  perfect ${(summary.perfectDocuments * 100).toFixed(1)}%`);
    if (verbose) for (const r of summary.report) for (const w of r.wrong) console.log(`   ${r.id} ${w.name}: gold=${JSON.stringify(w.gold)?.slice(0, 150)} got=${JSON.stringify(w.got)?.slice(0, 150)}`);
  }
}
