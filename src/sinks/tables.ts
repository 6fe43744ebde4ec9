/**
 * The normalised tables every analytics sink writes (DuckDB, PostgreSQL, CSV,
 * Parquet): one definition, from which the DDL of each database, the rows of a
 * result and the CSV headers are all derived.
 *
 * Each column names the record (or failure) fields it carries in `covers`;
 * `coverageGaps()` walks the zod schemas and reports any contract field no
 * column carries, so changing `recordSchema` without changing these tables
 * fails a test instead of silently dropping data.
 *
 * Nothing the analyses need is lost: the JSON columns hold warnings verbatim,
 * and with `RowOptions.provenance` the `provenance` table holds each record's
 * provenance, so a record can be rebuilt from its rows. The one column no
 * schema field feeds, `result_digest`, lets a reload tell unchanged documents
 * from changed ones.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { failureSchema, isFailure, recordSchema, type DeterminationRecord, type Failure, type Result, type Source } from "../record/schema.js";

/** Column types, mapped to each database's own by `sqlType`. */
export type LogicalType = "text" | "integer" | "boolean" | "date" | "json";

/** One cell as the sinks hand it to a driver: dates are ISO strings, JSON is text. */
export type Cell = string | number | boolean | null;

export interface Column {
  readonly name: string;
  readonly type: LogicalType;
  readonly nullable: boolean;
  /**
   * The schema paths this column carries, in the notation of `schemaPaths`:
   * `patient.age`, `decisions[].item`, `urDecisionDates[]`. A path also covers
   * everything below it (a JSON column covering `warnings[]` carries every
   * warning field).
   */
  readonly covers: readonly string[];
  readonly doc: string;
}

/**
 * What a sink stores beyond the analyses' fields. Provenance (where each field
 * came from, for spot-checks) is most of a record's bytes and none of its
 * analyses: by default the tables leave it to the JSON Lines output and `imr
 * check`, and the `provenance` table stays empty.
 */
export interface RowOptions {
  /** Store each record's provenance in the `provenance` table. */
  readonly provenance: boolean;
}

export const DEFAULT_ROW_OPTIONS: RowOptions = { provenance: false };

export interface Table {
  readonly name: string;
  readonly doc: string;
  /** Which kind of result the table's rows come from. */
  readonly source: "record" | "failure";
  readonly columns: readonly Column[];
  readonly primaryKey: readonly string[];
  /** Extra lookup indexes, created wherever the table's key is declared (see `ddl`). */
  readonly indexes: readonly (readonly string[])[];
  /** The rows one result contributes, each with its cells in column order. */
  rows(result: Result, options?: RowOptions): Cell[][];
}

/** Marks the column holding the result digest, computed from all the document's other cells. */
const DIGEST = Symbol("digest");

interface ColumnSpec<T> extends Column {
  readonly value: ((item: T) => Cell) | typeof DIGEST;
}

interface TableSpec<T> extends Omit<Table, "columns" | "rows" | "indexes"> {
  readonly indexes?: readonly (readonly string[])[];
  /** The items (one per row) a result yields: the record itself, or one of its list entries. */
  readonly items: (result: Result, options: RowOptions) => readonly T[];
  readonly columns: readonly ColumnSpec<T>[];
}

/** How `prepare` builds a table's rows: every cell but the digest, and where the digest goes. */
interface RowBuilder {
  contentRows(result: Result, options: RowOptions): Cell[][];
  digestColumn: number;
}

const builders = new Map<Table, RowBuilder>();

function defineTable<T>(spec: TableSpec<T>): Table {
  const values = spec.columns.map((c) => c.value);
  const table: Table = {
    name: spec.name,
    doc: spec.doc,
    source: spec.source,
    columns: spec.columns.map(({ value: _value, ...column }) => column),
    primaryKey: spec.primaryKey,
    indexes: spec.indexes ?? [],
    rows: (result, options = DEFAULT_ROW_OPTIONS) => prepare(result, options).rows.get(spec.name)!,
  };
  builders.set(table, {
    contentRows: (result, options) => spec.items(result, options).map((item) => values.map((value) => (value === DIGEST ? null : value(item)))),
    digestColumn: values.indexOf(DIGEST),
  });
  return table;
}

const asRecord = (result: Result): readonly DeterminationRecord[] => (isFailure(result) ? [] : [result]);

interface Entry<T> {
  readonly sha256: string;
  readonly position: number;
  readonly entry: T;
}

