import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentLink } from '../core/domain/agent-link.js';
import type { TeamViewerSim } from '../simulators/teamviewer/index.js';
import { api, linkUser, manualClock, startTestSim, TEST_CLIENT, type ManualClock } from '../simulators/teamviewer/teamviewer.test-kit.js';
import { AGENT, linkFrom, wireTeamViewer, type Wiring } from './teamviewer.test-helper.js';

let sim: TeamViewerSim;
let clock: ManualClock;
let w: Wiring;
let linked: AgentLink;

const HOUR = 3600_000;
const calls = (path: string) => sim.requests.filter((r) => r.path === `/api/v1${path}`);
const refreshes = () => calls('/oauth2/token').filter((r) => r.form.get('grant_type') === 'refresh_token');
const stored = async () => (await w.links.get(AGENT))!;

beforeEach(async () => {
  clock = manualClock('2025-03-01T09:00:00Z');
  sim = await startTestSim({ clock, pageSize: 2, users: [{ userid: 'u1000001', name: 'Ada Agent', email: 'ada@example.com' }] });
  w = wireTeamViewer({ ...TEST_CLIENT, apiUrl: sim.apiUrl, loginUrl: sim.url, clock });
  linked = linkFrom(await linkUser(sim), clock.now());
  await w.links.put(linked);
});

afterEach(async () => {
  await w.dispatcher.close();
  await sim.stop();
});

async function createSession(description: string, customApi?: string): Promise<string> {
  const res = await api(sim, linked.accessToken, 'POST', '/sessions', {
    groupname: 'ChatOps',
    description,
    end_customer: { name: 'Jane Doe', email: 'jane@example.com' },
    ...(customApi ? { custom_api: customApi } : {}),
  });
  return ((await res.json()) as { code: string }).code;
}

describe('listOpenSessions', () => {
  it('returns every open session over all pages, with description, customer, createdAt and the marker', async () => {
    const marker = { app: 'teamviewer-chatops', itsm: 'jira', ticket: 'HD-1', key: 'k1', origin: { surface: 'slack', conversationId: 'C1' }, agent: AGENT };
    const ours = await createSession('HD-1 VPN', JSON.stringify(marker));
    const others = [await createSession('other 1'), await createSession('other 2')];
    const closed = await createSession('closed one');
    await api(sim, linked.accessToken, 'PUT', `/sessions/${closed}`, { state: 'closed' });

    const list = await w.remote.listOpenSessions(AGENT);
    expect(list.map((s) => s.code).sort()).toEqual([ours, ...others].sort());
    expect(list.find((s) => s.code === ours)).toMatchObject({
      state: 'open',
      description: 'HD-1 VPN',
      customer: { name: 'Jane Doe', email: 'jane@example.com' },
      createdAt: '2025-03-01T09:00:00.000Z',
      marker,
    });
    expect(list.find((s) => s.code === others[0])?.marker).toBeUndefined();
    expect(calls('/sessions').filter((r) => r.method === 'GET')).toHaveLength(2);
  });
});

describe('connectionsForSession', () => {
  it('reads every page for the code, oldest first, mapped to core connections', async () => {
    const code = await createSession('INC42');
    const other = await createSession('INC43');
    sim.addConnection({ code: other, userid: 'u1000001', start: new Date('2025-03-01T09:01:00Z') });
    const ids = [4, 3, 2, 1, 0].map((i) =>
      sim.addConnection({ code, userid: 'u1000001', deviceName: i === 0 ? undefined : `PC-${i}`, start: new Date(Date.UTC(2025, 2, 1, 10, i)), end: new Date(Date.UTC(2025, 2, 1, 10, i, 30)) }).id,
    );
    const got = await w.remote.connectionsForSession(AGENT, code);
    expect(got.map((c) => c.id)).toEqual([...ids].reverse());
    expect(got[0]).toEqual({ id: ids[4], supporterName: 'Ada Agent', supporterId: 'u1000001', start: '2025-03-01T10:00:00.000Z', end: '2025-03-01T10:00:30.000Z', sessionCode: code });
    expect(got[1]?.deviceName).toBe('PC-1');
    expect(calls('/reports/connections').map((r) => r.query.get('session_code'))).toEqual([code, code, code]);
  });

  it('survives a cursor loop with no duplicates', async () => {
    const code = await createSession('INC42');
    for (let i = 0; i < 5; i++) sim.addConnection({ code, userid: 'u1000001', start: new Date(Date.UTC(2025, 2, 1, 10, i)) });
    sim.repeatReportCursor(1000);
    const got = await w.remote.connectionsForSession(AGENT, code);
    expect(new Set(got.map((c) => c.id)).size).toBe(got.length);
    expect(got).toHaveLength(4);
    expect(calls('/reports/connections')).toHaveLength(2);
  });

  it('refreshes once and re-reads from page one after a 401', async () => {
    const code = await createSession('INC42');
    sim.addConnection({ code, userid: 'u1000001', start: new Date('2025-03-01T10:00:00Z') });
    sim.expireAccessTokens();
    expect(await w.remote.connectionsForSession(AGENT, code)).toHaveLength(1);
    expect(refreshes()).toHaveLength(1);
  });
});

