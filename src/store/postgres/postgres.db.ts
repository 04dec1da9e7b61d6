import type { Pool, PoolClient, QueryResultRow } from 'pg';

/** What a repository runs its SQL on: the pool, or the client of an open transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(sql: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** The pool every repository shares, with the one transaction helper they all use. */
export class PgDb implements Queryable {
  constructor(readonly pool: Pool) {}

  async query<R extends QueryResultRow>(sql: string, params: unknown[] = []) {
    return this.pool.query<R>(sql, params);
  }

  /**
   * Runs `fn` inside BEGIN/COMMIT on one client, rolling back when it throws. A client whose ROLLBACK failed is
   * destroyed rather than returned to the pool, where it would hand the next caller a broken transaction.
   */
  async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (e) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw e;
    } finally {
      client.release(broken);
    }
  }
}

/** jsonb parameters go as JSON text: node-postgres would turn a JS array into a PostgreSQL array instead. */
export const json = (v: unknown): string => JSON.stringify(v);

/** timestamptz columns come back as Date; the ports speak ISO-8601 UTC strings. */
export const isoOf = (d: Date): string => d.toISOString();

/** An optional column as an optional property: absent, not `null`, the way the embedded store returns it. */
export function opt<K extends string, V>(key: K, v: V | null | undefined): { [P in K]?: V } {
  return (v === null || v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}
