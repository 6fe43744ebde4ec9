import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { run } from "../../src/cli/check.js";
import { UsageError } from "../../src/cli/usage.js";

async function check(args: string[], isTTY = false): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await run(args, { write: (text: string) => (out += text), isTTY });
  return { code, out };
}

describe("imr check", () => {
  let dir: string;
  let empty: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "imr-check-"));
    empty = join(dir, "empty.txt");
    await writeFile(empty, "  \n");
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reports a failure with its code and message, exit 1", async () => {
    const { code, out } = await check([empty]);
    expect(code).toBe(1);
    expect(out).toContain(`${empty}  FAILURE`);
    expect(out).toMatch(/^ {2}empty: /m);
  });

  it("prints the result as JSON with --json", async () => {
    const { out } = await check(["--json", empty]);
    expect(JSON.parse(out)).toMatchObject({ source: { path: empty }, error: { code: "empty" } });
  });

  it("colours only on a terminal, unless told", async () => {
    vi.stubEnv("NO_COLOR", "");
    expect((await check([empty], true)).out).toContain("\x1b[");
    expect((await check(["--no-color", empty], true)).out).not.toContain("\x1b[");
    expect((await check(["--color", empty], false)).out).toContain("\x1b[");
    vi.unstubAllEnvs();
  });

  it.each([[[]], [["--color", "--no-color", "x"]], [["--lines", "1", "x"]]])("is a usage error: %j", async (args) => {
    await expect(check(args)).rejects.toBeInstanceOf(UsageError);
  });
});
