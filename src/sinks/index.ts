/**
 * Choosing a sink from the command line's `--db`, `--format` and `--out`.
 * Drivers are imported only for the sink chosen, so a JSONL run never loads
 * DuckDB or pg.
 */
import type { Result } from "../record/schema.js";
import type { Sink } from "./sink.js";
import type { RowOptions } from "./tables.js";

export interface SinkTarget {
  /**
   * A database: `imr.duckdb`, `duckdb:PATH` (`duckdb::memory:` for memory),
   * any path without a URL scheme (DuckDB), or `postgres://` /
   * `postgresql://` URL (`?schema=NAME` picks the schema).
   * Leave `format` undefined when this is given.
   */
  db?: string;
  /** A file format without a database: JSONL (the default) or CSV (a directory of one file per table). */
  format?: "jsonl" | "csv";
  /** JSONL: the file (stdout when absent). CSV: the directory (required). */
  out?: string;
  /** JSONL only: keep the file's contents and append (`--resume`). Databases and CSV always keep what they hold. */
  append?: boolean;
  /** Databases and CSV: also store each record's provenance, in the `provenance` table (see `RowOptions`). JSONL always has it. */
  provenance?: boolean;
}

/** Which database a `--db` value names. */
export type DatabaseTarget = { kind: "duckdb"; path: string } | { kind: "postgres"; url: string };

/**
 * Reads a `--db` value: `postgres://` and `postgresql://` URLs are PostgreSQL;
 * `duckdb:PATH` and anything without a URL scheme (`imr.duckdb`, `data/x.db`,
 * `C:\x.duckdb`) is a DuckDB file.
 *
 * @throws Error for another scheme or an empty value.
 */
export function parseDatabaseTarget(db: string): DatabaseTarget {
  if (db.trim() === "") throw new Error("the database is empty: give a DuckDB file (imr.duckdb) or a postgres:// URL");
  if (/^postgres(ql)?:\/\//i.test(db)) return { kind: "postgres", url: db };
  if (/^duckdb:/i.test(db)) {
    const path = db.slice("duckdb:".length);
    if (path === "") throw new Error('"duckdb:" names no file: write duckdb:PATH, e.g. duckdb:imr.duckdb');
    return { kind: "duckdb", path };
  }
  // A one-letter "scheme" is a Windows drive, not a URL.
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(db)?.[1];
  if (scheme !== undefined) {
    throw new Error(`unsupported database "${scheme}:" in "${db}": give a DuckDB file (imr.duckdb or duckdb:PATH) or a PostgreSQL URL (postgres://USER@HOST:PORT/DATABASE)`);
  }
  return { kind: "duckdb", path: db };
}

/**
 * Opens the sink a command line asks for: DuckDB, PostgreSQL, a CSV directory,
 * or JSONL (written by `src/ingest/jsonl-sink.ts`).
 *
 * @throws Error saying what is wrong with the target, or what failed opening it.
 */
export async function openSink(target: SinkTarget): Promise<Sink> {
  const rowOptions: RowOptions = { provenance: target.provenance ?? false };
  if (target.db !== undefined) {
    if (target.format !== undefined) throw new Error(`give either a database (--db ${target.db}) or a file format (--format ${target.format}), not both`);
    const db = parseDatabaseTarget(target.db);
    if (db.kind === "postgres") return (await import("./postgres.js")).openPostgresSink(db.url, { rowOptions });
    return (await import("./duckdb.js")).openDuckDbSink(db.path, rowOptions);
  }
  const format = target.format ?? "jsonl";
  if (format === "csv") {
    if (!target.out) throw new Error("CSV output needs a directory: --out DIR");
    return (await import("./csv.js")).openCsvSink(target.out, rowOptions);
  }
  if (format !== "jsonl") throw new Error(`unknown output format "${String(format)}": use jsonl or csv, or --db for a database`);
  return openJsonl(target);
}

function openJsonl(target: SinkTarget): Promise<Sink> {
  return import("../ingest/jsonl-sink.js").then(({ openJsonlSink }) => openJsonlSink({ out: target.out, append: target.append }));
}

/** What writing a set of results through a sink cost. */
export interface SinkTiming {
  results: number;
  batches: number;
  /** Wall time of all `write` calls plus `close`, in milliseconds. */
  totalMs: number;
  closeMs: number;
  /** Microseconds of sink time per result, close included. */
  perResultUs: number;
  /**
   * CPU time of this process (all threads, DuckDB's included) over the same
   * calls, in milliseconds: unlike wall time, not inflated by other load on
   * the machine. A PostgreSQL server's own CPU is not in it.
   */
  cpuMs: number;
  cpuPerResultUs: number;
  resultsPerSecond: number;
  /** The slowest single `write`, in milliseconds: what one batch can stall the ingest. */
  slowestBatchMs: number;
}

/**
 * Writes `results` through `sink` in batches of `batchSize`, closes it, and
 * reports the time spent inside the sink, for comparing against the time the
 * ingest spends producing the same results.
 */
export async function benchSink(sink: Sink, results: readonly Result[], batchSize = 500): Promise<SinkTiming> {
  let writeMs = 0;
  let slowestBatchMs = 0;
  let batches = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < results.length; i += batchSize) {
    const started = performance.now();
    await sink.write(results.slice(i, i + batchSize));
    const took = performance.now() - started;
    writeMs += took;
    slowestBatchMs = Math.max(slowestBatchMs, took);
    batches++;
  }
  const closing = performance.now();
  await sink.close();
  const closeMs = performance.now() - closing;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const totalMs = writeMs + closeMs;
  return {
    results: results.length,
    batches,
    totalMs,
    closeMs,
    perResultUs: results.length ? (totalMs * 1000) / results.length : 0,
    cpuMs,
    cpuPerResultUs: results.length ? (cpuMs * 1000) / results.length : 0,
    resultsPerSecond: totalMs ? (results.length * 1000) / totalMs : 0,
    slowestBatchMs,
  };
}
