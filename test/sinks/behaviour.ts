/**
 * What every database sink must do, run against DuckDB and PostgreSQL alike:
 * the rows match the records, loading again changes nothing, a changed file
 * replaces its rows, failures and records replace each other at a path, and a
 * batch that fails stores nothing.
 */
import { expect, it } from "vitest";
import type { DeterminationRecord, Result } from "../../src/record/schema.js";
import { openDuckDbSink, type DuckDbSink } from "../../src/sinks/duckdb.js";
import { openPostgresSink, type PostgresSink } from "../../src/sinks/postgres.js";
import { resultKey, type Sink } from "../../src/sinks/sink.js";
import { TABLES, toStorable, type RowOptions } from "../../src/sinks/tables.js";
import { makeFailure, makeRecord, sha } from "./factory.js";

export type Row = Record<string, unknown>;

/** What the shared tests store: everything, so that rows rebuild records exactly. */
export const WITH_PROVENANCE: RowOptions = { provenance: true };

export interface Harness {
  /** Opens a sink on the store under test (the same store every time), provenance stored unless `options` say otherwise. */
  open(options?: RowOptions): Promise<Sink>;
  /** Runs SQL on the store through the open sink; table names unqualified, bigints as numbers. */
  query(sink: Sink, sql: string): Promise<Row[]>;
}

export function duckDbHarness(path: () => string): Harness {
  return {
    open: (options = WITH_PROVENANCE) => openDuckDbSink(path(), options),
    async query(sink: Sink, sql: string): Promise<Row[]> {
      const rows = (await (sink as DuckDbSink).connection.runAndReadAll(sql)).getRowObjectsJS();
      return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));
    },
  };
}

export function postgresHarness(url: string, schemaName: string): Harness {
  return {
    async open(options = WITH_PROVENANCE) {
      const sink = await openPostgresSink(url, { schema: schemaName, rowOptions: options });
      // Lets the shared tests name tables unqualified; the sink itself always qualifies them.
      await sink.client.query(`SET search_path TO "${schemaName}"`);
      return sink;
    },
    async query(sink: Sink, sql: string): Promise<Row[]> {
      return (await (sink as PostgresSink).client.query(sql)).rows;
    },
  };
}

/** Rows per table, through the harness. */
export async function counts(h: Harness, sink: Sink): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t.name] = Number((await h.query(sink, `SELECT CAST(count(*) AS INTEGER) AS n FROM ${t.name}`))[0]!.n);
  return out;
}

/** The row counts a set of stored results implies, stored with provenance unless `options` say otherwise. */
export function expectedCounts(results: readonly Result[], options = WITH_PROVENANCE): Record<string, number> {
  const records = results.filter((r): r is DeterminationRecord => !("error" in r));
  const sum = (f: (r: DeterminationRecord) => number) => records.reduce((n, r) => n + f(r), 0);
  return {
    determinations: records.length,
    decisions: sum((r) => r.decisions.length),
    diagnoses: sum((r) => r.diagnoses.length),
    ur_decision_dates: sum((r) => r.urDecisionDates.length),
    reviewer_licensure: sum((r) => r.reviewer.licensure.length),
    reviewer_specialties: sum((r) => r.reviewer.specialties.length),
    provenance: options.provenance ? records.length : 0,
    failures: results.length - records.length,
  };
}

/** Rebuilds a record from its rows: equal to the original means no column lost or mangled anything (provenance is `[]` when not stored). */
export async function rebuild(h: Harness, sink: Sink, sha256: string): Promise<DeterminationRecord> {
  const where = `WHERE sha256 = '${sha256}'`;
  const d = (await h.query(
    sink,
    `SELECT path, schema_version, layout, case_number, CAST(injury_date AS VARCHAR) AS injury_date, CAST(assigned_date AS VARCHAR) AS assigned_date,
       CAST(decision_date AS VARCHAR) AS decision_date, CAST(application_received_date AS VARCHAR) AS application_received_date,
       patient_age, patient_sex, CAST(warnings AS VARCHAR) AS warnings FROM determinations ${where}`,
  ))[0]!;
  const [stored] = await h.query(sink, `SELECT CAST(provenance AS VARCHAR) AS provenance FROM provenance ${where}`);
  const list = async (table: string, column: string) =>
    (await h.query(sink, `SELECT CAST(${column} AS VARCHAR) AS v FROM ${table} ${where} ORDER BY position`)).map((r) => r.v as string);
  const decisions = await h.query(sink, `SELECT * FROM decisions ${where} ORDER BY position`);
  return {
    schemaVersion: d.schema_version as "1",
    source: { path: d.path as string, sha256 },
    layout: d.layout as DeterminationRecord["layout"],
    caseNumber: d.case_number as string | null,
    injuryDate: d.injury_date as string | null,
    assignedDate: d.assigned_date as string | null,
    decisionDate: d.decision_date as string | null,
    applicationReceivedDate: d.application_received_date as string | null,
    urDecisionDates: await list("ur_decision_dates", "ur_decision_date"),
    patient: { age: d.patient_age as number | null, sex: d.patient_sex as "female" | "male" | null },
    reviewer: { licensure: await list("reviewer_licensure", "licensure"), specialties: await list("reviewer_specialties", "specialty") },
    diagnoses: await list("diagnoses", "diagnosis"),
    decisions: decisions.map((r) => ({
      item: r.item as string,
      outcome: r.outcome as "upheld" | "overturned",
      medicallyNecessary: r.medically_necessary as boolean | null,
      claimsAdministratorGuideline: r.claims_administrator_guideline as string | null,
      reviewerGuideline: r.reviewer_guideline as string | null,
      rationale: r.rationale as string | null,
    })),
    warnings: JSON.parse(d.warnings as string),
    provenance: stored ? JSON.parse(stored.provenance as string) : [],
  };
}