function entries<T>(pick: (record: DeterminationRecord) => readonly T[]): (result: Result) => readonly Entry<T>[] {
  return (result) => (isFailure(result) ? [] : pick(result).map((entry, position) => ({ sha256: result.source.sha256, position, entry })));
}

const keyColumns = <T>(of: string): ColumnSpec<Entry<T>>[] => [
  { name: "sha256", type: "text", nullable: false, covers: [], doc: `the determination (determinations.sha256) the ${of} belongs to`, value: (e) => e.sha256 },
  { name: "position", type: "integer", nullable: false, covers: [], doc: `0-based place of the ${of} in the record's list, as in provenance paths`, value: (e) => e.position },
];

/** A list of strings on the record, as (sha256, position, value) rows. */
function listTable(name: string, column: string, path: string, doc: string, type: LogicalType, pick: (record: DeterminationRecord) => readonly string[]): Table {
  return defineTable<Entry<string>>({
    name,
    doc,
    source: "record",
    primaryKey: ["sha256", "position"],
    items: entries(pick),
    columns: [...keyColumns<string>(column.replaceAll("_", " ")), { name: column, type, nullable: false, covers: [path], doc, value: (e) => e.entry }],
  });
}

const DIGEST_DOC = "hex SHA-256 of the document's other cells in every table: a reload skips documents whose rows would not change";

export const determinations = defineTable<DeterminationRecord>({
  name: "determinations",
  doc: "one row per determination document, keyed by the SHA-256 of its bytes",
  source: "record",
  primaryKey: ["sha256"],
  indexes: [["path"]],
  items: asRecord,
  columns: [
    { name: "sha256", type: "text", nullable: false, covers: ["source.sha256"], doc: "hex SHA-256 of the input file's bytes", value: (r) => r.source.sha256 },
    { name: "path", type: "text", nullable: false, covers: ["source.path"], doc: "the input file's path as ingested", value: (r) => r.source.path },
    { name: "schema_version", type: "text", nullable: false, covers: ["schemaVersion"], doc: "record schema version", value: (r) => r.schemaVersion },
    { name: "layout", type: "text", nullable: false, covers: ["layout"], doc: "document layout (LAYOUTS.md)", value: (r) => r.layout },
    { name: "case_number", type: "text", nullable: true, covers: ["caseNumber"], doc: "IMR case number, e.g. CM15-0048213", value: (r) => r.caseNumber },
    { name: "injury_date", type: "date", nullable: true, covers: ["injuryDate"], doc: "date of injury", value: (r) => r.injuryDate },
    { name: "assigned_date", type: "date", nullable: true, covers: ["assignedDate"], doc: "date the case was assigned to the reviewer", value: (r) => r.assignedDate },
    { name: "decision_date", type: "date", nullable: true, covers: ["decisionDate"], doc: "date of the IMR final determination", value: (r) => r.decisionDate },
    { name: "application_received_date", type: "date", nullable: true, covers: ["applicationReceivedDate"], doc: "date the IMR application was received", value: (r) => r.applicationReceivedDate },
    { name: "patient_age", type: "integer", nullable: true, covers: ["patient.age"], doc: "patient age in years", value: (r) => r.patient.age },
    { name: "patient_sex", type: "text", nullable: true, covers: ["patient.sex"], doc: "female or male", value: (r) => r.patient.sex },
    { name: "warnings", type: "json", nullable: false, covers: ["warnings[]"], doc: "JSON array of {code, message, field}: what the extractor was unsure of", value: (r) => JSON.stringify(r.warnings) },
    { name: "result_digest", type: "text", nullable: false, covers: [], doc: DIGEST_DOC, value: DIGEST },
  ],
});

