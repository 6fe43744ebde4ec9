import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/eval.js";
import { UsageError } from "../../src/cli/usage.js";

const SAMPLES = join(import.meta.dirname, "..", "..", "samples", "text");
/** The field altered in one gold file; a value no extraction of that document could give. */
const ALTERED = { id: "dev-0002", field: "injuryDate", value: "1999-01-01" };

async function evalCommand(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await run(args, { write: (text: string) => (out += text) });
  return { code, out };
}

interface JsonReport {
  documents: number;
  report: { id: string; wrong: { name: string }[] }[];
}

/** "id field" for every wrong field the JSON report names. */
function wrongKeys(report: JsonReport): Set<string> {
  return new Set(report.report.flatMap((r) => r.wrong.map((w) => `${r.id} ${w.name}`)));
}

/** The documents the text report lists under "Documents with wrong fields". */
function documentsNamedInText(out: string): string[] {
  const lines = out.split("\n");
  const start = lines.findIndex((l) => l.startsWith("Documents with wrong fields"));
  if (start < 0) return [];
  return lines.slice(start + 1).filter((l) => l !== "" && !l.startsWith(" ")).map((l) => l.split(/\s+/)[0]!);
}

describe("imr eval", () => {
  let dir: string;
  let files: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "imr-eval-"));
    const names = (await readdir(SAMPLES)).filter((n) => n.endsWith(".txt") || n.endsWith(".gold.json"));
    await Promise.all(names.map((n) => copyFile(join(SAMPLES, n), join(dir, n))));
    files = names.filter((n) => n.endsWith(".txt")).sort().map((n) => join(dir, n));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("names exactly the document and field whose gold value was altered", async () => {
    // Whatever the extraction gets wrong today stays wrong; altering one gold
    // value must add that one field, in that one document, and nothing else.
    const before = await evalCommand(["--gold", dir, "--json", ...files]);
    expect(before.code).toBe(0);
    const beforeReport = JSON.parse(before.out) as JsonReport;
    expect(beforeReport.documents).toBe(files.length);
    const wrongBefore = wrongKeys(beforeReport);

    const goldPath = join(dir, `${ALTERED.id}.gold.json`);
    const gold = JSON.parse(await readFile(goldPath, "utf8")) as Record<string, unknown>;
    expect(gold[ALTERED.field]).not.toBe(ALTERED.value);
    await writeFile(goldPath, JSON.stringify({ ...gold, [ALTERED.field]: ALTERED.value }));

    const after = await evalCommand(["--gold", dir, "--json", ...files]);
    const alteredKey = `${ALTERED.id} ${ALTERED.field}`;
    expect([...wrongKeys(JSON.parse(after.out) as JsonReport)].sort()).toEqual([...new Set([...wrongBefore, alteredKey])].sort());

    const text = await evalCommand(["--gold", dir, ...files]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^field accuracy \d+\.\d\d%, perfect documents \d+\.\d%$/m);
    const documentsBefore = new Set(beforeReport.report.map((r) => r.id));
    expect(documentsNamedInText(text.out).sort()).toEqual([...new Set([...documentsBefore, ALTERED.id])].sort());
    const alteredDocumentFailed = beforeReport.report.some((r) => r.id === ALTERED.id && r.wrong.length > 20);
    if (!wrongBefore.has(alteredKey) && !alteredDocumentFailed) {
      expect(text.out).toContain(`  ${ALTERED.field}: expected "${ALTERED.value}", got "${gold[ALTERED.field] as string}"`);
    }
  });

  it("scores only the gold records of the files given", async () => {
    const { out } = await evalCommand(["--gold", dir, "--json", files[1]!]);
    expect(JSON.parse(out)).toMatchObject({ documents: 1, missing: 0, ungraded: [] });
  });

  it.each([
    ["no --gold", (f: string[]) => f],
    ["no FILE", () => ["--gold", "."]],
    ["a gold folder that does not exist", (f: string[]) => ["--gold", join(tmpdir(), "imr-no-such-folder"), ...f]],
  ])("is a usage error with %s", async (_, args) => {
    await expect(evalCommand(args(files.slice(0, 1)))).rejects.toBeInstanceOf(UsageError);
  });
});
