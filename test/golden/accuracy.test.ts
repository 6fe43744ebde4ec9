/**
 * The accuracy floors, measured exactly as the contract scores (src/evaluate
 * is a port of the shared scorer), against the hand-labelled gold records in
 * samples/. The golden tests pin every record; these pin what the figures
 * must not fall below, so a change that trades one field for another shows
 * in both places.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateFiles } from "../../src/evaluate/evaluate.js";
import { readGoldDir } from "../../src/evaluate/gold.js";

const SAMPLES = join(import.meta.dirname, "../../samples");

async function evaluateCorpus(corpus: string) {
  const folder = corpus === "lookalikes" ? join(import.meta.dirname, "../fixtures/lookalikes") : join(SAMPLES, corpus);
  const files = readdirSync(folder)
    .filter((f) => /\.(txt|pdf)$/.test(f))
    .map((f) => join(folder, f));
  return evaluateFiles(files, await readGoldDir(folder));
}

describe("field accuracy against gold", () => {
  it.each([
    ["text", 0.99],
    ["pdf", 0.98],
    ["real", 0.99],
    // letters written otherwise, each batch first read blind; those in no known layout (g33, g43, g47) are the hardest
    ["probe", 0.98],
    // letters printed, scanned and read back by OCR: headings, labels and outcomes are read through the misreadings
    ["ocr", 0.85],
    // letters about IMR that are no final determination (a UR letter, an IMR application, a WCAB order ...): every one refused
    ["lookalikes", 1],
  ])("samples/%s stays at or above %s", async (corpus, floor) => {
    const { summary } = await evaluateCorpus(corpus);
    expect(summary.missing).toBe(0);
    expect(summary.fieldAccuracy).toBeGreaterThanOrEqual(floor);
  });

  it("the real published seed determination scores 100 %", async () => {
    const folder = join(SAMPLES, "text");
    const { summary } = await evaluateFiles([join(folder, "seed-0001.txt")], await readGoldDir(folder));
    expect(summary.report).toEqual([]);
    expect(summary.fieldAccuracy).toBe(1);
  });
});
