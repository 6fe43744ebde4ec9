/**
 * Scoring extracted records against hand-labelled gold records, exactly as
 * `shared/record-contract.md` defines it and `shared/tools/score.mjs` computes
 * it: the same fields, the same normalisation, the same figures. Keep the two
 * in step: a figure that differs from the reference scorer's is a bug here.
 *
 * Pure: gold records and prediction lines in, a `ScoreSummary` out. Reading
 * files lives in `gold.ts`; running the pipeline in `evaluate.ts`.
 */
import { basename } from "node:path";

/** Scalar fields, scored by normalised equality. */
export const SCALAR_FIELDS = [
  "caseNumber",
  "injuryDate",
  "assignedDate",
  "decisionDate",
  "applicationReceivedDate",
  "patient.age",
  "patient.sex",
] as const;

/** List fields, scored by the F1 of their normalised sets. */
export const LIST_FIELDS = ["urDecisionDates", "reviewer.licensure", "reviewer.specialties", "diagnoses"] as const;

/** The fields of each aligned decision pair. */
export const DECISION_FIELDS = ["item", "outcome", "medicallyNecessary", "claimsAdministratorGuideline", "reviewerGuideline", "rationale"] as const;

/** One scored field of one document: 1 right, 0 wrong, in between for a list's F1. */
export interface FieldScore {
  /** `caseNumber`, `diagnoses`, `decisions.count`, `decisions[2].rationale`, `expectError`. */
  name: string;
  score: number;
  gold: unknown;
  /** `undefined` when the document has no record (no output, or a failure). */
  got: unknown;
}

/** A document with at least one field that is not fully right. */
export interface DocumentReport {
  /** The gold file's name without `.gold.json`. */
  id: string;
  /** `source.path` of the prediction, when there was one. */
  path?: string;
  /** The failure's `error`, when the prediction was a failure. */
  error?: unknown;
  wrong: FieldScore[];
}

export interface ScoreSummary {
  /** Scored documents: one per prediction line that matched a gold file, one per gold file without any. */
  documents: number;
  /** Gold files with no prediction line at all. */
  missing: number;
  /** Prediction lines that were not JSON or had no `source.path`. */
  unreadableLines: number;
  /** The headline: mean score over every scored field of every document. */
  fieldAccuracy: number;
  /** Share of documents whose every scored field is right. */
  perfectDocuments: number;
  /** Accuracy per field, decision fields pooled as `decisions[].item` etc., rounded to 4 places as the reference prints them. */
  perField: Record<string, number>;
  /** The same per field, unrounded, with how many documents (or decisions) it was scored on. */
  perFieldCounts: Record<string, { sum: number; count: number }>;
  /** Documents with wrong fields, in gold order. */
  report: DocumentReport[];
}

/**
 * The contract's string normalisation: NFKC, lower case, white-space runs to
 * one space, trimmed, trailing `.`, `,`, `;` and `:` removed. `null` and
 * `undefined` stay `null`, so a missing value equals only another missing one.
 */
export function normalizeForScoring(value: unknown): string | null {
  if (value == null) return null;
  return String(value)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.,;:]+$/, "")
    .trim();
}

