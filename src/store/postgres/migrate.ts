import type { Logger } from '../../core/ports/logger.port.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import type { PgDb } from './postgres.db.js';

/**
 * Brings the schema up to date, in one transaction. Replicas starting together all call this: the transaction-level
 * advisory lock makes the later ones wait for the first and then find nothing left to do, instead of racing on
 * CREATE TABLE. The lock key includes the schema, so separate schemas (test files, tenants) don't wait on each other.
 * Returns the ids it applied.
 */
export async function migrate(db: PgDb, opts: { schema?: string; logger?: Logger; migrations?: readonly Migration[] } = {}): Promise<string[]> {
  const { schema, logger, migrations = MIGRATIONS } = opts;
  return db.tx(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`teamviewer-chatops:migrate:${schema ?? ''}`]);
    // Under the lock, so that two openers on a new schema don't both try to create it. Without a schema option the
    // tables go wherever the connection's search_path points, which the operator chose.
    if (schema !== undefined) await c.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await c.query<{ id: string }>('SELECT id FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.id));
    const known = new Set(migrations.map((m) => m.id));
    const unknown = [...applied].filter((id) => !known.has(id));
    // A newer release has migrated this database (rolling upgrade, or a rollback): this one keeps working on the
    // tables it knows, since migrations only ever add. Worth a warning, not a refusal to start.
    if (unknown.length > 0) logger?.warn({ unknown }, 'the database has migrations this version does not know');
    const done: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.id)) continue;
      await c.query(m.sql);
      await c.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
      done.push(m.id);
    }
    if (done.length > 0) logger?.info({ schema: schema ?? '(search_path)', applied: done }, 'database migrated');
    return done;
  });
}

/** Schema names are checked by the store's options; quoting still keeps a reserved word usable as one. */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
