#!/usr/bin/env node
/**
 * `npm run bench`: end-to-end throughput of the ingest library (dist/) on a
 * generated corpus of distinct documents, beside bare pdf-parse text
 * extraction of the same PDFs (the floor for the PDF path), and peak RSS of
 * a large text run in a fresh process.
 *
 * Sizes come from the environment, so a quick look and a careful run use
 * the same script:
 *   BENCH_TEXT_DOCS (default 10000)  text documents per throughput run (in thousands, rounded up)
 *   BENCH_PDF_DOCS  (default 1500)   PDF documents per throughput run
 *   BENCH_RSS_DOCS  (default 20000)  text documents in the peak-RSS run (0 skips it)
 *   BENCH_JOBS      (default: cores) the "all workers" count
 *   BENCH_KEEP=1                     keep the temporary corpus and print where it is
 *
 * This file is also the floor's piscina worker: loaded in a worker thread it
 * only exports the task and runs nothing.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isMainThread, workerData } from "node:worker_threads";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(ROOT, "dist", "src");

/** The floor's task: read the file and extract its text with pdf-parse, nothing else. */
export default async function extractTextOnly({ file }) {
  const { PDFParse } = await loadPdfParse();
  const parser = new PDFParse({ data: new Uint8Array(await readFile(file)) });
  try {
    const result = await parser.getText();
    return result.pages.length;
  } finally {
    await parser.destroy();
  }
}

let pdfParse;
/**
 * As src/read/pdf.ts does: pdfjs wants a DOMMatrix at load time and Node has
 * none. With `workerData.natives` (the second floor), it also puts back the
 * native built-ins that pdfjs's core-js replaces, with src/read/pdf.ts's own
 * `saveNatives`, so the table shows what that alone is worth.
 */
function loadPdfParse() {
  pdfParse ??= import(pathToFileURL(join(DIST, "read", "pdf.js")).href).then(async ({ installDomMatrixStandIn, saveNatives }) => {
    installDomMatrixStandIn();
    const natives = saveNatives();
    const lib = await import("pdf-parse");
    if (workerData?.natives) {
      // the worker half loads on the first document: load it now, before putting the natives back
      await import(pathToFileURL(createRequire(import.meta.url).resolve("pdfjs-dist/legacy/build/pdf.worker.mjs")).href);
      natives.restore();
    }
    return lib;
  });
  return pdfParse;
}

const env = (name, fallback) => {
  const value = process.env[name];
  return value === undefined || value === "" ? fallback : Number(value);
};

