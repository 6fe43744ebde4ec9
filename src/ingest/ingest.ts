/**
 * Bulk ingestion: discover files, process them on a worker pool, write the
 * results to a sink in batches.
 *
 * Memory stays bounded whatever the archive size: discovery is paused while
 * every worker holds its fill of chunks, and processing is paused while the
 * sink is more than a batch behind. A file counts as done only once its
 * result is written, so a run stopped at any point and resumed (skipping
 * the keys the sink already holds) ends with every file exactly once.
 */
import { availableParallelism } from "node:os";
import type { Result } from "../record/schema.js";
import { DEFAULT_BATCHING, type Sink } from "../sinks/sink.js";
import { DEFAULT_ROW_OPTIONS, type StorableResult } from "../sinks/tables.js";
import { countFiles, discover, resolveInputs, type InputSpec } from "./discover.js";
import { FilePool, type Dispatched } from "./dispatch.js";
import { outcome, type Encoding, type FileTask } from "./worker.js";
import { summarize, Tally, type IngestSummary } from "./summary.js";

export interface IngestOptions {
  /** PATH or GLOB arguments: directories (every file below), files, globs. */
  inputs: readonly string[];
  /** Worker threads (default: one per core). */
  jobs?: number;
  /** Extra patterns to leave out, relative to the folder searched. */
  ignore?: readonly string[];
  /** Leave out `DEFAULT_IGNORES` and hidden files (default true). */
  defaultIgnores?: boolean;
  /** Absolute paths never to ingest, such as the run's own output; one ending in the path separator excludes a folder. */
  exclude?: readonly string[];
  /** Per-file limit in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Skip files whose path and SHA-256 the sink already holds. */
  resume?: boolean;
  /** Stop taking files; those in flight get `graceMs` to finish. */
  signal?: AbortSignal;
  /** Give up on files in flight at once (a second Ctrl-C). */
  abandonSignal?: AbortSignal;
  /** How long files in flight may run after `signal` (default 3 000 ms). */
  graceMs?: number;
  /**
   * Files per worker task, at most (default 16). Chunks are sized to take
   * about 25 ms, so slow files (PDFs) go in ones and twos; while a worker
   * would otherwise wait, whatever is there goes out at once.
   */
  chunkSize?: number;
  /** Results per sink write, at most (default: the sink's `batching`, else 256). */
  batchSize?: number;
  /** A result waits at most this long before it is written (default: the sink's `batching`, else 100 ms). */
  batchMs?: number;
  /** Count the files up front, in parallel with the run, for progress (default false). */
  countTotal?: boolean;
  /** The worker module (default: `worker.js` beside this module). */
  workerUrl?: URL;
}

/** What progress reporting can watch while the run goes. */
export interface LiveStats {
  readonly tally: Tally;
  /** Files found so far. */
  discovered: number;
  /** All files, once counted (`countTotal`); null until then. */
  total: number | null;
  /** True once discovery has finished: `discovered` is then the total. */
  discoveryDone: boolean;
  readonly startedAt: number;
  /** Set when the run was asked to stop. */
  stopping: boolean;
  /** Files being processed right now. */
  inFlight: number;
}

