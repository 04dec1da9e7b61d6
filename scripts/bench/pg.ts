/** PostgreSQL for the replica steps: reachability, a fresh schema per world (dropped afterwards), transaction counts. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sleep } from './util.js';

export const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function redactedDatabaseUrl(): string {
  return DATABASE_URL.replace(/\/\/[^@/]*@/, '//…@');
}

/** Runs `fn` with DATABASE_URL and a new DATABASE_SCHEMA, then drops the schema. */
export async function withSchema<T>(fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  try {
    return await fn({ DATABASE_URL, DATABASE_SCHEMA: schema });
  } finally {
    const c = new pg.Client({ connectionString: DATABASE_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => c.end());
  }
}

/** undefined when the database answers, else why not. */
export async function databaseProblem(): Promise<string | undefined> {
  const c = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('select 1');
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/**
 * Transactions the whole database committed or rolled back while `fn` ran (pg_stat_database; the statistics are
 * flushed about once a second, hence the pauses). Counts every client of the database, so run it alone.
 */
export async function countTransactions<T>(fn: () => Promise<T>): Promise<{ result: T; transactions: number }> {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  try {
    const read = async () => {
      const r = await c.query<{ n: string }>('select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()');
      return Number(r.rows[0]?.n ?? 0);
    };
    await sleep(1200);
    const before = await read();
    const result = await fn();
    await sleep(1200);
    // Our own two reads are transactions too.
    return { result, transactions: (await read()) - before - 1 };
  } finally {
    await c.end();
  }
}
