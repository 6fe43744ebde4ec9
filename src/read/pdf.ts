/**
 * PDF bytes to page texts through pdf-parse 2 (pdfjs-dist 5 underneath).
 *
 * In Node, pdfjs has no web worker and by default parses on the calling thread,
 * chained mostly through microtasks: a timer fires only where pdfjs happens to
 * yield to the event loop (for a typical determination, not before it is
 * done), and `destroy()` cannot interrupt it, so an abandoned parse goes on
 * hogging the thread. Here the worker half of pdfjs runs in a worker thread
 * instead, reached through a `MessagePort` (pdfjs's `PDFWorker` takes any
 * port). The calling thread stays idle while a document is parsed, the time
 * limit fires on time, and a document that overruns it is stopped for real by
 * terminating its thread.
 *
 * Threads are pooled: a thread that read a document cleanly is reused (starting
 * one costs ~100 ms, reading a typical determination ~10 ms). A thread that saw
 * a failure (a pdfjs error, a timeout, a crash) is terminated rather than
 * reused, so nothing a bad document left behind can affect the next one.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import type { LoadParameters, PDFParse as PdfParser } from "pdf-parse";
import type { FailureCode } from "../record/schema.js";

export type PdfReadResult =
  | { ok: true; pages: string[] }
  | { ok: false; code: FailureCode; message: string };

export interface ReadPdfOptions {
  /** Give up on one document after this long (default 30 s). Thread start-up is not counted. */
  timeoutMs?: number;
  /**
   * `thread` (the default): parse in a pooled reader thread, so the time
   * limit holds. `inline`: parse on the calling thread, saving the hop to a
   * reader thread (a few ms per document); the time limit is then not
   * enforced, so use it only where the caller can stop the whole thread, as
   * the ingest pool does.
   */
  reader?: "thread" | "inline";
}

export const DEFAULT_PDF_TIMEOUT_MS = 30_000;
/** Below this many letters and digits per page on average, a PDF is taken for a scan without text layer. */
const MIN_TEXT_PER_PAGE = 50;
/** Starting a thread is a few hundred ms at worst; this only guards against a broken installation. */
const STARTUP_LIMIT_MS = 60_000;
/** A clean `destroy()` is a round trip to an idle thread; longer means the thread is stuck. */
const DESTROY_LIMIT_MS = 5_000;
/** Recycle a thread after this many documents, so slow leaks in pdfjs's caches cannot build up. */
const MAX_USES_PER_THREAD = 500;
/** Heap limit of a reader thread: a memory bomb crashes its thread, not the process. */
const THREAD_HEAP_MB = 1024;
const MAX_THREADS = Math.max(1, availableParallelism());

/**
 * Reads a PDF into one text per page, in page order. Never throws for a bad
 * PDF; the failure codes are:
 * - `encrypted-pdf`: opening needs a password (pdfjs's `PasswordException`),
 *   or the file uses an encryption pdfjs cannot handle. A PDF with only an
 *   owner password (empty user password) opens without one and is read
 *   normally, as every viewer does.
 * - `no-text-layer`: the pages have (next to) no extractable text, as scans
 *   without OCR do.
 * - `timeout`: not done within `timeoutMs`; the thread reading it is
 *   terminated, so the work really stops.
 * - `unreadable-pdf`: anything else pdfjs cannot read (truncated or corrupt
 *   files, text that merely starts with `%PDF-`, no pages), or the reader
 *   thread crashed on the file (e.g. it ran out of memory).
 *
 * Throws only when the PDF reader itself cannot start (a broken installation).
 */
export async function readPdf(bytes: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfReadResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PDF_TIMEOUT_MS;
  const lib = await loadPdfLib();
  if (options.reader === "inline") return readInline(lib, bytes);
  const thread = await pool.acquire(lib);
  let reusable = false;
  let outcome: Outcome;
  try {
    thread.uses++;
    const parser = new lib.PDFParse({
      // pdfjs transfers the array it is given to its thread, detaching it: give it a copy
      data: new Uint8Array(bytes),
      worker: thread.pdfWorker as unknown as LoadParameters["worker"],
      verbosity: lib.verbosityErrors,
      // hardening at no cost: text extraction gains nothing from compiling PDF functions with eval
      isEvalSupported: false,
    });
    let timer: NodeJS.Timeout | undefined;
    try {
      const limit = new Promise<Outcome>((resolve) => {
        timer = setTimeout(() => resolve({ kind: "timeout" }), timeoutMs);
      });
      const read = parser.getText().then(
        (text): Outcome => ({ kind: "text", pages: text.pages.map((page) => page.text) }),
        (error: unknown): Outcome => ({ kind: "error", error }),
      );
      outcome = await Promise.race([read, limit, thread.died.then((error): Outcome => ({ kind: "crash", error }))]);
    } finally {
      clearTimeout(timer);
    }
    if (outcome.kind === "text") {
      reusable = await settlesWithin(parser.destroy(), DESTROY_LIMIT_MS);
    } else {
      // Destroying needs a reply from the thread, which may be stuck or dead and
      // is about to be terminated anyway: call it so pdfjs drops the document on
      // this side, but don't wait for it.
      parser.destroy().catch(() => undefined);
    }
  } finally {
    // a thread that saw anything but a clean read is terminated, not reused
    pool.release(thread, reusable);
  }
  return classify(outcome, timeoutMs);
}