async function main() {
  const textDocs = env("BENCH_TEXT_DOCS", 10000);
  const pdfDocs = env("BENCH_PDF_DOCS", 1500);
  const rssDocs = env("BENCH_RSS_DOCS", 20000);
  const jobs = env("BENCH_JOBS", availableParallelism());
  const workerCounts = [...new Set([1, jobs])];
  const dir = await mkdtemp(join(tmpdir(), "imr-bench-"));
  try {
    log(`corpus in ${dir}`);
    const textDirs = await makeTextCorpus(join(dir, "text"), Math.max(textDocs, rssDocs));
    const textInputs = textDirs.slice(0, Math.ceil(textDocs / TEXT_PER_DIR));
    // whole folders of TEXT_PER_DIR: the text size is rounded up to a thousand
    const textCount = Math.min(textInputs.length * TEXT_PER_DIR, Math.max(textDocs, rssDocs));
    const pdfFiles = await makePdfCorpus(join(dir, "pdf"), pdfDocs);
    await checkPdfCopy(pdfFiles[0].original, pdfFiles[0].copy);

    const rows = [];
    log("core alone on the main thread: text and PDF");
    const core = {
      text: await coreOnly(await listFiles(textInputs, textCount)),
      pdf: await coreOnly(pdfFiles.map((f) => f.copy)),
    };
    for (const workers of workerCounts) {
      log(`text, ${workers} worker(s): ingesting ${textCount} documents`);
      rows.push({ path: "text", workers, ...(await timeIngest(textInputs, textCount, workers, join(dir, `text-${workers}.jsonl`))) });
    }
    log(`text, ${jobs} worker(s): ingesting ${textCount} documents into DuckDB`);
    const duckdb = { path: "text → DuckDB", workers: jobs, ...(await timeIngest(textInputs, textCount, jobs, null, { db: join(dir, "bench.duckdb") })) };
    log(`text, ${jobs} worker(s): ingesting ${textCount} documents into DuckDB with --provenance`);
    const duckdbProvenance = {
      path: "text → DuckDB, --provenance",
      workers: jobs,
      ...(await timeIngest(textInputs, textCount, jobs, null, { db: join(dir, "bench-provenance.duckdb"), provenance: true })),
    };
    // the JSONL run again, so the database runs are compared with JSONL runs on either side of them,
    // not with one taken earlier under whatever else this machine was doing then
    log(`text, ${jobs} worker(s): ingesting ${textCount} documents again, after the database runs`);
    const jsonlAfter = { path: "text, again", workers: jobs, ...(await timeIngest(textInputs, textCount, jobs, join(dir, `text-${jobs}-again.jsonl`))) };
    for (const workers of workerCounts) {
      log(`pdf, ${workers} worker(s): ingesting ${pdfFiles.length} documents`);
      const ours = await timeIngest([join(dir, "pdf")], pdfFiles.length, workers, join(dir, `pdf-${workers}.jsonl`));
      log(`pdf, ${workers} worker(s): bare pdf-parse on the same files`);
      const floor = await timeFloor(pdfFiles.map((f) => f.copy), workers, false);
      log(`pdf, ${workers} worker(s): bare pdf-parse with the native built-ins put back`);
      const nativeFloor = await timeFloor(pdfFiles.map((f) => f.copy), workers, true);
      rows.push({ path: "pdf", workers, ...ours, floor, nativeFloor });
    }
    let rss = null;
    if (rssDocs > 0) {
      log(`peak RSS: ${rssDocs} text documents, ${jobs} workers, in a fresh process`);
      rss = await measureRss(textDirs.slice(0, Math.ceil(rssDocs / TEXT_PER_DIR)), jobs, join(dir, "rss.jsonl"));
    }
    process.stdout.write(report([...rows, duckdb, duckdbProvenance, jsonlAfter], core, rss, { jobs, textCount, pdfCount: pdfFiles.length, rssDocs }));
  } finally {
    if (process.env.BENCH_KEEP) log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

const TEXT_PER_DIR = 1000;

/** Distinct text documents: each copy gets another case number digit and a line of its own, so every SHA-256 differs. */
async function makeTextCorpus(dir, count) {
  const samples = await readSamples(join(ROOT, "samples", "text"), ".txt");
  const dirs = [];
  for (let i = 0; i < count; i++) {
    const sub = join(dir, String(Math.floor(i / TEXT_PER_DIR)).padStart(3, "0"));
    if (i % TEXT_PER_DIR === 0) {
      await mkdir(sub, { recursive: true });
      dirs.push(sub);
    }
    const sample = samples[i % samples.length];
    let text = sample.bytes.toString("utf8");
    text = text.replace(/CM(\d\d)-(\d{7})/, (_, year, n) => `CM${year}-${String((Number(n) + i) % 1e7).padStart(7, "0")}`);
    text += `\nBench copy ${i}\n`;
    await writeFile(join(sub, `${String(i).padStart(6, "0")}-${sample.name}`), text);
  }
  return dirs;
}

/** Distinct PDFs: a comment line after %%EOF changes the hash and nothing a reader sees. */
async function makePdfCorpus(dir, count) {
  await mkdir(dir, { recursive: true });
  const samples = [...(await readSamples(join(ROOT, "samples", "pdf"), ".pdf")), ...(await readSamples(join(ROOT, "samples", "real"), ".pdf"))];
  const files = [];
  for (let i = 0; i < count; i++) {
    const sample = samples[i % samples.length];
    const copy = join(dir, `${String(i).padStart(5, "0")}-${sample.name}`);
    await writeFile(copy, Buffer.concat([sample.bytes, Buffer.from(`\n%bench-copy-${i}\n`)]));
    files.push({ original: sample.path, copy });
  }
  return files;
}

async function readSamples(dir, extension) {
  const names = (await readdir(dir)).filter((name) => name.endsWith(extension)).sort();
  return Promise.all(names.map(async (name) => ({ name, path: join(dir, name), bytes: await readFile(join(dir, name)) })));
}

/** A copy must read exactly like its original, or the PDF numbers measure something else. */
async function checkPdfCopy(original, copy) {
  const texts = [];
  for (const file of [original, copy]) {
    const { PDFParse } = await loadPdfParse();
    const parser = new PDFParse({ data: new Uint8Array(await readFile(file)) });
    texts.push((await parser.getText()).text);
    await parser.destroy();
  }
  if (texts[0] !== texts[1]) throw new Error(`bench: pdf-parse reads the altered copy ${copy} differently from ${original}`);
}

async function listFiles(dirs, count) {
  const files = [];
  for (const dir of dirs) for (const name of (await readdir(dir)).sort()) files.push(join(dir, name));
  return files.slice(0, count);
}

/**
 * The pure core alone, one document after another on the main thread, files
 * already in memory: the ceiling for one ingest worker, so that the table
 * separates what the pool costs from what processing costs.
 */
async function coreOnly(files) {
  const { processDocument } = await import(pathToFileURL(join(DIST, "core", "process.js")).href);
  const bytes = await Promise.all(files.map((file) => readFile(file)));
  for (const b of bytes.slice(0, 50)) await processDocument(b, "warm-up");
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const b of bytes) await processDocument(b, "x");
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { docs: bytes.length, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** An ingest of the `expected` files under `inputs` into JSON Lines at `out`, or into the database `db` names (`openSink`'s target) when it is given. */
async function timeIngest(inputs, expected, workers, out, db) {
  const { ingest } = await import(pathToFileURL(join(DIST, "ingest", "ingest.js")).href);
  const { openSink } = await import(pathToFileURL(join(DIST, "sinks", "index.js")).href);
  const sink = db ? await openSink(db) : await openSink({ out });
  const cpu = process.cpuUsage();
  const start = performance.now();
  // when the first file is done (what starting the workers cost), and when half of them are:
  // the second half's rate is the steady one, past start-up and the JIT's warm-up, as in a long run
  let firstAt = null;
  let half = null;
  let watch;
  const hooks = {
    onStart: (live) => {
      watch = setInterval(() => {
        if (firstAt === null && live.tally.done > 0) firstAt = performance.now();
        if (half === null && live.tally.done >= expected / 2) {
          half = { at: performance.now(), done: live.tally.done, cpu: process.cpuUsage() };
          clearInterval(watch);
        }
      }, 2);
    },
  };
  const summary = await ingest({ inputs, jobs: workers }, sink, hooks);
  // closing is part of the run: a database sink may checkpoint then
  await sink.close();
  const end = performance.now();
  clearInterval(watch);
  const used = process.cpuUsage(cpu);
  const docs = summary.records + summary.failures;
  const firstSeconds = ((firstAt ?? end) - start) / 1000;
  const steady = half ? (docs - half.done) / ((end - half.at) / 1000) : docs / ((end - start) / 1000);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const usedSinceHalf = half ? process.cpuUsage(half.cpu) : used;
  const steadyPerCpu = (half ? docs - half.done : docs) / ((usedSinceHalf.user + usedSinceHalf.system) / 1e6);
  return { docs, bytes: summary.bytes, seconds: (end - start) / 1000, cpuSeconds, records: summary.records, firstSeconds, steady, steadyPerCpu };
}

/** Bare pdf-parse on a pool as the ingest pool runs it: same worker count, same files in flight. */
async function timeFloor(files, workers, natives) {
  const { Piscina } = await import("piscina");
  const pool = new Piscina({ filename: import.meta.url, minThreads: workers, maxThreads: workers, workerData: { natives } });
  const cpu = process.cpuUsage();
  const start = performance.now();
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: workers * 4 }, async () => {
      while (next < files.length) {
        const file = files[next++];
        bytes += (await stat(file)).size;
        await pool.run({ file });
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  await pool.destroy();
  return { docs: files.length, bytes, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** Peak RSS of a whole ingest run, worker threads included (they share the process), in a process of its own. */
function measureRss(inputs, workers, out) {
  return new Promise((done, fail) => {
    // with this process's flags (node --single-threaded-gc scripts/bench.mjs measures that flag throughout)
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--rss-child", JSON.stringify({ inputs, out }), String(workers)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.once("error", fail);
    child.once("exit", (code) => (code === 0 ? done(JSON.parse(stdout)) : fail(new Error(`bench: RSS run exited with ${code}`))));
  });
}

async function rssChild(spec, workers) {
  const { inputs, out } = JSON.parse(spec);
  const { ingest } = await import(pathToFileURL(join(DIST, "ingest", "ingest.js")).href);
  const { openJsonlSink } = await import(pathToFileURL(join(DIST, "ingest", "jsonl-sink.js")).href);
  let sampled = 0;
  const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 50);
  const sink = await openJsonlSink({ out });
  const start = performance.now();
  const summary = await ingest({ inputs, jobs: workers }, sink);
  const seconds = (performance.now() - start) / 1000;
  await sink.close();
  clearInterval(sampler);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ docs: summary.records + summary.failures, seconds, sampledPeak: sampled, maxRss }));
}

function report(rows, core, rss, sizes) {
  const mb = (bytes) => bytes / 1e6;
  const fmt = (n, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const lines = [
    "",
    `## imr ingest benchmark (${availableParallelism()} cores, Node ${process.versions.node}${process.execArgv.length > 0 ? ` ${process.execArgv.join(" ")}` : ""})`,
    "",
    "| path | workers | docs | docs/s | MB/s | first result after | docs/s, second half | docs per CPU-s | docs per CPU-s, second half | bare pdf-parse docs/s | bare docs per CPU-s | ingest ÷ bare (wall) | ingest ÷ bare (CPU) | bare, natives put back: docs/s | ingest ÷ it (wall) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows) {
    const rate = row.docs / row.seconds;
    const perCpu = row.docs / row.cpuSeconds;
    const floor = row.floor ? row.floor.docs / row.floor.seconds : null;
    const floorPerCpu = row.floor ? row.floor.docs / row.floor.cpuSeconds : null;
    const nativeFloor = row.nativeFloor ? row.nativeFloor.docs / row.nativeFloor.seconds : null;
    const dash = "–";
    lines.push(
      `| ${row.path} | ${row.workers} | ${fmt(row.docs)} | ${fmt(rate)} | ${fmt(mb(row.bytes) / row.seconds, 2)} | ${fmt(row.firstSeconds, 2)} s | ${fmt(row.steady)} | ${fmt(perCpu)} | ${fmt(row.steadyPerCpu)} | ${floor === null ? dash : fmt(floor)} | ${floorPerCpu === null ? dash : fmt(floorPerCpu)} | ${floor === null ? dash : fmt(rate / floor, 2)} | ${floorPerCpu === null ? dash : fmt(perCpu / floorPerCpu, 2)} | ${nativeFloor === null ? dash : fmt(nativeFloor)} | ${nativeFloor === null ? dash : fmt(rate / nativeFloor, 2)} |`,
    );
  }
  lines.push("");
  lines.push("Core alone (processDocument, one document after another on the main thread, bytes in memory, no pool):");
  for (const [path, c] of Object.entries(core)) {
    lines.push(`- ${path}: ${fmt(c.docs / c.seconds)} docs/s, ${fmt((c.cpuSeconds / c.docs) * 1000, 2)} ms CPU per document (all threads)`);
  }
  const rate = (path, workers) => {
    const row = rows.find((r) => r.path === path && r.workers === workers);
    return row ? row.docs / row.seconds : null;
  };
  const targets = [];
  const text1 = rows.find((r) => r.path === "text" && r.workers === 1);
  if (text1) {
    targets.push(
      `text end to end, 1 worker: ${fmt(text1.docs / text1.seconds)} docs/s, ${fmt(text1.steady)} in the second half of the run (target ≥ 2,000 per core); per CPU-second of all threads ${fmt(text1.steadyPerCpu)} in the second half; the core alone: ${fmt(core.text.docs / core.text.seconds)}`,
    );
  }
  for (const row of rows.filter((r) => r.floor)) {
    const rate = row.docs / row.seconds;
    targets.push(
      `pdf, ${row.workers} worker(s): ${fmt(rate / (row.floor.docs / row.floor.seconds), 2)} × bare pdf-parse (target ≥ 0.85); ${fmt(rate / (row.nativeFloor.docs / row.nativeFloor.seconds), 2)} × bare pdf-parse with the natives put back`,
    );
  }
  const bare1 = rows.find((r) => r.path === "pdf" && r.workers === 1)?.floor;
  if (bare1) targets.push(`pdf, the core alone: ${fmt(core.pdf.docs / core.pdf.seconds / (bare1.docs / bare1.seconds), 2)} × bare pdf-parse with 1 worker (the ceiling for the ingest ratio)`);
  const steady = (path) => rows.find((r) => r.path === path && r.workers === sizes.jobs).steady;
  // the mean of the JSONL runs before and after the database runs
  const jsonlAll = mean(rate("text", sizes.jobs), rate("text, again", sizes.jobs));
  const jsonlSteady = mean(steady("text"), steady("text, again"));
  for (const [path, what] of [
    ["text → DuckDB", "DuckDB sink"],
    ["text → DuckDB, --provenance", "DuckDB sink with --provenance"],
  ]) {
    const duckAll = rate(path, sizes.jobs);
    if (!jsonlAll || !duckAll) continue;
    targets.push(
      `${what}: ${fmt(Math.max(0, 1 - duckAll / jsonlAll) * 100, 1)} % of ingest time (text, ${sizes.jobs} workers: ${fmt(duckAll)} docs/s into DuckDB vs ${fmt(jsonlAll)} into JSONL, the mean of the runs before and after; target < 10 %); ${fmt(Math.max(0, 1 - steady(path) / jsonlSteady) * 100, 1)} % in the second half`,
    );
  }
  const pdf1 = rate("pdf", 1);
  const pdfAll = rate("pdf", sizes.jobs);
  if (sizes.jobs > 1 && pdf1 && pdfAll) {
    // how far this machine lets pdfjs itself scale: the same ratio for the floors
    const floorRate = (workers, floor) => {
      const f = rows.find((r) => r.path === "pdf" && r.workers === workers)?.[floor];
      return f.docs / f.seconds;
    };
    targets.push(
      `pdf, ${sizes.jobs} workers ÷ 1 worker: ${fmt(pdfAll / pdf1, 2)}, ${fmt(rows.find((r) => r.path === "pdf" && r.workers === sizes.jobs).steady / rows.find((r) => r.path === "pdf" && r.workers === 1).steady, 2)} in the second half (target ≥ 1.7 for 2); bare pdf-parse on the same machine: ${fmt(floorRate(sizes.jobs, "floor") / floorRate(1, "floor"), 2)}, with the natives put back: ${fmt(floorRate(sizes.jobs, "nativeFloor") / floorRate(1, "nativeFloor"), 2)}`,
    );
  }
  if (rss) {
    targets.push(
      `peak RSS, ${fmt(rss.docs)} text docs with ${sizes.jobs} workers: ${fmt(rss.maxRss / 2 ** 20)} MiB (getrusage; sampled ${fmt(rss.sampledPeak / 2 ** 20)} MiB) in ${fmt(rss.seconds, 1)} s (target < 400 MB)`,
    );
  }
  lines.push("", ...targets.map((t) => `- ${t}`), "");
  return `${lines.join("\n")}\n`;
}

function mean(a, b) {
  return (a + b) / 2;
}

function log(message) {
  process.stderr.write(`bench: ${message}\n`);
}

// last, so that every module-level constant above is initialised first
if (isMainThread && process.argv[2] === "--rss-child") await rssChild(process.argv[3], Number(process.argv[4]));
else if (isMainThread) await main();
