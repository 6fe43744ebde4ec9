#!/usr/bin/env node
// The corpus check: run the pipeline over every sample and score it against
// the gold records beside it, one summary line per corpus plus the fields it
// gets wrong, so each change shows what it gained and lost. Uses the built
// library (dist/), so run `npm run build` first.
//
//   node scripts/eval.mjs [--verbose] [CORPUS_DIR...]
//
// --verbose also lists each document's wrong fields, as `imr eval` does.
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist", "src", "evaluate");
if (!existsSync(join(dist, "evaluate.js"))) {
  console.error("eval.mjs: dist/ has no build of src/evaluate; run `npm run build` first.");
  process.exit(2);
}
const { evaluateFiles } = await import(join(dist, "evaluate.js"));
const { readGoldDir, GOLD_SUFFIX } = await import(join(dist, "gold.js"));
const { formatCorpusSummary, formatDocumentReport } = await import(join(dist, "format.js"));

const args = process.argv.slice(2);
const verbose = args.includes("--verbose");
const named = args.filter((a) => !a.startsWith("--"));
const corpora = named.length ? named : ["samples/text", "samples/pdf", "samples/real", "samples/probe", "samples/ocr", "test/fixtures/lookalikes", "test/fixtures/refused"].map((d) => join(root, d));

for (const dir of corpora) {
  const name = relative(root, dir) || dir;
  let files;
  try {
    // Each document is scored against its own folder's gold records; the gold files themselves are not inputs.
    files = readdirSync(dir)
      .filter((f) => !f.endsWith(GOLD_SUFFIX) && /\.(txt|pdf)$/i.test(f))
      .sort()
      .map((f) => join(dir, f));
  } catch (error) {
    console.log(`${name}: cannot read the folder (${error.message})`);
    process.exitCode = 1;
    continue;
  }
  const evaluation = await evaluateFiles(files, await readGoldDir(dir));
  for (const line of formatCorpusSummary(name, evaluation)) console.log(line);
  if (verbose) for (const entry of evaluation.summary.report) for (const line of formatDocumentReport(entry)) console.log(`    ${line}`);
}
