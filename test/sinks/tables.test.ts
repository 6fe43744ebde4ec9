import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { failureSchema, recordSchema } from "../../src/record/schema.js";
import { isFailure, type Result } from "../../src/record/schema.js";
import { batchChanges, coverageGaps, ddl, planBatch, resultDigest, rowsOf, schemaPaths, TABLES, type StoredKey } from "../../src/sinks/tables.js";
import { makeFailure, makeRecord, sha } from "./factory.js";

describe("table definitions", () => {
  it("carry every field of the record and failure schemas, and name no field that is not there", () => {
    expect(coverageGaps()).toEqual({ uncovered: [], unknown: [] });
  });

  it("notice a field added to the schema without a column, and a column left behind by a removed field", () => {
    const grown = recordSchema.extend({ county: z.string().nullable(), patient: recordSchema.shape.patient.extend({ occupation: z.string() }) });
    expect(coverageGaps({ record: grown, failure: failureSchema }).uncovered.sort()).toEqual(["record: county", "record: patient.occupation"]);
    const shrunk = recordSchema.omit({ injuryDate: true });
    expect(coverageGaps({ record: shrunk, failure: failureSchema }).unknown).toEqual(["record: injuryDate"]);
  });

  it("walk nested objects and lists the way the covers name them", () => {
    const paths = schemaPaths(recordSchema).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(["source.sha256", "patient.age", "urDecisionDates[]", "reviewer.licensure[]", "decisions[].outcome", "provenance[].pageLine"]));
  });

  it("give rows whose cells line up with the columns", () => {
    const record = makeRecord(5);
    for (const table of TABLES) for (const row of table.rows(record)) expect(row).toHaveLength(table.columns.length);
    const [decision] = TABLES.find((t) => t.name === "decisions")!.rows(record);
    expect(decision!.slice(0, 4)).toEqual([record.source.sha256, 0, record.decisions[0]!.item, record.decisions[0]!.outcome]);
    expect(TABLES.find((t) => t.name === "failures")!.rows(record)).toEqual([]);
  });

  it("DDL creates every table in DuckDB and is safe to run twice", async () => {
    const instance = await DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    try {
      await c.run(ddl("duckdb"));
      await c.run(ddl("duckdb"));
      for (const table of TABLES) {
        const columns = (await c.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = '${table.name}' ORDER BY ordinal_position`)).getRowsJS().flat();
        expect(columns).toEqual(table.columns.map((col) => col.name));
      }
      const comment = (await c.runAndReadAll("SELECT comment FROM duckdb_tables() WHERE table_name = 'decisions'")).getRowsJS()[0]![0];
      expect(comment).toBe("one row per treatment item decided (key: sha256, position)");
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it("PostgreSQL DDL puts everything in the schema asked for", () => {
    const sql = ddl("postgres", { schema: "imr" });
    expect(sql).toMatch(/^CREATE SCHEMA IF NOT EXISTS "imr";/);
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS "imr"."determinations"');
    expect(sql).toContain('CREATE INDEX IF NOT EXISTS "determinations_path_idx" ON "imr"."determinations" ("path");');
    expect(sql).toContain('"warnings" JSON NOT NULL');
  });

  it("plan a batch keeping the last result per path and one record per sha256", () => {
    const a = makeRecord(1);
    const sameBytes = makeRecord(1, { source: { path: "elsewhere/case-1.txt", sha256: a.source.sha256 } });
    const failed = makeFailure(a.source.path, "case-1 unreadable", "unreadable");
    const plan = planBatch([a, failed, sameBytes, makeRecord(2)]);
    expect(plan.paths).toEqual([a.source.path, "elsewhere/case-1.txt", "docs/case-2.txt"]);
    expect(plan.recordShas).toEqual([a.source.sha256, makeRecord(2).source.sha256]);
    expect(plan.results).toEqual([failed, sameBytes, makeRecord(2)]);
    const rows = rowsOf(plan.results);
    expect(rows.get("failures")).toHaveLength(1);
    expect(rows.get("determinations")!.map((row) => row[1])).toEqual(["elsewhere/case-1.txt", "docs/case-2.txt"]);
  });

  it("digest a result as every version since the provenance table did, so a reload after an upgrade rewrites nothing", () => {
    // Pinned values: a change here makes every stored document look changed to the next load.
    const nonLatin = makeRecord(7, { diagnoses: ["Lumbar strain — chronic", "naïve 😀 ⟨x⟩"] });
    expect([resultDigest(makeRecord(5)), resultDigest(makeFailure("docs/broken-1.pdf")), resultDigest(nonLatin)]).toEqual([
      "d04ad3bcb046d37233d72e567d0bf61c47c48705cb0c6ac7b0ca8df3797cd533",
      "16970f2b6d17a4f14235c194f39fc5dc514440b33c6b52a5d96301bd91bb1498",
      "60884c61531d144f3cc681434b531b010658d39ad2c696fdc12b7934f8af2ffe",
    ]);
  });

  it("digest what is stored: provenance changes a record's digest, not a failure's", () => {
    const withProvenance = { provenance: true };
    const record = makeRecord(5);
    const failure = makeFailure("docs/broken-1.pdf");
    expect(resultDigest(record, withProvenance)).not.toBe(resultDigest(record));
    expect(resultDigest(failure, withProvenance)).toBe(resultDigest(failure));
    expect(rowsOf([record], withProvenance).get("provenance")).toEqual([[record.source.sha256, JSON.stringify(record.provenance)]]);
    expect(rowsOf([record]).get("provenance")).toEqual([]);
  });

  it("fill the digest column with the digest, whether or not it was asked for first", () => {
    const record = makeRecord(9);
    const rowsFirst = determinationsRow(record);
    expect(rowsFirst[rowsFirst.length - 1]).toBe(resultDigest(record));
    const other = makeRecord(10);
    const digest = resultDigest(other);
    const rowsAfter = determinationsRow(other);
    expect(rowsAfter[rowsAfter.length - 1]).toBe(digest);
  });

  it("skip what is stored unchanged and replace the rest", () => {
    const stored = (r: Result): StoredKey => ({ kind: isFailure(r) ? "failure" : "record", path: r.source.path, sha256: r.source.sha256, digest: resultDigest(r) });
    const same = makeRecord(1);
    const reExtracted = makeRecord(2, { caseNumber: "CM99-0000002" });
    const changedFile = makeRecord(3, { source: { path: "docs/case-3.txt", sha256: sha("case-3 v2") } });
    const fixed = makeRecord(4, { source: { path: "docs/bad.pdf", sha256: sha("bad fixed") } });
    const moved = makeRecord(5, { source: { path: "moved/case-5.txt", sha256: makeRecord(5).source.sha256 } });
    const broke = makeFailure("docs/case-6.txt");
    const fresh = makeRecord(7);
    const changes = batchChanges(planBatch([same, reExtracted, changedFile, fixed, moved, broke, fresh]), [
      stored(makeRecord(1)),
      stored(makeRecord(2)),
      stored(makeRecord(3)),
      stored(makeFailure("docs/bad.pdf")),
      stored(makeRecord(5)),
      stored(makeRecord(6)),
    ]);
    expect(changes.unchanged).toBe(1);
    expect(changes.write).toEqual([broke, reExtracted, changedFile, fixed, moved, fresh]);
    expect(changes.deleteShas.sort()).toEqual([2, 3, 5, 6].map((i) => makeRecord(i).source.sha256).sort());
    expect(changes.deleteFailurePaths).toEqual(["docs/bad.pdf"]);
  });
});

function determinationsRow(record: Result): readonly unknown[] {
  return TABLES.find((t) => t.name === "determinations")!.rows(record)[0]!;
}
