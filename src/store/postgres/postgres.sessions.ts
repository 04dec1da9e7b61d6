import type { PoolClient } from 'pg';
import type { ConnectionSummary } from '../../core/domain/connection-log.js';
import { isLive, type SessionRecord, type SessionState } from '../../core/domain/remote-session.js';
import type { SessionRepo } from '../../core/ports/store.port.js';
import { json, type PgDb } from './postgres.db.js';

type Row = { record: SessionRecord };

const LIVE = `(state = 'requested' OR (state = 'created' AND (valid_until IS NULL OR valid_until > $2::timestamptz)))`;
const TERMINAL = `state IN ('closed', 'expired', 'failed')`;

/**
 * A shallow merge as `Object.assign` does it, in SQL: `||` replaces top-level keys, and the keys the patch sets to
 * `undefined` (JSON.stringify drops them) are removed, so `{ remoteCloseError: undefined }` clears the field.
 */
function mergeParts(patch: object): { set: string; unset: string[] } {
  const unset = Object.entries(patch)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  return { set: json(patch), unset };
}

/**
 * Sessions in one table: the record as jsonb, with derived columns (a trigger keeps them in step) for every query
 * the port makes. Each method is one statement, or one transaction, so it is atomic across replicas.
 */
export class PgSessionRepo implements SessionRepo {
  constructor(private readonly db: PgDb) {}

  private async one(sql: string, params: unknown[]): Promise<SessionRecord | undefined> {
    const { rows } = await this.db.query<Row>(sql, params);
    return rows[0]?.record;
  }

  private async many(sql: string, params: unknown[]): Promise<SessionRecord[]> {
    return (await this.db.query<Row>(sql, params)).rows.map((r) => r.record);
  }

  async reserve(record: SessionRecord, now: Date) {
    const at = now.toISOString();
    return this.db.tx(async (c) => {
      // Same step as lowdb: created sessions of this ticket past their validity are expired before we look.
      await expireStale(c, record.ticketKey, at);
      // The partial unique index arbitrates between replicas: a concurrent insert for the same ticket makes this
      // one wait for it and then do nothing. The loop covers the existing session ending (or going stale) between
      // our insert and our read; each pass sees what committed meanwhile (READ COMMITTED).
      for (let attempt = 0; attempt < 5; attempt++) {
        const inserted = await c.query(
          `INSERT INTO sessions (record) VALUES ($1::jsonb)
           ON CONFLICT (ticket_key) WHERE state IN ('requested', 'created') DO NOTHING RETURNING id`,
          [json(record)],
        );
        if (inserted.rowCount === 1) return { created: true as const, record: structuredClone(record) };
        const { rows } = await c.query<Row>(`SELECT record FROM sessions WHERE ticket_key = $1 AND state IN ('requested', 'created')`, [record.ticketKey]);
        const existing = rows[0]?.record;
        if (existing && isLive(existing, now)) return { created: false as const, existing };
        if (existing) await expireStale(c, record.ticketKey, at);
      }
      throw new Error(`reserve: the live session of ${record.ticketKey} kept changing; giving up`);
    });
  }

  async get(id: string) {
    return this.one('SELECT record FROM sessions WHERE id = $1', [id]);
  }

  async findLiveByTicket(ticketKey: string, now: Date) {
    return this.one(`SELECT record FROM sessions WHERE ticket_key = $1 AND ${LIVE} LIMIT 1`, [ticketKey, now.toISOString()]);
  }

  async findLatestByTicket(ticketKey: string) {
    // seq: on equal createdAt the session stored last wins, as in the embedded store.
    return this.one('SELECT record FROM sessions WHERE ticket_key = $1 ORDER BY created_at DESC, seq DESC LIMIT 1', [ticketKey]);
  }

  async listByAgent(agentKey: string, states: SessionState[]) {
    return this.many('SELECT record FROM sessions WHERE agent_key = $1 AND state = ANY($2::text[]) ORDER BY seq', [agentKey, states]);
  }

