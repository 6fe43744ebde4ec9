/**
 * `imr export --db DB --format csv|parquet --out DIR`: the analytics tables as
 * one file per table, for tools that read files rather than databases.
 *
 * From DuckDB, both formats come straight from COPY; from PostgreSQL the rows
 * are read through a cursor and written by `csv.ts` (whose CSV matches
 * DuckDB's byte for byte) or, for Parquet, staged in an in-memory DuckDB.
 */
import { mkdir } from "node:fs/promises";
import { parseDatabaseTarget } from "../sinks/index.js";
import { TABLES } from "../sinks/tables.js";
import { parseCommandLine, UsageError } from "./usage.js";

const HELP = `Usage: imr export --db DB --format csv|parquet --out DIR

Writes every analytics table (${TABLES.map((t) => t.name).join(", ")})
as DIR/<table>.csv or DIR/<table>.parquet, rows in primary-key order.
  --db DB         a DuckDB file (imr.duckdb, duckdb:PATH) or postgres://... URL
                  (?schema=NAME for tables in their own schema)
  --format F      csv (RFC 4180, header row) or parquet
  --out DIR       the directory to write (created when missing; files replaced)
Exit status: 0 written, 2 usage error, 3 the database or directory failed.
`;

export type ExportFormat = "csv" | "parquet";

/** Runs `imr export`; prints the files written. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args,
    allowPositionals: true,
    options: {
      db: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
    },
  }, HELP);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"\n\n${HELP}`);
  if (!values.db) throw new UsageError(`--db is required\n\n${HELP}`);
  if (!values.out) throw new UsageError(`--out is required\n\n${HELP}`);
  if (values.format !== "csv" && values.format !== "parquet") throw new UsageError(`--format takes csv or parquet${values.format === undefined ? "" : `, not "${values.format}"`}\n\n${HELP}`);
  let files: string[];
  try {
    parseDatabaseTarget(values.db);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  try {
    files = await exportTables(values.db, values.format, values.out);
  } catch (error) {
    process.stderr.write(`imr export: ${error instanceof Error ? error.message : String(error)}\n`);
    return 3;
  }
  for (const file of files) process.stdout.write(`${file}\n`);
  return 0;
}

/**
 * Exports every table of the database `db` (a `--db` value) into `dir`.
 *
 * @returns the files written.
 * @throws Error naming the database or file that failed.
 */
export async function exportTables(db: string, format: ExportFormat, dir: string): Promise<string[]> {
  const target = parseDatabaseTarget(db);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new Error(`cannot create output directory ${dir}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const duck = await import("../sinks/duckdb.js");
  if (target.kind === "duckdb") {
    const { instance, connection } = await duck.openDuckDb(target.path, true);
    try {
      return await (format === "parquet" ? duck.exportParquet(connection, dir) : duck.exportCsv(connection, dir));
    } catch (error) {
      throw new Error(`exporting DuckDB database ${target.path}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
  const { connectPostgres, inSnapshot, postgresTableRows } = await import("../sinks/postgres.js");
  const { writeCsvTables } = await import("../sinks/csv.js");
  const { client, schema, target: where } = await connectPostgres(target.url);
  try {
    if (format === "csv") return await inSnapshot(client, () => writeCsvTables(dir, (table) => postgresTableRows(client, table, schema)));
    // Parquet writing lives in DuckDB: stage the rows in an in-memory database, then COPY.
    const staging = await duck.openDuckDbSink(":memory:");
    try {
      await inSnapshot(client, async () => {
        for (const table of TABLES) {
          for await (const rows of postgresTableRows(client, table, schema)) await duck.appendRows(staging.connection, table, rows);
        }
      });
      return await duck.exportParquet(staging.connection, dir);
    } finally {
      await staging.close();
    }
  } catch (error) {
    throw new Error(`exporting PostgreSQL at ${where}${schema ? ` (schema ${schema})` : ""}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
