/**
 * The default analytics sink: a DuckDB file holding the tables of `tables.ts`.
 *
 * Each batch is one transaction. The documents it touches are looked up by
 * path and SHA-256 (only when a Bloom filter says they may be stored); a
 * result identical to the stored one (same path, bytes and result digest)
 * is skipped, any other replaces the stored rows at its path (and, for a
 * record, those of the same bytes elsewhere), and the new rows are appended
 * with DuckDB's appender. Loading the same files again therefore writes
 * nothing, a changed file replaces its old rows, and a crash leaves either
 * the whole batch or none of it.
 */
import { rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { DuckDBConnection, DuckDBInstance, LIST, VARCHAR, listValue, type DuckDBAppender } from "@duckdb/node-api";
import type { Result } from "../record/schema.js";
import { DATABASE_BATCHING, resultKey, type Batching, type Sink } from "./sink.js";
import { CHILD_TABLES, DEFAULT_ROW_OPTIONS, TABLES, batchChanges, ddl, determinations, failures, planBatch, quoteIdent, rowsOfItem, storedAsFailure, tableMismatch, type Cell, type LogicalType, type RowOptions, type Storable, type StorableResult, type StoredKey, type Table } from "./tables.js";

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A DuckDB sink, with its connection open for callers that want to query what they wrote. */
export interface DuckDbSink extends Sink {
  readonly path: string;
  readonly connection: DuckDBConnection;
  readonly rowOptions: RowOptions;
  readonly batching: Batching;
  writeRows(items: readonly StorableResult[]): Promise<void>;
}

/**
 * Opens (creating when missing) the DuckDB database at `path` (`:memory:` for
 * an in-memory one) and creates the tables it lacks.
 *
 * @throws Error naming the path when the file cannot be opened or written, or
 * when its tables do not match this version's table definitions.
 */
export async function openDuckDbSink(path: string, rowOptions: RowOptions = DEFAULT_ROW_OPTIONS): Promise<DuckDbSink> {
  const { instance, connection } = await openDuckDb(path, false);
  let mismatch: string | null;
  try {
    mismatch = await columnMismatch(connection);
    if (mismatch === null) {
      await connection.run(ddl("duckdb"));
      // DuckDB checkpoints when its WAL passes 16 MB by default: every ~1,500 documents, the
      // largest cost of a bulk load. A larger threshold defers that work to fewer, fuller
      // checkpoints; the WAL it leaves is still replayed (not lost) after a crash.
      await connection.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
      // appending is serial work; DuckDB's default of one thread per core would compete
      // with the ingest's extraction workers for the same cores
      await connection.run("SET threads = 1");
    }
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw new Error(`cannot create the imr tables in DuckDB database ${path}: ${reason(error)}`);
  }
  if (mismatch !== null) {
    connection.closeSync();
    instance.closeSync();
    throw new Error(`DuckDB database ${path}: ${mismatch}`);
  }
  return new DuckDbTableSink(path, instance, connection, rowOptions);
}

/** Opens a DuckDB database; read-only opens refuse a missing file instead of creating an empty one. */
export async function openDuckDb(path: string, readOnly: boolean): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, readOnly ? { access_mode: "READ_ONLY" } : {});
  } catch (error) {
    throw new Error(`cannot open DuckDB database ${path}${readOnly ? " for reading" : ""}: ${reason(error)}`);
  }
  try {
    return { instance, connection: await instance.connect() };
  } catch (error) {
    instance.closeSync();
    throw new Error(`cannot connect to DuckDB database ${path}: ${reason(error)}`);
  }
}

/**
 * Why the existing tables cannot be written, or null: a table made by another
 * table definition would have the appender misplace columns.
 */
async function columnMismatch(connection: DuckDBConnection): Promise<string | null> {
  const found = await connection.runAndReadAll(
    "SELECT table_name, list(column_name ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = current_schema() AND table_catalog = current_database() GROUP BY table_name",
  );
  return tableMismatch(new Map(found.getRowsJS().map(([table, names]) => [String(table), (names as string[]).join(", ")])));
}

