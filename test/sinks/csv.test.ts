import { DuckDBInstance } from "@duckdb/node-api";
import { chmod, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csvField, csvLine, openCsvSink } from "../../src/sinks/csv.js";
import { TABLES } from "../../src/sinks/tables.js";
import { expectedCounts, WITH_PROVENANCE } from "./behaviour.js";
import { parseCsv } from "./csv-parse.js";
import { makeFailure, makeRecord, sha } from "./factory.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "imr-csv-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readTable(out: string, table: string): Promise<(string | null)[][]> {
  return parseCsv(await readFile(join(out, `${table}.csv`), "utf8"));
}

describe("CSV fields", () => {
  it("quote only what RFC 4180 needs, and tell NULL from the empty string", () => {
    expect(csvLine(["plain", 'say "hi"', "a,b", "two\nlines", "", null, 42, false, " padded"])).toBe(
      'plain,"say ""hi""","a,b","two\nlines","",,42,false, padded\r\n',
    );
    expect(csvField("CM15-0048213")).toBe("CM15-0048213");
  });
});

describe("CSV sink", () => {
  const records = Array.from({ length: 12 }, (_, i) => makeRecord(i));
  const all = [...records, makeFailure("docs/bad.pdf")];

  it("writes one file per table that parses back to the records", async () => {
    const out = join(dir, "first");
    const sink = await openCsvSink(out, WITH_PROVENANCE);
    await sink.write(all.slice(0, 5));
    await sink.write(all.slice(5));
    await sink.close();
    expect((await readdir(out)).filter((f) => f.endsWith(".csv")).sort()).toEqual(TABLES.map((t) => `${t.name}.csv`).sort());
    const expected = expectedCounts(all);
    for (const table of TABLES) {
      const rows = await readTable(out, table.name);
      expect(rows[0], table.name).toEqual(table.columns.map((c) => c.name));
      expect(rows.length - 1, table.name).toBe(expected[table.name]);
    }
    const decisions = await readTable(out, "decisions");
    const r3 = records[3]!;
    const row = decisions.find((d) => d[0] === r3.source.sha256 && d[1] === "0")!;
    expect(row).toEqual([r3.source.sha256, "0", r3.decisions[0]!.item, "overturned", "true", r3.decisions[0]!.claimsAdministratorGuideline, r3.decisions[0]!.reviewerGuideline, r3.decisions[0]!.rationale]);
    const determinations = await readTable(out, "determinations");
    const d5 = determinations.find((d) => d[0] === records[5]!.source.sha256)!;
    expect(d5[9]).toBe(String(records[5]!.patient.age));
    expect(d5[8]).toBeNull(); // applicationReceivedDate of every fifth record is null
    const provenance = await readTable(out, "provenance");
    expect(JSON.parse(provenance.find((p) => p[0] === records[5]!.source.sha256)![1]!)).toEqual(records[5]!.provenance);
  });

  it("reads back through DuckDB's CSV reader with the same rows", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    try {
      const file = join(dir, "first", "decisions.csv").replaceAll("'", "''");
      const rows = (await c.runAndReadAll(`SELECT sha256, position, rationale FROM read_csv('${file}', header = true) ORDER BY sha256, position`)).getRowObjectsJS();
      expect(rows).toHaveLength(expectedCounts(all).decisions!);
      const r3 = records[3]!;
      expect(rows.find((r) => r.sha256 === r3.source.sha256 && Number(r.position) === 0)!.rationale).toBe(r3.decisions[0]!.rationale);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it("loading again changes nothing; a changed file replaces its rows", async () => {
    const out = join(dir, "first");
    const sink = await openCsvSink(out, WITH_PROVENANCE);
    expect((await sink.knownKeys()).size).toBe(all.length);
    const changed = makeRecord(4, { source: { path: records[4]!.source.path, sha256: sha("case-4 v2") }, decisions: [records[4]!.decisions[0]!] });
    await sink.write(all);
    await sink.write([changed]);
    await sink.close();
    const now = [...all.filter((r) => r !== records[4]), changed];
    for (const table of TABLES) expect((await readTable(out, table.name)).length - 1, table.name).toBe(expectedCounts(now)[table.name]);
    const determinations = await readTable(out, "determinations");
    expect(determinations.filter((d) => d[1] === records[4]!.source.path).map((d) => d[0])).toEqual([changed.source.sha256]);
  });

  it("fails naming the directory when it cannot be created", async () => {
    const file = join(dir, "a-file");
    await writeFile(file, "not a directory");
    await expect(openCsvSink(join(file, "out"))).rejects.toThrow(/cannot write CSV output to directory .*a-file\/out/);
  });

  it.skipIf(process.getuid?.() === 0)("fails naming the directory when it is read-only", async () => {
    const locked = join(dir, "locked");
    const sink = await openCsvSink(locked);
    await sink.close();
    await chmod(locked, 0o500);
    try {
      await expect(openCsvSink(locked)).rejects.toThrow(/locked/);
    } finally {
      await chmod(locked, 0o700);
    }
  });
});
