/**
 * CSV output: one RFC 4180 file per table of `tables.ts` (header row, CRLF
 * line ends, fields quoted when they hold a quote, comma or line break, quotes
 * doubled). NULL is an empty unquoted field; an empty string is `""`. This is
 * byte for byte what DuckDB's COPY writes with NEW_LINE '\r\n', so CSV from
 * DuckDB (COPY) and from PostgreSQL (this writer) match.
 *
 * The CSV sink keeps its state in a DuckDB file inside the output directory
 * (`.imr-state.duckdb`) and has DuckDB render the CSV files on `close`. That
 * gives CSV output the same guarantees as the database sinks: every batch is
 * durable when `write` resolves, `--resume` finds what is stored, and loading
 * again replaces rows instead of appending duplicates, which plain appends to
 * CSV files could not do.
 */
import { constants } from "node:fs";
import { access, mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Result } from "../record/schema.js";
import { exportCsv, openDuckDbSink, type DuckDbSink } from "./duckdb.js";
import type { Batching, Sink } from "./sink.js";
import { DEFAULT_ROW_OPTIONS, TABLES, type Cell, type RowOptions, type StorableResult, type Table } from "./tables.js";

/** The state file the CSV sink keeps beside its CSV files. */
export const CSV_STATE_FILE = ".imr-state.duckdb";

const NEEDS_QUOTES = /[",\r\n]/;

/** One field as RFC 4180 text. */
export function csvField(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell !== "string") return String(cell);
  return cell === "" || NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** One record (row) as RFC 4180 text, CRLF included. */
export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(",")}\r\n`;
}

const FLUSH_BYTES = 1 << 20;

/**
 * Writes every table as `DIR/<table>.csv` from the rows `rowsOf` yields, each
 * file first under a temporary name and fsynced, so an interrupted run never
 * leaves a truncated file under the real name.
 */
export async function writeCsvTables(dir: string, rowsOf: (table: Table) => AsyncIterable<Cell[][]>): Promise<string[]> {
  const written: string[] = [];
  for (const table of TABLES) {
    const target = join(dir, `${table.name}.csv`);
    const partial = join(dir, `.${table.name}.csv.partial`);
    try {
      const file = await open(partial, "w");
      try {
        let buffer = csvLine(table.columns.map((c) => c.name));
        for await (const rows of rowsOf(table)) {
          for (const row of rows) {
            buffer += csvLine(row);
            if (buffer.length >= FLUSH_BYTES) {
              await file.write(buffer);
              buffer = "";
            }
          }
        }
        await file.write(buffer);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw new Error(`cannot write ${target}: ${error instanceof Error ? error.message : String(error)}`);
    }
    written.push(target);
  }
  return written;
}

/**
 * Opens a CSV sink writing into `dir` (created when missing). The CSV files
 * appear, complete, when the sink is closed; until then the rows are in the
 * directory's state file.
 *
 * @throws Error naming the directory when it cannot be created or written.
 */
export async function openCsvSink(dir: string, rowOptions: RowOptions = DEFAULT_ROW_OPTIONS): Promise<Sink> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new Error(`cannot write CSV output to directory ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new CsvSink(dir, await openDuckDbSink(join(dir, CSV_STATE_FILE), rowOptions));
}

class CsvSink implements Sink {
  private closing: Promise<void> | undefined;

  constructor(
    private readonly dir: string,
    private readonly state: DuckDbSink,
  ) {}

  get rowOptions(): RowOptions {
    return this.state.rowOptions;
  }

  get batching(): Batching {
    return this.state.batching;
  }

  write(results: readonly Result[]): Promise<void> {
    return this.state.write(results);
  }

  writeRows(items: readonly StorableResult[]): Promise<void> {
    return this.state.writeRows(items);
  }

  knownKeys(): Promise<Set<string>> {
    return this.state.knownKeys();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      try {
        await exportCsv(this.state.connection, this.dir);
      } finally {
        await this.state.close();
      }
    })();
    return this.closing;
  }
}
