/**
 * Runs chunks of files on a piscina pool so that one bad file costs only
 * itself: a worker that dies on a file makes it a `worker-crash` failure,
 * one that runs past the per-file limit is terminated (piscina replaces it)
 * and makes it a `timeout` failure, and the run goes on.
 *
 * The worker marks each file it starts in its chunk's shared progress cells
 * (see worker.ts), and a watchdog here reads them: the limit is timed from
 * the moment a file starts, not from submission, and when a worker dies
 * the cells name the file it was on. The chunk's other files (those done
 * but not yet returned, those not yet started, and chunks that were only
 * queued on the same worker) are sent again.
 *
 * Tasks carry no abort signal: piscina gives a worker one abortable task at
 * a time, so each chunk would wait for the round trip of the one before it
 * (about 8 % of a text run's time). The watchdog stops an overrunning
 * worker itself, by the thread id the cells hold, and an abandoned chunk
 * resolves at once while its worker is left to the pool's `destroy`.
 */
import { Piscina } from "piscina";
import { failure } from "../core/process.js";
import type { FailureCode } from "../record/schema.js";
import { hashFile, NO_BYTES_SHA256, outcome, PROGRESS_CELLS, PROGRESS_CHUNK_STARTED, PROGRESS_INDEX, PROGRESS_STARTED, PROGRESS_THREAD, type ChunkTask, type Encoding, type FileOutcome, type FileTask } from "./worker.js";

export interface DispatchOptions {
  /** Worker threads (default: one per core). */
  jobs: number;
  /** Per-file limit in milliseconds, enforced from the main thread. */
  timeoutMs: number;
  /** How workers send results back. */
  encode: Encoding;
  /** The worker module; the default is `worker.js` beside this module. */
  workerUrl?: URL;
  /** Heap limit of one worker; a file that blows it costs only that worker. */
  maxWorkerHeapMb?: number;
  maxBytes?: number;
}

/** What became of a file: an outcome, or nothing because the run abandoned it. */
export type Dispatched = FileOutcome | { abandoned: true };

const ABANDONED = Symbol("abandoned");

/** How often a file is sent again after its worker died on another file of its chunk, before it counts as a crash itself. */
const MAX_RESENDS = 2;
/**
 * How often a chunk that had not started is sent again because its worker
 * died on another chunk: more than any run of bad files could cost it, but
 * a bound all the same, for a pool whose workers cannot start at all.
 */
const MAX_REQUEUES = 8;
/** Chunks a worker holds at once: the one it runs and the next ones, so it never waits on the main thread. */
const CHUNKS_PER_WORKER = 4;
/**
 * What a chunk should take, in ms. Long enough that per-task costs vanish
 * (16 texts), short enough that at the end of a run, or after Ctrl-C, no
 * worker sits on a long queue of slow files (a chunk of PDFs is one or two).
 */
const CHUNK_TARGET_MS = 25;

interface Running {
  progress: Int32Array;
  startedBase: number;
  files: number;
  /** Set when the watchdog stopped the chunk's worker because a file overran the limit. */
  timedOut: boolean;
  /** Resolves the chunk's `run` as abandoned. */
  abandon: () => void;
}

/**
 * Node flags for the workers (the parent's are not passed on: loaders such as
 * tsx or vitest's have nothing to do there). Piscina loads the worker module
 * with `require` first, which since Node 20.19 loads an ES module
 * synchronously; a worker terminated in the middle of that (a pool destroyed
 * while it starts, at the end of a short run or on Ctrl-C) aborts the whole
 * process with a V8 fatal error. Without `require` of ES modules piscina
 * falls back to `import()`, which a termination interrupts cleanly.
 */
const WORKER_EXEC_ARGV = process.allowedNodeEnvironmentFlags.has("--no-experimental-require-module") ? ["--no-experimental-require-module"] : [];

/** A worker pool whose `run` never rejects. */
export class FilePool {
  private readonly pool: Piscina<ChunkTask, FileOutcome[]>;
  private readonly running = new Set<Running>();
  private readonly watchdog: NodeJS.Timeout;
  /** A moving average of the ms a file takes in a worker; null until a chunk has come back. */
  private msPerFile: number | null = null;

  constructor(private readonly options: DispatchOptions) {
    const workerUrl = options.workerUrl ?? new URL("./worker.js", import.meta.url);
    this.pool = new Piscina<ChunkTask, FileOutcome[]>({
      filename: workerUrl.href,
      minThreads: options.jobs,
      maxThreads: options.jobs,
      idleTimeout: 60_000,
      concurrentTasksPerWorker: CHUNKS_PER_WORKER,
      resourceLimits: { maxOldGenerationSizeMb: options.maxWorkerHeapMb ?? 2048 },
      execArgv: WORKER_EXEC_ARGV,
    });
    // a worker that dies between tasks has no task to fail; piscina replaces it
    this.pool.on("error", () => undefined);
    this.watchdog = setInterval(() => this.stopOverruns(), Math.min(250, Math.max(10, options.timeoutMs / 4)));
    this.watchdog.unref();
  }

  /** Chunks that keep every worker busy. */
  get capacity(): number {
    return this.options.jobs * CHUNKS_PER_WORKER;
  }

