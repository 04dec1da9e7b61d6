import pg from 'pg';
import type { Store } from '../../core/ports/store.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { SecretCipher } from '../secret-cipher.js';
import { migrate } from './migrate.js';
import { PgDb } from './postgres.db.js';
import { PgJobRunRepo } from './postgres.jobs.js';
import { PgLinkFlowRepo, PgLinkRepo } from './postgres.links.js';
import { AdvisoryLocks } from './postgres.lock.js';
import { PgIdempotencyRepo, PgOutboxRepo } from './postgres.outbox.js';
import { PgSessionRepo } from './postgres.sessions.js';
import { PgConversationRefRepo, PgDeviceRepo } from './postgres.small-repos.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`; settings given in the URL win over the defaults below. */
  url: string;
  cipher: SecretCipher;
  /** Told about every secret read back, so the log scrubber can mask it wherever it appears. */
  onSecret?: (value: string) => void;
  /** Where the tables live (created when missing); by default, wherever the connection's search_path points. */
  schema?: string;
  /** Connections for queries (default 10); the lock pool gets as many again, opened only as locks are taken. */
  poolMax?: number;
  logger?: Logger;
}

/** Plain identifiers only: the name goes into the connection's startup options and into DDL. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Defaults sized for a chat bot: short queries, a handful of concurrent requests per replica. */
const CONNECT_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 30_000;
const STATEMENT_TIMEOUT_MS = 15_000;
/** A lock holder talks to TeamViewer and the ITSM inside `fn`: waiting for it may take longer than one query. */
const LOCK_WAIT_TIMEOUT_MS = 60_000;
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;

function makePool(opts: PostgresStoreOptions, max: number, statementTimeoutMs: number, role: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    statement_timeout: statementTimeoutMs,
    // A transaction left open by a bug would hold row locks (and a reserve slot) for ever: the server ends it.
    idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    application_name: `teamviewer-chatops:${role}`,
    // search_path names only our schema, so nothing can land in `public` by accident.
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  // An idle client losing its connection (database restart, failover) emits here; unhandled, it would crash the
  // process. The pool drops that client and opens a new one on the next query.
  pool.on('error', (err) => opts.logger?.warn({ err, pool: role }, 'an idle PostgreSQL connection failed'));
  return pool;
}

/**
 * The PostgreSQL store: every guarantee the embedded store gets from running in one process (one live session
 * per ticket, compare-and-set transitions, leases, consume-once tokens, named locks) comes from the database
 * here, so any number of replicas can share it. Opening it applies the pending migrations.
 */
export async function openPostgresStore(opts: PostgresStoreOptions): Promise<Store> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
    throw new Error(`PostgreSQL schema name ${JSON.stringify(opts.schema)} is not a plain identifier (letters, digits, underscore)`);
  }
  const max = opts.poolMax ?? 10;
  const pool = makePool(opts, max, STATEMENT_TIMEOUT_MS, 'store');
  const lockPool = makePool(opts, max, LOCK_WAIT_TIMEOUT_MS, 'locks');
  const db = new PgDb(pool);
  try {
    await migrate(db, { ...(opts.schema !== undefined ? { schema: opts.schema } : {}), ...(opts.logger ? { logger: opts.logger } : {}) });
  } catch (e) {
    await Promise.allSettled([pool.end(), lockPool.end()]);
    throw e;
  }
  const locks = new AdvisoryLocks(lockPool, opts.schema ?? '', opts.logger);
  const onSecret = opts.onSecret ?? (() => undefined);
  let closing: Promise<void> | undefined;
  return {
    sessions: new PgSessionRepo(db),
    links: new PgLinkRepo(db, opts.cipher, onSecret),
    linkFlow: new PgLinkFlowRepo(db, opts.cipher, onSecret),
    idempotency: new PgIdempotencyRepo(db),
    outbox: new PgOutboxRepo(db),
    jobRuns: new PgJobRunRepo(db),
    devices: new PgDeviceRepo(db),
    conversationRefs: new PgConversationRefRepo(db),
    withLock: (name, fn) => locks.run(name, fn),
    async ping() {
      await pool.query('SELECT 1');
    },
    close() {
      // pg's Pool.end throws when called twice; a second close waits for the first instead.
      closing ??= Promise.all([pool.end(), lockPool.end()]).then(() => undefined);
      return closing;
    },
  };
}
