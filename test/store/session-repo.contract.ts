import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports/store.port.js';
import { at, connection, createdSession, endedSession, ids, iso, logs, MIN, sessionRecord, summary, type OpenStore, useFreshStore } from './store.fixtures.js';

export function describeSessionRepoContract(open: OpenStore): void {
  describe('sessions', () => {
    let store: Store;
    useFreshStore(open, (s) => (store = s));

    describe('reserve and lookups', () => {
      it('keeps one live session per ticket and returns the existing one', async () => {
        const first = sessionRecord();
        expect(await store.sessions.reserve(first, at(0))).toEqual({ created: true, record: first });
        const second = sessionRecord({ ticketKey: first.ticketKey });
        expect(await store.sessions.reserve(second, at(1))).toEqual({ created: false, existing: first });
        expect(await store.sessions.get(second.id)).toBeUndefined();
        const other = sessionRecord();
        expect((await store.sessions.reserve(other, at(1))).created).toBe(true);
      });

      it('accepts an adopted `created` session and treats it as live until validUntil', async () => {
        const adopted = sessionRecord({ state: 'created', validUntil: iso(10 * MIN), code: 's1' });
        expect((await store.sessions.reserve(adopted, at(0))).created).toBe(true);
        expect((await store.sessions.findLiveByTicket(adopted.ticketKey, at(10 * MIN - 1)))?.id).toBe(adopted.id);
        expect(await store.sessions.findLiveByTicket(adopted.ticketKey, at(10 * MIN))).toBeUndefined();
      });

      it('marks a created session past its validity expired while reserving a new one', async () => {
        const old = await createdSession(store, {}, 5 * MIN);
        const next = sessionRecord({ ticketKey: old.ticketKey, createdAt: iso(5 * MIN) });
        expect((await store.sessions.reserve(next, at(5 * MIN))).created).toBe(true);
        expect(await store.sessions.get(old.id)).toMatchObject({ state: 'expired', updatedAt: iso(5 * MIN) });
        expect((await store.sessions.findLatestByTicket(old.ticketKey))?.id).toBe(next.id);
        expect((await store.sessions.findLiveByTicket(old.ticketKey, at(5 * MIN)))?.id).toBe(next.id);
      });

      it('returns copies: changing a result does not change the store', async () => {
        const r = sessionRecord();
        await store.sessions.reserve(r, at(0));
        const got = (await store.sessions.get(r.id))!;
        got.state = 'failed';
        got.ticket.title = 'changed';
        expect(await store.sessions.get(r.id)).toEqual(r);
      });

      it('finds the latest session of a ticket in any state, and sessions by agent and state', async () => {
        const a = await endedSession(store, { over: { createdAt: iso(0) } });
        const b = sessionRecord({ ticketKey: a.ticketKey, createdAt: iso(20 * MIN), agent: { key: 'slack:T1:U2', chatUserId: 'U2', name: 'Bo' } });
        await store.sessions.reserve(b, at(20 * MIN));
        expect((await store.sessions.findLatestByTicket(a.ticketKey))?.id).toBe(b.id);
        expect(await store.sessions.findLatestByTicket('servicenow:NOPE')).toBeUndefined();
        expect(ids(await store.sessions.listByAgent('slack:T1:U1', ['closed']))).toEqual([a.id]);
        expect(ids(await store.sessions.listByAgent('slack:T1:U2', ['requested', 'created']))).toEqual([b.id]);
        expect(await store.sessions.listByAgent('slack:T1:U2', ['closed'])).toEqual([]);
      });

      it('finds a session by its idempotency key', async () => {
        const r = sessionRecord();
        await store.sessions.reserve(r, at(0));
        expect((await store.sessions.findByIdempotencyKey(r.idempotencyKey))?.id).toBe(r.id);
        expect(await store.sessions.findByIdempotencyKey('idem-unknown')).toBeUndefined();
      });
    });

    describe('transition and patch', () => {
      it('applies a transition only from the expected state', async () => {
        const r = sessionRecord();
        await store.sessions.reserve(r, at(0));
        expect(await store.sessions.transition(r.id, 'created', { state: 'closed' })).toBeUndefined();
        expect(await store.sessions.transition(r.id, 'requested', { state: 'created', code: 'c1' })).toMatchObject({ id: r.id, state: 'created', code: 'c1' });
        expect(await store.sessions.transition('missing', 'requested', { state: 'created' })).toBeUndefined();
      });

      it('lets exactly one of two racing transitions win', async () => {
        const s = await createdSession(store);
        const results = await Promise.all([
          store.sessions.transition(s.id, 'created', { state: 'closed', closedBy: 'agent' }),
          store.sessions.transition(s.id, 'created', { state: 'expired', closedBy: 'expired' }),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await store.sessions.get(s.id))?.state).toBe(results[0] ? 'closed' : 'expired');
      });

      it('patches fields without touching the state', async () => {
        const s = await createdSession(store);
        const card = { surface: 'slack' as const, conversationId: 'C1', messageId: '1.2' };
        expect(await store.sessions.patch(s.id, { card })).toMatchObject({ state: 'created', card });
        expect(await store.sessions.patch('missing', { card })).toBeUndefined();
      });
    });

    describe('listExpired', () => {
      it('lists created sessions whose validity ended at or before now, earliest first, up to the limit', async () => {
        const late = await createdSession(store, {}, 10 * MIN);
        const early = await createdSession(store, {}, 5 * MIN);
        const future = await createdSession(store, {}, 10 * MIN + 1);
        await store.sessions.reserve(sessionRecord({ validUntil: iso(0) }), at(0));
        await endedSession(store);
        expect(ids(await store.sessions.listExpired(at(10 * MIN), 10))).toEqual([early.id, late.id]);
        expect(ids(await store.sessions.listExpired(at(10 * MIN), 1))).toEqual([early.id]);
        expect(ids(await store.sessions.listExpired(at(5 * MIN - 1), 10))).toEqual([]);
        await store.sessions.transition(early.id, 'created', { state: 'expired' });
        expect(ids(await store.sessions.listExpired(at(10 * MIN + 1), 10))).toEqual([late.id, future.id]);
      });
    });

    describe('connection-log queue', () => {
      it('lists ended sessions with logs and no summary whose next attempt is due, in due order', async () => {
        const due = await endedSession(store, { logs: logs(20 * MIN) });
        const expired = await endedSession(store, { state: 'expired', logs: logs(15 * MIN) });
        const later = await endedSession(store, { logs: logs(20 * MIN + 1) });
        await endedSession(store);
        await createdSession(store);
        expect(ids(await store.sessions.listAwaitingSummary(at(20 * MIN), 10))).toEqual([expired.id, due.id]);
        expect(ids(await store.sessions.listAwaitingSummary(at(20 * MIN), 1))).toEqual([expired.id]);
        expect(ids(await store.sessions.listAwaitingSummary(at(20 * MIN + 1), 10))).toEqual([expired.id, due.id, later.id]);
        await store.sessions.patch(due.id, { logs: { ...due.logs!, attempts: 1, nextAttemptAt: iso(40 * MIN) } });
        expect(ids(await store.sessions.listAwaitingSummary(at(30 * MIN), 10))).toEqual([expired.id, later.id]);
      });

      it('stores a summary once: it clears logs, and a second save loses', async () => {
        const s = await endedSession(store, { logs: logs(20 * MIN) });
        const first = summary({ summarizedAt: iso(25 * MIN) });
        const saved = await store.sessions.saveSummary(s.id, first);
        expect(saved).toMatchObject({ id: s.id, summary: first, updatedAt: iso(25 * MIN) });
        expect(saved?.logs).toBeUndefined();
        expect(await store.sessions.saveSummary(s.id, summary({ outcome: 'unavailable', summarizedAt: iso(26 * MIN) }))).toBeUndefined();
        expect((await store.sessions.get(s.id))?.summary).toEqual(first);
        expect(await store.sessions.listAwaitingSummary(at(60 * MIN), 10)).toEqual([]);
        expect(await store.sessions.saveSummary('missing', first)).toBeUndefined();
      });

      it('lets exactly one of two racing summaries win', async () => {
        const s = await endedSession(store, { logs: logs(20 * MIN) });
        const results = await Promise.all([store.sessions.saveSummary(s.id, summary()), store.sessions.saveSummary(s.id, summary({ outcome: 'unavailable' }))]);
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('lists summaries still owed to the manager log, oldest first, until marked done', async () => {
        const a = await endedSession(store, { logs: logs(0) });
        const b = await endedSession(store, { logs: logs(0) });
        const c = await endedSession(store, { logs: logs(0) });
        await store.sessions.saveSummary(b.id, summary({ summarizedAt: iso(21 * MIN) }));
        await store.sessions.saveSummary(a.id, summary({ summarizedAt: iso(22 * MIN) }));
        await store.sessions.saveSummary(c.id, summary({ summarizedAt: iso(20 * MIN), managerPost: 'none' }));
        expect(ids(await store.sessions.listPendingManagerPosts(10))).toEqual([b.id, a.id]);
        expect(ids(await store.sessions.listPendingManagerPosts(1))).toEqual([b.id]);
        const stored = (await store.sessions.get(b.id))!;
        await store.sessions.patch(b.id, { summary: { ...stored.summary!, managerPost: 'done' } });
        expect(ids(await store.sessions.listPendingManagerPosts(10))).toEqual([a.id]);
      });
    });

    describe('listSummarized', () => {
      it('returns summarized sessions created, or with a connection starting, in [from, to)', async () => {
        const from = at(60 * MIN);
        const to = at(120 * MIN);
        const make = async (createdMs: number, starts: number[]) => {
          const s = await endedSession(store, { logs: logs(0), over: { createdAt: iso(createdMs) } });
          await store.sessions.saveSummary(s.id, summary({ outcome: starts.length ? 'connected' : 'no_connection', connections: starts.map((t) => connection(t, t + MIN)) }));
          return s;
        };
        const atFrom = await make(60 * MIN, []);
        const connectedInside = await make(0, [30 * MIN, 119 * MIN]);
        await make(0, [120 * MIN]);
        await make(120 * MIN, []);
        await make(59 * MIN, [59 * MIN]);
        await endedSession(store, { logs: logs(0), over: { createdAt: iso(70 * MIN) } });
        expect(ids(await store.sessions.listSummarized(from, to)).sort()).toEqual([atFrom.id, connectedInside.id].sort());
      });
    });

    describe('countOpen', () => {
      it('counts requested sessions and created ones still valid at that instant, nothing else', async () => {
        expect(await store.sessions.countOpen(at(0))).toBe(0);
        await createdSession(store, {}, 10 * MIN);
        const noExpiry = await createdSession(store);
        await store.sessions.patch(noExpiry.id, { validUntil: iso(60 * MIN) });
        await store.sessions.reserve(sessionRecord(), at(0));
        await endedSession(store);
        const failed = sessionRecord();
        await store.sessions.reserve(failed, at(0));
        await store.sessions.transition(failed.id, 'requested', { state: 'failed' });
        expect(await store.sessions.countOpen(at(0))).toBe(3);
        expect(await store.sessions.countOpen(at(10 * MIN))).toBe(2);
        expect(await store.sessions.countOpen(at(60 * MIN))).toBe(1);
      });
    });

    describe('purgeEndedBefore', () => {
      it('deletes terminal sessions that ended before the cutoff and leaves live ones', async () => {
        const old = await endedSession(store, { endedMs: 10 * MIN });
        const atCutoff = await endedSession(store, { state: 'expired', endedMs: 30 * MIN });
        const failed = sessionRecord({ updatedAt: iso(5 * MIN) });
        await store.sessions.reserve(failed, at(0));
        await store.sessions.transition(failed.id, 'requested', { state: 'failed' });
        const live = await createdSession(store);
        const requested = sessionRecord();
        await store.sessions.reserve(requested, at(0));
        const queued = await endedSession(store, { endedMs: 1, logs: logs(0) });

        expect(await store.sessions.purgeEndedBefore(at(30 * MIN))).toBe(3);
        for (const gone of [old, failed, queued]) {
          expect(await store.sessions.get(gone.id)).toBeUndefined();
          expect(await store.sessions.findByIdempotencyKey(gone.idempotencyKey)).toBeUndefined();
          expect(await store.sessions.findLatestByTicket(gone.ticketKey)).toBeUndefined();
        }
        expect(await store.sessions.listAwaitingSummary(at(60 * MIN), 10)).toEqual([]);
        for (const kept of [atCutoff, live, requested]) expect((await store.sessions.get(kept.id))?.id).toBe(kept.id);
        expect(await store.sessions.purgeEndedBefore(at(30 * MIN))).toBe(0);
      });

      it('lets a ticket start again once its old sessions are purged', async () => {
        const old = await endedSession(store);
        await store.sessions.purgeEndedBefore(at(60 * MIN));
        expect((await store.sessions.reserve(sessionRecord({ ticketKey: old.ticketKey }), at(60 * MIN))).created).toBe(true);
      });
    });
  });
}