  async transition(id: string, expectedState: SessionState, patch: Partial<SessionRecord>) {
    const { id: _ignored, ...fields } = patch;
    const { set, unset } = mergeParts(fields);
    // Compare-and-set: the WHERE is re-checked on the newest row version after waiting for a concurrent
    // writer, so of two racing transitions from one state exactly one matches.
    return this.one(
      `UPDATE sessions SET record = ((record || $3::jsonb) - $4::text[]) || jsonb_build_object('id', id)
       WHERE id = $1 AND state = $2 RETURNING record`,
      [id, expectedState, set, unset],
    );
  }

  async patch(id: string, patch: Partial<Omit<SessionRecord, 'state' | 'id'>>) {
    // The type already forbids them; dropping them here keeps a stray field from bypassing the state machine.
    const { id: _id, state: _state, ...fields } = patch as Partial<SessionRecord>;
    const { set, unset } = mergeParts(fields);
    return this.one(
      `UPDATE sessions SET record = ((record || $2::jsonb) - $3::text[]) || jsonb_build_object('id', id, 'state', state)
       WHERE id = $1 RETURNING record`,
      [id, set, unset],
    );
  }

  async listExpired(now: Date, limit: number) {
    return this.many(
      `SELECT record FROM sessions WHERE state = 'created' AND valid_until <= $1 ORDER BY valid_until, id COLLATE "C" LIMIT $2`,
      [now.toISOString(), limit],
    );
  }

  async listAwaitingSummary(now: Date, limit: number) {
    return this.many(
      `SELECT record FROM sessions WHERE logs_next_attempt_at <= $1 ORDER BY logs_next_attempt_at, id COLLATE "C" LIMIT $2`,
      [now.toISOString(), limit],
    );
  }

  async listPendingManagerPosts(limit: number) {
    return this.many(`SELECT record FROM sessions WHERE manager_post_pending ORDER BY summarized_at, id COLLATE "C" LIMIT $1`, [limit]);
  }

  async listSummarized(from: Date, to: Date) {
    // summary_span (createdAt and every connection start) narrows through its index; the exact test follows.
    return this.many(
      `SELECT record FROM sessions
       WHERE summary_span && tstzrange($1, $2, '[)')
         AND ((created_at >= $1 AND created_at < $2)
           OR EXISTS (SELECT 1 FROM jsonb_array_elements(record #> '{summary,connections}') c
                      WHERE (c->>'start')::timestamptz >= $1 AND (c->>'start')::timestamptz < $2))
       ORDER BY created_at, id COLLATE "C"`,
      [from.toISOString(), to.toISOString()],
    );
  }

  async findByIdempotencyKey(key: string) {
    return this.one('SELECT record FROM sessions WHERE idempotency_key = $1', [key]);
  }

  async saveSummary(id: string, summary: ConnectionSummary) {
    // Compare-and-set on "no summary yet": only the winner gets a row back, so only it posts and notes.
    return this.one(
      `UPDATE sessions SET record = (record - 'logs') || jsonb_build_object('summary', $2::jsonb, 'updatedAt', $3::text)
       WHERE id = $1 AND NOT (record ? 'summary') RETURNING record`,
      [id, json(summary), summary.summarizedAt],
    );
  }

  async purgeEndedBefore(cutoff: Date) {
    const { rowCount } = await this.db.query(`DELETE FROM sessions WHERE ${TERMINAL} AND ended_at < $1`, [cutoff.toISOString()]);
    return rowCount ?? 0;
  }

  async countOpen(now: Date) {
    // The state filter lets the partial index sessions_one_active_per_ticket answer; the rest is LIVE with one parameter.
    const { rows } = await this.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM sessions
       WHERE state IN ('requested', 'created') AND (state = 'requested' OR valid_until IS NULL OR valid_until > $1::timestamptz)`,
      [now.toISOString()],
    );
    return rows[0]?.n ?? 0;
  }
}

async function expireStale(c: PoolClient, ticketKey: string, at: string): Promise<void> {
  await c.query(
    // The instant goes twice, as text into the record and as timestamptz into the comparison: one parameter would
    // get one type, and timestamptz printed as text is not the ISO form the record holds.
    `UPDATE sessions SET record = record || jsonb_build_object('state', 'expired', 'updatedAt', $2::text)
     WHERE ticket_key = $1 AND state = 'created' AND valid_until <= $3::timestamptz`,
    [ticketKey, at, at],
  );
}
