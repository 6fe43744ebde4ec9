/**
 * The real pipeline into the DuckDB sink: whatever `processDocument` makes of
 * the sample texts (records, failures or a mix, as the extractor matures) is
 * stored with row counts that agree with the results.
 */
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processDocument } from "../../src/core/process.js";
import { failureSchema, isFailure, recordSchema, type Result } from "../../src/record/schema.js";
import { openDuckDbSink } from "../../src/sinks/duckdb.js";
import { resultKey } from "../../src/sinks/sink.js";
import { DEFAULT_ROW_OPTIONS } from "../../src/sinks/tables.js";
import { counts, duckDbHarness, expectedCounts } from "./behaviour.js";

const SAMPLES = "samples/text";
let dir: string;
let results: Result[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "imr-samples-"));
  const files = (await readdir(SAMPLES)).filter((f) => f.endsWith(".txt")).sort();
  results = await Promise.all(files.map(async (f) => processDocument(await readFile(join(SAMPLES, f)), join(SAMPLES, f))));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("samples through the DuckDB sink", () => {
  it("stores every result, twice over without doubling", async () => {
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) (isFailure(r) ? failureSchema : recordSchema).parse(r);
    const path = join(dir, "samples.duckdb");
    for (let pass = 0; pass < 2; pass++) {
      const sink = await openDuckDbSink(path);
      try {
        await sink.write(results);
        expect(await counts(duckDbHarness(() => path), sink)).toEqual(expectedCounts(results, DEFAULT_ROW_OPTIONS));
        expect(await sink.knownKeys()).toEqual(new Set(results.map((r) => resultKey(r.source.sha256, r.source.path))));
      } finally {
        await sink.close();
      }
    }
    const records = results.filter((r) => !isFailure(r)).length;
    console.info(`samples/text: ${records} records, ${results.length - records} failures stored`);
  });
});