describe('checkAgentToken', () => {
  it('refreshes when the token expires within aheadMs, without pinging', async () => {
    expect(await w.remote.checkAgentToken(AGENT, 25 * HOUR)).toBe('refreshed');
    expect(refreshes().map((r) => r.form.get('refresh_token'))).toEqual([linked.refreshToken]);
    expect(calls('/ping')).toHaveLength(0);
    const now = await stored();
    expect(now.accessToken).not.toBe(linked.accessToken);
    expect(await w.client.ping(now.accessToken)).toBe(true);
  });

  it('pings otherwise and leaves a valid token alone', async () => {
    expect(await w.remote.checkAgentToken(AGENT, HOUR)).toBe('valid');
    expect(calls('/ping').map((r) => r.headers.authorization)).toEqual([`Bearer ${linked.accessToken}`]);
    expect(refreshes()).toHaveLength(0);
    expect(await stored()).toEqual(linked);
  });

  it('refreshes when ping says token_valid:false', async () => {
    sim.expireAccessTokens(); // TeamViewer dropped it although our expiry says it is good for hours
    expect(await w.remote.checkAgentToken(AGENT, HOUR)).toBe('refreshed');
    expect(refreshes()).toHaveLength(1);
    expect(await w.client.ping((await stored()).accessToken)).toBe(true);
  });

  it('refreshes when ping answers 401 or a 400 auth problem', async () => {
    for (const status of [401, 400]) {
      sim.fail({ method: 'GET', path: '/api/v1/ping', status });
      expect(await w.remote.checkAgentToken(AGENT, HOUR)).toBe('refreshed');
    }
    expect(refreshes()).toHaveLength(2);
  });

  it('marks the link broken and throws auth.link_expired when the refresh token was revoked', async () => {
    sim.revokeRefreshTokens();
    await expect(w.remote.checkAgentToken(AGENT, 25 * HOUR)).rejects.toMatchObject({ code: 'auth.link_expired' });
    expect((await stored()).brokenAt).toBe(clock.now().toISOString());
    // Broken stays broken: no further calls to TeamViewer.
    const before = sim.requests.length;
    await expect(w.remote.checkAgentToken(AGENT, HOUR)).rejects.toMatchObject({ code: 'auth.link_expired' });
    expect(sim.requests).toHaveLength(before);
  });

  it('marks the link broken when ping fails and the refresh token is refused too', async () => {
    sim.expireAccessTokens();
    sim.revokeRefreshTokens();
    await expect(w.remote.checkAgentToken(AGENT, HOUR)).rejects.toMatchObject({ code: 'auth.link_expired' });
    expect((await stored()).brokenAt).toBeDefined();
    expect(calls('/ping')).toHaveLength(1);
  });

  it('does not refresh on a ping that fails for other reasons', async () => {
    sim.fail({ method: 'GET', path: '/api/v1/ping', status: 503, times: 5 });
    await expect(w.remote.checkAgentToken(AGENT, HOUR)).rejects.toMatchObject({ code: 'teamviewer.unavailable' });
    expect(refreshes()).toHaveLength(0);
    expect((await stored()).brokenAt).toBeUndefined();
  });

  it('asks for a link when there is none', async () => {
    await w.links.delete(AGENT);
    await expect(w.remote.checkAgentToken(AGENT, HOUR)).rejects.toMatchObject({ code: 'auth.link_required' });
  });
});
