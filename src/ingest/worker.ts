/**
 * The piscina task of a bulk run: read one file and run the pure core on it.
 * Reading happens here, not in the main thread, so file I/O and hashing
 * scale with the workers and the main thread only routes paths and results.
 */
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createHash } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { DEFAULT_MAX_BYTES, failure, processDocument, sha256 } from "../core/process.js";
import type { Result } from "../record/schema.js";

export interface FileTask {
  /** Unique within a run: ties the start announcement to the task. */
  id: number;
  /** Where to read the file. */
  file: string;
  /** The `source.path` to record. */
  path: string;
  /** SHA-256s already in the output under this path (`--resume`): a match is skipped. */
  known?: string[];
  /** The core's own limit on one PDF; the pool enforces a harder one from outside. */
  pdfTimeoutMs?: number;
  maxBytes?: number;
}

export type FileOutcome =
  | { skipped: true; bytes: number }
  | { skipped: false; bytes: number; result: Result };

/** Posted on the worker's parent port when a task starts, so the pool can time the task itself rather than its wait in the queue. */
export const STARTED = "imr-ingest:started";

/** Tells the pool that `task` has started running on this thread. */
export function announceStart(task: Pick<FileTask, "id">): void {
  parentPort?.postMessage({ [STARTED]: task.id });
}

const NO_BYTES_SHA256 = sha256(new Uint8Array());

let previous: Promise<unknown> = Promise.resolve();

/**
 * The pool hands each worker its next file while the current one runs, so a
 * worker never idles waiting for the main thread; files still run one at a
 * time, in order, so a file's time limit counts only its own work.
 */
export default function processFileInTurn(task: FileTask): Promise<FileOutcome> {
  // the read starts at once, while the files before this one are being processed
  const read = readTask(task);
  const turn = previous.then(() => processFile(task, read).catch((error: unknown) => thrown(task, error)));
  previous = turn.catch(() => undefined);
  return turn;
}

type ReadOutcome = { bytes: Uint8Array } | { tooLarge: number } | { error: unknown };

async function readTask(task: FileTask): Promise<ReadOutcome> {
  try {
    const size = (await stat(task.file)).size;
    // reading a huge file whole only to refuse it could exhaust the worker
    if (size > (task.maxBytes ?? DEFAULT_MAX_BYTES)) return { tooLarge: size };
    return { bytes: await readFile(task.file) };
  } catch (error) {
    return { error };
  }
}

/** Turns `task.file` (read already under way, or read now) into a result, or a skip when `--resume` already has it. */
export async function processFile(task: FileTask, reading: Promise<ReadOutcome> = readTask(task)): Promise<FileOutcome> {
  announceStart(task);
  const maxBytes = task.maxBytes ?? DEFAULT_MAX_BYTES;
  const read = await reading;
  if ("tooLarge" in read) return await tooLarge(task, read.tooLarge, maxBytes);
  if ("error" in read) {
    // an unreadable file is keyed by the hash of no bytes; if the output has that already, it is this failure again
    if (task.known?.includes(NO_BYTES_SHA256)) return { skipped: true, bytes: 0 };
    const reason = read.error instanceof Error ? read.error.message : String(read.error);
    const result = failure({ path: task.path, sha256: NO_BYTES_SHA256 }, "unreadable", `The file could not be read (${reason}); check that it still exists and its permissions.`);
    return { skipped: false, bytes: 0, result };
  }
  const bytes = read.bytes;
  if (task.known && task.known.includes(sha256(bytes))) return { skipped: true, bytes: bytes.length };
  const result = await processDocument(bytes, task.path, { pdfTimeoutMs: task.pdfTimeoutMs, maxBytes });
  return { skipped: false, bytes: bytes.length, result };
}

/**
 * The core never throws for bad input, so an exception is a bug; it is
 * reported like a crash, but without costing the worker.
 */
async function thrown(task: FileTask, error: unknown): Promise<FileOutcome> {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const result = failure(
    { path: task.path, sha256: await hashFile(task.file).catch(() => NO_BYTES_SHA256) },
    "worker-crash",
    `Processing this file threw (${detail}); that is a bug. Try it alone with "imr parse" and report it.`,
  );
  return { skipped: false, bytes: 0, result };
}

async function tooLarge(task: FileTask, size: number, maxBytes: number): Promise<FileOutcome> {
  const digest = await hashFile(task.file);
  if (task.known?.includes(digest)) return { skipped: true, bytes: size };
  const result = failure(
    { path: task.path, sha256: digest },
    "too-large",
    `The file is ${size} bytes, over the ${maxBytes}-byte limit for one determination; check that it is a single determination or raise the limit.`,
  );
  return { skipped: false, bytes: size, result };
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
