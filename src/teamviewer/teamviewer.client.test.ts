import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../core/errors.js';
import type { TeamViewerSim } from '../simulators/teamviewer/index.js';
import { api, linkUser, manualClock, startTestSim, TEST_CLIENT, type ManualClock } from '../simulators/teamviewer/teamviewer.test-kit.js';
import type { TvConnectionRecord } from './teamviewer.api-types.js';
import { wireTeamViewer, type Wiring } from './teamviewer.test-helper.js';

let sim: TeamViewerSim;
let clock: ManualClock;
let w: Wiring;
let token: string;
let code: string;

const REPORT = '/api/v1/reports/connections';
const reportCalls = () => sim.requests.filter((r) => r.path === REPORT);

beforeEach(async () => {
  clock = manualClock('2025-03-01T09:00:00Z');
  sim = await startTestSim({ clock, pageSize: 2, users: [{ userid: 'u1000001', name: 'Ada Agent', email: 'ada@example.com' }] });
  w = wireTeamViewer({ ...TEST_CLIENT, apiUrl: sim.apiUrl, loginUrl: sim.url, clock });
  token = (await linkUser(sim)).access_token;
  const res = await api(sim, token, 'POST', '/sessions', { groupname: 'ChatOps', description: 'INC42' });
  code = ((await res.json()) as { code: string }).code;
});

afterEach(async () => {
  await w.dispatcher.close();
  await sim.stop();
});

function addFive(): string[] {
  return [0, 1, 2, 3, 4].map((i) => sim.addConnection({ code, userid: 'u1000001', start: new Date(Date.UTC(2025, 2, 1, 10, i)) }).id);
}

async function collect(query: Record<string, string>): Promise<TvConnectionRecord[]> {
  const out: TvConnectionRecord[] = [];
  for await (const r of w.client.connectionReport(token, query)) out.push(r);
  return out;
}

describe('TeamViewerClient.connectionReport', () => {
  it('follows next_offset → offset_id over every page (page size 2, 5 records)', async () => {
    const ids = addFive();
    const records = await collect({ session_code: code });
    expect(records.map((r) => r.id)).toEqual(ids);
    expect(reportCalls().map((r) => [r.query.get('session_code'), r.query.get('offset_id')])).toEqual([
      [code, null],
      [code, ids[1]],
      [code, ids[3]],
    ]);
  });

  it('stops on a repeated cursor without hanging or yielding a record twice', async () => {
    const ids = addFive();
    sim.repeatReportCursor(50);
    const records = await collect({ session_code: code });
    // Page 2 hands back the cursor it was asked with: the loop ends there, record 5 is out of reach.
    expect(records.map((r) => r.id)).toEqual(ids.slice(0, 4));
    expect(reportCalls()).toHaveLength(2);
  });

  it('stops on an empty page even when a cursor is present', async () => {
    const ids = addFive();
    sim.fail({ method: 'GET', path: REPORT, status: 200, body: { records: [], records_remaining: 5, next_offset: 'x' } });
    expect(await collect({})).toEqual([]);
    expect(reportCalls()).toHaveLength(1);
    expect((await collect({})).map((r) => r.id)).toEqual(ids);
  });

  it('retries a 429 that says Retry-After: 0, then pages on', async () => {
    const ids = addFive();
    sim.fail({ method: 'GET', path: REPORT, status: 429, retryAfterSeconds: 0 });
    expect((await collect({ session_code: code })).map((r) => r.id)).toEqual(ids);
    expect(reportCalls()).toHaveLength(4);
    expect(reportCalls()[1]?.query.get('offset_id')).toBeNull(); // the first page again, not a skipped one
  });

  it('retries a 5xx mid-way without losing the cursor', async () => {
    const ids = addFive();
    const it = w.client.connectionReport(token, { session_code: code });
    const nextId = async (): Promise<string | undefined> => {
      const r = await it.next();
      return r.done ? undefined : r.value.id;
    };
    const seen = [await nextId(), await nextId()];
    sim.fail({ method: 'GET', path: REPORT, status: 503 }); // the generator is lazy: page 2 is fetched only now
    for await (const r of it) seen.push(r.id);
    expect(seen).toEqual(ids);
    expect(reportCalls().map((r) => [r.query.get('offset_id'), r.query.get('session_code')])).toEqual([
      [null, code],
      [ids[1], code],
      [ids[1], code],
      [ids[3], code],
    ]);
  });

  it('gives up on a 429 whose Retry-After is longer than the interactive budget', async () => {
    addFive();
    sim.fail({ method: 'GET', path: REPORT, status: 429, retryAfterSeconds: 120 });
    const err = await collect({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ code: 'teamviewer.rate_limited', retryAfter: 120 });
  });
});

describe('TeamViewerClient.ping', () => {
  it('is true for a good token and false for an unknown or expired one (200 token_valid:false)', async () => {
    expect(await w.client.ping(token)).toBe(true);
    expect(await w.client.ping('1234567-notATokenAtAll00000')).toBe(false);
    sim.expireAccessTokens();
    expect(await w.client.ping(token)).toBe(false);
  });

  it('reads anything but an explicit yes as not valid', async () => {
    sim.fail({ method: 'GET', path: '/api/v1/ping', status: 200, body: 'OK' });
    expect(await w.client.ping(token)).toBe(false);
    sim.fail({ method: 'GET', path: '/api/v1/ping', status: 200, body: { token_valid: 'true' } });
    expect(await w.client.ping(token)).toBe(true);
  });

  it('throws teamviewer.auth_failed when TeamViewer answers 401 instead', async () => {
    sim.fail({ method: 'GET', path: '/api/v1/ping', status: 401 });
    await expect(w.client.ping(token)).rejects.toMatchObject({ code: 'teamviewer.auth_failed', status: 401 });
  });
});

describe('TeamViewerClient.listOpenSessions', () => {
  it('pages with offset and stops on a repeated cursor', async () => {
    for (const d of ['INC43', 'INC44']) await api(sim, token, 'POST', '/sessions', { groupname: 'ChatOps', description: d });
    const codes: string[] = [];
    for await (const s of w.client.listOpenSessions(token)) codes.push(s.code);
    expect(new Set(codes).size).toBe(3);
    const first = sim.requests.find((r) => r.path === '/api/v1/sessions' && r.method === 'GET');
    expect(first?.query.get('state')).toBe('open');
    expect(first?.query.get('full_list')).toBe('true');
  });
});
