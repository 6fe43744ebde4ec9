import { spawnSync } from "node:child_process";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it, vi } from "vitest";
import { run } from "../../src/cli/schema.js";
import { recordSchema } from "../../src/record/schema.js";
import { TABLES } from "../../src/sinks/tables.js";

async function capture(args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    return { code: await run(args), out: chunks.join("") };
  } finally {
    spy.mockRestore();
  }
}

describe("imr schema", () => {
  it("prints the record's JSON Schema with every contract field", async () => {
    const { code, out } = await capture([]);
    expect(code).toBe(0);
    const schema = JSON.parse(out) as { $schema: string; properties: Record<string, { properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> } }>; required: string[] };
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(recordSchema.shape).sort());
    expect(schema.required).toEqual(expect.arrayContaining(["caseNumber", "decisions", "urDecisionDates", "source"]));
    expect(Object.keys(schema.properties.decisions!.items!.properties!)).toEqual(["item", "outcome", "medicallyNecessary", "claimsAdministratorGuideline", "reviewerGuideline", "rationale"]);
    expect(Object.keys(schema.properties.patient!.properties!)).toEqual(["age", "sex"]);
  });

  it("prints DuckDB DDL that DuckDB runs", async () => {
    const { code, out } = await capture(["--sql", "duckdb"]);
    expect(code).toBe(0);
    const instance = await DuckDBInstance.create(":memory:");
    const c = await instance.connect();
    try {
      await c.run(out);
      expect((await c.runAndReadAll("SELECT count(*) FROM duckdb_tables()")).getRowsJS()[0]![0]).toBe(BigInt(TABLES.length));
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it("prints PostgreSQL DDL, in a schema when asked", async () => {
    const { out } = await capture(["--sql", "postgres", "--schema", "imr"]);
    expect(out).toContain('CREATE TABLE IF NOT EXISTS "imr"."decisions"');
  });

  it("rejects an unknown dialect as a usage error (exit 2 from the imr command)", async () => {
    await expect(run(["--sql", "oracle"])).rejects.toThrow(/--sql takes duckdb or postgres, not "oracle"/);
    const cli = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", "schema", "--sql", "oracle"], { encoding: "utf8" });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('imr schema: --sql takes duckdb or postgres, not "oracle"');
  });
});
