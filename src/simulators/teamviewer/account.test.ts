import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamViewerSim } from './teamviewer.simulator.js';
import { api, linkUser, manualClock, startTestSim, type ManualClock } from './teamviewer.test-kit.js';

// Asymmetric matchers are typed `any`; returning them as `unknown` keeps no-unsafe-assignment meaningful.
const anyString = (): unknown => expect.any(String);
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
const containing = (text: string): unknown => expect.stringContaining(text);

let sim: TeamViewerSim;
let clock: ManualClock;
let token: string;

beforeEach(async () => {
  clock = manualClock();
  sim = await startTestSim({
    clock,
    companyName: 'Acme Helpdesk',
    users: [
      { userid: 'u1000001', name: 'Ada Agent', email: 'ada@example.com' },
      { userid: 'u1000002', name: 'Bob Builder', email: 'Bob@Example.com' },
    ],
  });
  token = (await linkUser(sim)).access_token;
});

afterEach(async () => {
  await sim.stop();
});

const json = async (res: Response): Promise<Record<string, unknown>> => (await res.json()) as Record<string, unknown>;

describe('ping and bearer checks', () => {
  it('reports token_valid true for a good token and false (still 200) for missing, unknown or expired ones', async () => {
    expect(await json(await api(sim, token, 'GET', '/ping'))).toEqual({ token_valid: true });
    for (const bad of [undefined, 'garbage']) {
      const res = await api(sim, bad, 'GET', '/ping');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ token_valid: false });
    }
    sim.expireAccessTokens();
    expect(await json(await api(sim, token, 'GET', '/ping'))).toEqual({ token_valid: false });
  });

  it('answers 401 invalid_token in the TeamViewer error shape without a usable token', async () => {
    const res = await api(sim, undefined, 'GET', '/account');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await res.json()).toEqual({ error: 'invalid_token', error_description: anyString(), error_code: 401 });
  });

  it('expires access tokens on the injected clock after expires_in', async () => {
    clock.advance(86_399_000);
    expect((await api(sim, token, 'GET', '/account')).status).toBe(200);
    clock.advance(1000);
    expect(await json(await api(sim, token, 'GET', '/account'))).toMatchObject({ error: 'invalid_token', error_description: containing('expired') });
  });

  it('expires only the named user’s tokens with expireAccessTokens(userid)', async () => {
    sim.consentAs('u1000002');
    const bobToken = (await linkUser(sim)).access_token;
    sim.expireAccessTokens('u1000002');
    expect((await api(sim, bobToken, 'GET', '/account')).status).toBe(401);
    expect((await api(sim, token, 'GET', '/account')).status).toBe(200);
  });
});

describe('account, users, groups', () => {
  it('returns the linked account', async () => {
    expect(await json(await api(sim, token, 'GET', '/account'))).toEqual({
      userid: 'u1000001',
      name: 'Ada Agent',
      email: 'ada@example.com',
      company_name: 'Acme Helpdesk',
      email_validated: true,
      email_language: 'en',
    });
  });

  it('filters users by partial name and by a comma list of e-mails, case-insensitively', async () => {
    const byName = await json(await api(sim, token, 'GET', '/users?name=bob'));
    expect(byName.users).toEqual([{ id: 'u1000002', name: 'Bob Builder', email: 'Bob@Example.com' }]);
    const byEmail = await json(await api(sim, token, 'GET', '/users?email=bob@example.com,ada@example.com'));
    expect((byEmail.users as unknown[]).length).toBe(2);
    const full = await json(await api(sim, token, 'GET', '/users?full_list=true&name=Ada'));
    expect(full.users).toEqual([expect.objectContaining({ id: 'u1000001', active: true })]);
    expect((await api(sim, token, 'GET', '/users/u9999999')).status).toBe(404);
  });

  it('lists own and shared groups with name and shared filters', async () => {
    sim.addGroup({ name: 'ChatOps', ownerUserid: 'u1000001' });
    sim.addGroup({ name: 'Bob private', ownerUserid: 'u1000002' });
    const shared = sim.addGroup({ name: 'Bob shared', ownerUserid: 'u1000002', sharedWith: [{ userid: 'u1000001', permissions: 'readwrite' }] });
    const all = await json(await api(sim, token, 'GET', '/groups'));
    expect((all.groups as Array<{ name: string }>).map((g) => g.name).sort()).toEqual(['Bob shared', 'ChatOps']);
    const onlyShared = await json(await api(sim, token, 'GET', '/groups?shared=true'));
    expect(onlyShared.groups).toEqual([
      {
        id: shared.id,
        name: 'Bob shared',
        permissions: 'readwrite',
        shared_with: [{ userid: 'u1000001', name: 'Ada Agent', permissions: 'readwrite' }],
        owner: { userid: 'u1000002', name: 'Bob Builder' },
      },
    ]);
    const byName = await json(await api(sim, token, 'GET', '/groups?name=chat'));
    expect(byName.groups).toEqual([expect.objectContaining({ name: 'ChatOps', permissions: 'owned', id: matching(/^g\d{9}$/) })]);
  });
});

describe('routing and faults', () => {
  it('answers unknown routes with a 404 error body and unsupported methods with 405', async () => {
    const res = await api(sim, token, 'GET', '/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found', error_code: 404 });
    const del = await api(sim, token, 'DELETE', '/sessions/s123-456-789');
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toContain('PUT');
  });

  it('injects 429 with Retry-After in the TeamViewer error shape, then recovers', async () => {
    sim.fail({ path: '/api/v1/account', status: 429, retryAfterSeconds: 7 });
    const limited = await api(sim, token, 'GET', '/account');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toMatchObject({ error: 'rate_limit_reached', error_code: 429 });
    expect((await api(sim, token, 'GET', '/account')).status).toBe(200);
  });

  it('keeps a custom fault body, records every request and clears faults', async () => {
    sim.fail({ path: '/api/v1/*', status: 503, body: 'upstream down', times: 5 });
    const res = await api(sim, token, 'GET', '/ping');
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('upstream down');
    sim.clearFaults();
    expect((await api(sim, token, 'GET', '/ping')).status).toBe(200);
    expect(sim.requests.filter((r) => r.path === '/api/v1/ping')).toHaveLength(2);
  });
});
