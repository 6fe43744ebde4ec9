/**
 * Counting a bulk run as it goes, and the summary printed at its end.
 */
import { isFailure, type FailureCode, type Result } from "../record/schema.js";

/** What the run's tally needs to know of one result. */
export interface ResultCounts {
  /** The failure's code, or null for a record. */
  failure: FailureCode | null;
  upheld: number;
  overturned: number;
}

export function countResult(result: Result): ResultCounts {
  if (isFailure(result)) return { failure: result.error.code, upheld: 0, overturned: 0 };
  let upheld = 0;
  for (const decision of result.decisions) if (decision.outcome === "upheld") upheld++;
  return { failure: null, upheld, overturned: result.decisions.length - upheld };
}

/** Running counts of a bulk run; progress reads it live, the summary at the end. */
export class Tally {
  records = 0;
  failures = 0;
  skipped = 0;
  upheld = 0;
  overturned = 0;
  bytes = 0;
  readonly failuresByCode = new Map<FailureCode, number>();

  /** Files finished this run, processed or skipped. */
  get done(): number {
    return this.records + this.failures + this.skipped;
  }

  /** Counts one processed file's result and its size. */
  add(result: Result, bytes: number): void {
    this.addCounts(countResult(result), bytes);
  }

  /** Counts one processed file from what `countResult` made of its result (in the worker that produced it). */
  addCounts(counts: ResultCounts, bytes: number): void {
    this.bytes += bytes;
    if (counts.failure !== null) {
      this.failures++;
      this.failuresByCode.set(counts.failure, (this.failuresByCode.get(counts.failure) ?? 0) + 1);
      return;
    }
    this.records++;
    this.upheld += counts.upheld;
    this.overturned += counts.overturned;
  }

  /** Counts one file left alone because the output already has it. */
  skip(): void {
    this.skipped++;
  }
}

export interface IngestSummary {
  records: number;
  failures: number;
  failuresByCode: Partial<Record<FailureCode, number>>;
  /** Files left alone because the output already had them (`--resume`). */
  skipped: number;
  upheld: number;
  overturned: number;
  /** Bytes of the files processed (skipped ones not included). */
  bytes: number;
  elapsedMs: number;
  /** True when the run was stopped before every file was taken. */
  interrupted: boolean;
  /** Files in flight when the run stopped that were given up on: not in the output. */
  abandoned: number;
}

/** The end-of-run figures from the running counts. */
export function summarize(tally: Tally, elapsedMs: number, interrupted: boolean, abandoned: number): IngestSummary {
  return {
    records: tally.records,
    failures: tally.failures,
    failuresByCode: Object.fromEntries([...tally.failuresByCode].sort((a, b) => b[1] - a[1])),
    skipped: tally.skipped,
    upheld: tally.upheld,
    overturned: tally.overturned,
    bytes: tally.bytes,
    elapsedMs,
    interrupted,
    abandoned,
  };
}

/** The human summary for stderr, a few lines. */
export function formatSummary(summary: IngestSummary): string {
  const processed = summary.records + summary.failures;
  const seconds = summary.elapsedMs / 1000;
  const rate = seconds > 0 ? processed / seconds : 0;
  const mbPerSecond = seconds > 0 ? summary.bytes / 1e6 / seconds : 0;
  const lines = [
    `imr ingest: ${count(processed)} files processed in ${formatDuration(summary.elapsedMs)} (${rate.toFixed(rate < 10 ? 1 : 0)} files/s, ${mbPerSecond.toFixed(1)} MB/s)`,
    `  records   ${count(summary.records)}   decisions: ${count(summary.upheld)} upheld, ${count(summary.overturned)} overturned`,
  ];
  const codes = Object.entries(summary.failuresByCode).map(([code, n]) => `${code} ${count(n)}`);
  lines.push(`  failures  ${count(summary.failures)}${codes.length ? `   ${codes.join(", ")}` : ""}`);
  if (summary.skipped) lines.push(`  skipped   ${count(summary.skipped)}   already in the output`);
  if (summary.interrupted) {
    const lost = summary.abandoned ? `; ${count(summary.abandoned)} files in flight were abandoned` : "";
    lines.push(`  interrupted${lost}: run again with --resume to finish`);
  }
  return `${lines.join("\n")}\n`;
}

/** A count with thousands separators, as the summary and progress show them. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** "12.3 s" under a minute, then "m:ss" or "h:mm:ss". */
export function formatDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}` : `${m}:${String(s).padStart(2, "0")}`;
}
