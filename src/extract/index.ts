import type { NormalizedText } from "../normalize/index.js";
import type { Result, Source } from "../record/schema.js";
import { failure } from "../core/process.js";

export function extractRecord(normalized: NormalizedText, source: Source): Result {
  void normalized;
  return failure(source, "not-a-determination", "extraction not built yet");
}
