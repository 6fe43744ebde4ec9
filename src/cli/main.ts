#!/usr/bin/env node
/**
 * `imr`: a thin shell over the library. Each subcommand lives in its own
 * module and is loaded only when asked for, so `imr parse` never pays for
 * the database drivers.
 *
 * The line above takes no Node flags: `env -S`, the only way to pass them
 * there, is missing from BusyBox (Alpine) and the BSDs. `--single-threaded-gc`
 * makes ingests faster (see README, "Speed"); start Node with it by hand.
 */
import { HelpRequested, UsageError } from "./usage.js";

type Command = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  parse: { summary: "parse FILE... into one JSON line each", load: async () => (await import("./parse.js")).run },
  ingest: { summary: "ingest PATH|GLOB... in parallel into JSONL, CSV or a database", load: async () => (await import("./ingest.js")).run },
  export: { summary: "export --db ... --format csv|parquet --out DIR", load: async () => (await import("./export.js")).run },
  schema: { summary: "print the record's JSON Schema, or --sql duckdb|postgres DDL", load: async () => (await import("./schema.js")).run },
  check: { summary: "check FILE: each field beside the source lines it came from", load: async () => (await import("./check.js")).run },
  eval: { summary: "eval --gold DIR FILE...: score extraction against gold records", load: async () => (await import("./eval.js")).run },
};

export const HELP = `imr — IMR final determinations to structured records

Usage: imr <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join("\n")}

Run "imr <command> --help" for a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(HELP);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`imr: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  try {
    return await (await command.load())(rest);
  } catch (error) {
    if (error instanceof HelpRequested) {
      process.stdout.write(error.text);
      return 0;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`imr ${name}: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`imr: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 3;
  },
);
