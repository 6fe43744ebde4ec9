/**
 * Where results go. `imr ingest` hands every sink the same stream of records
 * and failures, in batches; each sink makes a batch durable before `write`
 * resolves, so a crash loses at most the batch in flight, never half a document.
 */
import type { Result } from "../record/schema.js";
import type { RowOptions, StorableResult } from "./tables.js";

export interface Sink {
  /** Writes a batch; resolves once the batch is durable. */
  write(results: readonly Result[]): Promise<void>;
  /**
   * Present on sinks that store results as JSON text (JSON Lines): writes a
   * batch of results serialized elsewhere, each `JSON.stringify(result)` and
   * a line feed in UTF-8, as `write` would. `imr ingest` then has its workers
   * serialize, and the bytes are moved to the main thread, not copied: the
   * main thread neither clones records nor encodes text.
   */
  writeLines?(lines: readonly Uint8Array[]): Promise<void>;
  /**
   * Present on sinks that store the tables of `tables.ts`: writes a batch of
   * results already turned into rows (`toStorable`), as `write` would.
   * `imr ingest` then has its workers build the rows.
   */
  writeRows?(items: readonly StorableResult[]): Promise<void>;
  /** Present with `writeRows`: the options the rows must be built with (`toStorable(result, rowOptions)`). */
  readonly rowOptions?: RowOptions;
  /**
   * How `imr ingest` batches for this sink when its caller does not say:
   * at most `size` results per `write`, a result waiting at most `waitMs`.
   * A database pays per transaction (a commit, an appender flush), so it asks
   * for larger batches than a file; a crash still loses at most one batch.
   */
  readonly batching?: Batching;
  /**
   * Keys `${sha256} ${path}` of the documents already stored, so `--resume`
   * can skip them. Sinks that cannot tell (stdout) return an empty set.
   */
  knownKeys(): Promise<Set<string>>;
  /** Flushes and releases everything; the sink is unusable afterwards. */
  close(): Promise<void>;
}

export interface Batching {
  size: number;
  waitMs: number;
}

/** What `imr ingest` uses for a sink that states no `batching`. */
export const DEFAULT_BATCHING: Batching = { size: 256, waitMs: 100 };

/**
 * What the database sinks ask for: a transaction per second or per 1,024
 * results, whichever comes first. Against batches of 256 this halves the
 * appender's per-result flush cost in DuckDB (measured: 28 → 12 µs per
 * result), and at ingest speed the 100 ms wait cut batches to ~140 results.
 */
export const DATABASE_BATCHING: Batching = { size: 1024, waitMs: 1000 };

export function resultKey(sha256: string, path: string): string {
  return `${sha256} ${path}`;
}
