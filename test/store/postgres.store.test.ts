import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxItem, Store } from '../../src/core/ports/store.port.js';
import { MIGRATIONS } from '../../src/store/postgres/migrations.js';
import { openPostgresStore } from '../../src/store/postgres/postgres.store.js';
import { SecretCipher } from '../../src/store/secret-cipher.js';
import { describeStoreContract } from './store.contract.js';
import { agentLink, at, createdSession, endedSession, iso, logs, MIN, sessionRecord, summary } from './store.fixtures.js';

/**
 * PostgreSQL suites (style.md §3.9): TEST_DATABASE_URL points at a scratch database; every store opened here gets
 * a schema of its own (random name) that the store migrates and the test drops, so runs can overlap.
 */
const url = process.env.TEST_DATABASE_URL;
const cipher = new SecretCipher(randomBytes(32));

if (!url) {
  describe.skip('PostgreSQL store: skipped because TEST_DATABASE_URL is unset (e.g. postgres://postgres@127.0.0.1:5432/test)', () => {
    it('runs the store contract and the replica tests against PostgreSQL', () => undefined);
  });
} else {
  describePostgres(url);
}

function describePostgres(url: string): void {
  let admin: pg.Pool;
  const schemas = new Set<string>();
  const newSchema = () => {
    const s = `tvco_test_${randomBytes(6).toString('hex')}`;
    schemas.add(s);
    return s;
  };
  const dropSchema = async (s: string) => {
    await admin.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
    schemas.delete(s);
  };

  beforeAll(() => {
    admin = new pg.Pool({ connectionString: url, max: 2 });
  });
  afterAll(async () => {
    // Whatever a failed test left behind.
    for (const s of [...schemas]) await dropSchema(s);
    await admin.end();
  });

  describeStoreContract('postgres', async () => {
    const schema = newSchema();
    await admin.query(`CREATE SCHEMA "${schema}"`);
    const store = await openPostgresStore({ url, cipher, schema, poolMax: 4 });
    return {
      store,
      async cleanup() {
        await store.close();
        await dropSchema(schema);
      },
    };
  });

  describe('PostgreSQL store: two replicas on one schema', () => {
    let schema: string;
    let a: Store;
    let b: Store;
    const secrets: string[] = [];

    beforeAll(async () => {
      schema = newSchema();
      // Opened together: both migrate a schema that does not exist yet, which the advisory lock serialises.
      [a, b] = await Promise.all([
        openPostgresStore({ url, cipher, schema, poolMax: 4 }),
        openPostgresStore({ url, cipher, schema, poolMax: 4, onSecret: (v) => secrets.push(v) }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([a.close(), b.close()]);
      await dropSchema(schema);
    });
    afterEach(async () => {
      await admin.query(`TRUNCATE "${schema}".sessions, "${schema}".outbox, "${schema}".job_runs, "${schema}".link_tickets, "${schema}".oauth_states, "${schema}".idempotency_keys`);
    });

    it('migrated once although both opened at the same time', async () => {
      const { rows } = await admin.query<{ id: string }>(`SELECT id FROM "${schema}".schema_migrations ORDER BY id`);
      expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
    });

    it('applies migrations from many openers at once without failing, and a reopen applies nothing', async () => {
      const s = newSchema();
      const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresStore({ url, cipher, schema: s, poolMax: 1 })));
      const again = await openPostgresStore({ url, cipher, schema: s, poolMax: 1 });
      stores.push(again);
      const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${s}".schema_migrations`);
      expect(rows[0]?.n).toBe(MIGRATIONS.length);
      await Promise.all(stores.map((x) => x.close()));
      await dropSchema(s);
    });

    it('creates exactly one session when both reserve the same ticket at once', async () => {
      for (let round = 0; round < 10; round++) {
        const ticketKey = `servicenow:RACE${round}`;
        const attempts = [a, b, a, b].map((s) => s.sessions.reserve(sessionRecord({ ticketKey }), at(0)));
        const results = await Promise.all(attempts);
        const winners = results.flatMap((r) => (r.created ? [r.record.id] : []));
        expect(winners).toHaveLength(1);
        for (const r of results) if (!r.created) expect(r.existing.id).toBe(winners[0]);
        const { rows } = await admin.query(`SELECT id FROM "${schema}".sessions WHERE ticket_key = $1`, [ticketKey]);
        expect(rows).toHaveLength(1);
      }
    });

    it('replaces a created session past its validity exactly once when both reserve at once', async () => {
      const old = await createdSession(a, {}, 5 * MIN);
      const results = await Promise.all([a, b].map((s) => s.sessions.reserve(sessionRecord({ ticketKey: old.ticketKey }), at(5 * MIN))));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(await b.sessions.get(old.id)).toMatchObject({ state: 'expired', updatedAt: iso(5 * MIN) });
    });

    it('refuses a second live session for a ticket in the database itself, whoever writes it', async () => {
      const first = sessionRecord();
      await a.sessions.reserve(first, at(0));
      const second = sessionRecord({ ticketKey: first.ticketKey });
      await expect(admin.query(`INSERT INTO "${schema}".sessions (record) VALUES ($1::jsonb)`, [JSON.stringify(second)])).rejects.toMatchObject({
        code: '23505',
        constraint: 'sessions_one_active_per_ticket',
      });
    });

    it('lets one replica win a transition and a summary', async () => {
      const s = await createdSession(a);
      const moved = await Promise.all([
        a.sessions.transition(s.id, 'created', { state: 'closed', closedBy: 'agent' }),
        b.sessions.transition(s.id, 'created', { state: 'expired', closedBy: 'expired' }),
      ]);
      expect(moved.filter(Boolean)).toHaveLength(1);
      const ended = await endedSession(a, { logs: logs(0) });
      const saved = await Promise.all([a.sessions.saveSummary(ended.id, summary()), b.sessions.saveSummary(ended.id, summary({ outcome: 'unavailable' }))]);
      expect(saved.filter(Boolean)).toHaveLength(1);
    });

    it('consumes a link ticket and an OAuth state once, whichever replica gets the callback', async () => {
      for (let round = 0; round < 5; round++) {
        const tokenHash = `h${round}`;
        await a.linkFlow.putTicket({ tokenHash, agentKey: 'slack:T1:U1', chatUserId: 'U1', surface: 'slack', expiresAt: iso(10 * MIN), createdAt: iso(0) });
        const tickets = await Promise.all([b.linkFlow.consumeTicket(tokenHash, at(0)), a.linkFlow.consumeTicket(tokenHash, at(0)), b.linkFlow.consumeTicket(tokenHash, at(0))]);
        expect(tickets.filter(Boolean)).toHaveLength(1);

        const stateHash = `s${round}`;
        await a.linkFlow.putState({ stateHash, browserNonceHash: 'n', codeVerifier: `verifier-${round}`, agentKey: 'a', chatUserId: 'U1', surface: 'slack', expiresAt: iso(10 * MIN) });
        const states = await Promise.all([b.linkFlow.consumeState(stateHash, at(0)), a.linkFlow.consumeState(stateHash, at(0))]);
        expect(states.filter(Boolean).map((s) => s?.codeVerifier)).toEqual([`verifier-${round}`]);
      }
    });

    it('gives a job lease to one owner when replicas race for it', async () => {
      for (let round = 0; round < 10; round++) {
        const job = `job-${round}`;
        const won = await Promise.all(['a1', 'b1', 'a2', 'b2'].map((o) => (o.startsWith('a') ? a : b).jobRuns.tryAcquire(job, o, at(0), MIN)));
        expect(won.filter(Boolean)).toHaveLength(1);
      }
    });

    it('claims a delivery key once across replicas', async () => {
      const claimed = await Promise.all([a, b, a, b].map((s) => s.idempotency.claim('evt-1', at(0), MIN)));
      expect(claimed.filter(Boolean)).toHaveLength(1);
    });

    it('hands each due outbox item to one claimer only', async () => {
      const items: OutboxItem[] = Array.from({ length: 60 }, (_, i) => ({
        id: `o-${i}`,
        kind: 'email',
        sessionId: 's1',
        payload: { n: i },
        attempts: 0,
        nextAttemptAt: iso(0),
        status: 'pending',
        createdAt: iso(0),
      }));
      for (const i of items) await a.outbox.enqueue(i);
      const claimed: OutboxItem[] = [];
      const worker = async (s: Store) => {
        for (;;) {
          const got = await s.outbox.claimDue(at(0), 7, MIN);
          if (got.length === 0) return;
          claimed.push(...got);
        }
      };
      await Promise.all([worker(a), worker(b), worker(a), worker(b)]);
      expect(claimed.map((i) => i.id).sort()).toEqual(items.map((i) => i.id).sort());
      expect(claimed.every((i) => i.claims === 1 && i.leaseUntil === iso(MIN))).toBe(true);
      // Once the lease runs out the item is due again, and the counter says it was handed out before.
      expect((await b.outbox.claimDue(at(MIN), 100, MIN)).map((i) => i.claims)).toEqual(items.map(() => 2));
    });

    it('serialises withLock on one name across replicas, and not across names', async () => {
      const spans: { name: string; start: number; end: number }[] = [];
      const hold = (name: string) => async () => {
        const start = performance.now();
        await sleep(25);
        spans.push({ name, start, end: performance.now() });
      };
      const runs = [a, b, a, b, a, b].map((s) => s.withLock('agent:1', hold('agent:1')));
      const other = b.withLock('agent:2', hold('agent:2'));
      await Promise.all([...runs, other]);
      const same = spans.filter((s) => s.name === 'agent:1').sort((x, y) => x.start - y.start);
      expect(same).toHaveLength(6);
      for (let i = 1; i < same.length; i++) expect(same[i]!.start).toBeGreaterThanOrEqual(same[i - 1]!.end);
      // agent:2 did not queue behind the six agent:1 holders.
      expect(spans.find((s) => s.name === 'agent:2')!.start).toBeLessThan(same[same.length - 1]!.start);
    });

    it('releases the lock when the work throws', async () => {
      await expect(a.withLock('boom', async () => Promise.reject(new Error('fail')))).rejects.toThrow('fail');
      await expect(b.withLock('boom', async () => 'next')).resolves.toBe('next');
    });

    it('keeps tokens and PKCE verifiers out of the tables in plaintext', async () => {
      const link = agentLink({ accessToken: 'plain-access-token-123', refreshToken: 'plain-refresh-token-456' });
      await a.links.put(link);
      await a.linkFlow.putState({ stateHash: 'st', browserNonceHash: 'n', codeVerifier: 'plain-pkce-verifier-789', agentKey: 'a', chatUserId: 'U1', surface: 'slack', expiresAt: iso(MIN) });
      const raw = await admin.query<{ row: string }>(
        `SELECT row_to_json(l)::text AS row FROM "${schema}".agent_links l UNION ALL SELECT row_to_json(s)::text FROM "${schema}".oauth_states s`,
      );
      const dump = raw.rows.map((r) => r.row).join('\n');
      expect(dump).toContain(link.agentKey);
      for (const secret of ['plain-access-token-123', 'plain-refresh-token-456', 'plain-pkce-verifier-789']) expect(dump).not.toContain(secret);
      expect(await b.links.get(link.agentKey)).toEqual(link);
      expect(secrets).toEqual(expect.arrayContaining(['plain-access-token-123', 'plain-refresh-token-456']));
      await a.links.delete(link.agentKey);
    });

    it('keeps one device list when both replace it at once', async () => {
      const listA = [{ teamViewerId: '111111111', names: ['A-1'] }, { teamViewerId: '111111112', names: ['A-2'] }];
      const listB = [{ teamViewerId: '222222221', names: ['B-1'] }];
      await Promise.all([a.devices.replaceAll(listA, at(0)), b.devices.replaceAll(listB, at(1))]);
      expect([listA, listB]).toContainEqual(await a.devices.list());
    });
  });

  describe('PostgreSQL store: options', () => {
    it('refuses a schema name that is not a plain identifier', async () => {
      await expect(openPostgresStore({ url, cipher, schema: 'x; DROP TABLE y' })).rejects.toThrow(/not a plain identifier/);
    });

    it('answers ping, and close can be called twice', async () => {
      const s = newSchema();
      const store = await openPostgresStore({ url, cipher, schema: s });
      await expect(store.ping()).resolves.toBeUndefined();
      await store.close();
      await store.close();
      await dropSchema(s);
    });
  });
}
