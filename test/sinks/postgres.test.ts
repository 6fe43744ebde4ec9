import { afterAll, describe, expect, it } from "vitest";
import { openSink } from "../../src/sinks/index.js";
import { openPostgresSink, type PostgresSink } from "../../src/sinks/postgres.js";
import { postgresHarness, sinkBehaviour } from "./behaviour.js";
import { makeRecord } from "./factory.js";
import { dropSchema, POSTGRES_URL, postgresAvailable, uniqueSchema } from "./pg-env.js";

const available = await postgresAvailable("test/sinks/postgres.test.ts");
const schema = uniqueSchema("sink");

afterAll(async () => {
  if (available) await dropSchema(schema);
});

describe.skipIf(!available)("PostgreSQL sink", () => {
  sinkBehaviour(() => postgresHarness(POSTGRES_URL, schema));

  it("takes the schema from ?schema= on the URL when opened through openSink", async () => {
    const other = uniqueSchema("url");
    try {
      const sink = await openSink({ db: `${POSTGRES_URL}?schema=${other}` });
      await sink.write([makeRecord(1)]);
      expect(await sink.knownKeys()).toEqual(new Set([`${makeRecord(1).source.sha256} docs/case-1.txt`]));
      const { rows } = await (sink as PostgresSink).client.query(`SELECT count(*)::int AS n FROM "${other}".decisions`);
      expect(rows[0].n).toBe(makeRecord(1).decisions.length);
      await sink.close();
    } finally {
      await dropSchema(other);
    }
  });
});

describe("PostgreSQL sink errors", () => {
  it("names the server and the cause when nothing listens", async () => {
    await expect(openPostgresSink("postgres://postgres@127.0.0.1:5999/test", { connectionTimeoutMillis: 2000 })).rejects.toThrow(
      /^cannot connect to PostgreSQL at 127\.0\.0\.1:5999\/test: .*ECONNREFUSED/,
    );
  });

  it("rejects a malformed URL without echoing its password", async () => {
    await expect(openPostgresSink("postgres://user:secret@[bad")).rejects.toThrow(/invalid PostgreSQL URL "postgres:\/\/\*\*\*@\[bad"/);
  });

  it.skipIf(!available)("names the database that does not exist", async () => {
    const url = new URL(POSTGRES_URL);
    url.pathname = "/imr_no_such_database";
    await expect(openPostgresSink(url.toString())).rejects.toThrow(/cannot connect to PostgreSQL at .*imr_no_such_database: .*does not exist/);
  });
});
