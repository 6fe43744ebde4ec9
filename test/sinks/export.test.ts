import { DuckDBInstance } from "@duckdb/node-api";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { exportTables, run } from "../../src/cli/export.js";
import { openCsvSink } from "../../src/sinks/csv.js";
import { openDuckDbSink } from "../../src/sinks/duckdb.js";
import { openPostgresSink } from "../../src/sinks/postgres.js";
import { TABLES } from "../../src/sinks/tables.js";
import { expectedCounts, WITH_PROVENANCE } from "./behaviour.js";
import { makeFailure, makeRecord } from "./factory.js";
import { dropSchema, POSTGRES_URL, postgresAvailable, uniqueSchema } from "./pg-env.js";

const available = await postgresAvailable("test/sinks/export.test.ts");
const schema = uniqueSchema("export");
const results = [...Array.from({ length: 25 }, (_, i) => makeRecord(i)), makeFailure("docs/x.pdf"), makeFailure("docs/y.txt", "", "empty")];
const counts = expectedCounts(results);
let dir: string;
let duckdbPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "imr-export-"));
  duckdbPath = join(dir, "imr.duckdb");
  // every table exported has rows: provenance too
  const sink = await openDuckDbSink(duckdbPath, WITH_PROVENANCE);
  await sink.write(results);
  await sink.close();
  if (available) {
    const pg = await openPostgresSink(POSTGRES_URL, { schema, rowOptions: WITH_PROVENANCE });
    await pg.write(results);
    await pg.close();
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  if (available) await dropSchema(schema);
});

