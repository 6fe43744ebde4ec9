/**
 * Golden tests: every document in samples/ parsed into a whole record (the
 * contract fields and layout, without provenance) and compared with
 * `<name>.expected.json` beside it. A missing expected file is written on
 * first run; `UPDATE=1 npx vitest run test/golden` rewrites them, so a change
 * in extraction shows up as a reviewable diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { processDocument } from "../../src/core/process.js";
import { isFailure, type Result } from "../../src/record/schema.js";

const SAMPLES = join(import.meta.dirname, "../../samples");
const UPDATE = process.env.UPDATE === "1";

function contractView(result: Result): unknown {
  if (isFailure(result)) return { error: result.error.code };
  const { source: _source, provenance: _provenance, warnings, ...fields } = result;
  return { ...fields, warnings: warnings.map((w) => w.code) };
}

/**
 * Documents that give no record, kept out of samples/ so that ingesting the samples gives records only: documents
 * that are not determinations, and determinations in no known layout that the parser still refuses (their gold
 * records beside them, so that `npm run eval` scores them too).
 */
const LOOKALIKES = join(import.meta.dirname, "../fixtures/lookalikes");
const REFUSED = join(import.meta.dirname, "../fixtures/refused");

for (const [corpus, folder] of [...["text", "pdf", "real", "probe", "ocr"].map((c) => [c, join(SAMPLES, c)]), ["lookalikes", LOOKALIKES], ["refused", REFUSED]] as const) {
  const documents = readdirSync(folder).filter((f) => f.endsWith(".txt") || f.endsWith(".pdf"));
  describe(`golden records: ${corpus}`, () => {
    it.each(documents)("%s", async (file) => {
      const result = await processDocument(readFileSync(join(folder, file)), `${corpus}/${file}`);
      const actual = contractView(result);
      const expectedPath = join(folder, `${basename(file, extname(file))}.expected.json`);
      if (UPDATE || !existsSync(expectedPath)) writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
      expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, "utf8")));
    });
  });
}