export interface IngestHooks {
  /** Called once, before the first file, with the live counters. */
  onStart?(live: LiveStats): void;
  /** Called when a stop was asked for and files are still in flight, with how many files (not chunks) that is. */
  onStopping?(inFlight: number): void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_GRACE_MS = 3_000;

/**
 * Ingests every file the inputs name into `sink` and returns the counts.
 * Never closes the sink: whoever opened it does. Throws `InputError` for an
 * input that names nothing, and rethrows a sink's write error after
 * stopping the workers.
 */
export async function ingest(options: IngestOptions, sink: Sink, hooks: IngestHooks = {}): Promise<IngestSummary> {
  const specs = await resolveInputs(options.inputs);
  const jobs = options.jobs ?? availableParallelism();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const known = options.resume ? indexKeys(await sink.knownKeys()) : null;
  const tally = new Tally();
  const live: LiveStats = { tally, discovered: 0, total: null, discoveryDone: false, startedAt: Date.now(), stopping: false, inFlight: 0 };
  const { encode, write } = intake(sink);
  const pool = new FilePool({ jobs, timeoutMs, encode, workerUrl: options.workerUrl });
  const chunkSize = options.chunkSize ?? 16;
  const stopWalk = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let abandoned = 0;
  let interrupted = false;
  let wakeSubmitter: (() => void) | undefined;
  const wake = (): void => {
    wakeSubmitter?.();
    wakeSubmitter = undefined;
  };
  const writer = new BatchWriter<Written>(
    write,
    options.batchSize ?? sink.batching?.size ?? DEFAULT_BATCHING.size,
    options.batchMs ?? sink.batching?.waitMs ?? DEFAULT_BATCHING.waitMs,
    wake,
  );
  const onStop = (): void => {
    live.stopping = true;
    interrupted = true;
    stopWalk.abort();
    wake();
  };
  if (options.signal?.aborted) onStop();
  options.signal?.addEventListener("abort", onStop, { once: true });

  hooks.onStart?.(live);
  if (options.countTotal) {
    countFiles(specs, walkOptions(options, stopWalk.signal)).then(
      (n) => (live.total = n),
      () => undefined,
    );
  }

  const settle = (dispatched: Dispatched): void => {
    if ("abandoned" in dispatched) abandoned++;
    else if (dispatched.skipped) tally.skip();
    else {
      // the pool and the real worker send results encoded already; a substitute worker may send bare ones
      const done = "result" in dispatched && encode !== "result" ? outcome(dispatched.result, dispatched.bytes, encode) : dispatched;
      if ("result" in done) {
        tally.add(done.result, done.bytes);
        writer.push(done.result);
      } else {
        tally.addCounts(done.counts, done.bytes);
        writer.push("line" in done ? done.line : done.storable);
      }
    }
  };
  let chunk: FileTask[] = [];
  const submit = (): void => {
    const files = chunk;
    chunk = [];
    live.inFlight += files.length;
    const done: Promise<void> = pool
      .run(files)
      .then((outcomes) => outcomes.forEach(settle))
      .finally(() => {
        inFlight.delete(done);
        live.inFlight -= files.length;
        wake();
      });
    inFlight.add(done);
  };

  try {
    for await (const file of discover(specs, walkOptions(options, stopWalk.signal))) {
      while (!live.stopping && (inFlight.size >= pool.capacity || writer.backlogged)) {
        await new Promise<void>((resolveWake) => (wakeSubmitter = resolveWake));
      }
      if (live.stopping || writer.error) break;
      live.discovered++;
      chunk.push({ file: file.absolute, path: file.path, known: known?.get(file.path) });
      // a worker with nothing to do gets what there is at once
      if (chunk.length >= pool.chunkSize(chunkSize) || inFlight.size < jobs) submit();
    }
    if (chunk.length > 0 && !live.stopping && !writer.error) submit();
    live.discoveryDone = !live.stopping;
    // a stop may also come while the last files are being processed
    await settledOrStopped(inFlight, options.signal);
    if (live.stopping && inFlight.size > 0) {
      hooks.onStopping?.(live.inFlight);
      await drainWithin(inFlight, options.graceMs ?? DEFAULT_GRACE_MS, options.abandonSignal);
      pool.abandonAll();
    }
    await Promise.all(inFlight);
    await writer.flush();
  } finally {
    options.signal?.removeEventListener("abort", onStop);
    stopWalk.abort();
    pool.abandonAll();
    await Promise.allSettled(inFlight);
    await pool.destroy();
  }
  if (writer.error) throw writer.error;
  return summarize(tally, Date.now() - live.startedAt, interrupted, abandoned);
}

/** The core's own PDF limit sits a little under the hard one, so a slow but live worker reports itself cleanly and need not be killed. */
function coreTimeout(timeoutMs: number): number {
  return Math.max(1, Math.floor(timeoutMs * 0.9));
}

function walkOptions(options: IngestOptions, signal: AbortSignal) {
  return { ignore: options.ignore, defaultIgnores: options.defaultIgnores, exclude: options.exclude, signal };
}

/** Waits until every file in flight is done or `stop` fires. */
async function settledOrStopped(inFlight: Set<Promise<void>>, stop: AbortSignal | undefined): Promise<void> {
  if (!stop || stop.aborted) return;
  let onStop: (() => void) | undefined;
  const stopped = new Promise<void>((done) => {
    onStop = () => done();
    stop.addEventListener("abort", onStop, { once: true });
  });
  try {
    await Promise.race([Promise.all(inFlight), stopped]);
  } finally {
    if (onStop) stop.removeEventListener("abort", onStop);
  }
}

/** Waits for the files in flight, but no longer than `graceMs` or until `abandon` fires. */
async function drainWithin(inFlight: Set<Promise<void>>, graceMs: number, abandon: AbortSignal | undefined): Promise<void> {
  if (abandon?.aborted) return;
  let timer: NodeJS.Timeout | undefined;
  let onAbandon: (() => void) | undefined;
  const giveUp = new Promise<void>((done) => {
    timer = setTimeout(done, graceMs);
    onAbandon = () => done();
    abandon?.addEventListener("abort", onAbandon, { once: true });
  });
  try {
    await Promise.race([Promise.all(inFlight), giveUp]);
  } finally {
    clearTimeout(timer);
    if (onAbandon) abandon?.removeEventListener("abort", onAbandon);
  }
}

/** `--resume` keys regrouped by path, so a worker can tell a known file from a changed one after hashing it. */
function indexKeys(keys: Set<string>): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const key of keys) {
    const space = key.indexOf(" ");
    const digest = key.slice(0, space);
    const path = key.slice(space + 1);
    const digests = byPath.get(path);
    if (digests) digests.push(digest);
    else byPath.set(path, [digest]);
  }
  keys.clear();
  return byPath;
}

