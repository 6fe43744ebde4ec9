/**
 * Evaluation results as text for people: per-field accuracy, the headline,
 * and for each document what was expected and what was extracted.
 */
import type { Evaluation } from "./evaluate.js";
import { formatHeadline, normalizeForScoring, type DocumentReport, type FieldScore, type ScoreSummary } from "./score.js";

/** How much of a long value to show on each side of where it first differs. */
const CONTEXT = 50;

/** The whole `imr eval` report: per-field accuracy, headline figures, then every document with wrong fields. */
export function formatEvaluation(evaluation: Evaluation): string[] {
  const { summary } = evaluation;
  const lines: string[] = [`Per-field accuracy (${summary.documents} documents):`];
  for (const [key, value] of Object.entries(summary.perField)) lines.push(`  ${key.padEnd(44)} ${(value * 100).toFixed(1)}%`);
  lines.push("");
  lines.push(`documents ${summary.documents}, missing ${summary.missing}, unreadable lines ${summary.unreadableLines}, failures ${evaluation.failures.length}`);
  lines.push(formatHeadline(summary));
  if (evaluation.ungraded.length) lines.push(`not scored (no gold record): ${evaluation.ungraded.join(", ")}`);
  if (summary.report.length) {
    lines.push("");
    lines.push(`Documents with wrong fields (${summary.report.length} of ${summary.documents}):`);
    for (const entry of summary.report) lines.push(...formatDocumentReport(entry));
  }
  return lines;
}

/** One document's wrong fields; a failure is summarised in one line, since then every field is wrong. */
export function formatDocumentReport(entry: DocumentReport): string[] {
  const lines = [`${entry.id}${entry.path ? `  ${entry.path}` : ""}`];
  const error = entry.error as { code?: unknown; message?: unknown } | undefined;
  if (error) {
    lines.push(`  failure ${String(error.code)}: ${String(error.message)}`);
    lines.push(`  (no record, so all ${entry.wrong.length} scored fields are wrong)`);
    return lines;
  }
  if (entry.wrong.length > 0 && entry.wrong.every((w) => w.got === undefined) && entry.wrong[0]?.name !== "expectError") {
    lines.push(`  no output for this document (all ${entry.wrong.length} scored fields are wrong)`);
    return lines;
  }
  for (const field of entry.wrong) lines.push(...describeWrongField(field).map((line) => `  ${line}`));
  return lines;
}

/**
 * What differed in one field: for a list, the entries missing and unexpected
 * (after the contract's normalisation); for a long text, the neighbourhood of
 * its first difference; otherwise both values.
 */
export function describeWrongField(field: FieldScore): string[] {
  if (Array.isArray(field.gold)) {
    const expected = field.gold.map(normalizeForScoring);
    const got = Array.isArray(field.got) ? field.got.map(normalizeForScoring) : [];
    const missing = field.gold.filter((_, i) => !got.includes(expected[i]!));
    const unexpected = Array.isArray(field.got) ? field.got.filter((_, i) => !expected.includes(got[i]!)) : [];
    const parts = [];
    if (missing.length) parts.push(`missing ${missing.map(show).join(", ")}`);
    if (unexpected.length) parts.push(`unexpected ${unexpected.map(show).join(", ")}`);
    if (!Array.isArray(field.got)) parts.push(`got ${show(field.got)}`);
    return [`${field.name} (F1 ${field.score.toFixed(2)}): ${parts.join("; ")}`];
  }
  if (typeof field.gold === "string" && typeof field.got === "string" && Math.max(field.gold.length, field.got.length) > 2 * CONTEXT) {
    const [expected, got] = excerptsAroundDifference(field.gold, field.got);
    return [`${field.name}:`, `  expected ${expected}`, `  got      ${got}`];
  }
  return [`${field.name}: expected ${show(field.gold)}, got ${show(field.got)}`];
}

/** One line per corpus for the corpus check: counts, the headline, and the fields it gets wrong (and where). */
export function formatCorpusSummary(name: string, evaluation: Evaluation): string[] {
  const { summary } = evaluation;
  const lines = [
    `${name}: ${summary.documents} documents, ${evaluation.failures.length} failures, ${formatHeadline(summary)}`,
  ];
  for (const { field, accuracy, documents } of wrongFieldTally(summary)) {
    const shown = documents.slice(0, 4).join(", ") + (documents.length > 4 ? `, … (${documents.length} documents)` : "");
    lines.push(`  wrong ${field.padEnd(40)} ${(accuracy * 100).toFixed(1).padStart(5)}%  ${shown}`);
  }
  const codes = new Map<string, number>();
  for (const f of evaluation.failures) codes.set(f.code, (codes.get(f.code) ?? 0) + 1);
  if (codes.size) lines.push(`  failures: ${[...codes].map(([code, n]) => `${code} ×${n}`).join(", ")}`);
  return lines;
}

/** A field below 100%, with the documents where it is wrong. */
export interface WrongField {
  /** Per-field key: decision fields pooled as `decisions[].rationale`. */
  field: string;
  accuracy: number;
  /** Gold ids of the documents where it is not fully right. */
  documents: string[];
}

/** Fields below 100%, worst first. */
export function wrongFieldTally(summary: ScoreSummary): WrongField[] {
  const documents = new Map<string, Set<string>>();
  for (const entry of summary.report) {
    for (const field of entry.wrong) {
      const key = field.name.replace(/\[\d+\]/, "[]");
      const ids = documents.get(key) ?? new Set<string>();
      ids.add(entry.id);
      documents.set(key, ids);
    }
  }
  return Object.entries(summary.perFieldCounts)
    .filter(([, { sum, count }]) => sum < count)
    .map(([field, { sum, count }]) => ({ field, accuracy: sum / count, documents: [...(documents.get(field) ?? [])] }))
    .sort((a, b) => a.accuracy - b.accuracy || a.field.localeCompare(b.field));
}

function excerptsAroundDifference(expected: string, got: string): [string, string] {
  let at = 0;
  while (at < expected.length && at < got.length && expected[at] === got[at]) at++;
  const excerpt = (text: string) => {
    const start = Math.max(0, at - CONTEXT);
    const end = Math.min(text.length, at + CONTEXT);
    return `${start > 0 ? "…" : ""}${JSON.stringify(text.slice(start, end))}${end < text.length ? "…" : ""}`;
  };
  return [excerpt(expected), excerpt(got)];
}

function show(value: unknown): string {
  return value === undefined ? "(nothing)" : JSON.stringify(value);
}
