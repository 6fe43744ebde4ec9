/**
 * JSON Lines output: one record or failure per line, to a file or stdout.
 *
 * Whole lines only: each batch goes out in one (gathering) write call, and
 * reopening a file to resume first cuts off a trailing partial line, so a run
 * killed at any moment leaves a file that parses line by line.
 */
import { createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Writable } from "node:stream";
import type { Result } from "../record/schema.js";
import { resultKey, type Sink } from "../sinks/sink.js";

export interface JsonlSinkOptions {
  /** The file to write; stdout when absent. */
  out?: string;
  /** Keep what the file holds and append (`--resume`); otherwise it is truncated. */
  append?: boolean;
  /** fdatasync after every batch so that a power cut loses at most the batch in flight (default true). */
  durable?: boolean;
  /** Where to write when there is no file (default process.stdout). */
  stream?: Writable;
}

/** Opens a JSONL sink; with `append`, repairs a torn last line first. */
export async function openJsonlSink(options: JsonlSinkOptions = {}): Promise<Sink> {
  if (options.out === undefined) return streamSink(options.stream ?? process.stdout);
  const out = options.out;
  if (options.append) await dropPartialLastLine(out);
  const handle = await open(out, options.append ? "a" : "w");
  return fileSink(out, handle, options.durable ?? true);
}

function fileSink(out: string, handle: FileHandle, durable: boolean): Sink {
  const writeBytes = async (bytes: Uint8Array): Promise<void> => {
    if (bytes.length === 0) return;
    let written = 0;
    // one call in practice; a short write on a full disk is the only loop
    while (written < bytes.length) written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
    if (durable) await handle.datasync();
  };
  /** The lines as they are, in one gathering write: joining them first would copy the batch into a buffer of its own. */
  const writeLines = async (lines: readonly Uint8Array[]): Promise<void> => {
    let total = 0;
    for (const line of lines) total += line.length;
    if (total === 0) return;
    const { bytesWritten } = await handle.writev(lines as Uint8Array[]);
    // all of it in practice; a short write on a full disk is retried with the rest
    if (bytesWritten < total) await writeBytes(Buffer.concat(lines).subarray(bytesWritten));
    else if (durable) await handle.datasync();
  };
  return {
    write: (results) => writeLines(results.map(jsonLine)),
    writeLines,
    knownKeys: () => readKnownKeys(out),
    async close() {
      await handle.close();
    },
  };
}

function streamSink(stream: Writable): Sink {
  // write callbacks report errors (EPIPE when a reader such as `head` goes away); the 'error' event must not crash the process too
  const ignore = (): void => undefined;
  stream.on("error", ignore);
  const writeLines = (lines: readonly Uint8Array[]): Promise<void> => {
    if (lines.length === 0) return Promise.resolve();
    return new Promise((done, fail) => stream.write(Buffer.concat(lines), (error) => (error ? fail(error) : done())));
  };
  return {
    write: (results) => writeLines(results.map(jsonLine)),
    writeLines,
    async knownKeys() {
      return new Set();
    },
    async close() {
      // stdout is not ours to end
      stream.off("error", ignore);
    },
  };
}

const utf8 = new TextEncoder();

/**
 * A result's line: its JSON and a line feed, in UTF-8, in a buffer of its
 * own (so an ingest worker can move it to the main thread).
 */
export function jsonLine(result: Result): Uint8Array {
  return utf8.encode(`${JSON.stringify(result)}\n`);
}

/**
 * Results are serialized with `source` as their first object value (records
 * put `schemaVersion` before it), so the key is found without parsing the
 * whole, possibly large, line.
 */
const SOURCE_AT_START = /^\{(?:"schemaVersion":"[^"]*",)?"source":\{"path":("(?:[^"\\]|\\.)*"),"sha256":"([0-9a-f]{64})"\}/;

/** `${sha256} ${path}` of every line in a JSONL file; lines that are not results are ignored. */
export async function readKnownKeys(file: string): Promise<Set<string>> {
  const keys = new Set<string>();
  const stream = createReadStream(file);
  try {
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      const key = lineKey(line);
      if (key !== null) keys.add(key);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return keys;
    throw error;
  }
  return keys;
}

/** The resume key of one output line, or null when the line holds no result. */
export function lineKey(line: string): string | null {
  const match = SOURCE_AT_START.exec(line);
  if (match) return resultKey(match[2]!, JSON.parse(match[1]!) as string);
  if (line.trim() === "") return null;
  try {
    const source = (JSON.parse(line) as { source?: { path?: unknown; sha256?: unknown } }).source;
    return typeof source?.path === "string" && typeof source.sha256 === "string" ? resultKey(source.sha256, source.path) : null;
  } catch {
    return null;
  }
}

/** Cuts a file back to its last newline: what a kill in mid-write may leave. */
export async function dropPartialLastLine(file: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r+");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    const size = (await handle.stat()).size;
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline >= 0) {
        end = start + newline + 1;
        break;
      }
      end = start;
    }
    if (end < size) await handle.truncate(end);
  } finally {
    await handle.close();
  }
}
