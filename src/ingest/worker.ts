/**
 * The piscina task of a bulk run: read a chunk of files and run the pure core
 * on each. Reading happens here, not in the main thread, so file I/O and
 * hashing scale with the workers and the main thread only routes paths and
 * results.
 *
 * A chunk, not a file, is the unit of work: per-task overhead (two messages,
 * a structured clone, a promise chain on each side) would otherwise cost as
 * much as extracting a small text. The pool still times and blames each
 * file: before starting one, the worker writes its index and start time into
 * the chunk's shared progress cells, which the pool's watchdog reads.
 */
import { closeSync, createReadStream, fstatSync, openSync, readSync } from "node:fs";
import { createHash } from "node:crypto";
import { threadId } from "node:worker_threads";
import { move, transferableSymbol, valueSymbol } from "piscina";
import { DEFAULT_MAX_BYTES, failure, processDocument, sha256 } from "../core/process.js";
import type { Result } from "../record/schema.js";
import { toStorable, type RowOptions, type StorableResult } from "../sinks/tables.js";
import { jsonLine } from "./jsonl-sink.js";
import { countResult, type ResultCounts } from "./summary.js";

export interface FileTask {
  /** Where to read the file. */
  file: string;
  /** The `source.path` to record. */
  path: string;
  /** SHA-256s already in the output under this path (`--resume`): a match is skipped. */
  known?: string[];
}

export interface ChunkTask {
  files: FileTask[];
  /**
   * Int32 cells shared with the pool: the index of the file being
   * processed (-1 before the first, `files.length` once all are done), when
   * it started and when the chunk started, in ms after `startedBase`, and
   * the thread running the chunk.
   */
  progress: SharedArrayBuffer;
  /** `Date.now()` on the pool's side when the chunk was made; start times are relative to it. */
  startedBase: number;
  maxBytes?: number;
  /** How results travel back: see `Encoding`. */
  encode: Encoding;
}

/**
 * How a worker sends results back, chosen for the sink so the main thread
 * does as little as possible: `json`, the JSON line as UTF-8 bytes (for
 * `Sink.writeLines`), moved to the main thread rather than copied;
 * `{ rows }`, the table rows built with the sink's `rowOptions` (for
 * `Sink.writeRows`); `result`, the object.
 */
export type Encoding = "result" | "json" | { rows: RowOptions };

export type FileOutcome =
  | { skipped: true; bytes: number }
  | { skipped: false; bytes: number; result: Result }
  /** A result already serialized by the worker: its JSON line, line feed included, in UTF-8; with the counts the run's tally needs. */
  | { skipped: false; bytes: number; line: Uint8Array; counts: ResultCounts }
  /** A result already turned into table rows by the worker, with the counts. */
  | { skipped: false; bytes: number; storable: StorableResult; counts: ResultCounts };

/** Index of the file being processed, in the progress cells. */
export const PROGRESS_INDEX = 0;
/** Its start time (ms after `startedBase`), in the progress cells. */
export const PROGRESS_STARTED = 1;
/** When the chunk's first file started (ms after `startedBase`): the pool learns from it how long files take. */
export const PROGRESS_CHUNK_STARTED = 2;
/** The `threadId` of the worker running the chunk: the one the pool stops when a file overruns. */
export const PROGRESS_THREAD = 3;
export const PROGRESS_CELLS = 4;

/** How one file becomes an outcome; tests substitute a faulty one. */
export type ProcessOne = (file: FileTask, chunk: ChunkTask) => Promise<FileOutcome>;

/** The key of a file that could not be read (or hashed): the SHA-256 of no bytes. */
export const NO_BYTES_SHA256 = sha256(new Uint8Array());

let previous: Promise<unknown> = Promise.resolve();

/** The piscina task: processes a chunk's files in order with the real core; JSON lines go back moved, not copied. */
export default async function processChunkTask(chunk: ChunkTask): Promise<FileOutcome[]> {
  const outcomes = await processChunk(chunk, processFile);
  const lines = outcomes.flatMap((o) => ("line" in o ? [o.line.buffer] : []));
  if (lines.length === 0) return outcomes;
  // piscina sends the value and moves the buffers listed beside it
  return move({ [transferableSymbol]: lines, [valueSymbol]: outcomes }) as unknown as FileOutcome[];
}

/**
 * Processes a chunk's files one at a time, marking each in the progress
 * cells before it starts. Piscina may hand this worker its next chunk while
 * one runs; chunks still run one after another, so a file's time limit
 * counts only its own work.
 */
