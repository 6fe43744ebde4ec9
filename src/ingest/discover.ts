/**
 * Finding the files of a bulk run: PATH or GLOB arguments to a stream of
 * files, each with the path its record will carry.
 *
 * Inputs are decided by content later, so discovery never filters by
 * extension; it only leaves out what is plainly not a determination (see
 * `DEFAULT_IGNORES`).
 *
 * fast-glob's stream does not honour backpressure: its directory walker
 * emits every entry as soon as it reads a directory. To keep memory bounded
 * however large the archive, the walker is handed a `readdir` that waits
 * while the consumer is behind, so at most about `HIGH_WATER` entries plus
 * one directory's listing are held at a time.
 */
import { readdir, stat } from "node:fs";
import { resolve, sep } from "node:path";
import fg from "fast-glob";

/**
 * Left out of directory walks and globs unless `defaultIgnores` is false:
 * JSON files (gold records, our own `.jsonl` output), dependency folders.
 * Hidden files and folders are left out too (fast-glob's `dot: false`).
 */
export const DEFAULT_IGNORES: readonly string[] = ["**/*.json", "**/*.jsonl", "**/node_modules/**"];

/** One command-line input, resolved. */
export type InputSpec =
  | { kind: "file"; arg: string; absolute: string }
  | { kind: "dir" | "glob"; arg: string; cwd: string; pattern: string };

/** A file to ingest: where to read it and the `source.path` its result carries. */
export interface FoundFile {
  absolute: string;
  path: string;
}

export interface DiscoverOptions {
  /** Extra glob patterns to leave out, relative to the folder searched. */
  ignore?: readonly string[];
  /** Apply `DEFAULT_IGNORES` and skip hidden files (default true). */
  defaultIgnores?: boolean;
  /** Absolute paths never to yield (the run's own output); one ending in the path separator excludes a whole folder. */
  exclude?: readonly string[];
  /** Stops the walk early. */
  signal?: AbortSignal;
}

/** A command-line input that names nothing: a usage mistake, not a per-file failure. */
export class InputError extends Error {
  override name = "InputError";
}

/**
 * Decides what each argument is: an existing directory (every file below it),
 * an existing file (itself, path as given) or else a glob. An argument that is
 * neither an existing path nor a glob is an `InputError`.
 */
export async function resolveInputs(args: readonly string[]): Promise<InputSpec[]> {
  const specs: InputSpec[] = [];
  for (const arg of args) {
    const stats = await statOrNull(arg);
    if (stats?.isDirectory()) specs.push({ kind: "dir", arg, cwd: resolve(arg), pattern: "**" });
    else if (stats?.isFile()) specs.push({ kind: "file", arg, absolute: resolve(arg) });
    else if (stats) throw new InputError(`"${arg}" is neither a regular file nor a directory`);
    else if (fg.isDynamicPattern(arg)) specs.push({ kind: "glob", arg, ...splitGlob(arg) });
    else throw new InputError(`"${arg}": no such file or directory`);
  }
  return specs;
}

/**
 * A glob's static base (its leading segments without wildcards) becomes the
 * folder searched, so `archive/2016/**\/*.pdf` yields paths like `a/b.pdf`.
 */
export function splitGlob(glob: string): { cwd: string; pattern: string } {
  const segments = glob.split("/");
  let i = 0;
  // an empty segment (a leading or doubled slash) is static; fast-glob refuses to classify it
  while (i < segments.length - 1 && (segments[i] === "" || !fg.isDynamicPattern(segments[i]!))) i++;
  const base = segments.slice(0, i).join("/");
  return { cwd: resolve(base === "" && glob.startsWith("/") ? "/" : base || "."), pattern: segments.slice(i).join("/") };
}

/**
 * Every file the inputs name, in walk order, with bounded memory. When more
 * than one input is given, a file reached by two of them is yielded once
 * (at the cost of remembering the absolute paths seen).
 */
export async function* discover(specs: readonly InputSpec[], options: DiscoverOptions = {}): AsyncGenerator<FoundFile> {
  const excluded = new Set((options.exclude ?? []).filter((path) => !path.endsWith(sep)));
  const excludedFolders = (options.exclude ?? []).filter((path) => path.endsWith(sep));
  const seen = specs.length > 1 ? new Set<string>() : null;
  for (const spec of specs) {
    if (options.signal?.aborted) return;
    const files = spec.kind === "file" ? single(spec) : walk(spec, options);
    for await (const file of files) {
      if (excluded.has(file.absolute) || excludedFolders.some((folder) => file.absolute.startsWith(folder))) continue;
      if (seen) {
        if (seen.has(file.absolute)) continue;
        seen.add(file.absolute);
      }
      yield file;
      if (options.signal?.aborted) return;
    }
  }
}

