/** The installed `imr` command: the built entry runs as an executable, as `npx imr` runs it. */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const BIN = join(import.meta.dirname, "../../dist/src/cli/main.js");

describe("imr bin", () => {
  it("runs directly (shebang and executable bit) and lists its commands", () => {
    const help = execFileSync(BIN, ["--help"], { encoding: "utf8" });
    for (const command of ["parse", "ingest", "export", "schema", "check", "eval"]) expect(help).toContain(`  ${command} `);
  });

  it.each(["parse", "ingest", "export", "schema", "check", "eval"])("imr %s --help prints the command's usage and exits 0, whatever else is given", (command) => {
    for (const args of [["--help"], ["-h", "--no-such-option"], ["no-such-file", "--help"]]) {
      expect(execFileSync(BIN, [command, ...args], { encoding: "utf8" })).toMatch(new RegExp(`^Usage: imr ${command} `));
    }
  });

  it("parses a sample into one JSON line", () => {
    const line = execFileSync(BIN, ["parse", join(import.meta.dirname, "../../samples/text/seed-0001.txt")], { encoding: "utf8" });
    expect(JSON.parse(line)).toMatchObject({ schemaVersion: "1", injuryDate: "2013-02-26", decisions: [{ outcome: "upheld" }] });
  });
});
