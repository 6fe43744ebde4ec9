/**
 * `evaluateFiles`: run the pipeline over documents and score the results
 * against the gold records beside them, the way `imr eval` and the corpus
 * check (`scripts/eval.mjs`) do.
 */
import type { ProcessOptions } from "../core/process.js";
import { processFile } from "../core/read-file.js";
import { isFailure, type Result } from "../record/schema.js";
import { documentId, groupPredictions, scorePredictions, type ScoreSummary } from "./score.js";

export interface EvaluatedFailure {
  path: string;
  code: string;
  message: string;
}

export interface Evaluation {
  summary: ScoreSummary;
  /** Every file's result, in the order the files were given. */
  results: Result[];
  /** The files that yielded a failure instead of a record. */
  failures: EvaluatedFailure[];
  /** Files given that have no `<name>.gold.json` in the gold folder: processed, not scored. */
  ungraded: string[];
}

/**
 * Processes each file and scores the results against the gold records (by
 * id, as `readGoldDir` returns them). Only the gold
 * records of the files given are scored, so evaluating a few documents does
 * not count the rest of the folder as missing; given every document of the
 * folder, the figures are those of `score.mjs` over the same output.
 */
export async function evaluateFiles(files: readonly string[], allGolds: ReadonlyMap<string, unknown>, options: ProcessOptions = {}): Promise<Evaluation> {
  const results: Result[] = [];
  for (const path of files) results.push(await processFile(path, options));

  const golds = new Map<string, unknown>();
  const ungraded: string[] = [];
  for (const path of files) {
    const id = documentId(path);
    if (allGolds.has(id)) golds.set(id, allGolds.get(id));
    else ungraded.push(path);
  }
  const summary = scorePredictions(golds, groupPredictions(results));
  const failures = results.filter(isFailure).map((f) => ({ path: f.source.path, code: f.error.code, message: f.error.message }));
  return { summary, results, failures, ungraded };
}

