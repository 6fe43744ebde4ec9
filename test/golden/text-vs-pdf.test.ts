/** The same document as text and as a PDF (with running headers and page footers) gives the same contract fields. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { processDocument } from "../../src/core/process.js";
import { scoreRecord } from "../../src/evaluate/score.js";

const SAMPLES = join(import.meta.dirname, "../../samples");
const names = readdirSync(join(SAMPLES, "pdf"))
  .filter((f) => f.endsWith(".pdf"))
  .map((f) => f.slice(0, -".pdf".length));

describe("text and PDF of one document", () => {
  it.each(names)("%s", async (name) => {
    const text = await processDocument(readFileSync(join(SAMPLES, "text", `${name}.txt`)), `${name}.txt`);
    const pdf = await processDocument(readFileSync(join(SAMPLES, "pdf", `${name}.pdf`)), `${name}.pdf`);
    const differences = scoreRecord(text, pdf).filter((field) => field.score < 1);
    expect(differences.map((d) => ({ field: d.name, text: d.gold, pdf: d.got }))).toEqual([]);
  });
});
