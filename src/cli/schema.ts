/**
 * `imr schema`: the published shape of the output. Without options, the
 * record's JSON Schema (draft 2020-12); with `--sql duckdb|postgres`, the DDL
 * of the analytics tables the database sinks create.
 */
import { recordJsonSchema } from "../record/schema.js";
import { ddl } from "../sinks/tables.js";
import { parseCommandLine, UsageError } from "./usage.js";

const HELP = `Usage: imr schema [--sql duckdb|postgres [--schema NAME]]

Prints the JSON Schema (draft 2020-12) every record emitted by imr satisfies.
  --sql duckdb|postgres   print instead the CREATE TABLE statements of the
                          analytics tables (as imr ingest --db creates them)
  --schema NAME           with --sql: put the tables in schema NAME
`;

/** Runs `imr schema`; exit 0, or 2 (UsageError) for a bad option. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args,
    allowPositionals: true,
    options: {
      sql: { type: "string" },
      schema: { type: "string" },
    },
  }, HELP);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"\n\n${HELP}`);
  if (values.sql === undefined) {
    if (values.schema !== undefined) throw new UsageError(`--schema goes with --sql\n\n${HELP}`);
    process.stdout.write(`${JSON.stringify(recordJsonSchema(), null, 2)}\n`);
    return 0;
  }
  if (values.sql !== "duckdb" && values.sql !== "postgres") throw new UsageError(`--sql takes duckdb or postgres, not "${values.sql}"`);
  process.stdout.write(ddl(values.sql, { schema: values.schema }));
  return 0;
}
