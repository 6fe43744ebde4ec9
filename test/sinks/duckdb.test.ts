import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDuckDbSink } from "../../src/sinks/duckdb.js";
import { duckDbHarness, sinkBehaviour } from "./behaviour.js";
import { makeRecord } from "./factory.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "imr-duckdb-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("DuckDB sink", () => {
  sinkBehaviour(() => duckDbHarness(() => join(dir, "imr.duckdb")));

  it("fails with the path named when the file cannot be created", async () => {
    await expect(openDuckDbSink(join(dir, "no", "such", "dir", "x.duckdb"))).rejects.toThrow(/cannot open DuckDB database .*x\.duckdb/);
  });

  it("refuses a database whose tables have other columns", async () => {
    const path = join(dir, "old.duckdb");
    const sink = await openDuckDbSink(path);
    await sink.connection.run("ALTER TABLE decisions DROP COLUMN rationale");
    await sink.close();
    await expect(openDuckDbSink(path)).rejects.toThrow(/old\.duckdb: table decisions has columns/);
  });

  it("refuses writes after close and closes twice without complaint", async () => {
    const sink = await openDuckDbSink(join(dir, "closed.duckdb"));
    await sink.close();
    await sink.close();
    await expect(sink.write([makeRecord(1)])).rejects.toThrow(/closed/);
  });
});