/** pdfjs's worker half on this thread (its "fake worker"), as bare pdf-parse runs by default. */
async function readInline(lib: PdfLib, bytes: Uint8Array): Promise<PdfReadResult> {
  const parser = new lib.PDFParse({ data: new Uint8Array(bytes), verbosity: lib.verbosityErrors, isEvalSupported: false });
  let outcome: Outcome;
  try {
    const text = await parser.getText();
    outcome = { kind: "text", pages: text.pages.map((page) => page.text) };
  } catch (error) {
    outcome = { kind: "error", error };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
  return classify(outcome, Infinity);
}

/**
 * Terminates the idle PDF reader threads. They are unreferenced and never keep
 * a process alive, so this is only for callers that want them gone now (tests,
 * a long-lived service shrinking after a batch).
 */
export async function closePdfReaders(): Promise<void> {
  await pool.closeIdle();
}

type Outcome =
  | { kind: "text"; pages: string[] }
  | { kind: "error"; error: unknown }
  | { kind: "timeout" }
  | { kind: "crash"; error: Error };

function classify(outcome: Outcome, timeoutMs: number): PdfReadResult {
  switch (outcome.kind) {
    case "timeout":
      return fail("timeout", `Reading the PDF took longer than ${timeoutMs} ms and was stopped; the file may be pathological (huge or malformed). Try it alone with a longer --timeout, or re-export it.`);
    case "crash":
      return fail("unreadable-pdf", `The PDF reader crashed on this file (${outcome.error.message}); it may be corrupt or far too large. Re-export it or get a fresh copy.`);
    case "error":
      return classifyPdfError(outcome.error);
    case "text":
      return classifyPages(outcome.pages);
  }
}

function classifyPages(pages: string[]): PdfReadResult {
  if (pages.length === 0) return fail("unreadable-pdf", "The PDF has no pages; it may be damaged. Get a fresh copy.");
  const needed = MIN_TEXT_PER_PAGE * pages.length;
  const textChars = countLettersAndDigits(pages, needed);
  if (textChars < needed) {
    return fail("no-text-layer", `The PDF has no text layer (${textChars} letters or digits on ${pages.length} page${pages.length === 1 ? "" : "s"}): it is probably a scanned image. Run OCR on it (e.g. ocrmypdf) and ingest the result.`);
  }
  return { ok: true, pages };
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Letters and digits in `pages`, counted up to `enough` (a text layer has thousands; only a scan's few need an exact count). */
function countLettersAndDigits(pages: readonly string[], enough: number): number {
  let count = 0;
  for (const page of pages) {
    for (const char of page) {
      const code = char.charCodeAt(0);
      const ascii = (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
      if (ascii || (code > 127 && LETTER_OR_DIGIT.test(char))) {
        if (++count >= enough) return count;
      }
    }
  }
  return count;
}

function classifyPdfError(error: unknown): PdfReadResult & { ok: false } {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "PasswordException") {
    return fail("encrypted-pdf", `The PDF is password-protected (${message}); decrypt it with the password (e.g. qpdf --decrypt --password=... in.pdf out.pdf) and ingest the result.`);
  }
  // pdfjs reports encryption it cannot handle as a FormatError ("Unknown crypto method", "unsupported encryption algorithm")
  if (/encrypt|crypto|password/i.test(message)) {
    return fail("encrypted-pdf", `The PDF uses an encryption the reader cannot handle (${message}); decrypt it (e.g. qpdf --decrypt in.pdf out.pdf) and ingest the result.`);
  }
  return fail("unreadable-pdf", `The file starts like a PDF but could not be read (${name ? `${name}: ` : ""}${message}); it may be truncated or corrupt. Get a fresh copy.`);
}

function fail(code: FailureCode, message: string): PdfReadResult & { ok: false } {
  return { ok: false, code, message };
}

/** True if `promise` fulfils within `ms`; false if it rejects or is late. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return within(promise.then(() => true, () => false), ms, false);
}

/** `promise`'s value, or `late` after `ms`; the timer is cleared either way and never keeps the process alive. */
function within<T>(promise: Promise<T>, ms: number, late: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late), ms).unref();
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------
// Loading pdf-parse and the matching pdfjs

interface PdfjsWorker {
  destroy(): void;
}

interface PdfLib {
  PDFParse: new (options: LoadParameters) => PdfParser;
  /** pdfjs's `PDFWorker.create`, bound. */
  createWorker(port: MessagePort): PdfjsWorker;
  verbosityErrors: number;
  /** file: URL of pdfjs's worker script, the same build as the API pdf-parse uses. */
  workerUrl: string;
}

let pdfLib: Promise<PdfLib> | undefined;

/** The identity-matrix `DOMMatrix` pdfjs-dist 5 needs at load time (see `loadPdfLib`); exported for the bench's bare pdf-parse floor. */
export function installDomMatrixStandIn(): void {
  const g = globalThis as Record<string, unknown>;
  if (typeof g.DOMMatrix !== "undefined") return;
  g.DOMMatrix = class DOMMatrix {
    a = 1;
    b = 0;
    c = 0;
    d = 1;
    e = 0;
    f = 0;
  };
}

/**
 * pdfjs-dist 5 touches `DOMMatrix` when it loads; without the optional canvas
 * package Node has none. Text extraction never uses it, so a bare stand-in is
 * enough, installed once before the first import.
 *
 * pdfjs is resolved from pdf-parse's own location, so its `PDFWorker` is the
 * very class pdf-parse's pdfjs checks `worker` against (`instanceof`), and its
 * worker script has the same version (pdfjs refuses a mismatch).
 */
function loadPdfLib(): Promise<PdfLib> {
  pdfLib ??= (async (): Promise<PdfLib> => {
    installDomMatrixStandIn();
    const fromPdfParse = createRequire(createRequire(import.meta.url).resolve("pdf-parse"));
    const apiUrl = pathToFileURL(fromPdfParse.resolve("pdfjs-dist/legacy/build/pdf.mjs")).href;
    const workerUrl = pathToFileURL(fromPdfParse.resolve("pdfjs-dist/legacy/build/pdf.worker.mjs")).href;
    const natives = saveNatives();
    const [{ PDFParse }, pdfjs] = await Promise.all([
      import("pdf-parse"),
      import(apiUrl) as Promise<{ PDFWorker: { create(params: { port: MessagePort; verbosity: number }): PdfjsWorker }; VerbosityLevel: { ERRORS: number } }>,
      // the worker half too, now: `reader: "inline"` runs it on this thread (it registers itself as globalThis.pdfjsWorker)
      import(workerUrl),
    ]);
    natives.restore();
    const verbosityErrors = pdfjs.VerbosityLevel.ERRORS;
    return { PDFParse, createWorker: (port) => pdfjs.PDFWorker.create({ port, verbosity: verbosityErrors }), verbosityErrors, workerUrl };
  })();
  // a failed load must not stay cached: the next document tries again
  pdfLib.catch(() => {
    pdfLib = undefined;
  });
  return pdfLib;
}

/**
 * pdfjs's legacy build (the one pdf-parse uses in Node) bundles core-js, which
 * on Node 20 swaps native built-ins for spec-pedantic JavaScript versions:
 * `Array.prototype.push` (for arrays whose length nears 2^53) and `JSON.parse`
 * (for the reviver's source-text argument). Every push and parse in the
 * thread then runs several times slower: pdfjs's own text extraction took
 * ~30 % longer, and the extractors slowed down as much. Neither edge case
 * matters to pdfjs or to this code, so the natives are put back once pdfjs is
 * loaded; what core-js adds (methods Node lacks) stays.
 *
 * Self-contained (no imports, no closure) because its source also runs in
 * the reader threads: see `THREAD_SCRIPT`.
 */
export function saveNatives(): { restore(): void } {
  const TypedArray = Object.getPrototypeOf(Uint8Array) as object;
  const targets: object[] = [Array, Array.prototype, JSON, Object, String, String.prototype, RegExp.prototype, Number, Math, Promise, Promise.prototype, Map.prototype, Set.prototype, Function.prototype, TypedArray, (TypedArray as { prototype: object }).prototype];
  const saved: Array<[object, string | symbol, PropertyDescriptor]> = [];
  for (const target of targets) {
    for (const key of Reflect.ownKeys(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key);
      if (typeof descriptor?.value === "function") saved.push([target, key, descriptor]);
    }
  }
  return {
    restore() {
      for (const [target, key, descriptor] of saved) {
        if (Object.getOwnPropertyDescriptor(target, key)?.value !== descriptor.value) Object.defineProperty(target, key, descriptor);
      }
    },
  };
}

// ---------------------------------------------------------------------------
// Reader threads

/**
 * Runs in the reader thread: pdfjs's worker half, talking over the port it is
 * handed. It reports "ready" on the parent port once pdfjs is loaded.
 */
const THREAD_SCRIPT = `
const { parentPort, workerData } = require("node:worker_threads");
const natives = (${saveNatives.toString()})();
import(workerData.workerUrl).then(
  ({ WorkerMessageHandler }) => {
    natives.restore();
    WorkerMessageHandler.initializeFromPort(workerData.port);
    parentPort.postMessage({ ready: true });
  },
  (error) => parentPort.postMessage({ ready: false, error: String(error && error.stack || error) }),
);
`;

class ReaderThread {
  readonly pdfWorker: PdfjsWorker;
  /** Settles once pdfjs is loaded in the thread; rejects if it cannot start. */
  readonly ready: Promise<void>;
  /** Resolves with the reason when the thread ends (after `kill()` too). Never rejects. */
  readonly died: Promise<Error>;
  uses = 0;
  private alive = true;
  private killed = false;
  private readonly thread: Worker;
  private readonly port: MessagePort;

  constructor(lib: PdfLib) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.thread = new Worker(THREAD_SCRIPT, {
      eval: true,
      workerData: { workerUrl: lib.workerUrl, port: port2 },
      transferList: [port2],
      // the parent's flags (tsx or vitest loaders) would only slow the thread down
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
    });
    this.pdfWorker = lib.createWorker(port1);
    this.died = new Promise((resolve) => {
      // an 'error' event without a listener would throw in this thread
      this.thread.on("error", (error) => {
        this.alive = false;
        resolve(error);
      });
      this.thread.on("exit", (code) => {
        this.alive = false;
        resolve(new Error(`reader thread exited with code ${code}`));
      });
    });
    this.ready = new Promise<void>((resolve, reject) => {
      this.thread.once("message", (message: { ready: boolean; error?: string }) => {
        if (message.ready) resolve();
        else reject(new Error(message.error));
      });
      void this.died.then(reject);
    });
    // nobody may be waiting on `ready` when a thread dies later on
    this.ready.catch(() => undefined);
  }

  get usable(): boolean {
    return this.alive;
  }

  /** Busy threads keep the process alive until their document is done; idle ones don't. */
  setBusy(busy: boolean): void {
    if (busy) {
      this.thread.ref();
      this.port.ref();
    } else {
      this.thread.unref();
      this.port.unref();
    }
  }

  /** Stops the thread, whatever it is doing, and closes this side's port; resolves once the thread is gone. */
  async kill(): Promise<void> {
    // a thread that died by itself still has this side's port open
    if (this.killed) return;
    this.killed = true;
    this.alive = false;
    this.pdfWorker.destroy();
    this.port.close();
    await this.thread.terminate().catch(() => undefined);
  }
}

/**
 * At most one document per thread at a time, at most one thread per CPU;
 * callers beyond that wait their turn (waiting does not count against their
 * time limit, which starts once a thread is theirs).
 */
class ReaderPool {
  private readonly idle: ReaderThread[] = [];
  private readonly waiting: Array<() => void> = [];
  private busy = 0;

  async acquire(lib: PdfLib): Promise<ReaderThread> {
    while (this.busy >= MAX_THREADS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.busy++;
    let thread = this.idle.pop();
    while (thread && !thread.usable) thread = this.idle.pop();
    thread ??= new ReaderThread(lib);
    thread.setBusy(true);
    const failure = await within(
      thread.ready.then(() => null, (error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      STARTUP_LIMIT_MS,
      new Error(`no answer within ${STARTUP_LIMIT_MS} ms`),
    );
    if (failure === null && thread.usable) return thread;
    void thread.kill();
    this.busy--;
    this.waiting.shift()?.();
    throw new Error(`Could not start the PDF reader thread (${failure?.message ?? "it died"}); check the pdf-parse / pdfjs-dist installation.`, { cause: failure });
  }

  release(thread: ReaderThread, reusable: boolean): void {
    this.busy--;
    if (reusable && thread.usable && thread.uses < MAX_USES_PER_THREAD && this.idle.length < MAX_THREADS) {
      thread.setBusy(false);
      this.idle.push(thread);
    } else {
      void thread.kill();
    }
    this.waiting.shift()?.();
  }

  async closeIdle(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((thread) => thread.kill()));
  }
}

const pool = new ReaderPool();
