/**
 * The PostgreSQL the tests use: IMR_TEST_POSTGRES_URL, or the local default.
 * Each test file gets its own schema, dropped afterwards, so parallel runs
 * (and parallel test files) never see each other's rows.
 */
import pg from "pg";

export const POSTGRES_URL = process.env.IMR_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** Whether the server answers; when it does not, says so loudly so a skipped suite is not mistaken for a passing one. */
export async function postgresAvailable(suite: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch (error) {
    console.warn(
      `\n*** ${suite}: PostgreSQL at ${POSTGRES_URL} is unreachable (${error instanceof Error ? error.message || (error as { code?: string }).code : String(error)}); ` +
        "SKIPPING the PostgreSQL tests. Set IMR_TEST_POSTGRES_URL to run them. ***\n",
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function uniqueSchema(label: string): string {
  return `imr_test_${label}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
