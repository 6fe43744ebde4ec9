/**
 * The PostgreSQL sink: the tables of `tables.ts` in a PostgreSQL database
 * (optionally in their own schema, `?schema=NAME` on the URL).
 *
 * Each batch is one transaction, serialised against other writers of the same
 * schema by an advisory lock. The documents it touches are looked up by path
 * and SHA-256 (both indexed); results identical to the stored ones are
 * skipped, the rows of replaced documents deleted in one statement, and each
 * table gets one INSERT ... SELECT FROM unnest(...) with one array parameter
 * per column, so a batch of any size costs a fixed dozen round trips and
 * never meets the 65535-parameter limit.
 */
import pg from "pg";
import type { Result } from "../record/schema.js";
import { DATABASE_BATCHING, resultKey, type Sink } from "./sink.js";
import { CHILD_TABLES, DEFAULT_ROW_OPTIONS, TABLES, batchChanges, ddl, determinations, failures, planBatch, qualified, quoteIdent, rowsOf, tableMismatch, type Cell, type LogicalType, type RowOptions, type Storable, type StorableResult, type StoredKey, type Table } from "./tables.js";

export interface PostgresOptions {
  /** Schema holding the tables (created when missing); overrides `?schema=` on the URL. Default: the connection's current schema. */
  schema?: string;
  /** Give up connecting after this long (default 10 s), so a black-holed host fails instead of hanging. */
  connectionTimeoutMillis?: number;
}

/** Where a URL points, without its password, for error messages. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || "localhost"}:${u.port || "5432"}${u.pathname && u.pathname !== "/" ? u.pathname : ""}`;
  } catch {
    return "(unparseable URL)";
  }
}

function reason(error: unknown): string {
  if (error && typeof error === "object") {
    // Connection errors from several addresses arrive as an AggregateError with an empty message but a code.
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof message === "string" && message !== "") return typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
    if (typeof code === "string") return code;
  }
  return String(error);
}

/** DATE and JSON come back as the text they were written as, not as JS Dates (shifted by the local zone) and parsed objects. */
const TEXT_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === pg.types.builtins.DATE || oid === pg.types.builtins.JSON ? (value: string) => value : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"],
};

/**
 * Connects to PostgreSQL, the schema taken from `options.schema` or the URL's
 * `schema` parameter.
 *
 * @throws Error naming the server when the URL is malformed or the connection fails.
 */
export async function connectPostgres(url: string, options: PostgresOptions = {}): Promise<{ client: pg.Client; schema: string | undefined; target: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`invalid PostgreSQL URL "${url.replace(/\/\/[^@/]*@/, "//***@")}": expected postgres://USER@HOST:PORT/DATABASE`);
  }
  const schema = options.schema ?? (parsed.searchParams.get("schema") || undefined);
  parsed.searchParams.delete("schema");
  const target = describePostgresUrl(url);
  const client = new pg.Client({ connectionString: parsed.toString(), connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000, types: TEXT_TYPES });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(`cannot connect to PostgreSQL at ${target}: ${reason(error)}`);
  }
  return { client, schema, target };
}

/** A PostgreSQL sink, with its client for callers that want to query what they wrote. */
export interface PostgresSink extends Sink {
  readonly client: pg.Client;
  readonly schema: string | undefined;
}

/**
 * Opens a sink on the database at `url`, creating the schema and tables that
 * are missing.
 *
 * @throws Error naming the server when it cannot be reached, the tables cannot
 * be created, or existing tables do not match this version's definitions.
 */
export async function openPostgresSink(url: string, options: PostgresOptions & { rowOptions?: RowOptions } = {}): Promise<PostgresSink> {
  const { client, schema, target } = await connectPostgres(url, options);
  const sink = new PostgresTableSink(client, schema, target, options.rowOptions ?? DEFAULT_ROW_OPTIONS);
  try {
    await sink.prepare();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new Error(`cannot prepare the imr tables in PostgreSQL at ${target}${schema ? ` (schema ${schema})` : ""}: ${reason(error)}`);
  }
  return sink;
}

const ARRAY_TYPE: Record<LogicalType, string> = { text: "text[]", json: "json[]", date: "date[]", integer: "integer[]", boolean: "boolean[]" };

/** PostgreSQL text cannot hold NUL; a document with one still loads, the character shown as U+FFFD. */
function clean(cell: Cell): Cell {
  return typeof cell === "string" && cell.includes("\u0000") ? cell.replaceAll("\u0000", "\uFFFD") : cell;
}

class PostgresTableSink implements PostgresSink {
  readonly batching = DATABASE_BATCHING;
  private queue: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | undefined;
  /** An error the idle client reported (server restart, dropped connection), surfaced by the next call. */
  private broken: Error | undefined;
  /** Whether the batch in flight got as far as COMMIT. */
  private committing = false;

  constructor(
    readonly client: pg.Client,
    readonly schema: string | undefined,
    private readonly target: string,
    readonly rowOptions: RowOptions,
  ) {
    client.on("error", (error) => {
      this.broken = new Error(`lost the connection to PostgreSQL at ${target}: ${reason(error)}`);
    });
  }

  private name(table: Table): string {
    return qualified(table.name, this.schema);
  }

