/**
 * Where results go. `imr ingest` hands every sink the same stream of records
 * and failures, in batches; each sink makes a batch durable before `write`
 * resolves, so a crash loses at most the batch in flight, never half a document.
 */
import type { Result } from "../record/schema.js";
import type { StorableResult } from "./tables.js";

export interface Sink {
  /** Writes a batch; resolves once the batch is durable. */
  write(results: readonly Result[]): Promise<void>;
  /**
   * Present on sinks that store results as JSON text (JSON Lines): writes a
   * batch of results serialized elsewhere, one `JSON.stringify` each, as
   * `write` would. `imr ingest` then has its workers serialize, so records
   * are neither cloned between threads nor serialized on the main one.
   */
  writeSerialized?(json: readonly string[]): Promise<void>;
  /**
   * Present on sinks that store the tables of `tables.ts`: writes a batch of
   * results already turned into rows (`toStorable`), as `write` would.
   * `imr ingest` then has its workers build the rows.
   */
  writeRows?(items: readonly StorableResult[]): Promise<void>;
  /**
   * Keys `${sha256} ${path}` of the documents already stored, so `--resume`
   * can skip them. Sinks that cannot tell (stdout) return an empty set.
   */
  knownKeys(): Promise<Set<string>>;
  /** Flushes and releases everything; the sink is unusable afterwards. */
  close(): Promise<void>;
}

export function resultKey(sha256: string, path: string): string {
  return `${sha256} ${path}`;
}