export const decisions = defineTable<Entry<DeterminationRecord["decisions"][number]>>({
  name: "decisions",
  doc: "one row per treatment item decided",
  source: "record",
  primaryKey: ["sha256", "position"],
  items: entries((r) => r.decisions),
  columns: [
    ...keyColumns("decision"),
    { name: "item", type: "text", nullable: false, covers: ["decisions[].item"], doc: "the treatment or service requested", value: (e) => e.entry.item },
    { name: "outcome", type: "text", nullable: false, covers: ["decisions[].outcome"], doc: "upheld (denial stands) or overturned", value: (e) => e.entry.outcome },
    { name: "medically_necessary", type: "boolean", nullable: true, covers: ["decisions[].medicallyNecessary"], doc: "the reviewer's medical-necessity finding", value: (e) => e.entry.medicallyNecessary },
    { name: "claims_administrator_guideline", type: "text", nullable: true, covers: ["decisions[].claimsAdministratorGuideline"], doc: "guideline the claims administrator cited", value: (e) => e.entry.claimsAdministratorGuideline },
    { name: "reviewer_guideline", type: "text", nullable: true, covers: ["decisions[].reviewerGuideline"], doc: "guideline the reviewer relied on", value: (e) => e.entry.reviewerGuideline },
    { name: "rationale", type: "text", nullable: true, covers: ["decisions[].rationale"], doc: "the reviewer's rationale", value: (e) => e.entry.rationale },
  ],
});

export const diagnoses = listTable("diagnoses", "diagnosis", "diagnoses[]", "a diagnosis listed in the determination", "text", (r) => r.diagnoses);
export const urDecisionDates = listTable("ur_decision_dates", "ur_decision_date", "urDecisionDates[]", "date of a utilization review decision under review", "date", (r) => r.urDecisionDates);
export const reviewerLicensure = listTable("reviewer_licensure", "licensure", "reviewer.licensure[]", "a state in which the reviewer is licensed", "text", (r) => r.reviewer.licensure);
export const reviewerSpecialties = listTable("reviewer_specialties", "specialty", "reviewer.specialties[]", "a board certification or specialty of the reviewer", "text", (r) => r.reviewer.specialties);

export const provenance = defineTable<DeterminationRecord>({
  name: "provenance",
  doc: "where each field of a determination came from, for records loaded with the provenance option (imr ingest --provenance); empty otherwise",
  source: "record",
  primaryKey: ["sha256"],
  items: (result, options) => (options.provenance ? asRecord(result) : []),
  columns: [
    { name: "sha256", type: "text", nullable: false, covers: [], doc: "the determination (determinations.sha256) the provenance belongs to", value: (r) => r.source.sha256 },
    { name: "provenance", type: "json", nullable: false, covers: ["provenance[]"], doc: "JSON array of {field, start, end, page, line, endLine, pageLine, text}: where each field came from", value: (r) => JSON.stringify(r.provenance) },
  ],
});

export const failures = defineTable<Failure>({
  name: "failures",
  doc: "one row per input that gave no record, keyed by path (unreadable inputs may share a SHA-256)",
  source: "failure",
  primaryKey: ["path"],
  items: (result) => (isFailure(result) ? [result] : []),
  columns: [
    { name: "path", type: "text", nullable: false, covers: ["source.path"], doc: "the input file's path as ingested", value: (f) => f.source.path },
    { name: "sha256", type: "text", nullable: false, covers: ["source.sha256"], doc: "hex SHA-256 of the input file's bytes", value: (f) => f.source.sha256 },
    { name: "code", type: "text", nullable: false, covers: ["error.code"], doc: "failure code (FAILURE_CODES)", value: (f) => f.error.code },
    { name: "message", type: "text", nullable: false, covers: ["error.message"], doc: "what went wrong and what to do about it", value: (f) => f.error.message },
    { name: "details", type: "json", nullable: true, covers: ["error.details"], doc: "JSON {layout, sections}: what the parser saw, when it saw anything", value: (f) => (f.error.details ? JSON.stringify(f.error.details) : null) },
    { name: "result_digest", type: "text", nullable: false, covers: [], doc: DIGEST_DOC, value: DIGEST },
  ],
});

/** Every table, `determinations` first and `failures` last. */
export const TABLES: readonly Table[] = [determinations, decisions, diagnoses, urDecisionDates, reviewerLicensure, reviewerSpecialties, provenance, failures];

/** The tables whose rows hang off `determinations` by sha256. */
export const CHILD_TABLES: readonly Table[] = TABLES.filter((t) => t.source === "record" && t !== determinations);

/** A result turned into rows, with the digest that tells whether stored rows are the same. */
export interface PreparedResult {
  readonly digest: string;
  /** Rows per table name (every table present), cells in column order. */
  readonly rows: ReadonlyMap<string, Cell[][]>;
}

/** Digests already computed, so that `batchChanges` and the write that follows hash a result once: without provenance, with. */
const digests = [new WeakMap<Result, string>(), new WeakMap<Result, string>()] as const;

function digestCache(options: RowOptions): WeakMap<Result, string> {
  return digests[options.provenance ? 1 : 0];
}

