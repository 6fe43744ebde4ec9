/**
 * `imr parse FILE...`: one JSON line per file on stdout, in argument order.
 * Exit 0 when every file gave a record, 1 when any gave a failure.
 */
import { processFile } from "../core/read-file.js";
import { isFailure } from "../record/schema.js";
import { parseCommandLine, UsageError, timeoutOption } from "./usage.js";

const HELP = `Usage: imr parse [--pretty] [--no-provenance] FILE...

Parses each FILE (text or PDF, detected by content) and prints one JSON line
per file, in argument order: a record, or {"source", "error": {code, message}}.
  --pretty          indent the JSON (one object per file, no longer one line)
  --no-provenance   leave the provenance array out of the records
  --timeout MS      give up on one PDF after MS milliseconds (default 30000)
Exit status: 0 all records, 1 any failure, 2 usage error.
`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args,
    allowPositionals: true,
    options: {
      pretty: { type: "boolean", default: false },
      "no-provenance": { type: "boolean", default: false },
      timeout: { type: "string" },
    },
  }, HELP);
  if (positionals.length === 0) throw new UsageError(`no FILE given\n\n${HELP}`);
  const pdfTimeoutMs = timeoutOption(values.timeout);

  let failed = false;
  for (const path of positionals) {
    const result = await processFile(path, { pdfTimeoutMs });
    if (isFailure(result)) failed = true;
    const shown = values["no-provenance"] && !isFailure(result) ? { ...result, provenance: undefined } : result;
    process.stdout.write(`${JSON.stringify(shown, null, values.pretty ? 2 : undefined)}\n`);
  }
  return failed ? 1 : 0;
}