const CHECKPOINT_THRESHOLD = "256MB";

type Append = (appender: DuckDBAppender, value: Exclude<Cell, null>) => void;

const APPEND: Record<LogicalType, Append> = {
  // DuckDB casts VARCHAR to DATE and JSON on append, which saves building date values in JS.
  text: (a, v) => a.appendVarchar(v as string),
  json: (a, v) => a.appendVarchar(v as string),
  date: (a, v) => a.appendVarchar(v as string),
  integer: (a, v) => a.appendInteger(v as number),
  boolean: (a, v) => a.appendBoolean(v as boolean),
};

/** Adds rows (cells in `table`'s column order) to an appender, without flushing. */
function addRows(appender: DuckDBAppender, table: Table, rows: readonly Cell[][]): void {
  const appends = table.columns.map((c) => APPEND[c.type]);
  for (const row of rows) {
    for (let i = 0; i < appends.length; i++) {
      const cell = row[i];
      if (cell === null || cell === undefined) appender.appendNull();
      else appends[i]!(appender, cell);
    }
    appender.endRow();
  }
}

/** Appends rows (cells in `table`'s column order) through a new appender, flushed before returning. */
export async function appendRows(connection: DuckDBConnection, table: Table, rows: readonly Cell[][]): Promise<void> {
  if (rows.length === 0) return;
  const appender = await connection.createAppender(table.name);
  try {
    addRows(appender, table, rows);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

const STRING_LIST = LIST(VARCHAR);

/**
 * A Bloom filter over the stored paths and record SHA-256s. "Surely not
 * stored" lets a batch of new documents (a first load, or new files in a
 * rerun) skip the key lookup, a fifth of a batch's cost otherwise.
 * Keys of deleted documents stay in: they only cost a needless lookup.
 */
class KeyFilter {
  private bits: Uint32Array;
  private mask: number;
  private count = 0;

  constructor(expectedKeys: number) {
    // About 16 bits per key, for a false-positive rate near 0.1 % with 4 probes.
    let size = 1 << 20;
    while (size < expectedKeys * 16) size *= 2;
    this.bits = new Uint32Array(size / 32);
    this.mask = size - 1;
  }

  /** Whether the filter has grown past the load it was sized for, and should be rebuilt bigger. */
  get crowded(): boolean {
    return this.count * 12 > this.mask + 1;
  }

  get size(): number {
    return this.count;
  }

  add(key: string): void {
    const [h1, h2] = hashes(key);
    for (let i = 0; i < 4; i++) {
      const bit = (h1 + i * h2) & this.mask;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
    this.count++;
  }

  mightHave(key: string): boolean {
    const [h1, h2] = hashes(key);
    for (let i = 0; i < 4; i++) {
      const bit = (h1 + i * h2) & this.mask;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

/** Two 32-bit FNV-1a hashes of a string (different offset bases), for double hashing. */
function hashes(key: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return [a >>> 0, (b >>> 0) | 1];
}

/** Keys per IN list: large enough for any usual batch in one statement, small enough to keep statements cheap to plan. */
const KEYS_PER_STATEMENT = 1000;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += KEYS_PER_STATEMENT) out.push(items.slice(i, i + KEYS_PER_STATEMENT));
  return out;
}

function placeholders(items: readonly unknown[]): string {
  return items.map((_, i) => `$${i + 1}`).join(", ");
}

class DuckDbTableSink implements DuckDbSink {
  readonly batching = DATABASE_BATCHING;
  /** Writes run one after another: a DuckDB connection holds one transaction at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Built on the first write, from every stored key. */
  private filter: KeyFilter | undefined;
  /**
   * One appender per table, kept across batches: creating one costs about as
   * much as appending a few documents. Each flushes into the transaction open
   * at the time, so a rolled-back batch takes its rows with it.
   */
  private readonly appenders = new Map<string, DuckDBAppender>();

  constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly rowOptions: RowOptions,
  ) {}

  write(results: readonly Result[]): Promise<void> {
    return this.serially(() => this.writeBatch(results));
  }

  writeRows(items: readonly StorableResult[]): Promise<void> {
    return this.serially(() => this.writeBatch(items));
  }

  private async writeBatch(results: readonly Storable[]): Promise<void> {
    if (results.length === 0) return;
    const plan = planBatch(results);
    const c = this.connection;
    if (this.filter === undefined || this.filter.crowded) this.filter = await this.buildFilter();
    const filter = this.filter;
    await c.run("BEGIN TRANSACTION");
    try {
      const stored = await this.storedKeys(plan.paths.filter((p) => filter.mightHave(p)), plan.recordShas.filter((s) => filter.mightHave(s)));
      const changes = batchChanges(plan, stored, this.rowOptions);
      if (changes.deleteShas.length > 0) {
        // No index on the record tables: these deletes scan them, which only replaced documents pay for.
        const doomed = { shas: listValue(changes.deleteShas) };
        for (const table of CHILD_TABLES) {
          await c.run(`DELETE FROM ${quoteIdent(table.name)} WHERE sha256 IN (SELECT unnest($shas))`, doomed, { shas: STRING_LIST });
        }
        for (const shas of chunks(changes.deleteShas)) await c.run(`DELETE FROM ${quoteIdent(determinations.name)} WHERE sha256 IN (${placeholders(shas)})`, shas);
      }
      for (const paths of chunks(changes.deleteFailurePaths)) await c.run(`DELETE FROM ${quoteIdent(failures.name)} WHERE path IN (${placeholders(paths)})`, paths);
      const appenders = await this.tableAppenders();
      const used = new Set<DuckDBAppender>();
      for (const result of changes.write) {
        // One result at a time, so its rows are garbage before the next one's are built (see `prepare`).
        const rows = rowsOfItem(result, this.rowOptions);
        for (const [table, appender] of appenders) {
          const tableRows = rows.get(table.name)!;
          if (tableRows.length === 0) continue;
          addRows(appender, table, tableRows);
          used.add(appender);
        }
      }
      for (const appender of used) appender.flushSync();
      await c.run("COMMIT");
      for (const result of changes.write) {
        filter.add(result.source.path);
        if (!storedAsFailure(result)) filter.add(result.source.sha256);
      }
    } catch (error) {
      // An appender that failed is unusable, and one that did not may hold rows of this batch.
      this.dropAppenders();
      await c.run("ROLLBACK").catch(() => undefined);
      throw new Error(`DuckDB database ${this.path}: could not write a batch of ${results.length} results (nothing of it was stored): ${reason(error)}`);
    }
  }

  /** Every table with its appender, creating those not open yet. */
  private async tableAppenders(): Promise<[Table, DuckDBAppender][]> {
    const out: [Table, DuckDBAppender][] = [];
    for (const table of TABLES) {
      let appender = this.appenders.get(table.name);
      if (appender === undefined) {
        appender = await this.connection.createAppender(table.name);
        this.appenders.set(table.name, appender);
      }
      out.push([table, appender]);
    }
    return out;
  }

  private dropAppenders(): void {
    for (const appender of this.appenders.values()) {
      try {
        appender.clear();
        appender.closeSync();
      } catch {
        // already invalidated by the error that brought us here
      }
    }
    this.appenders.clear();
  }

  /** A filter holding every stored path and record SHA-256, sized for twice as many. */
  private async buildFilter(): Promise<KeyFilter> {
    const count = await this.connection.runAndReadAll(
      `SELECT (SELECT count(*) FROM ${quoteIdent(determinations.name)}) * 2 + (SELECT count(*) FROM ${quoteIdent(failures.name)})`,
    );
    const filter = new KeyFilter(Math.max(2 * Number(count.getRowsJS()[0]![0]), this.filter ? 2 * this.filter.size : 0, 100_000));
    const keys = await this.connection.stream(
      `SELECT path FROM ${quoteIdent(determinations.name)} UNION ALL SELECT sha256 FROM ${quoteIdent(determinations.name)} UNION ALL SELECT path FROM ${quoteIdent(failures.name)}`,
    );
    for await (const rows of keys.yieldRowsJs()) for (const [key] of rows) filter.add(String(key));
    return filter;
  }

  /**
   * The stored documents at these paths or with these record SHA-256s, asked
   * with IN lists of parameters. For a batch's worth of keys DuckDB scans the
   * table rather than probing its ART indexes (EXPLAIN, 256 keys), so the
   * cost grows with the table; the Bloom filter keeps loads of new documents
   * from asking at all, and only reruns and replaced files pay.
   */
  private async storedKeys(paths: readonly string[], shas: readonly string[]): Promise<StoredKey[]> {
    const found: StoredKey[] = [];
    const lookups: [StoredKey["kind"], Table, string, readonly string[]][] = [
      ["record", determinations, "path", paths],
      ["record", determinations, "sha256", shas],
      ["failure", failures, "path", paths],
    ];
    for (const [kind, table, column, keys] of lookups) {
      for (const part of chunks(keys)) {
        const result = await this.connection.runAndReadAll(
          `SELECT path, sha256, result_digest FROM ${quoteIdent(table.name)} WHERE ${quoteIdent(column)} IN (${placeholders(part)})`,
          part,
        );
        for (const [path, sha256, digest] of result.getRowsJS()) found.push({ kind, path: String(path), sha256: String(sha256), digest: String(digest) });
      }
    }
    return found;
  }

  knownKeys(): Promise<Set<string>> {
    return this.serially(async () => {
      const keys = new Set<string>();
      for (const table of [determinations, failures]) {
        const rows = await this.connection.runAndReadAll(`SELECT sha256, path FROM ${quoteIdent(table.name)}`);
        for (const [sha, path] of rows.getRowsJS()) keys.add(resultKey(String(sha), String(path)));
      }
      return keys;
    });
  }

  close(): Promise<void> {
    this.closing ??= this.serially(async () => {
      this.closed = true;
      this.dropAppenders();
      this.connection.closeSync();
      this.instance.closeSync();
    });
    return this.closing;
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error(`DuckDB sink ${this.path} is closed`);
      return task();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Writes every table as `DIR/<table>.parquet` with DuckDB's COPY, rows in
 * key order, each file first under a temporary name so an interrupted export
 * never leaves a truncated file under the real one.
 */
export function exportParquet(connection: DuckDBConnection, dir: string): Promise<string[]> {
  return copyTables(connection, dir, "parquet", "FORMAT parquet, COMPRESSION zstd");
}

/** Writes every table as `DIR/<table>.csv` with DuckDB's COPY, in the RFC 4180 form `csv.ts` describes. */
export function exportCsv(connection: DuckDBConnection, dir: string): Promise<string[]> {
  return copyTables(connection, dir, "csv", `FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NEW_LINE '\\r\\n'`);
}

async function copyTables(connection: DuckDBConnection, dir: string, extension: string, options: string): Promise<string[]> {
  const written: string[] = [];
  for (const table of TABLES) {
    const target = join(dir, `${table.name}.${extension}`);
    const partial = join(dir, `.${table.name}.${extension}.partial`);
    try {
      await connection.run(`COPY (SELECT * FROM ${quoteIdent(table.name)} ORDER BY ${table.primaryKey.map(quoteIdent).join(", ")}) TO '${partial.replaceAll("'", "''")}' (${options})`);
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw new Error(`cannot write ${target}: ${reason(error)}`);
    }
    written.push(target);
  }
  return written;
}