function keysOf(results: readonly Result[]): Set<string> {
  return new Set(results.map((r) => resultKey(r.source.sha256, r.source.path)));
}

/** Registers the shared sink tests; `harness()` is read when the tests run. */
export function sinkBehaviour(harness: () => Harness): void {
  const records = Array.from({ length: 30 }, (_, i) => makeRecord(i));
  const fails = [makeFailure("docs/broken-1.pdf"), makeFailure("docs/broken-2.pdf", "", "empty"), makeFailure("docs/broken-3.pdf", "", "empty")];
  const all: Result[] = [...records, ...fails];

  it("stores records and failures as rows that rebuild the records exactly", async () => {
    const h = harness();
    const sink = await h.open();
    try {
      await sink.write(all.slice(0, 17));
      await sink.write(all.slice(17));
      expect(await counts(h, sink)).toEqual(expectedCounts(all));
      for (const i of [0, 3, 7, 29]) expect(await rebuild(h, sink, records[i]!.source.sha256)).toEqual(records[i]);
      const [decision] = await h.query(sink, `SELECT item, outcome, medically_necessary, rationale FROM decisions WHERE sha256 = '${records[3]!.source.sha256}' AND position = 0`);
      expect(decision).toEqual({
        item: records[3]!.decisions[0]!.item,
        outcome: "overturned",
        medically_necessary: true,
        rationale: records[3]!.decisions[0]!.rationale,
      });
      // Two empty files share one SHA-256: failures are keyed by path, so both stay.
      const broken = await h.query(sink, "SELECT path, code FROM failures WHERE code = 'empty' ORDER BY path");
      expect(broken).toEqual([
        { path: "docs/broken-2.pdf", code: "empty" },
        { path: "docs/broken-3.pdf", code: "empty" },
      ]);
      expect(await sink.knownKeys()).toEqual(keysOf(all));
    } finally {
      await sink.close();
    }
  });

  it("changes nothing when the same results are loaded again", async () => {
    const h = harness();
    const sink = await h.open();
    try {
      const before = await counts(h, sink);
      expect(before).toEqual(expectedCounts(all));
      await sink.write(all);
      await sink.write(all.slice(5, 12));
      expect(await counts(h, sink)).toEqual(before);
      expect(await rebuild(h, sink, records[7]!.source.sha256)).toEqual(records[7]);
    } finally {
      await sink.close();
    }
  });

  it("takes results already turned into rows (writeRows, as ingest workers send them) exactly as results", async () => {
    const h = harness();
    const sink = await h.open();
    try {
      const before = await counts(h, sink);
      // cloned, as they arrive from a worker thread
      const asRows = (results: readonly Result[]) => results.map((r) => structuredClone(toStorable(r, WITH_PROVENANCE)));
      await sink.writeRows!(asRows(all));
      expect(await counts(h, sink)).toEqual(before);
      const changed: DeterminationRecord = { ...records[4]!, caseNumber: "CM99-0000004" };
      await sink.writeRows!(asRows([changed]));
      expect(await rebuild(h, sink, changed.source.sha256)).toEqual(changed);
      await sink.write([records[4]!]);
      expect(await rebuild(h, sink, records[4]!.source.sha256)).toEqual(records[4]);
      expect(await counts(h, sink)).toEqual(before);
    } finally {
      await sink.close();
    }
  });

  it("replaces a changed file's rows (same path, new sha256)", async () => {
    const h = harness();
    const sink = await h.open();
    try {
      const old = records[2]!;
      const changed = makeRecord(2, { source: { path: old.source.path, sha256: sha("case-2, amended") }, decisions: [old.decisions[0]!], diagnoses: [] });
      await sink.write([changed]);
      const now = [...all.filter((r) => r !== old), changed];
      expect(await counts(h, sink)).toEqual(expectedCounts(now));
      for (const t of TABLES.filter((t) => t.name !== "failures")) {
        expect(await h.query(sink, `SELECT sha256 FROM ${t.name} WHERE sha256 = '${old.source.sha256}'`), t.name).toEqual([]);
      }
      expect(await rebuild(h, sink, changed.source.sha256)).toEqual(changed);
      expect(await sink.knownKeys()).toEqual(keysOf(now));
    } finally {
      await sink.close();
    }
  });

  it("replaces a record the extractor now reads differently (same file, new output)", async () => {
    const h = harness();
    const sink = await h.open();
    try {
      const before = await counts(h, sink);
      const reread = makeRecord(8, { caseNumber: "CM99-0000008", diagnoses: ["only this one"] });
      await sink.write([reread]);
      expect(await rebuild(h, sink, reread.source.sha256)).toEqual(reread);
      expect((await counts(h, sink)).diagnoses).toBe(before.diagnoses! - records[8]!.diagnoses.length + 1);
      await sink.write([records[8]!]);
      expect(await counts(h, sink)).toEqual(before);
    } finally {
      await sink.close();
    }
  });

  it("replaces a failure by the record a fixed file gives, and a record by a failure", async () => {
    const h = harness();
    const sink = await h.open();
    try {
      const before = await counts(h, sink);
      const fixed = makeRecord(100, { source: { path: "docs/broken-1.pdf", sha256: sha("broken-1 fixed") } });
      const nowBroken = makeFailure(records[10]!.source.path, "case-10 truncated", "unreadable-pdf");
      await sink.write([fixed, nowBroken]);
      expect(await h.query(sink, "SELECT path FROM failures WHERE path = 'docs/broken-1.pdf'")).toEqual([]);
      expect(await h.query(sink, `SELECT path, code FROM failures WHERE path = '${records[10]!.source.path}'`)).toEqual([{ path: records[10]!.source.path, code: "unreadable-pdf" }]);
      expect(await h.query(sink, `SELECT sha256 FROM decisions WHERE sha256 = '${records[10]!.source.sha256}'`)).toEqual([]);
      const after = await counts(h, sink);
      expect(after.determinations).toBe(before.determinations!);
      expect(after.failures).toBe(before.failures!);
      expect(after.decisions).toBe(before.decisions! - records[10]!.decisions.length + fixed.decisions.length);
    } finally {
      await sink.close();
    }
  });

  it("keeps one determination for identical bytes under two paths, and the last of a path within a batch", async () => {
    const h = harness();
    const sink = await h.open();
    try {
      const before = await counts(h, sink);
      const original = makeRecord(200);
      const copy = makeRecord(200, { source: { path: "copies/case-200.txt", sha256: original.source.sha256 } });
      const first = makeFailure("docs/flaky.pdf", "flaky", "timeout");
      const second = makeRecord(201, { source: { path: "docs/flaky.pdf", sha256: sha("flaky") } });
      await sink.write([original, copy, first, second]);
      const after = await counts(h, sink);
      expect(after.determinations).toBe(before.determinations! + 2);
      expect(after.failures).toBe(before.failures!);
      expect(await h.query(sink, `SELECT path FROM determinations WHERE sha256 = '${original.source.sha256}'`)).toEqual([{ path: "copies/case-200.txt" }]);
    } finally {
      await sink.close();
    }
  });

  it("stores nothing of a batch that fails, not even its deletes", async () => {
    const h = harness();
    const sink = await h.open();
    try {
      const before = await counts(h, sink);
      const replacement = makeRecord(4, { source: { path: records[4]!.source.path, sha256: sha("case-4 v2") } });
      // Past the schema on purpose: the database refuses the date half-way through the batch.
      const bad = { ...makeRecord(300), decisionDate: "2015-13-45" } as Result;
      await expect(sink.write([replacement, makeRecord(301), bad])).rejects.toThrow(/nothing of it was stored/);
      expect(await counts(h, sink)).toEqual(before);
      expect(await rebuild(h, sink, records[4]!.source.sha256)).toEqual(records[4]);
      // The sink stays usable after a failed batch.
      await sink.write([makeRecord(302)]);
      expect((await counts(h, sink)).determinations).toBe(before.determinations! + 1);
    } finally {
      await sink.close();
    }
  });

  it("leaves provenance out by default, and a reload with or without it replaces the documents", async () => {
    const h = harness();
    // documents no earlier test replaced
    const picked = [records[0]!, records[1]!, records[3]!, records[5]!];
    const without = await h.open({ provenance: false });
    let before: Record<string, number>;
    try {
      before = await counts(h, without);
      // without provenance every digest differs: each document is rewritten once, then left alone
      await without.write(picked);
      const after = await counts(h, without);
      expect(after).toEqual({ ...before, provenance: before.provenance! - picked.length });
      expect(await rebuild(h, without, records[3]!.source.sha256)).toEqual({ ...records[3]!, provenance: [] });
      await without.write(picked);
      expect(await counts(h, without)).toEqual(after);
    } finally {
      await without.close();
    }
    const withIt = await h.open();
    try {
      await withIt.write(picked.slice(0, 3));
      expect(await counts(h, withIt)).toEqual({ ...before, provenance: before.provenance! - 1 });
      expect(await rebuild(h, withIt, records[3]!.source.sha256)).toEqual(records[3]);
      expect(await rebuild(h, withIt, records[5]!.source.sha256)).toEqual({ ...records[5]!, provenance: [] });
      await withIt.write([records[5]!]);
      expect(await counts(h, withIt)).toEqual(before);
    } finally {
      await withIt.close();
    }
  });
}
