/**
 * `imr check FILE...`: spot-check extraction by eye. For each field, its value
 * beside the source line(s) it came from, the matched text highlighted; then
 * the warnings. For a failure, what the parser saw.
 * Exit 0 when every file gave a record, 1 when any gave a failure.
 */
import { inspectFile } from "../core/read-file.js";
import { renderReport } from "../check/report.js";
import { isFailure } from "../record/schema.js";
import { parseCommandLine, UsageError, timeoutOption } from "./usage.js";

const HELP = `Usage: imr check [--json] [--color|--no-color] [--lines N] FILE...

Shows one document's record as a person checks it: each field with its value
and the page, line and text of the source it came from (matched text in
colour on a terminal, else between [[ and ]]), grouped as the document is:
header, reviewer, case summary, each decision; then the record's warnings.
For a document that yields no record: the failure code, its message and what
the parser saw (layout guess, sections found).
  --json           print the record (with provenance) or the failure as JSON
  --color          highlight with ANSI colour even when stdout is not a terminal
  --no-color       mark matched text with [[ ]] even on a terminal
  --lines N        show at most N source lines per field; longer spans show
                   their first and last line (default 3)
  --timeout MS     give up on one PDF after MS milliseconds (default 30000)
Exit status: 0 all records, 1 any failure, 2 usage error.
`;

/** Where the report goes; a parameter so tests can capture it. */
export interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

export async function run(args: string[], stdout: Output = process.stdout): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      color: { type: "boolean" },
      "no-color": { type: "boolean" },
      lines: { type: "string" },
      timeout: { type: "string" },
    },
  }, HELP);
  if (positionals.length === 0) throw new UsageError(`no FILE given\n\n${HELP}`);
  if (values.color && values["no-color"]) throw new UsageError("--color and --no-color contradict each other");
  const pdfTimeoutMs = timeoutOption(values.timeout);
  const maxSpanLines = values.lines === undefined ? undefined : Number(values.lines);
  if (maxSpanLines !== undefined && !(Number.isInteger(maxSpanLines) && maxSpanLines >= 2)) throw new UsageError(`--lines takes a whole number of at least 2, not "${values.lines}"`);
  const color = values.color ?? (values["no-color"] ? false : Boolean(stdout.isTTY) && !process.env.NO_COLOR);

  let failed = false;
  for (const [i, path] of positionals.entries()) {
    const inspection = await inspectFile(path, { pdfTimeoutMs });
    if (isFailure(inspection.result)) failed = true;
    if (values.json) {
      stdout.write(`${JSON.stringify(inspection.result, null, 2)}\n`);
    } else {
      if (i > 0) stdout.write("\n");
      stdout.write(`${renderReport(inspection, { color, maxSpanLines }).join("\n")}\n`);
    }
  }
  return failed ? 1 : 0;
}