/** Row counts and one checked value per table, read from the Parquet files by DuckDB. */
async function readParquet(out: string): Promise<{ counts: Record<string, number>; overturned: number; dates: string[] }> {
  const instance = await DuckDBInstance.create(":memory:");
  const c = await instance.connect();
  try {
    const file = (t: string) => `'${join(out, `${t}.parquet`).replaceAll("'", "''")}'`;
    const found: Record<string, number> = {};
    for (const t of TABLES) found[t.name] = Number((await c.runAndReadAll(`SELECT count(*) FROM read_parquet(${file(t.name)})`)).getRowsJS()[0]![0]);
    const overturned = Number((await c.runAndReadAll(`SELECT count(*) FROM read_parquet(${file("decisions")}) WHERE outcome = 'overturned'`)).getRowsJS()[0]![0]);
    const dates = (await c.runAndReadAll(`SELECT CAST(decision_date AS VARCHAR) FROM read_parquet(${file("determinations")}) ORDER BY sha256 LIMIT 3`)).getRowsJS().flat() as string[];
    return { counts: found, overturned, dates };
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

const overturned = results.flatMap((r) => ("decisions" in r ? r.decisions : [])).filter((d) => d.outcome === "overturned").length;
const firstDates = results
  .filter((r) => "decisions" in r)
  .map((r) => r as ReturnType<typeof makeRecord>)
  .sort((a, b) => (a.source.sha256 < b.source.sha256 ? -1 : 1))
  .slice(0, 3)
  .map((r) => r.decisionDate);

/** The report's example: share of overturned decisions by reviewer specialty and decision year (portable SQL). */
const OVERTURNED_BY_SPECIALTY_AND_YEAR = `
SELECT s.specialty,
       CAST(EXTRACT(year FROM d.decision_date) AS INTEGER) AS year,
       CAST(count(*) AS INTEGER) AS decisions,
       round(avg(CASE WHEN x.outcome = 'overturned' THEN 1.0 ELSE 0.0 END), 3) AS overturned_share
FROM decisions x
JOIN determinations d ON d.sha256 = x.sha256
JOIN reviewer_specialties s ON s.sha256 = x.sha256
GROUP BY s.specialty, EXTRACT(year FROM d.decision_date)
ORDER BY s.specialty, year`;

function expectedShares(): { specialty: string; year: number; decisions: number; overturned_share: number }[] {
  const groups = new Map<string, { specialty: string; year: number; decisions: number; overturned: number }>();
  for (const r of results) {
    if (!("decisions" in r)) continue;
    for (const specialty of r.reviewer.specialties) {
      const year = Number(r.decisionDate!.slice(0, 4));
      const g = groups.get(`${specialty}|${year}`) ?? { specialty, year, decisions: 0, overturned: 0 };
      g.decisions += r.decisions.length;
      g.overturned += r.decisions.filter((d) => d.outcome === "overturned").length;
      groups.set(`${specialty}|${year}`, g);
    }
  }
  return [...groups.values()]
    .sort((a, b) => (a.specialty === b.specialty ? a.year - b.year : a.specialty < b.specialty ? -1 : 1))
    .map((g) => ({ specialty: g.specialty, year: g.year, decisions: g.decisions, overturned_share: Math.round((g.overturned / g.decisions) * 1000) / 1000 }));
}

describe("analytics over the tables", () => {
  it("share of overturned decisions by reviewer specialty and year, in DuckDB", async () => {
    const instance = await DuckDBInstance.create(duckdbPath, { access_mode: "READ_ONLY" });
    const c = await instance.connect();
    try {
      const rows = (await c.runAndReadAll(OVERTURNED_BY_SPECIALTY_AND_YEAR)).getRowObjectsJS().map((r) => ({ ...r, overturned_share: Number(r.overturned_share) }));
      expect(rows).toEqual(expectedShares());
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it.skipIf(!available)("the same query gives the same answer in PostgreSQL", async () => {
    const pg = await openPostgresSink(POSTGRES_URL, { schema });
    try {
      await pg.client.query(`SET search_path TO "${schema}"`);
      const { rows } = await pg.client.query(OVERTURNED_BY_SPECIALTY_AND_YEAR);
      expect(rows.map((r) => ({ ...r, overturned_share: Number(r.overturned_share) }))).toEqual(expectedShares());
    } finally {
      await pg.close();
    }
  });
});

describe("imr export from DuckDB", () => {
  it("writes readable Parquet files with every row", async () => {
    const out = join(dir, "duck-parquet");
    const files = await exportTables(duckdbPath, "parquet", out);
    expect(files).toHaveLength(TABLES.length);
    expect(await readParquet(out)).toEqual({ counts, overturned, dates: firstDates });
  });

  it("writes the same CSV files the CSV sink writes", async () => {
    const out = join(dir, "duck-csv");
    await exportTables(`duckdb:${duckdbPath}`, "csv", out);
    const sinkOut = join(dir, "sink-csv");
    const sink = await openCsvSink(sinkOut, WITH_PROVENANCE);
    await sink.write(results);
    await sink.close();
    for (const t of TABLES) expect(await readFile(join(out, `${t.name}.csv`), "utf8"), t.name).toBe(await readFile(join(sinkOut, `${t.name}.csv`), "utf8"));
  });

  it("runs from the command line, and exits 3 naming a database that is not there", async () => {
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await run(["--db", duckdbPath, "--format", "parquet", "--out", join(dir, "cli")])).toBe(0);
      expect(stdout.mock.calls.map((c) => String(c[0])).join("")).toContain("decisions.parquet");
      expect(await run(["--db", join(dir, "missing.duckdb"), "--format", "csv", "--out", join(dir, "cli2")])).toBe(3);
      expect(stderr.mock.calls.map((c) => String(c[0])).join("")).toMatch(/cannot open DuckDB database .*missing\.duckdb for reading/);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    await expect(run(["--db", duckdbPath, "--format", "xlsx", "--out", dir])).rejects.toThrow(/--format takes csv or parquet, not "xlsx"/);
    await expect(run(["--db", "mysql://x/y", "--format", "csv", "--out", dir])).rejects.toThrow(/unsupported database "mysql:"/);
  });
});

describe.skipIf(!available)("imr export from PostgreSQL", () => {
  it("writes CSV identical to DuckDB's export of the same results", async () => {
    const out = join(dir, "pg-csv");
    await exportTables(`${POSTGRES_URL}?schema=${schema}`, "csv", out);
    for (const t of TABLES) expect(await readFile(join(out, `${t.name}.csv`), "utf8"), t.name).toBe(await readFile(join(dir, "duck-csv", `${t.name}.csv`), "utf8"));
  });

  it("writes readable Parquet files through an in-memory DuckDB", async () => {
    const out = join(dir, "pg-parquet");
    await exportTables(`${POSTGRES_URL}?schema=${schema}`, "parquet", out);
    expect(await readParquet(out)).toEqual({ counts, overturned, dates: firstDates });
  });
});
