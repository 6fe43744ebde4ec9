#!/usr/bin/env node
/**
 * What the analytics sinks cost per result, against what producing a result
 * costs, so the sinks can be shown not to be the ingest's bottleneck.
 *
 *   node --import tsx scripts/bench-sinks.mjs [RESULTS=20000] [BATCH=1024]
 *
 * BATCH defaults to the database sinks' own batch size (`DATABASE_BATCHING`), as `imr ingest` uses it.
 *
 * The results are the sample texts' real records (or failures), cloned under
 * new paths and SHA-256s, so row sizes (provenance, rationales) are real.
 * Each sink is timed loading them fresh, then loading them again (every row
 * already stored: the idempotent re-run). PostgreSQL is included when
 * IMR_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test)
 * answers, in a throw-away schema.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { processDocument } from "../src/core/process.ts";
import { openCsvSink } from "../src/sinks/csv.ts";
import { openDuckDbSink } from "../src/sinks/duckdb.ts";
import { benchSink } from "../src/sinks/index.ts";
import { openPostgresSink } from "../src/sinks/postgres.ts";
import { DATABASE_BATCHING } from "../src/sinks/sink.ts";

const total = Number(process.argv[2] ?? 20_000);
const batchSize = Number(process.argv[3] ?? DATABASE_BATCHING.size);
const samples = "samples/text";

const files = (await readdir(samples)).filter((f) => f.endsWith(".txt")).sort();
const texts = await Promise.all(files.map((f) => readFile(join(samples, f))));
// Warm the extractor once so the timing below is steady-state, as in a long ingest.
for (const bytes of texts) await processDocument(bytes, "warm-up");
const started = performance.now();
const startedCpu = process.cpuUsage();
const rounds = 5;
const templates = [];
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < texts.length; i++) {
    const result = await processDocument(texts[i], join(samples, files[i]));
    if (round === 0) templates.push(result);
  }
}
const processUs = ((performance.now() - started) * 1000) / (rounds * texts.length);
const processCpu = process.cpuUsage(startedCpu);
const processCpuUs = (processCpu.user + processCpu.system) / (rounds * texts.length);

const results = Array.from({ length: total }, (_, i) => {
  const template = templates[i % templates.length];
  const source = { path: `bench/${i}/${files[i % files.length]}`, sha256: createHash("sha256").update(`bench ${i}`).digest("hex") };
  return { ...template, source };
});
const records = results.filter((r) => !("error" in r)).length;

const dir = await mkdtemp(join(tmpdir(), "imr-bench-sinks-"));
const rows = [];
async function time(name, open) {
  for (const pass of ["fresh", "again"]) {
    // New objects for every pass, as a new ingest would hand over: work cached on a result
    // object (its digest) by an earlier pass must not be counted as free.
    const t = await benchSink(await open(), results.map((result) => ({ ...result })), batchSize);
    rows.push({ sink: name, pass, ...t });
  }
}

try {
  await time("duckdb", () => openDuckDbSink(join(dir, "bench.duckdb")));
  await time("csv", () => openCsvSink(join(dir, "csv")));
  const url = process.env.IMR_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const schema = `imr_bench_${process.pid}`;
  try {
    await (await openPostgresSink(url, { schema, connectionTimeoutMillis: 3000 })).close();
    await time("postgres", () => openPostgresSink(url, { schema }));
  } catch (error) {
    console.warn(`PostgreSQL skipped: ${error.message}`);
  } finally {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    await client
      .connect()
      .then(() => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))
      .catch(() => undefined)
      .finally(() => client.end().catch(() => undefined));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

console.log(`${total} results (${records} records, ${total - records} failures), batches of ${batchSize}`);
console.log(`processDocument on samples/text, one thread: ${(processUs / 1000).toFixed(2)} ms wall, ${(processCpuUs / 1000).toFixed(2)} ms CPU per document`);
console.log("sink      pass    wall ms  close ms  wall µs/result  CPU µs/result  slowest batch ms  CPU vs. processing");
for (const r of rows) {
  console.log(
    [
      r.sink.padEnd(9),
      r.pass.padEnd(6),
      r.totalMs.toFixed(0).padStart(8),
      r.closeMs.toFixed(0).padStart(9),
      r.perResultUs.toFixed(1).padStart(15),
      r.cpuPerResultUs.toFixed(1).padStart(14),
      r.slowestBatchMs.toFixed(1).padStart(17),
      `${((r.cpuPerResultUs / processCpuUs) * 100).toFixed(1)} %`.padStart(19),
    ].join(" "),
  );
}
console.log("CPU vs. processing: the sink's CPU per result (all threads of this process) as a share of the CPU");
console.log("processDocument spends per document; the ingest's workers spend that, the sink runs beside them.");
