/**
 * `imr eval --gold DIR [--json] FILE...`: parse each FILE and score the
 * records against `DIR/<name>.gold.json`, by the contract's scoring rules.
 * Exit 0 whatever the score (the figures are the result), 2 on usage errors.
 */
import { evaluateFiles } from "../evaluate/evaluate.js";
import { formatEvaluation } from "../evaluate/format.js";
import { readGoldDir } from "../evaluate/gold.js";
import { parseCommandLine, UsageError, timeoutOption } from "./usage.js";

const HELP = `Usage: imr eval --gold DIR [--json] [--timeout MS] FILE...

Parses each FILE (text or PDF) and scores the result against DIR/<name>.gold.json,
where <name> is the FILE's name without its extension, by the scoring rules of
the record contract (the same figures as shared/tools/score.mjs). Only the gold
records of the FILEs given are scored. Prints per-field accuracy, the headline
figures (mean field accuracy, share of perfect documents) and, for each
document with wrong fields, what was expected and what was extracted.
  --gold DIR     folder of <name>.gold.json files (required)
  --json         print the figures and every wrong field as one JSON object
  --timeout MS   give up on one PDF after MS milliseconds (default 30000)
Exit status: 0 scored, 2 usage error.
`;

/** Where the report goes; a parameter so tests can capture it. */
export interface Output {
  write(text: string): unknown;
}

export async function run(args: string[], stdout: Output = process.stdout): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args,
    allowPositionals: true,
    options: {
      gold: { type: "string" },
      json: { type: "boolean", default: false },
      timeout: { type: "string" },
    },
  }, HELP);
  if (!values.gold) throw new UsageError(`--gold DIR is required\n\n${HELP}`);
  if (positionals.length === 0) throw new UsageError(`no FILE given\n\n${HELP}`);
  const pdfTimeoutMs = timeoutOption(values.timeout);

  let golds;
  try {
    golds = await readGoldDir(values.gold);
  } catch (error) {
    // A wrong or broken gold folder is a mistake in how the command was called, not a result.
    throw new UsageError(`cannot read the gold records in ${values.gold}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const evaluation = await evaluateFiles(positionals, golds, { pdfTimeoutMs });

  if (values.json) {
    const { summary, failures, ungraded } = evaluation;
    stdout.write(`${JSON.stringify({ ...summary, failures, ungraded }, null, 2)}\n`);
  } else {
    stdout.write(`${formatEvaluation(evaluation).join("\n")}\n`);
  }
  return 0;
}