/** What the workers send for the sink: a result, its JSON line, or its table rows. */
type Written = Result | Uint8Array | StorableResult;

/**
 * What the sink takes, made in the workers so the main thread only writes it:
 * JSON lines for a sink with `writeLines`, table rows built with its
 * `rowOptions` for one with `writeRows`, the result itself otherwise; and the
 * write that takes a batch of it.
 */
function intake(sink: Sink): { encode: Encoding; write: (batch: Written[]) => Promise<void> } {
  const { writeLines, writeRows } = sink;
  if (writeLines) return { encode: "json", write: (batch) => writeLines.call(sink, batch as Uint8Array[]) };
  if (writeRows) return { encode: { rows: sink.rowOptions ?? DEFAULT_ROW_OPTIONS }, write: (batch) => writeRows.call(sink, batch as StorableResult[]) };
  return { encode: "result", write: (batch) => sink.write(batch as Result[]) };
}

/**
 * Collects what the workers send (results, JSON lines or table rows) into
 * batches and writes one batch at a time, when it is full or has waited
 * `batchMs`.
 */
class BatchWriter<T> {
  private buffer: T[] = [];
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | undefined;
  error: unknown = null;

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly batchSize: number,
    private readonly batchMs: number,
    /** Called after every write, failed ones included. */
    private readonly onWritten: () => void,
  ) {}

  /** More than a batch is waiting behind a write in progress: time to stop taking files. */
  get backlogged(): boolean {
    return this.buffer.length >= this.batchSize * 2;
  }

  push(item: T): void {
    this.buffer.push(item);
    if (this.buffer.length >= this.batchSize) this.kick();
    else this.timer ??= setTimeout(() => this.kick(), this.batchMs);
  }

  async flush(): Promise<void> {
    while (this.buffer.length > 0 || this.writing) {
      if (this.writing) await this.writing;
      else this.kick();
    }
  }

  private kick(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing || this.buffer.length === 0 || this.error) {
      if (this.error) this.buffer = [];
      return;
    }
    const batch = this.buffer.splice(0, this.batchSize);
    this.writing = this.write(batch).then(
      () => this.onWritten(),
      (error: unknown) => {
        this.error = error;
        this.buffer = [];
        this.onWritten();
      },
    );
    this.writing.finally(() => {
      this.writing = null;
      if (this.buffer.length > 0) this.kick();
    });
  }
}

export type { IngestSummary, InputSpec };
