import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { benchSink, openSink, parseDatabaseTarget } from "../../src/sinks/index.js";
import { makeRecord } from "./factory.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "imr-open-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("parseDatabaseTarget", () => {
  it("reads DuckDB paths and PostgreSQL URLs", () => {
    expect(parseDatabaseTarget("imr.duckdb")).toEqual({ kind: "duckdb", path: "imr.duckdb" });
    expect(parseDatabaseTarget("data/imr.db")).toEqual({ kind: "duckdb", path: "data/imr.db" });
    expect(parseDatabaseTarget("warehouse")).toEqual({ kind: "duckdb", path: "warehouse" });
    expect(parseDatabaseTarget("duckdb:/var/imr.duckdb")).toEqual({ kind: "duckdb", path: "/var/imr.duckdb" });
    expect(parseDatabaseTarget("duckdb::memory:")).toEqual({ kind: "duckdb", path: ":memory:" });
    expect(parseDatabaseTarget("C:\\data\\imr.duckdb")).toEqual({ kind: "duckdb", path: "C:\\data\\imr.duckdb" });
    expect(parseDatabaseTarget("postgres://u@h/db")).toEqual({ kind: "postgres", url: "postgres://u@h/db" });
    expect(parseDatabaseTarget("postgresql://u@h:6543/db")).toEqual({ kind: "postgres", url: "postgresql://u@h:6543/db" });
  });

  it("refuses other schemes and empty values with a clear message", () => {
    expect(() => parseDatabaseTarget("mysql://u@h/db")).toThrow(/unsupported database "mysql:" .*DuckDB file .*PostgreSQL URL/);
    expect(() => parseDatabaseTarget("sqlite:imr.db")).toThrow(/unsupported database "sqlite:"/);
    expect(() => parseDatabaseTarget("duckdb:")).toThrow(/names no file/);
    expect(() => parseDatabaseTarget(" ")).toThrow(/empty/);
  });
});

describe("openSink", () => {
  it("opens DuckDB for a .duckdb path and a CSV directory for --format csv", async () => {
    const duck = await openSink({ db: join(dir, "x.duckdb") });
    await duck.write([makeRecord(1)]);
    expect((await duck.knownKeys()).size).toBe(1);
    await duck.close();
    const csv = await openSink({ format: "csv", out: join(dir, "csv") });
    await csv.write([makeRecord(1)]);
    await csv.close();
    expect(await readFile(join(dir, "csv", "determinations.csv"), "utf8")).toContain(makeRecord(1).source.sha256);
  });

  it("says what is wrong with a target it cannot open", async () => {
    await expect(openSink({ db: "mysql://x/y" })).rejects.toThrow(/unsupported database/);
    await expect(openSink({ db: "x.duckdb", format: "csv" })).rejects.toThrow(/either a database .* or a file format/);
    await expect(openSink({ format: "csv" })).rejects.toThrow(/--out DIR/);
    await expect(openSink({ format: "parquet" as "csv" })).rejects.toThrow(/unknown output format "parquet"/);
    await expect(openSink({ db: "postgres://postgres@127.0.0.1:5999/test" })).rejects.toThrow(/cannot connect to PostgreSQL at 127\.0\.0\.1:5999\/test/);
  });

  it("hands JSONL to the ingest's JSONL sink, or says it is not there", async () => {
    const out = join(dir, "out.jsonl");
    let sink;
    try {
      sink = await openSink({ format: "jsonl", out });
    } catch (error) {
      expect(String(error)).toMatch(/JSONL output is handled by imr ingest/);
      return;
    }
    await sink.write([makeRecord(3)]);
    await sink.close();
    expect(JSON.parse(await readFile(out, "utf8"))).toEqual(makeRecord(3));
  });
});

describe("benchSink", () => {
  it("times every batch and the close", async () => {
    const sink = await openSink({ db: "duckdb::memory:" });
    const timing = await benchSink(sink, Array.from({ length: 50 }, (_, i) => makeRecord(i)), 20);
    expect(timing).toMatchObject({ results: 50, batches: 3 });
    expect(timing.totalMs).toBeGreaterThan(0);
  });
});