export function processChunk(chunk: ChunkTask, processOne: ProcessOne): Promise<FileOutcome[]> {
  const turn = previous.then(async () => {
    const progress = new Int32Array(chunk.progress);
    const outcomes: FileOutcome[] = [];
    Atomics.store(progress, PROGRESS_THREAD, threadId);
    Atomics.store(progress, PROGRESS_CHUNK_STARTED, Date.now() - chunk.startedBase);
    for (let i = 0; i < chunk.files.length; i++) {
      const file = chunk.files[i]!;
      // the time first: the watchdog that sees the new index must see its start time
      Atomics.store(progress, PROGRESS_STARTED, Date.now() - chunk.startedBase);
      Atomics.store(progress, PROGRESS_INDEX, i);
      outcomes.push(await processOne(file, chunk).catch((error: unknown) => thrown(file, error, chunk.encode)));
    }
    Atomics.store(progress, PROGRESS_INDEX, chunk.files.length);
    return outcomes;
  });
  previous = turn.catch(() => undefined);
  return turn;
}

/** Turns one file into a result, or a skip when `--resume` already has it. */
export async function processFile(task: FileTask, chunk: ChunkTask): Promise<FileOutcome> {
  const maxBytes = chunk.maxBytes ?? DEFAULT_MAX_BYTES;
  const read = readWhole(task.file, maxBytes);
  if ("tooLarge" in read) return await tooLarge(task, read.tooLarge, maxBytes, chunk.encode);
  if ("error" in read) {
    // an unreadable file is keyed by the hash of no bytes; if the output has that already, it is this failure again
    if (task.known?.includes(NO_BYTES_SHA256)) return { skipped: true, bytes: 0 };
    const reason = read.error instanceof Error ? read.error.message : String(read.error);
    const result = failure({ path: task.path, sha256: NO_BYTES_SHA256 }, "unreadable", `The file could not be read (${reason}); check that it still exists and its permissions.`);
    return outcome(result, 0, chunk.encode);
  }
  const bytes = read.bytes;
  if (task.known && task.known.includes(sha256(bytes))) return { skipped: true, bytes: bytes.length };
  // the pool stops this thread when a file overruns its limit, so PDFs are read right here
  const result = await processDocument(bytes, task.path, { maxBytes, pdfReader: "inline" });
  return outcome(result, bytes.length, chunk.encode);
}

/** A result as the pool wants it: the object, or its JSON line or rows, with counts. */
export function outcome(result: Result, bytes: number, encode: Encoding): Exclude<FileOutcome, { skipped: true }> {
  if (encode === "result") return { skipped: false, bytes, result };
  if (encode === "json") return { skipped: false, bytes, line: jsonLine(result), counts: countResult(result) };
  return { skipped: false, bytes, storable: toStorable(result, encode.rows), counts: countResult(result) };
}

type ReadOutcome = { bytes: Uint8Array } | { tooLarge: number } | { error: unknown };

/**
 * Reads a file whole, synchronously: this thread has nothing else to do
 * meanwhile, and a synchronous read of a small file costs a few system
 * calls where the asynchronous one costs as many thread-pool round trips.
 */
function readWhole(file: string, maxBytes: number): ReadOutcome {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    return { error };
  }
  try {
    const size = fstatSync(fd).size;
    // reading a huge file whole only to refuse it could exhaust the worker
    if (size > maxBytes) return { tooLarge: size };
    const bytes = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, null);
      if (n === 0) break;
      read += n;
    }
    return { bytes: read === size ? bytes : bytes.subarray(0, read) };
  } catch (error) {
    return { error };
  } finally {
    closeSync(fd);
  }
}

/**
 * The core never throws for bad input, so an exception is a bug; it is
 * reported like a crash, but without costing the worker.
 */
async function thrown(task: FileTask, error: unknown, encode: Encoding): Promise<FileOutcome> {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const result = failure(
    { path: task.path, sha256: await hashFile(task.file).catch(() => NO_BYTES_SHA256) },
    "worker-crash",
    `Processing this file threw (${detail}); that is a bug. Try it alone with "imr parse" and report it.`,
  );
  return outcome(result, 0, encode);
}

async function tooLarge(task: FileTask, size: number, maxBytes: number, encode: Encoding): Promise<FileOutcome> {
  const digest = await hashFile(task.file);
  if (task.known?.includes(digest)) return { skipped: true, bytes: size };
  const result = failure(
    { path: task.path, sha256: digest },
    "too-large",
    `The file is ${size} bytes, over the ${maxBytes}-byte limit for one determination; check that it is a single determination or raise the limit.`,
  );
  return outcome(result, size, encode);
}

/** SHA-256 of a file without holding it in memory. */
export function hashFile(file: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .once("end", () => done(hash.digest("hex")))
      .once("error", fail);
  });
}