/** Letters and digits only, lower-cased: how rationales are compared. */
export function lettersAndDigits(value: unknown): string | null {
  if (value == null) return null;
  return String(value)
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

/**
 * F1 of the normalised sets of two lists. Two empty lists agree (1); a
 * prediction that is not an array counts as empty.
 */
export function listF1(gold: unknown, predicted: unknown): number {
  const goldSet = new Set(asList(gold).map(normalizeForScoring));
  const predictedSet = new Set(asList(predicted).map(normalizeForScoring));
  if (goldSet.size === 0 && predictedSet.size === 0) return 1;
  let hits = 0;
  for (const value of predictedSet) if (goldSet.has(value)) hits++;
  const precision = predictedSet.size ? hits / predictedSet.size : 0;
  const recall = goldSet.size ? hits / goldSet.size : 0;
  return precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
}

/** Looks up a dotted path (`patient.age`) the way the reference does: any missing step gives `undefined`. */
export function valueAtPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (current == null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * Scores one record against its gold record, field by field. `predicted`
 * undefined (no output, or a failure) scores zero on every field.
 */
export function scoreRecord(gold: unknown, predicted: unknown): FieldScore[] {
  const fields: FieldScore[] = [];
  const push = (name: string, score: number, goldValue: unknown, got: unknown) => fields.push({ name, score, gold: goldValue, got });
  const hasPrediction = Boolean(predicted);

  for (const field of SCALAR_FIELDS) {
    const goldValue = valueAtPath(gold, field) ?? null;
    const got = hasPrediction ? (valueAtPath(predicted, field) ?? null) : undefined;
    push(field, hasPrediction && normalizeForScoring(goldValue) === normalizeForScoring(got) ? 1 : 0, goldValue, got);
  }
  for (const field of LIST_FIELDS) {
    const goldValue = valueAtPath(gold, field) ?? [];
    const got = hasPrediction ? valueAtPath(predicted, field) : undefined;
    push(field, hasPrediction ? listF1(goldValue, got) : 0, goldValue, got);
  }

  const goldDecisions = asList(valueAtPath(gold, "decisions"));
  const predictedDecisions = hasPrediction ? asList(valueAtPath(predicted, "decisions")) : [];
  push(
    "decisions.count",
    hasPrediction && goldDecisions.length === predictedDecisions.length ? 1 : 0,
    goldDecisions.length,
    hasPrediction ? predictedDecisions.length : undefined,
  );
  goldDecisions.forEach((goldDecision, i) => {
    const predictedDecision = predictedDecisions[i];
    for (const field of DECISION_FIELDS) {
      const goldValue = valueAtPath(goldDecision, field);
      const got = predictedDecision ? valueAtPath(predictedDecision, field) : undefined;
      let right: boolean;
      if (!predictedDecision) right = false;
      else if (field === "rationale") right = lettersAndDigits(goldValue) === lettersAndDigits(got);
      // A boolean, not a string: "false" must not pass for false, nor null for false.
      else if (field === "medicallyNecessary") right = (goldValue ?? null) === (got ?? null);
      else right = normalizeForScoring(goldValue) === normalizeForScoring(got);
      push(`decisions[${i}].${field}`, right ? 1 : 0, goldValue, got);
    }
  });
  return fields;
}

/** The gold id a prediction belongs to: the base name of `source.path` without its extension. */
export function documentId(path: string): string {
  return basename(path).replace(/\.[^.]+$/, "");
}

/** Prediction lines grouped by document id, and how many lines could not be used. */
export interface Predictions {
  byId: Map<string, Record<string, unknown>[]>;
  unreadableLines: number;
}

/** Groups records and failures by document id; anything without a string `source.path` is unreadable. */
export function groupPredictions(lines: Iterable<unknown>): Predictions {
  const byId = new Map<string, Record<string, unknown>[]>();
  let unreadableLines = 0;
  for (const line of lines) {
    const path = valueAtPath(line, "source.path");
    if (typeof path !== "string") {
      unreadableLines++;
      continue;
    }
    const id = documentId(path);
    const list = byId.get(id) ?? [];
    list.push(line as Record<string, unknown>);
    byId.set(id, list);
  }
  return { byId, unreadableLines };
}

/** Parses JSONL (one record or failure per line); blank lines are skipped, bad lines counted. */
export function parsePredictionLines(jsonl: string): Predictions {
  const parsed: unknown[] = [];
  let badJson = 0;
  for (const line of jsonl.split("\n")) {
    if (!line.trim()) continue;
    try {
      parsed.push(JSON.parse(line));
    } catch {
      badJson++;
    }
  }
  const grouped = groupPredictions(parsed);
  return { byId: grouped.byId, unreadableLines: grouped.unreadableLines + badJson };
}

/**
 * Scores every gold record against its predictions. A gold id with several
 * prediction lines is scored once per line; one with none scores zero on
 * every field; predictions without a gold record are not scored.
 */
export function scorePredictions(golds: ReadonlyMap<string, unknown>, predictions: Predictions): ScoreSummary {
  let sum = 0;
  let count = 0;
  let perfect = 0;
  let documents = 0;
  let missing = 0;
  const perField = new Map<string, { sum: number; count: number }>();
  const tally = (key: string, score: number) => {
    const entry = perField.get(key) ?? { sum: 0, count: 0 };
    entry.sum += score;
    entry.count++;
    perField.set(key, entry);
  };
  const report: DocumentReport[] = [];

  // The reference sorts its [id, gold] pairs with the default sort, which
  // compares them as the strings "id,[object Object]"; sorting the same way
  // keeps the report and the per-field keys in the same order as its output.
  const ordered = [...golds].sort();
  for (const [id, gold] of ordered) {
    const lines = predictions.byId.get(id) ?? [];
    if (lines.length === 0) missing++;
    const candidates: (Record<string, unknown> | undefined)[] = lines.length ? lines : [undefined];
    for (const line of candidates) {
      documents++;
      const path = line ? valueAtPath(line, "source.path") : undefined;
      if (valueAtPath(gold, "expectError")) {
        const right = line !== undefined && Boolean(line.error) && !line.decisions;
        sum += right ? 1 : 0;
        count++;
        if (right) perfect++;
        tally("expectError", right ? 1 : 0);
        if (!right) {
          const got = line ? (line.error ? "error+record" : "record") : "no output";
          report.push({ id, path: path as string | undefined, wrong: [{ name: "expectError", score: 0, gold: true, got }] });
        }
        continue;
      }
      const record = line && !line.error ? line : undefined;
      const fields = scoreRecord(gold, record);
      let allRight = true;
      for (const field of fields) {
        sum += field.score;
        count++;
        tally(field.name.replace(/\[\d+\]/, "[]"), field.score);
        if (field.score < 1) allRight = false;
      }
      if (allRight) perfect++;
      const wrong = fields.filter((f) => f.score < 1);
      if (wrong.length) report.push({ id, path: path as string | undefined, error: line?.error, wrong });
    }
  }

  return {
    documents,
    missing,
    unreadableLines: predictions.unreadableLines,
    fieldAccuracy: count ? sum / count : 0,
    perfectDocuments: documents ? perfect / documents : 0,
    perField: Object.fromEntries([...perField].map(([key, { sum: s, count: n }]) => [key, +(s / n).toFixed(4)])),
    perFieldCounts: Object.fromEntries([...perField].map(([key, value]) => [key, { ...value }])),
    report,
  };
}

/** The headline figures as the reference prints them, e.g. `field accuracy 97.12%, perfect documents 84.5%`. */
export function formatHeadline(summary: ScoreSummary): string {
  return `field accuracy ${(summary.fieldAccuracy * 100).toFixed(2)}%, perfect documents ${(summary.perfectDocuments * 100).toFixed(1)}%`;
}

/**
 * The reference scorer's plain-text output, line for line (`--verbose` adds
 * the wrong fields first), so the two can be compared with `diff`.
 */
export function formatReferenceText(summary: ScoreSummary, options: { verbose?: boolean } = {}): string[] {
  const lines: string[] = [];
  if (options.verbose) {
    for (const entry of summary.report) {
      lines.push(`# ${entry.id}${entry.path ? ` (${entry.path})` : ""}${entry.error ? ` error: ${JSON.stringify(entry.error)}` : ""}`);
      for (const w of entry.wrong) lines.push(`  ${w.name}: gold=${JSON.stringify(w.gold)} got=${JSON.stringify(w.got)}`);
    }
    lines.push("");
  }
  for (const [key, value] of Object.entries(summary.perField)) lines.push(`${key.padEnd(44)} ${(value * 100).toFixed(1)}%`);
  lines.push(`documents ${summary.documents}, missing ${summary.missing}, unreadable lines ${summary.unreadableLines}`);
  lines.push(formatHeadline(summary));
  return lines;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
