/**
 * Runs file tasks on a piscina pool so that one bad file costs only itself:
 * a worker that dies becomes a `worker-crash` failure, one that runs past
 * the per-file limit is terminated (piscina replaces it) and becomes a
 * `timeout` failure, and the run goes on.
 *
 * Each worker holds its next file while it works on the current one, so
 * the limit is timed from the moment a worker announces it has started a
 * file, not from submission. A file that was waiting on a worker that died
 * or was stopped for another file's sake never started: it is sent again.
 */
import { Piscina } from "piscina";
import { failure, sha256 } from "../core/process.js";
import type { FailureCode } from "../record/schema.js";
import { hashFile, STARTED, type FileOutcome, type FileTask } from "./worker.js";

export interface DispatchOptions {
  /** Worker threads (default: one per core). */
  jobs: number;
  /** Per-file limit in milliseconds, enforced from the main thread. */
  timeoutMs: number;
  /** The worker module; the default is `worker.js` beside this module. */
  workerUrl?: URL;
  /** Heap limit of one worker; a file that blows it costs only that worker. */
  maxWorkerHeapMb?: number;
}

/** What became of a task: an outcome, or nothing because the run abandoned it. */
export type Dispatched = FileOutcome | { abandoned: true };

const ABANDONED = Symbol("abandoned");
const TIMED_OUT = Symbol("timed-out");

/** How often a file that never started is sent again after its worker died, before it counts as a crash itself. */
const MAX_RESENDS = 2;

interface Running {
  controller: AbortController;
  started: boolean;
  timer?: NodeJS.Timeout;
}

/** A worker pool whose `run` never rejects. */
export class FilePool {
  private readonly pool: Piscina<FileTask, FileOutcome>;
  private readonly running = new Map<number, Running>();

  constructor(private readonly options: DispatchOptions) {
    const workerUrl = options.workerUrl ?? new URL("./worker.js", import.meta.url);
    this.pool = new Piscina<FileTask, FileOutcome>({
      filename: workerUrl.href,
      minThreads: options.jobs,
      maxThreads: options.jobs,
      idleTimeout: 60_000,
      concurrentTasksPerWorker: 32,
      resourceLimits: { maxOldGenerationSizeMb: options.maxWorkerHeapMb ?? 2048 },
    });
    this.pool.on("message", (message: unknown) => {
      if (typeof message === "object" && message !== null && STARTED in message) this.arm((message as Record<string, number>)[STARTED]!);
    });
    // a worker that dies between tasks has no task to fail; piscina replaces it
    this.pool.on("error", () => undefined);
  }

  /** Runs one task; crashes, hangs and abandonment come back as values. */
  async run(task: FileTask, resends = 0): Promise<Dispatched> {
    const running: Running = { controller: new AbortController(), started: false };
    this.running.set(task.id, running);
    try {
      return await this.pool.run(task, { signal: running.controller.signal });
    } catch (error) {
      const reason: unknown = running.controller.signal.reason;
      if (reason === ABANDONED) return { abandoned: true };
      if (reason !== TIMED_OUT && !running.started && resends < MAX_RESENDS) {
        this.running.delete(task.id);
        return await this.run(task, resends + 1);
      }
      if (reason === TIMED_OUT) {
        return this.failed(task, "timeout", `Processing took longer than ${this.options.timeoutMs} ms, so its worker was stopped; the file may be pathological. Try it alone with a longer --timeout.`);
      }
      const detail = error instanceof Error ? error.message : String(error);
      return this.failed(task, "worker-crash", `The worker processing this file failed or died (${detail}); the file may trigger a bug in a parser. Try it alone with "imr parse" and report it.`);
    } finally {
      clearTimeout(running.timer);
      this.running.delete(task.id);
    }
  }

  /** Gives up on every task still running or queued; their `run` resolves `{ abandoned: true }`. */
  abandonAll(): void {
    for (const running of this.running.values()) running.controller.abort(ABANDONED);
  }

  /** Tasks submitted and not yet settled. */
  get pending(): number {
    return this.running.size;
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }

  private arm(id: number): void {
    const running = this.running.get(id);
    if (!running || running.started) return;
    running.started = true;
    running.timer = setTimeout(() => running.controller.abort(TIMED_OUT), this.options.timeoutMs);
  }

  /** A failure for a file whose worker gave no result; the hash is taken here so `--resume` recognises the file next time. */
  private async failed(task: FileTask, code: FailureCode, message: string): Promise<FileOutcome> {
    let digest: string;
    try {
      digest = await hashFile(task.file);
    } catch {
      digest = sha256(new Uint8Array());
    }
    return { skipped: false, bytes: 0, result: failure({ path: task.path, sha256: digest }, code, message) };
  }
}