  /** Files per chunk: as many as take about `CHUNK_TARGET_MS`, from 1 to `most`. */
  chunkSize(most: number): number {
    if (this.msPerFile === null) return 1;
    return Math.max(1, Math.min(most, Math.round(CHUNK_TARGET_MS / Math.max(this.msPerFile, 0.01))));
  }

  /**
   * Runs a chunk; returns one outcome per file, in order. Crashes, hangs and
   * abandonment come back as values. `resends` and `requeues` count how often
   * it was sent again after its worker died while running it, or before.
   */
  async run(files: FileTask[], resends = 0, requeues = 0): Promise<Dispatched[]> {
    const startedBase = Date.now();
    const progress = new Int32Array(new SharedArrayBuffer(PROGRESS_CELLS * Int32Array.BYTES_PER_ELEMENT));
    progress[PROGRESS_INDEX] = -1;
    let abandon!: () => void;
    const abandoned = new Promise<typeof ABANDONED>((resolve) => (abandon = () => resolve(ABANDONED)));
    const running: Running = { progress, startedBase, files: files.length, timedOut: false, abandon };
    this.running.add(running);
    const task: ChunkTask = { files, progress: progress.buffer as SharedArrayBuffer, startedBase, maxBytes: this.options.maxBytes, encode: this.options.encode };
    const work = this.pool.run(task);
    // an abandoned chunk's task still settles, when the pool is destroyed
    work.catch(() => undefined);
    try {
      const outcomes = await Promise.race([work, abandoned]);
      if (outcomes === ABANDONED) return files.map(() => ({ abandoned: true }));
      this.learn(files.length, Date.now() - startedBase - Atomics.load(progress, PROGRESS_CHUNK_STARTED));
      return outcomes;
    } catch (error) {
      const at = Atomics.load(progress, PROGRESS_INDEX);
      // the file the worker was on when it stopped; none if it had not started the chunk or had finished it
      const culprit = at >= 0 && at < files.length ? at : -1;
      // settled: the watchdog and abandonAll must leave it alone while the other files are sent again
      this.running.delete(running);
      const why = error instanceof Error ? error.message : String(error);
      const blamed =
        culprit < 0
          ? null
          : running.timedOut
            ? this.failed(files[culprit]!, "timeout", `Processing took longer than ${this.options.timeoutMs} ms, so its worker was stopped; the file may be pathological. Try it alone with a longer --timeout.`)
            : this.failed(files[culprit]!, "worker-crash", `The worker processing this file failed or died (${why}); the file may trigger a bug in a parser. Try it alone with "imr parse" and report it.`);
      const others = files.filter((_, i) => i !== culprit);
      // a chunk still waiting behind another one in its worker when that worker died did nothing wrong
      const started = Atomics.load(progress, PROGRESS_THREAD) !== 0;
      let again: Promise<Dispatched[]>;
      if (others.length === 0) again = Promise.resolve([]);
      else if (started && resends < MAX_RESENDS) again = this.run(others, resends + 1, requeues);
      else if (!started && requeues < MAX_REQUEUES) again = this.run(others, resends, requeues + 1);
      else {
        // the same files keep dying without one of them being caught at it: give up on them
        const detail = `Its worker died ${resends + requeues + 1} times while holding it (last: ${why}); the file may trigger a bug in a parser. Try it alone with "imr parse" and report it.`;
        again = Promise.all(others.map((file) => this.failed(file, "worker-crash", detail)));
      }
      const [blame, rest] = await Promise.all([blamed, again]);
      if (blame) rest.splice(culprit, 0, blame);
      return rest;
    } finally {
      this.running.delete(running);
    }
  }

  /** Gives up on every chunk still running or queued; their `run` resolves to abandoned outcomes. */
  abandonAll(): void {
    for (const running of this.running) running.abandon();
  }

  async destroy(): Promise<void> {
    clearInterval(this.watchdog);
    await this.pool.destroy();
  }

  /** Updates the average time per file from a chunk that came back (the round trip's few µs included). */
  private learn(files: number, ms: number): void {
    const perFile = ms / files;
    this.msPerFile = this.msPerFile === null ? perFile : 0.8 * this.msPerFile + 0.2 * perFile;
  }

  /** Stops the worker of each chunk whose current file has run past the limit. */
  private stopOverruns(): void {
    const now = Date.now();
    for (const running of this.running) {
      const at = Atomics.load(running.progress, PROGRESS_INDEX);
      if (at < 0 || at >= running.files || running.timedOut) continue;
      const started = running.startedBase + Atomics.load(running.progress, PROGRESS_STARTED);
      if (now - started > this.options.timeoutMs && at === Atomics.load(running.progress, PROGRESS_INDEX)) this.stopWorker(running);
    }
  }

  /** Terminates the thread running a chunk that overran; piscina then fails the tasks it held and starts another. */
  private stopWorker(running: Running): void {
    running.timedOut = true;
    const id = Atomics.load(running.progress, PROGRESS_THREAD);
    void this.pool.threads.find((thread) => thread.threadId === id)?.terminate();
  }

  /** A failure for a file whose worker gave no result; the hash is taken here so `--resume` recognises the file next time. */
  private async failed(task: FileTask, code: FailureCode, message: string): Promise<FileOutcome> {
    const digest = await hashFile(task.file).catch(() => NO_BYTES_SHA256);
    return outcome(failure({ path: task.path, sha256: digest }, code, message), 0, this.options.encode);
  }
}