/**
 * The rows of one result and its digest: SHA-256 over every cell of every
 * row, each cell length-prefixed so no two different row sets hash alike.
 * The rows depend on `options`, and so does the digest: a reload with
 * provenance replaces documents stored without it, and the other way round.
 * Hashing the cells rather than the result's JSON reuses the JSON the cells
 * already hold (provenance is most of a record) instead of serialising it a
 * second time.
 *
 * Only the digest is remembered (per result object). The rows are built
 * afresh on each call, so a sink that writes them out straight away lets them
 * die young: kept for the whole batch, they outlived the garbage collector's
 * young generation and cost more to collect than to build. A replaced
 * document, whose digest is needed before its rows, has its rows built twice.
 */
export function prepare(result: Result, options: RowOptions = DEFAULT_ROW_OPTIONS): PreparedResult {
  const rows = new Map<string, Cell[][]>();
  const parts: string[] = [];
  for (const table of TABLES) {
    const tableRows = builders.get(table)!.contentRows(result, options);
    rows.set(table.name, tableRows);
    parts.push(`${table.name}:${tableRows.length}`);
    for (const row of tableRows) {
      for (const cell of row) {
        const text = cell === null ? "" : String(cell);
        parts.push(`${cell === null ? "n" : typeof cell === "string" ? "s" : "v"}${text.length}:${text}`);
      }
    }
  }
  const digest = createHash("sha256").update(parts.join("")).digest("hex");
  for (const table of TABLES) {
    const column = builders.get(table)!.digestColumn;
    if (column >= 0) for (const row of rows.get(table.name)!) row[column] = digest;
  }
  digestCache(options).set(result, digest);
  return { digest, rows };
}

/** The digest `prepare` computes, as the sinks store it in `result_digest`. */
export function resultDigest(result: Result, options: RowOptions = DEFAULT_ROW_OPTIONS): string {
  return digestCache(options).get(result) ?? prepare(result, options).digest;
}

/**
 * A result as the table sinks store it: its key, digest and rows, built
 * where the result was made. An ingest worker sends this instead of the
 * record, so the main thread, which does the database's work, neither
 * receives a clone of the record nor builds its rows.
 */
export interface StorableResult {
  readonly source: Source;
  readonly failure: boolean;
  readonly digest: string;
  /** Rows per table name, as `prepare` builds them. */
  readonly rows: ReadonlyMap<string, Cell[][]>;
}

/** `result` as `StorableResult`, its rows built with `options`: those of the sink it is for (`Sink.rowOptions`). */
export function toStorable(result: Result, options: RowOptions = DEFAULT_ROW_OPTIONS): StorableResult {
  const { digest, rows } = prepare(result, options);
  return { source: result.source, failure: isFailure(result), digest, rows };
}

/** What the table sinks write: results, or results already turned into rows. */
export type Storable = Result | StorableResult;

function isStorableResult(item: Storable): item is StorableResult {
  return "rows" in item && "digest" in item;
}

export function storedAsFailure(item: Storable): boolean {
  return isStorableResult(item) ? item.failure : isFailure(item);
}

function digestOf(item: Storable, options: RowOptions): string {
  return isStorableResult(item) ? item.digest : resultDigest(item, options);
}

/**
 * An item's rows per table name: built now, with `options`, for a result (see
 * `prepare` on why not earlier); a `StorableResult` has its rows already.
 */
export function rowsOfItem(item: Storable, options: RowOptions = DEFAULT_ROW_OPTIONS): ReadonlyMap<string, Cell[][]> {
  return isStorableResult(item) ? item.rows : prepare(item, options).rows;
}

export type Dialect = "duckdb" | "postgres";

/**
 * The column type in a dialect. JSON stays `json` in PostgreSQL (not `jsonb`)
 * so the text round-trips byte for byte and exports match DuckDB's.
 */
export function sqlType(type: LogicalType, dialect: Dialect): string {
  switch (type) {
    case "text":
      return dialect === "duckdb" ? "VARCHAR" : "TEXT";
    case "integer":
      return "INTEGER";
    case "boolean":
      return "BOOLEAN";
    case "date":
      return "DATE";
    case "json":
      return "JSON";
  }
}

