import type { IdempotencyRepo, OutboxItem, OutboxKind, OutboxRepo } from '../../core/ports/store.port.js';
import { isoOf, json, opt, type PgDb } from './postgres.db.js';

/** Delivery-level dedupe across replicas: the primary key decides which one saw a key first. */
export class PgIdempotencyRepo implements IdempotencyRepo {
  constructor(private readonly db: PgDb) {}

  async claim(key: string, now: Date, ttlMs: number) {
    // One statement: a new key inserts; a known key is taken over only when its time-to-live has passed. A
    // concurrent claim of the same key waits on the row and then finds it unexpired, so it gets no row back.
    const { rowCount } = await this.db.query(
      `INSERT INTO idempotency_keys (key, expires_at) VALUES ($1, $3)
       ON CONFLICT (key) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE idempotency_keys.expires_at <= $2
       RETURNING key`,
      [key, now.toISOString(), new Date(now.getTime() + ttlMs).toISOString()],
    );
    return rowCount === 1;
  }

  async purgeExpired(now: Date) {
    const { rowCount } = await this.db.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [now.toISOString()]);
    return rowCount ?? 0;
  }
}

interface OutboxRow {
  id: string;
  kind: OutboxKind;
  session_id: string;
  payload: Record<string, unknown>;
  attempts: number;
  claims: number | null;
  next_attempt_at: Date;
  status: OutboxItem['status'];
  last_error: string | null;
  lease_until: Date | null;
  created_at: Date;
  seq: string;
}

const COLUMNS = 'id, kind, session_id, payload, attempts, claims, next_attempt_at, status, last_error, lease_until, created_at, seq';

function toItem(r: OutboxRow): OutboxItem {
  return {
    id: r.id,
    kind: r.kind,
    sessionId: r.session_id,
    payload: r.payload,
    attempts: r.attempts,
    ...opt('claims', r.claims),
    nextAttemptAt: isoOf(r.next_attempt_at),
    status: r.status,
    ...opt('lastError', r.last_error),
    ...opt('leaseUntil', r.lease_until ? isoOf(r.lease_until) : undefined),
    createdAt: isoOf(r.created_at),
  };
}

export class PgOutboxRepo implements OutboxRepo {
  constructor(private readonly db: PgDb) {}

  async enqueue(item: OutboxItem) {
    await this.db.query(
      `INSERT INTO outbox (id, kind, session_id, payload, attempts, claims, next_attempt_at, status, last_error, lease_until, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11)`,
      [item.id, item.kind, item.sessionId, json(item.payload), item.attempts, item.claims ?? null, item.nextAttemptAt, item.status, item.lastError ?? null, item.leaseUntil ?? null, item.createdAt],
    );
  }

  async claimDue(now: Date, limit: number, leaseMs: number) {
    // SKIP LOCKED: two workers claiming at once each take different rows instead of queueing behind each other;
    // a row another worker has just leased is re-checked on its newest version and no longer qualifies.
    // Insertion order, as the embedded store hands them out.
    const { rows } = await this.db.query<OutboxRow>(
      `WITH due AS (
         SELECT id FROM outbox
         WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
         ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE outbox o SET lease_until = $3, claims = COALESCE(o.claims, 0) + 1 FROM due WHERE o.id = due.id
       RETURNING ${COLUMNS.split(', ').map((c) => `o.${c}`).join(', ')}`,
      [now.toISOString(), limit, new Date(now.getTime() + leaseMs).toISOString()],
    );
    // UPDATE … RETURNING has no order of its own.
    return rows.sort((a, b) => Number(BigInt(a.seq) - BigInt(b.seq))).map(toItem);
  }

  async complete(id: string) {
    // Delivered items leave the table: it must not grow with history.
    await this.db.query('DELETE FROM outbox WHERE id = $1', [id]);
  }

  async retryLater(id: string, nextAttemptAt: Date, error: string) {
    await this.db.query('UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $2, last_error = $3, lease_until = NULL WHERE id = $1', [id, nextAttemptAt.toISOString(), error]);
  }

  async fail(id: string, error: string) {
    await this.db.query(`UPDATE outbox SET attempts = attempts + 1, status = 'failed', last_error = $2, lease_until = NULL WHERE id = $1`, [id, error]);
  }

  async get(id: string) {
    const { rows } = await this.db.query<OutboxRow>(`SELECT ${COLUMNS} FROM outbox WHERE id = $1`, [id]);
    return rows[0] ? toItem(rows[0]) : undefined;
  }

  async purgeFailedBefore(cutoff: Date) {
    const { rowCount } = await this.db.query(`DELETE FROM outbox WHERE status = 'failed' AND created_at < $1`, [cutoff.toISOString()]);
    return rowCount ?? 0;
  }

  async countPending() {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`);
    return rows[0]?.n ?? 0;
  }
}
