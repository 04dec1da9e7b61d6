import type { Pool, PoolClient } from 'pg';
import type { Logger } from '../../core/ports/logger.port.js';
import { KeyLock } from '../key-lock.js';

/**
 * Named locks across replicas: a session-level advisory lock held on a dedicated client for as long as `fn` runs.
 * The server drops it if that connection dies, so a crashed replica never leaves a lock behind.
 *
 * The clients come from their own pool (`lockPool`): `fn` queries through the main pool, and if lock holders
 * could take every main-pool client, their own queries would wait for a client that none of them will release.
 * Within the process, callers of one name queue in memory first, so one name never ties up more than one client.
 * The key includes the schema, so deployments (or test files) in different schemas of one database don't collide.
 */
export class AdvisoryLocks {
  private readonly local = new KeyLock();

  constructor(
    private readonly lockPool: Pool,
    private readonly scope: string,
    private readonly logger?: Logger,
  ) {}

  run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.local.run(name, () => this.holding(name, fn));
  }

  private async holding<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const key = `${this.scope}:${name}`;
    const client = await this.lockPool.connect();
    try {
      // Waiting is bounded by the lock pool's statement_timeout: a holder that hangs fails its waiters loudly.
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [key]);
    } catch (e) {
      client.release(asError(e));
      throw e;
    }
    let broken: Error | undefined;
    try {
      return await fn();
    } finally {
      broken = await unlock(client, key);
      if (broken) this.logger?.warn({ lock: name, err: broken }, 'could not release an advisory lock; dropping its connection, which frees it');
      // A client whose unlock failed is destroyed: closing its connection is what frees the lock then.
      client.release(broken);
    }
  }
}

async function unlock(client: PoolClient, key: string): Promise<Error | undefined> {
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_advisory_unlock(hashtextextended($1, 0)) AS ok', [key]);
    // False means the lock was not held on this connection any more (it was reset): don't reuse the client.
    return rows[0]?.ok ? undefined : new Error(`advisory lock ${key} was not held at release`);
  } catch (e) {
    return asError(e);
  }
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
