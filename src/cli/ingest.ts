/**
 * `imr ingest PATH|GLOB...`: a whole archive into JSON Lines (or, through
 * `openSink`, CSV or a database), in parallel, resumable, with progress.
 */
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { resolve, sep } from "node:path";
import { DEFAULT_IGNORES, InputError, resolveInputs } from "../ingest/discover.js";
import { ingest, type IngestHooks } from "../ingest/ingest.js";
import { openJsonlSink } from "../ingest/jsonl-sink.js";
import { startProgress, type ProgressReporter } from "../ingest/progress.js";
import { formatSummary } from "../ingest/summary.js";
import { openSink } from "../sinks/index.js";
import type { Sink } from "../sinks/sink.js";
import { parseCommandLine, UsageError } from "./usage.js";

const HELP = `Usage: imr ingest PATH|GLOB... [options]

Processes every file named (text or PDF, decided by content) on a pool of
worker threads and writes one JSON line per file: a record, or
{"source", "error": {code, message}}. Lines come in completion order.

A directory means every file below it; a glob (quote it) means the files
it matches. source.path is relative to the directory searched (for a glob,
to its part before the first wildcard); a file argument keeps its path as given.
Left out of directories and globs: hidden files and folders, ${DEFAULT_IGNORES.join(", ")}.

  -o, --out FILE        write JSON Lines to FILE (default stdout); an existing,
                        non-empty FILE is refused unless --resume is given
  -j, --jobs N          worker threads (default ${availableParallelism()}, one per core)
      --ignore PATTERN  also leave out files matching PATTERN, relative to the
                        directory searched (repeatable)
      --no-default-ignores  take hidden files and the default ignores too
      --resume          skip files already in the output with the same path and
                        SHA-256; append the rest
      --timeout MS      per-file time limit (default 30000); a file over it is a
                        "timeout" failure and its worker is replaced
  -q, --quiet           no progress on stderr (the final summary still prints)
      --db URL          write to a database instead: duckdb:PATH or postgres://...
      --format FMT      jsonl (default) or csv (--out then names a directory)
      --provenance      with --db or --format csv: also store where each field
                        came from (the provenance table; JSON Lines always has it)
Ctrl-C stops taking files, lets those in flight finish (3 s at most; press
again to abandon them), writes what is done and exits 130; --resume finishes.
Exit status: 0 all records, 1 any failure, 2 usage error, 130 interrupted.
`;

/** Runs `imr ingest` with its arguments; resolves to the exit status. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine({
    args,
    allowPositionals: true,
    options: {
      out: { type: "string", short: "o" },
      jobs: { type: "string", short: "j" },
      ignore: { type: "string", multiple: true, default: [] },
      "no-default-ignores": { type: "boolean", default: false },
      resume: { type: "boolean", default: false },
      timeout: { type: "string" },
      quiet: { type: "boolean", short: "q", default: false },
      db: { type: "string" },
      format: { type: "string" },
      provenance: { type: "boolean", default: false },
    },
  }, HELP);
  if (positionals.length === 0) throw new UsageError(`no PATH or GLOB given\n\n${HELP}`);
  const jobs = positiveInteger(values.jobs, "--jobs", availableParallelism());
  const timeoutMs = positiveInteger(values.timeout, "--timeout", 30_000);
  const format = values.format;
  if (format !== undefined && format !== "jsonl" && format !== "csv") throw new UsageError(`--format takes jsonl or csv, not "${format}"`);
  if (values.db !== undefined && format !== undefined) throw new UsageError("give either --db or --format, not both");
  const jsonl = values.db === undefined && format !== "csv";
  if (values.provenance && jsonl) throw new UsageError("--provenance is for --db and --format csv: JSON Lines records always carry their provenance");
  if (values.resume && values.out === undefined && values.db === undefined) throw new UsageError("--resume needs --out FILE or --db: there is no output to resume on stdout");
  if (jsonl && values.out !== undefined && !values.resume && (await nonEmptyFile(values.out))) {
    throw new UsageError(`${values.out} already holds output: pass --resume to continue that run, or remove the file`);
  }

  // a mistyped input must not leave an empty output behind
  await resolveInputs(positionals).catch((error: unknown) => {
    throw error instanceof InputError ? new UsageError(error.message) : error;
  });
  const sink = await openOutput({ db: values.db, format, out: values.out, resume: values.resume, provenance: values.provenance });
  // the run's own output must never be read back as input
  const exclude = values.db !== undefined || values.out === undefined ? [] : [jsonl ? resolve(values.out) : resolve(values.out) + sep];
  const stop = new AbortController();
  const abandon = new AbortController();
  const onSigint = (): void => {
    if (!stop.signal.aborted) stop.abort();
    else abandon.abort();
  };
  process.on("SIGINT", onSigint);

  let progress: ProgressReporter | undefined;
  const hooks: IngestHooks = {
    onStart: (live) => {
      if (!values.quiet) progress = startProgress(live, process.stderr, { tty: process.stderr.isTTY === true });
    },
    onStopping: (inFlight) => {
      progress?.stop();
      process.stderr.write(`imr ingest: stopping; waiting for ${inFlight} files in flight (Ctrl-C again to abandon them)\n`);
    },
  };
  try {
    const summary = await ingest(
      {
        inputs: positionals,
        jobs,
        ignore: values.ignore,
        defaultIgnores: !values["no-default-ignores"],
        exclude,
        timeoutMs,
        resume: values.resume,
        signal: stop.signal,
        abandonSignal: abandon.signal,
        countTotal: !values.quiet,
      },
      sink,
      hooks,
    );
    progress?.stop();
    process.stderr.write(formatSummary(summary));
    if (summary.records + summary.failures + summary.skipped === 0 && !summary.interrupted) {
      process.stderr.write(`imr ingest: no files found (hidden files and ${DEFAULT_IGNORES.join(", ")} are left out unless --no-default-ignores)\n`);
    }
    if (summary.interrupted) return 130;
    return summary.failures > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof InputError) throw new UsageError(error.message);
    if ((error as NodeJS.ErrnoException).code === "EPIPE") {
      process.stderr.write("imr ingest: the output was closed before the run finished; stopped\n");
      return 1;
    }
    throw error;
  } finally {
    progress?.stop();
    process.off("SIGINT", onSigint);
    await sink.close();
  }
}

function positiveInteger(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} takes a positive whole number, not "${text}"`);
  return n;
}

async function nonEmptyFile(file: string): Promise<boolean> {
  try {
    const stats = await stat(file);
    return stats.isFile() && stats.size > 0;
  } catch {
    return false;
  }
}

interface OutputOptions {
  db: string | undefined;
  format: "jsonl" | "csv" | undefined;
  out: string | undefined;
  resume: boolean;
  provenance: boolean;
}

/** JSON Lines is opened here; databases and CSV through `openSink`, which loads a driver only when it is asked for. */
async function openOutput({ db, format, out, resume, provenance }: OutputOptions): Promise<Sink> {
  if (db === undefined && format !== "csv") return openJsonlSink({ out, append: resume });
  try {
    return await openSink({ db, format, out, provenance });
  } catch (error) {
    // openSink's errors say what is wrong with the target or why it would not open
    throw new UsageError(`cannot open the output: ${error instanceof Error ? error.message : String(error)}`);
  }
}
