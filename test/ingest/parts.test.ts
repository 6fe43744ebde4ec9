/**
 * The pieces of `imr ingest` that need no worker threads: the JSONL sink and
 * discovery, run from source.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discover, resolveInputs, splitGlob } from "../../src/ingest/discover.js";
import { dropPartialLastLine, lineKey, openJsonlSink } from "../../src/ingest/jsonl-sink.js";
import type { Failure } from "../../src/record/schema.js";
import { resultKey } from "../../src/sinks/sink.js";

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "imr-ingest-parts-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const failureFor = (path: string, digit: string): Failure => ({
  source: { path, sha256: digit.repeat(64) },
  error: { code: "empty", message: "The file is empty." },
});

describe("the JSONL sink", () => {
  it("writes whole lines, knows their keys, and appends after a torn last line", async () => {
    const out = join(tmp, "out.jsonl");
    const first = await openJsonlSink({ out, durable: false });
    await first.write([failureFor("a.txt", "1"), failureFor('odd "name" \\ é.txt', "2")]);
    await first.close();
    await writeFile(out, (await readFile(out, "utf8")) + '{"source":{"path":"c.t');

    const again = await openJsonlSink({ out, append: true, durable: false });
    expect(await again.knownKeys()).toEqual(new Set([resultKey("1".repeat(64), "a.txt"), resultKey("2".repeat(64), 'odd "name" \\ é.txt')]));
    await again.write([failureFor("c.txt", "3")]);
    await again.close();
    const lines = (await readFile(out, "utf8")).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => (JSON.parse(line) as Failure).source.path)).toEqual(["a.txt", 'odd "name" \\ é.txt', "c.txt"]);
  });

  it("writes a batch of more lines than one gathering write takes, in order and whole", async () => {
    // writev takes at most IOV_MAX (1,024 on Linux) buffers a call: the rest must follow in order
    const out = join(tmp, "many.jsonl");
    const sink = await openJsonlSink({ out, durable: true });
    const results = Array.from({ length: 3000 }, (_, i) => failureFor(`file-${i}.txt`, String(i % 10)));
    await sink.writeLines!(results.map((r) => new TextEncoder().encode(`${JSON.stringify(r)}\n`)));
    await sink.write([failureFor("last.txt", "9")]);
    await sink.close();
    const lines = (await readFile(out, "utf8")).split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => (JSON.parse(line) as Failure).source.path)).toEqual([...results.map((r) => r.source.path), "last.txt"]);
  });

  it("reads the key of a record line and of a line in another key order", () => {
    const sha = "a".repeat(64);
    expect(lineKey(`{"schemaVersion":"1","source":{"path":"x/y.pdf","sha256":"${sha}"},"layout":"unknown"}`)).toBe(resultKey(sha, "x/y.pdf"));
    expect(lineKey(`{"error":{"code":"empty","message":"m"},"source":{"sha256":"${sha}","path":"z"}}`)).toBe(resultKey(sha, "z"));
    expect(lineKey("not json")).toBeNull();
  });

  it("cuts a file with no newline at all back to nothing", async () => {
    const file = join(tmp, "torn.jsonl");
    await writeFile(file, '{"source":');
    await dropPartialLastLine(file);
    expect(await readFile(file, "utf8")).toBe("");
  });
});

describe("discovery", () => {
  it("splits a glob at its first wildcard", () => {
    expect(splitGlob("archive/2016/**/*.pdf")).toEqual({ cwd: resolve("archive/2016"), pattern: "**/*.pdf" });
    expect(splitGlob("*.txt")).toEqual({ cwd: resolve("."), pattern: "*.txt" });
    expect(splitGlob("/data/{a,b}/*.txt")).toEqual({ cwd: "/data", pattern: "{a,b}/*.txt" });
  });

  it("walks a folder without JSON, hidden files or node_modules, paths relative to it", async () => {
    const dir = join(tmp, "tree");
    await mkdir(join(dir, "a", "b"), { recursive: true });
    await mkdir(join(dir, "node_modules", "x"), { recursive: true });
    await mkdir(join(dir, ".git"), { recursive: true });
    for (const file of ["one.txt", "a/two.pdf", "a/b/three", "a/x.gold.json", "a/out.jsonl", ".hidden", ".git/config", "node_modules/x/index.js"]) {
      await writeFile(join(dir, file), "x");
    }
    const found = [];
    for await (const file of discover(await resolveInputs([dir]), { exclude: [join(dir, "one.txt")] })) found.push(file);
    expect(found.map((f) => f.path).sort()).toEqual(["a/b/three", "a/two.pdf"]);
    expect(found.every((f) => f.absolute === join(dir, f.path))).toBe(true);

    const all = [];
    for await (const file of discover(await resolveInputs([dir]), { defaultIgnores: false })) all.push(file.path);
    expect(all).toHaveLength(8);
  });
});