  /** Takes the per-schema writer lock for the rest of the current transaction. */
  private lock(): Promise<unknown> {
    return this.client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`imr-sinks:${this.schema ?? ""}`]);
  }

  async prepare(): Promise<void> {
    const c = this.client;
    await c.query("BEGIN");
    try {
      // Concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalogs; the lock rules that out.
      await this.lock();
      const found = await c.query<{ table_name: string; columns: string }>(
        `SELECT table_name, string_agg(column_name, ', ' ORDER BY ordinal_position) AS columns FROM information_schema.columns
         WHERE table_schema = ${this.schema ? "$1" : "current_schema()"} GROUP BY table_name`,
        this.schema ? [this.schema] : [],
      );
      const problem = tableMismatch(new Map(found.rows.map((r) => [r.table_name, r.columns])));
      if (problem !== null) throw new Error(problem);
      await c.query(ddl("postgres", { schema: this.schema }));
      await c.query("COMMIT");
    } catch (error) {
      await c.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  write(results: readonly Result[]): Promise<void> {
    return this.writeItems(results);
  }

  writeRows(items: readonly StorableResult[]): Promise<void> {
    return this.writeItems(items);
  }

  private writeItems(results: readonly Storable[]): Promise<void> {
    return this.serially(async () => {
      if (results.length === 0) return;
      try {
        await this.writeBatch(results);
      } catch (error) {
        await this.client.query("ROLLBACK").catch(() => undefined);
        // A connection lost during COMMIT leaves the outcome unknown; loading again is safe either way.
        const outcome = this.committing ? "it may or may not have been stored: load it again to be sure" : "nothing of it was stored";
        throw new Error(`PostgreSQL at ${this.target}: could not write a batch of ${results.length} results (${outcome}): ${reason(error)}`);
      }
    });
  }

  private async writeBatch(results: readonly Storable[]): Promise<void> {
    this.committing = false;
    const plan = planBatch(results);
    const c = this.client;
    await c.query("BEGIN");
    await this.lock();
    const stored = await c.query<StoredKey>(
      `SELECT 'record' AS kind, path, sha256, result_digest AS digest FROM ${this.name(determinations)} WHERE path = ANY($1::text[]) OR sha256 = ANY($2::text[])
       UNION ALL SELECT 'failure', path, sha256, result_digest FROM ${this.name(failures)} WHERE path = ANY($1::text[])`,
      [plan.paths, plan.recordShas],
    );
    const changes = batchChanges(plan, stored.rows, this.rowOptions);
    if (changes.deleteShas.length > 0) {
      const doomed = `doomed AS (DELETE FROM ${this.name(determinations)} WHERE sha256 = ANY($1::text[]) RETURNING sha256)`;
      const children = CHILD_TABLES.map((t, i) => `d${i} AS (DELETE FROM ${this.name(t)} WHERE sha256 IN (SELECT sha256 FROM doomed))`);
      await c.query(`WITH ${[doomed, ...children].join(", ")} SELECT count(*) FROM doomed`, [changes.deleteShas]);
    }
    if (changes.deleteFailurePaths.length > 0) await c.query(`DELETE FROM ${this.name(failures)} WHERE path = ANY($1::text[])`, [changes.deleteFailurePaths]);
    const rows = rowsOf(changes.write, this.rowOptions);
    for (const table of TABLES) {
      const tableRows = rows.get(table.name) ?? [];
      if (tableRows.length === 0) continue;
      const columnArrays = table.columns.map((_, i) => tableRows.map((row) => clean(row[i] ?? null)));
      const names = table.columns.map((col) => quoteIdent(col.name)).join(", ");
      const unnest = table.columns.map((col, i) => `$${i + 1}::${ARRAY_TYPE[col.type]}`).join(", ");
      await c.query(`INSERT INTO ${this.name(table)} (${names}) SELECT * FROM unnest(${unnest})`, columnArrays);
    }
    this.committing = true;
    await c.query("COMMIT");
  }

  knownKeys(): Promise<Set<string>> {
    return this.serially(async () => {
      const keys = new Set<string>();
      for (const table of [determinations, failures]) {
        const { rows } = await this.client.query<{ sha256: string; path: string }>(`SELECT sha256, path FROM ${this.name(table)}`);
        for (const row of rows) keys.add(resultKey(row.sha256, row.path));
      }
      return keys;
    });
  }

  close(): Promise<void> {
    this.closing ??= this.queue.then(() => this.client.end()).catch(() => undefined);
    return this.closing;
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closing) throw new Error(`PostgreSQL sink for ${this.target} is closed`);
      if (this.broken) throw this.broken;
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Runs `read` in one read-only REPEATABLE READ transaction, so tables read
 * one after another come from the same snapshot even while an ingest writes.
 */
export async function inSnapshot<T>(client: pg.Client, read: () => Promise<T>): Promise<T> {
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    const result = await read();
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

/**
 * A table's rows in primary-key order through a server-side cursor, for
 * tables larger than memory. Must run inside a transaction (`inSnapshot`).
 */
export async function* postgresTableRows(client: pg.Client, table: Table, schema?: string, fetchSize = 5000): AsyncGenerator<Cell[][]> {
  const cursor = quoteIdent(`imr_export_${table.name}`);
  const columns = table.columns.map((c) => quoteIdent(c.name)).join(", ");
  await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${columns} FROM ${qualified(table.name, schema)} ORDER BY ${table.primaryKey.map(quoteIdent).join(", ")}`);
  try {
    for (;;) {
      const { rows } = await client.query<Cell[]>({ text: `FETCH ${fetchSize} FROM ${cursor}`, rowMode: "array" });
      if (rows.length === 0) break;
      yield rows;
    }
  } finally {
    // Also reached when the consumer stops early or fails; a failed transaction has dropped the cursor already.
    await client.query(`CLOSE ${cursor}`).catch(() => undefined);
  }
}
