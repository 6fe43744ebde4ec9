import type { DeterminationRecord, Warning } from "../record/schema.js";

/** Placeholder until src/check/consistency.ts lands. */
export function checkConsistency(record: DeterminationRecord): Warning[] {
  void record;
  return [];
}