/** How many files `discover` will yield, about (duplicates across inputs are counted twice). */
export async function countFiles(specs: readonly InputSpec[], options: DiscoverOptions = {}): Promise<number> {
  let count = 0;
  for (const spec of specs) {
    if (options.signal?.aborted) break;
    if (spec.kind === "file") {
      count++;
      continue;
    }
    const stream = fg.stream(spec.pattern, globOptions(spec.cwd, options));
    count += await new Promise<number>((done, fail) => {
      let n = 0;
      const stop = (): void => {
        stream.removeAllListeners("data");
        (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
        done(n);
      };
      options.signal?.addEventListener("abort", stop, { once: true });
      stream.on("data", () => n++);
      stream.once("end", () => {
        options.signal?.removeEventListener("abort", stop);
        done(n);
      });
      stream.once("error", fail);
    });
  }
  return count;
}

async function* single(spec: InputSpec & { kind: "file" }): AsyncGenerator<FoundFile> {
  yield { absolute: spec.absolute, path: spec.arg };
}

/** Entries held before the walker is paused, and the level at which it resumes. */
const HIGH_WATER = 4096;
const LOW_WATER = 1024;

async function* walk(spec: InputSpec & { kind: "dir" | "glob" }, options: DiscoverOptions): AsyncGenerator<FoundFile> {
  const queue = new EntryQueue();
  const gate = new Gate();
  let ended = false;
  let failed: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };

  const gatedReaddir = ((...args: unknown[]) => {
    const callback = args.pop() as (...results: unknown[]) => void;
    gate.whenOpen().then(() => (readdir as (...a: unknown[]) => void)(...args, callback), callback);
  }) as unknown as typeof readdir;

  const stream = fg.stream(spec.pattern, { ...globOptions(spec.cwd, options), fs: { readdir: gatedReaddir } });
  stream.on("data", (entry: string) => {
    queue.push(entry);
    if (queue.length >= HIGH_WATER) gate.close();
    notify();
  });
  stream.once("end", () => {
    ended = true;
    notify();
  });
  stream.once("error", (error: unknown) => {
    failed = error;
    ended = true;
    notify();
  });
  const onAbort = (): void => {
    ended = true;
    notify();
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });

  const prefix = spec.cwd.endsWith(sep) ? spec.cwd : spec.cwd + sep;
  try {
    for (;;) {
      if (options.signal?.aborted) return;
      const entry = queue.shift();
      if (entry !== undefined) {
        if (queue.length < LOW_WATER) gate.open();
        yield { absolute: prefix + entry, path: entry };
        continue;
      }
      if (failed) throw failed;
      if (ended) return;
      gate.open();
      await new Promise<void>((resolveWake) => (wake = resolveWake));
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    stream.removeAllListeners("data");
    (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
    // let any paused readdir run so the walker can wind down
    gate.open();
  }
}

function globOptions(cwd: string, options: DiscoverOptions): fg.Options {
  const defaults = options.defaultIgnores ?? true;
  return {
    cwd,
    onlyFiles: true,
    dot: !defaults,
    // fast-glob's de-duplication keeps every path seen in a Map: unbounded memory
    unique: false,
    followSymbolicLinks: true,
    // one unreadable folder in a million-file archive must not end the run
    suppressErrors: true,
    ignore: [...(defaults ? DEFAULT_IGNORES : []), ...(options.ignore ?? [])],
  };
}

function statOrNull(path: string): Promise<import("node:fs").Stats | null> {
  return new Promise((done) => stat(path, (error, stats) => done(error ? null : stats)));
}

/** A FIFO of strings with O(1) shift: `Array#shift` is linear, and a folder may hold a million files. */
class EntryQueue {
  private items: string[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: string): void {
    this.items.push(item);
  }

  shift(): string | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

/** Open or closed; while closed, `whenOpen()` waits. */
class Gate {
  private waiting: Promise<void> | null = null;
  private release: (() => void) | null = null;

  close(): void {
    if (!this.waiting) this.waiting = new Promise((done) => (this.release = done));
  }

  open(): void {
    this.release?.();
    this.waiting = null;
    this.release = null;
  }

  whenOpen(): Promise<void> {
    return this.waiting ?? Promise.resolve();
  }
}
