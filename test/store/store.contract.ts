import { describe, expect, it } from 'vitest';
import type { OutboxItem, Store } from '../../src/core/ports/store.port.js';
import { describeSessionRepoContract } from './session-repo.contract.js';
import { agentLink, at, iso, MIN, type OpenStore, useFreshStore } from './store.fixtures.js';

export type { OpenStore } from './store.fixtures.js';

/** The Store port's behaviour, for every implementation: it goes through the port only. */
export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`Store contract: ${name}`, () => {
    describeSessionRepoContract(open);

    describe('other repositories', () => {
      let store: Store;
      useFreshStore(open, (s) => (store = s));

      describe('agent links', () => {
        it('round-trips a link, lists every link including broken ones, and deletes', async () => {
          const ok = agentLink({ email: 'ada@example.com' });
          const broken = agentLink({ brokenAt: iso(5 * MIN), brokenNotifiedAt: iso(6 * MIN) });
          await store.links.put(ok);
          await store.links.put(broken);
          expect(await store.links.get(ok.agentKey)).toEqual(ok);
          expect(await store.links.get(broken.agentKey)).toEqual(broken);
          const listed = await store.links.list();
          expect(listed.sort((a, b) => a.agentKey.localeCompare(b.agentKey))).toEqual([ok, broken].sort((a, b) => a.agentKey.localeCompare(b.agentKey)));
          const renewed = { ...broken, accessToken: 'new-access' };
          delete renewed.brokenAt;
          delete renewed.brokenNotifiedAt;
          await store.links.put(renewed);
          expect(await store.links.get(broken.agentKey)).toEqual(renewed);
          expect(await store.links.delete(ok.agentKey)).toEqual(ok);
          expect(await store.links.delete(ok.agentKey)).toBeUndefined();
          expect(await store.links.list()).toEqual([renewed]);
        });
      });

      describe('link flow', () => {
        it('consumes tickets and OAuth states once, and not after they expire', async () => {
          const ticket = { tokenHash: 'h1', agentKey: 'slack:T1:U1', chatUserId: 'U1', surface: 'slack' as const, expiresAt: iso(10 * MIN), createdAt: iso(0) };
          await store.linkFlow.putTicket(ticket);
          await store.linkFlow.putTicket({ ...ticket, tokenHash: 'h2' });
          expect(await store.linkFlow.consumeTicket('h1', at(0))).toEqual(ticket);
          expect(await store.linkFlow.consumeTicket('h1', at(0))).toBeUndefined();
          expect(await store.linkFlow.consumeTicket('h2', at(10 * MIN))).toBeUndefined();
          const state = { stateHash: 's1', browserNonceHash: 'n1', codeVerifier: 'verifier', agentKey: 'slack:T1:U1', chatUserId: 'U1', surface: 'slack' as const, expiresAt: iso(10 * MIN) };
          await store.linkFlow.putState(state);
          expect(await store.linkFlow.consumeState('s1', at(0))).toEqual(state);
          expect(await store.linkFlow.consumeState('s1', at(0))).toBeUndefined();
        });

        it('purges expired tickets and states', async () => {
          await store.linkFlow.putTicket({ tokenHash: 'h1', agentKey: 'a', chatUserId: 'U1', surface: 'slack', expiresAt: iso(MIN), createdAt: iso(0) });
          await store.linkFlow.putState({ stateHash: 's1', browserNonceHash: 'n', codeVerifier: 'v', agentKey: 'a', chatUserId: 'U1', surface: 'slack', expiresAt: iso(MIN) });
          await store.linkFlow.putTicket({ tokenHash: 'h2', agentKey: 'a', chatUserId: 'U1', surface: 'slack', expiresAt: iso(2 * MIN), createdAt: iso(0) });
          expect(await store.linkFlow.purgeExpired(at(MIN))).toBe(2);
          expect(await store.linkFlow.purgeExpired(at(MIN))).toBe(0);
          expect((await store.linkFlow.consumeTicket('h2', at(MIN)))?.tokenHash).toBe('h2');
        });
      });

      describe('idempotency', () => {
        it('claims a key once per time-to-live and purges expired keys', async () => {
          expect(await store.idempotency.claim('k1', at(0), MIN)).toBe(true);
          expect(await store.idempotency.claim('k1', at(MIN - 1), MIN)).toBe(false);
          expect(await store.idempotency.claim('k2', at(0), 5 * MIN)).toBe(true);
          expect(await store.idempotency.purgeExpired(at(MIN))).toBe(1);
          expect(await store.idempotency.purgeExpired(at(MIN))).toBe(0);
          expect(await store.idempotency.claim('k2', at(MIN), MIN)).toBe(false);
          expect(await store.idempotency.claim('k1', at(MIN), MIN)).toBe(true);
        });
      });

      describe('outbox', () => {
        const item = (over: Partial<OutboxItem> = {}): OutboxItem => ({
          id: `o-${Math.random().toString(36).slice(2)}`,
          kind: 'email',
          sessionId: 's1',
          payload: { to: 'customer@example.com' },
          attempts: 0,
          nextAttemptAt: iso(0),
          status: 'pending',
          createdAt: iso(0),
          ...over,
        });

        it('claims due items under a lease, retries, fails and completes them', async () => {
          const a = item();
          const b = item({ nextAttemptAt: iso(MIN) });
          await store.outbox.enqueue(a);
          await store.outbox.enqueue(b);
          expect((await store.outbox.claimDue(at(0), 10, MIN)).map((i) => i.id)).toEqual([a.id]);
          expect(await store.outbox.claimDue(at(0), 10, MIN)).toEqual([]);
          await store.outbox.retryLater(a.id, at(2 * MIN), 'smtp 451');
          expect(await store.outbox.get(a.id)).toMatchObject({ attempts: 1, nextAttemptAt: iso(2 * MIN), lastError: 'smtp 451', status: 'pending' });
          const second = await store.outbox.claimDue(at(2 * MIN), 10, MIN);
          expect(second.map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
          // Counted per hand-out: a second claim tells delivery an earlier one may have been cut short.
          expect(second.find((i) => i.id === a.id)?.claims).toBe(2);
          expect(second.find((i) => i.id === b.id)?.claims).toBe(1);
          await store.outbox.fail(a.id, 'gave up');
          await store.outbox.complete(b.id);
          expect(await store.outbox.get(a.id)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'gave up' });
          expect(await store.outbox.get(b.id)).toBeUndefined();
        });

        it('counts pending items, due or not, and neither failed nor completed ones', async () => {
          expect(await store.outbox.countPending()).toBe(0);
          const [due, later, failed, done] = [item(), item({ nextAttemptAt: iso(60 * MIN) }), item(), item()];
          for (const i of [due, later, failed, done]) await store.outbox.enqueue(i);
          await store.outbox.claimDue(at(0), 10, MIN);
          await store.outbox.fail(failed.id, 'gave up');
          await store.outbox.complete(done.id);
          expect(await store.outbox.countPending()).toBe(2);
        });

        it('purges failed items created before the cutoff only', async () => {
          const oldFailed = item({ createdAt: iso(0) });
          const atCutoff = item({ createdAt: iso(MIN) });
          const oldPending = item({ createdAt: iso(0), nextAttemptAt: iso(60 * MIN) });
          for (const i of [oldFailed, atCutoff, oldPending]) await store.outbox.enqueue(i);
          await store.outbox.fail(oldFailed.id, 'x');
          await store.outbox.fail(atCutoff.id, 'x');
          expect(await store.outbox.purgeFailedBefore(at(MIN))).toBe(1);
          expect(await store.outbox.purgeFailedBefore(at(MIN))).toBe(0);
          expect(await store.outbox.get(oldFailed.id)).toBeUndefined();
          expect((await store.outbox.get(atCutoff.id))?.status).toBe('failed');
          expect((await store.outbox.get(oldPending.id))?.status).toBe('pending');
        });
      });

      describe('job runs', () => {
        const done = (finishedMs: number, outcome: 'ok' | 'partial' | 'failed' = 'ok') => ({ finishedAt: at(finishedMs), outcome, summary: `${outcome} run` });

        it('grants a lease to one owner until it expires or is released', async () => {
          expect(await store.jobRuns.tryAcquire('logs', 'a', at(0), MIN)).toBe(true);
          expect(await store.jobRuns.tryAcquire('logs', 'b', at(MIN - 1), MIN)).toBe(false);
          expect(await store.jobRuns.tryAcquire('expire', 'b', at(0), MIN)).toBe(true);
          expect(await store.jobRuns.tryAcquire('logs', 'b', at(MIN), MIN)).toBe(true);
          await store.jobRuns.release('logs', 'a', done(MIN + 1, 'failed'));
          expect(await store.jobRuns.tryAcquire('logs', 'c', at(MIN + 2), MIN)).toBe(false);
          await store.jobRuns.release('logs', 'b', done(MIN + 3, 'partial'));
          expect(await store.jobRuns.tryAcquire('logs', 'c', at(MIN + 4), MIN)).toBe(true);
        });

        it('records the last run and outcome', async () => {
          await store.jobRuns.tryAcquire('logs', 'a', at(0), MIN);
          await store.jobRuns.tryAcquire('expire', 'a', at(0), MIN);
          await store.jobRuns.release('logs', 'a', done(10_000, 'partial'));
          const runs = (await store.jobRuns.list()).sort((x, y) => x.job.localeCompare(y.job));
          expect(runs).toEqual([
            { job: 'expire', owner: 'a', leaseUntil: iso(MIN), lastStartedAt: iso(0) },
            { job: 'logs', lastStartedAt: iso(0), lastFinishedAt: iso(10_000), lastOutcome: 'partial', lastSummary: 'partial run' },
          ]);
        });

        it('runs a scheduled tick once, even after its run has finished; manual runs and the next tick still run', async () => {
          const tick = '2026-11-21T10:05:00.000Z';
          expect(await store.jobRuns.tryAcquire('logs', 'replica-a', at(0), MIN, tick)).toBe(true);
          await store.jobRuns.release('logs', 'replica-a', done(10));
          // Replica B's scheduler wakes for the same tick after A is done: the lease is free, but the tick has run.
          expect(await store.jobRuns.tryAcquire('logs', 'replica-b', at(20), MIN, tick)).toBe(false);
          expect(await store.jobRuns.tryAcquire('logs', 'operator', at(30), MIN)).toBe(true);
          await store.jobRuns.release('logs', 'operator', done(40));
          expect(await store.jobRuns.tryAcquire('logs', 'replica-b', at(50), MIN, tick)).toBe(false);
          expect(await store.jobRuns.tryAcquire('logs', 'replica-b', at(60), MIN, '2026-11-21T10:10:00.000Z')).toBe(true);
          expect((await store.jobRuns.list()).find((r) => r.job === 'logs')?.lastSlot).toBe('2026-11-21T10:10:00.000Z');
          await store.jobRuns.release('logs', 'replica-b', done(70));
          // A replica so late that it wakes for the 10:05 tick after 10:10 has run: that tick is done too.
          expect(await store.jobRuns.tryAcquire('logs', 'replica-c', at(80), MIN, tick)).toBe(false);
        });

        it('lets exactly one of two racing owners take a free lease', async () => {
          const won = await Promise.all(['a', 'b', 'c'].map((o) => store.jobRuns.tryAcquire('tokens', o, at(0), MIN)));
          expect(won.filter(Boolean)).toHaveLength(1);
        });
      });

      describe('conversation references', () => {
        it('round-trips references by key, and a put replaces the previous one', async () => {
          expect(await store.conversationRefs.get('conv:19:abc@thread.tacv2')).toBeUndefined();
          const ref = { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: '19:abc@thread.tacv2', tenantId: 't1' } };
          await store.conversationRefs.put('conv:19:abc@thread.tacv2', ref);
          expect(await store.conversationRefs.get('conv:19:abc@thread.tacv2')).toEqual(ref);
          const moved = { ...ref, serviceUrl: 'https://smba.trafficmanager.net/amer/' };
          await store.conversationRefs.put('conv:19:abc@thread.tacv2', moved);
          expect(await store.conversationRefs.get('conv:19:abc@thread.tacv2')).toEqual(moved);
        });
      });

      describe('devices', () => {
        it('replaces the synced device list whole and finds devices by any of their names, case-insensitively', async () => {
          expect(await store.devices.syncedAt()).toBeUndefined();
          expect(await store.devices.findByName('PC-1')).toEqual([]);
          const pc1 = { teamViewerId: '123456789', names: ['PC-1', 'pc-one'], online: true };
          const pc2 = { teamViewerId: '987654321', names: ['PC-2'] };
          await store.devices.replaceAll([pc1, pc2], at(0));
          expect(await store.devices.syncedAt()).toBe(iso(0));
          expect(await store.devices.findByName('pc-1')).toEqual([pc1]);
          expect(await store.devices.findByName(' PC-ONE ')).toEqual([pc1]);
          await store.devices.replaceAll([pc2], at(MIN));
          expect(await store.devices.findByName('PC-1')).toEqual([]);
          expect(await store.devices.list()).toEqual([pc2]);
          expect(await store.devices.syncedAt()).toBe(iso(MIN));
        });
      });

      describe('locks and health', () => {
        it('runs work under one name one at a time', async () => {
          const order: string[] = [];
          const slow = (tag: string) => async () => {
            order.push(`${tag}>`);
            await new Promise((r) => setTimeout(r, 10));
            order.push(`<${tag}`);
          };
          await Promise.all([store.withLock('agent:1', slow('a')), store.withLock('agent:1', slow('b'))]);
          expect(order).toEqual(['a>', '<a', 'b>', '<b']);
          await expect(store.ping()).resolves.toBeUndefined();
        });
      });
    });
  });
}