/** A double-quoted SQL identifier, safe for any name. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."table"`, or the bare quoted table when no schema is given. */
export function qualified(table: string, schema?: string): string {
  return schema ? `${quoteIdent(schema)}.${quoteIdent(table)}` : quoteIdent(table);
}

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * The DDL creating every table that is missing (and, in PostgreSQL, the schema
 * and lookup indexes), with table and column comments so the database
 * documents itself. Safe to run on every open.
 *
 * In DuckDB only the tables the sinks look documents up in (determinations,
 * failures) declare their keys and lookup indexes: without them every batch
 * would scan those tables, a cost growing with the database. The record
 * tables hanging off determinations declare none, since an ART index per
 * table would cost memory and load time for every row while serving only
 * the deletes of replaced documents; the sinks keep those keys unique.
 */
export function ddl(dialect: Dialect, options: { schema?: string } = {}): string {
  const { schema } = options;
  const statements: string[] = [];
  if (schema) statements.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)};`);
  for (const table of TABLES) {
    const name = qualified(table.name, schema);
    const indexed = dialect === "postgres" || !CHILD_TABLES.includes(table);
    const columns = table.columns.map((c) => `  ${quoteIdent(c.name)} ${sqlType(c.type, dialect)}${c.nullable ? "" : " NOT NULL"}`);
    if (indexed) columns.push(`  PRIMARY KEY (${table.primaryKey.map(quoteIdent).join(", ")})`);
    statements.push(`CREATE TABLE IF NOT EXISTS ${name} (\n${columns.join(",\n")}\n);`);
    if (indexed) {
      for (const index of table.indexes) {
        statements.push(`CREATE INDEX IF NOT EXISTS ${quoteIdent(`${table.name}_${index.join("_")}_idx`)} ON ${name} (${index.map(quoteIdent).join(", ")});`);
      }
    }
    statements.push(`COMMENT ON TABLE ${name} IS ${sqlString(`${table.doc} (key: ${table.primaryKey.join(", ")})`)};`);
    for (const c of table.columns) statements.push(`COMMENT ON COLUMN ${name}.${quoteIdent(c.name)} IS ${sqlString(c.doc)};`);
  }
  return `${statements.join("\n")}\n`;
}

/**
 * Why tables found in a database (name to comma-separated column names, in
 * order) cannot take this definition's rows, or null when every table found
 * matches. Missing tables are fine: the DDL creates them.
 */
export function tableMismatch(found: ReadonlyMap<string, string>): string | null {
  for (const table of TABLES) {
    const actual = found.get(table.name);
    const expected = table.columns.map((c) => c.name).join(", ");
    if (actual !== undefined && actual !== expected) {
      return `table ${table.name} has columns (${actual}) but this version of imr writes (${expected}); export the old tables and load into a new database or schema`;
    }
  }
  return null;
}

/** A document as a sink has it stored: enough to tell whether an incoming result changes anything. */
export interface StoredKey {
  kind: "record" | "failure";
  path: string;
  sha256: string;
  digest: string;
}

/** One batch, de-duplicated, with the keys to look up among the stored documents. */
export interface BatchPlan {
  /** The results to store, at most one per path and one record per SHA-256. */
  readonly results: readonly Storable[];
  /** Every path in the batch: whatever is stored at these paths is replaced. */
  readonly paths: string[];
  /** The SHA-256 of every record in the batch: a stored record with the same bytes is replaced. */
  readonly recordShas: string[];
}

/**
 * De-duplicates a batch, keeping the last result per path and then the last
 * record per SHA-256 (identical bytes under two paths are one determination),
 * so its rows never collide with each other on a key.
 */
export function planBatch(results: readonly Storable[]): BatchPlan {
  const byPath = new Map<string, Storable>();
  for (const result of results) {
    byPath.delete(result.source.path);
    byPath.set(result.source.path, result);
  }
  const recordBySha = new Map<string, Storable>();
  const kept: Storable[] = [];
  for (const result of byPath.values()) {
    if (storedAsFailure(result)) kept.push(result);
    else {
      recordBySha.delete(result.source.sha256);
      recordBySha.set(result.source.sha256, result);
    }
  }
  kept.push(...recordBySha.values());
  return { results: kept, paths: [...byPath.keys()], recordShas: [...recordBySha.keys()] };
}

/** What a batch does to the stored documents. */
export interface BatchChanges {
  /** Results to insert: new, or different from what is stored for them. */
  readonly write: readonly Storable[];
  /** Stored records whose rows (in every record table) go. */
  readonly deleteShas: string[];
  /** Stored failures (by path) that go. */
  readonly deleteFailurePaths: string[];
  /** Results already stored exactly as they are: nothing to do. */
  readonly unchanged: number;
}

/**
 * Compares a planned batch with the stored documents it touches (`stored`:
 * those at one of its paths, and records with one of its SHA-256s). A result
 * identical to what is stored for its path is left alone; any other result
 * replaces what is stored at its path and, for a record, the record with the
 * same bytes elsewhere.
 */
export function batchChanges(plan: BatchPlan, stored: readonly StoredKey[], options: RowOptions = DEFAULT_ROW_OPTIONS): BatchChanges {
  const atPath = new Map<string, StoredKey>();
  const recordAt = new Map<string, StoredKey>();
  for (const key of stored) {
    atPath.set(key.path, key);
    if (key.kind === "record") recordAt.set(key.sha256, key);
  }
  const write: Storable[] = [];
  const deleteShas = new Set<string>();
  const deleteFailurePaths = new Set<string>();
  const drop = (key: StoredKey | undefined) => {
    if (key?.kind === "record") deleteShas.add(key.sha256);
    else if (key) deleteFailurePaths.add(key.path);
  };
  for (const result of plan.results) {
    const { path, sha256 } = result.source;
    const kind = storedAsFailure(result) ? "failure" : "record";
    const here = atPath.get(path);
    if (here && here.kind === kind && here.sha256 === sha256 && here.digest === digestOf(result, options)) continue;
    write.push(result);
    drop(here);
    if (kind === "record") drop(recordAt.get(sha256));
  }
  return { write, deleteShas: [...deleteShas], deleteFailurePaths: [...deleteFailurePaths], unchanged: plan.results.length - write.length };
}

/** The rows of some results, per table name, cells in column order. */
export function rowsOf(results: readonly Storable[], options: RowOptions = DEFAULT_ROW_OPTIONS): Map<string, Cell[][]> {
  const rows = new Map<string, Cell[][]>(TABLES.map((t) => [t.name, []]));
  for (const result of results) {
    for (const [name, tableRows] of rowsOfItem(result, options)) {
      const target = rows.get(name)!;
      for (const row of tableRows) target.push(row);
    }
  }
  return rows;
}

/**
 * The paths of a zod schema, as `covers` names them: object fields joined by
 * dots, list elements marked `[]`. Leaves are the scalars and the lists of
 * scalars; interior paths (objects, lists of objects) are listed too, with
 * `leaf: false`.
 */
export function schemaPaths(schema: z.ZodType, prefix = ""): { path: string; leaf: boolean }[] {
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional) return schemaPaths(schema.unwrap() as z.ZodType, prefix);
  if (schema instanceof z.ZodObject) {
    const inner = Object.entries(schema.shape as Record<string, z.ZodType>).flatMap(([key, field]) => schemaPaths(field, prefix ? `${prefix}.${key}` : key));
    return prefix ? [{ path: prefix, leaf: false }, ...inner] : inner;
  }
  if (schema instanceof z.ZodArray) return schemaPaths(schema.element as z.ZodType, `${prefix}[]`);
  return [{ path: prefix, leaf: true }];
}

function covered(leaf: string, by: readonly string[]): boolean {
  return by.some((path) => leaf === path || leaf.startsWith(`${path}.`) || leaf.startsWith(`${path}[]`));
}

/**
 * Contract fields no column carries (`uncovered`) and `covers` entries naming
 * no field of the schema (`unknown`), for records and failures. Both empty
 * means the tables and the zod schemas agree. `schemas` is for testing the
 * check itself.
 */
export function coverageGaps(schemas: { record: z.ZodType; failure: z.ZodType } = { record: recordSchema, failure: failureSchema }): { uncovered: string[]; unknown: string[] } {
  const uncovered: string[] = [];
  const unknown: string[] = [];
  for (const source of ["record", "failure"] as const) {
    const schema = schemas[source];
    const paths = schemaPaths(schema);
    const known = new Set(paths.map((p) => p.path));
    const covers = TABLES.filter((t) => t.source === source).flatMap((t) => t.columns.flatMap((c) => c.covers));
    for (const p of paths) if (p.leaf && !covered(p.path, covers)) uncovered.push(`${source}: ${p.path}`);
    for (const c of covers) if (!known.has(c)) unknown.push(`${source}: ${c}`);
  }
  return { uncovered, unknown };
}
