import { afterEach, describe, expect, it } from 'vitest';
import type { TeamViewerSim, TeamViewerSimOptions } from './teamviewer.simulator.js';
import { api, linkUser, manualClock, startTestSim, type ManualClock } from './teamviewer.test-kit.js';

// Asymmetric matchers are typed `any`; returning them as `unknown` keeps no-unsafe-assignment meaningful.
const anyString = (): unknown => expect.any(String);
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

interface Listing {
  sessions: Array<Record<string, unknown> & { code: string }>;
  next_offset?: string;
  sessions_remaining: number;
}

let sim: TeamViewerSim;
let clock: ManualClock;
let ada: string;

async function start(extra: Partial<TeamViewerSimOptions> = {}): Promise<void> {
  clock = manualClock('2025-03-01T09:00:00Z');
  sim = await startTestSim({
    clock,
    users: [
      { userid: 'u1000001', name: 'Ada Lovelace', email: 'ada@example.com' },
      { userid: 'u1000002', name: 'Bob Builder', email: 'bob@example.com' },
    ],
    ...extra,
  });
  ada = (await linkUser(sim)).access_token;
}

async function tokenFor(userid: string): Promise<string> {
  sim.consentAs(userid);
  return (await linkUser(sim)).access_token;
}

async function create(body: Record<string, unknown> = {}, token = ada): Promise<Record<string, unknown> & { code: string }> {
  const res = await api(sim, token, 'POST', '/sessions', { groupname: 'ChatOps', ...body });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> & { code: string };
}

const list = async (query: string, token = ada): Promise<Listing> => (await (await api(sim, token, 'GET', `/sessions${query}`)).json()) as Listing;

afterEach(async () => {
  await sim.stop();
});

describe('POST /sessions', () => {
  it('creates an Open session with links, defaults and the caller as assignee', async () => {
    await start();
    const session = await create({
      description: 'INC0010023 Printer offline',
      end_customer: { name: 'Jane Doe', email: 'jane@example.com' },
      custom_api: '{"itsm":"servicenow","ticket":"INC0010023"}',
      waiting_message: 'Your agent will join shortly',
    });
    const digits = session.code.replace(/-/g, '');
    expect(session.code).toMatch(/^s\d{3}-\d{3}-\d{3}$/);
    expect(session).toMatchObject({
      state: 'Open',
      online: false,
      groupid: matching(/^g\d+$/),
      description: 'INC0010023 Printer offline',
      end_customer: { name: 'Jane Doe', email: 'jane@example.com' },
      custom_api: '{"itsm":"servicenow","ticket":"INC0010023"}',
      waiting_message: 'Your agent will join shortly',
      assigned_userid: 'u1000001',
      assigned_at: '2025-03-01T09:00:00Z',
      created_at: '2025-03-01T09:00:00Z',
      valid_until: '2025-03-02T09:00:00Z',
      support_session_type: 'Default',
      end_customer_link: `https://get.teamviewer.com/v15/${digits}`,
    });
    expect(session.supporter_link).toMatch(new RegExp(`^https://get\\.teamviewer\\.com/v15/${digits}-[A-Za-z0-9]+$`));
    const web = new URL(String(session.webclient_supporter_link));
    expect(`${web.origin}${web.pathname}`).toBe('https://login.teamviewer.com/Connect/IndexByol');
    expect(web.searchParams.get('sessioncode')).toBe(digits);
    expect(web.searchParams.get('displayName')).toBe('Ada Lovelace');
    expect(String(session.webclient_supporter_link)).toContain('displayName=Ada%20Lovelace');
    expect(session).not.toHaveProperty('createdByUserid');
    expect(sim.state.sessions[0]).toMatchObject({ code: session.code, custom_api: session.custom_api, createdByUserid: 'u1000001' });
  });

  it('auto-creates an unknown groupname once and reuses it; groupid addresses it directly', async () => {
    await start();
    const first = await create();
    const second = await create();
    expect(second.groupid).toBe(first.groupid);
    expect(sim.state.groups).toEqual([expect.objectContaining({ name: 'ChatOps', ownerUserid: 'u1000001' })]);
    const third = await api(sim, ada, 'POST', '/sessions', { groupid: first.groupid });
    expect(((await third.json()) as { groupid: string }).groupid).toBe(first.groupid);
    const unknown = await api(sim, ada, 'POST', '/sessions', { groupid: 'g999999999' });
    expect(unknown.status).toBe(400);
  });

  it.each([
    ['both groupid and groupname', { groupid: 'g123', groupname: 'ChatOps' }],
    ['neither groupid nor groupname', { description: 'x' }],
    ['an end-customer name over 100 characters', { groupname: 'G', end_customer: { name: 'n'.repeat(101) } }],
    ['an end-customer e-mail over 254 characters', { groupname: 'G', end_customer: { email: `${'e'.repeat(250)}@x.io` } }],
    ['custom_api over 4000 characters', { groupname: 'G', custom_api: 'c'.repeat(4001) }],
    ['a non-string custom_api', { groupname: 'G', custom_api: { ticket: 1 } }],
    ['a valid_until in the past', { groupname: 'G', valid_until: '2025-03-01T08:00:00Z' }],
    ['an unparseable valid_until', { groupname: 'G', valid_until: 'tomorrow' }],
    ['an unknown assignee', { groupname: 'G', assigned_userid: 'u5555555' }],
    ['an unknown session type', { groupname: 'G', support_session_type: 'Meeting' }],
  ])('rejects %s with 400 invalid_request', async (_name, body) => {
    await start();
    const res = await api(sim, ada, 'POST', '/sessions', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'invalid_request', error_description: anyString(), error_code: 400 });
    expect(sim.state.sessions).toHaveLength(0);
  });

  it('accepts limits exactly, an explicit valid_until and another assignee', async () => {
    await start();
    const session = await create({
      custom_api: 'c'.repeat(4000),
      end_customer: { name: 'n'.repeat(100) },
      valid_until: '2025-03-01T10:30:00.000Z',
      assigned_userid: 'u1000002',
    });
    expect(session).toMatchObject({ valid_until: '2025-03-01T10:30:00Z', assigned_userid: 'u1000002' });
    expect(new URL(String(session.webclient_supporter_link)).searchParams.get('displayName')).toBe('Bob Builder');
  });

  it('needs a JSON body', async () => {
    await start();
    const res = await fetch(`${sim.apiUrl}/sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ada}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'groupname=ChatOps',
    });
    expect(res.status).toBe(400);
  });

  it('refuses Pilot sessions without an Assist AR licence', async () => {
    await start();
    const res = await api(sim, ada, 'POST', '/sessions', { groupname: 'G', support_session_type: 'Pilot' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_description: string }).error_description).toContain('license limitations');
  });

  it('enforces the open-session licence limit, counting expired-but-open codes until they are closed', async () => {
    await start({ maxOpenSessionsPerUser: 2 });
    const first = await create({ valid_until: '2025-03-01T09:30:00Z' });
    await create({ valid_until: '2025-03-01T09:30:00Z' });
    clock.advance(3600 * 1000);
    const refused = await api(sim, ada, 'POST', '/sessions', { groupname: 'ChatOps' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error_description: string }).error_description).toContain('license limitations');
    expect((await api(sim, ada, 'PUT', `/sessions/${first.code}`, { state: 'closed' })).status).toBe(204);
    await create();
    const bob = await tokenFor('u1000002');
    expect((await api(sim, bob, 'POST', '/sessions', { groupname: 'Bob' })).status).toBe(200);
  });
});

describe('GET /sessions', () => {
  it('lists open sessions by default, newest first, with only code, state and groupid', async () => {
    await start();
    const older = await create();
    clock.advance(60_000);
    const newer = await create();
    const closed = await create();
    await api(sim, ada, 'PUT', `/sessions/${closed.code}`, { state: 'closed' });
    const listing = await list('');
    expect(listing).toEqual({
      sessions: [
        { code: newer.code, state: 'Open', groupid: newer.groupid },
        { code: older.code, state: 'Open', groupid: older.groupid },
      ],
      sessions_remaining: 0,
    });
    expect((await list('?state=closed')).sessions.map((s) => s.code)).toEqual([closed.code]);
    expect((await list('?state=OPEN,Closed&full_list=true')).sessions.map((s) => s.code)).toEqual([closed.code, newer.code, older.code]);
    const full = (await list('?full_list=true')).sessions[0];
    expect(full).toMatchObject({ end_customer_link: anyString(), created_at: anyString() });
    expect(full).not.toHaveProperty('custom_api');
    expect((await api(sim, ada, 'GET', '/sessions?state=pending')).status).toBe(400);
  });

  it('pages with offset = the last code, next_offset and sessions_remaining', async () => {
    await start({ pageSize: 2 });
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await create({ description: `#${i}` })).code);
    const page1 = await list('');
    expect(page1.sessions.map((s) => s.code)).toEqual([created[4], created[3]]);
    expect(page1).toMatchObject({ next_offset: created[3], sessions_remaining: 3 });
    const page2 = await list(`?offset=${page1.next_offset ?? ''}`);
    expect(page2.sessions.map((s) => s.code)).toEqual([created[2], created[1]]);
    const page3 = await list(`?offset=${(page2.next_offset ?? '').replace(/-/g, '')}`);
    expect(page3.sessions.map((s) => s.code)).toEqual([created[0]]);
    expect(page3.sessions_remaining).toBe(0);
    expect(page3).not.toHaveProperty('next_offset');
  });

  it('shows a user only the sessions they created or are assigned, and filters by assignee and group', async () => {
    await start();
    const mine = await create();
    const forBob = await create({ assigned_userid: 'u1000002', groupname: 'Other' });
    const bob = await tokenFor('u1000002');
    const bobsOwn = await create({ groupname: 'Bob' }, bob);
    expect((await list('', bob)).sessions.map((s) => s.code)).toEqual([bobsOwn.code, forBob.code]);
    expect((await api(sim, bob, 'GET', `/sessions/${mine.code}`)).status).toBe(404);
    expect((await list('?assigned_userid=u1000002')).sessions.map((s) => s.code)).toEqual([forBob.code]);
    expect((await list(`?groupid=${mine.groupid as string}`)).sessions.map((s) => s.code)).toEqual([mine.code]);
  });

  it('keeps sessions Open in listings after valid_until passes', async () => {
    await start();
    const session = await create({ valid_until: '2025-03-01T09:30:00Z' });
    clock.advance(3600 * 1000);
    expect((await list('?full_list=true')).sessions).toEqual([expect.objectContaining({ code: session.code, state: 'Open', valid_until: '2025-03-01T09:30:00Z' })]);
  });
});

describe('GET and PUT /sessions/{code}', () => {
  it('reads a session with or without dashes and 404s unknown codes in the error shape', async () => {
    await start();
    const session = await create();
    expect(await (await api(sim, ada, 'GET', `/sessions/${session.code}`)).json()).toEqual(session);
    expect(await (await api(sim, ada, 'GET', `/sessions/${session.code.replace(/-/g, '')}`)).json()).toEqual(session);
    const missing = await api(sim, ada, 'GET', '/sessions/s000-000-000');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'not_found', error_code: 404 });
  });

  it('updates partially with 204 and no body, un-assigns with u0 and moves groups', async () => {
    await start();
    const session = await create({ description: 'old', custom_api: 'keep' });
    const res = await api(sim, ada, 'PUT', `/sessions/${session.code}`, {
      description: 'new',
      end_customer: { name: 'Jane', email: 'jane@example.com' },
      waiting_message: 'Hold on',
      assigned_userid: 'u0',
      groupname: 'Escalations',
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const stored = sim.state.sessions[0];
    expect(stored).toMatchObject({ description: 'new', custom_api: 'keep', waiting_message: 'Hold on', end_customer: { name: 'Jane', email: 'jane@example.com' } });
    expect(stored?.assigned_userid).toBeUndefined();
    expect(stored?.groupid).toBe(sim.state.groups.find((g) => g.name === 'Escalations')?.id);
    const mismatch = await api(sim, ada, 'PUT', `/sessions/${session.code}`, { groupid: session.groupid, groupname: 'Escalations' });
    expect(mismatch.status).toBe(400);
  });

  it('closes with state closed, sets closed_at, and a second close is still 204', async () => {
    await start();
    const session = await create();
    sim.customerJoins(session.code);
    expect(sim.state.sessions[0]?.online).toBe(true);
    expect((await api(sim, ada, 'PUT', `/sessions/${session.code}`, { state: 'closed' })).status).toBe(204);
    clock.advance(60_000);
    expect((await api(sim, ada, 'PUT', `/sessions/${session.code}`, { state: 'closed' })).status).toBe(204);
    const read = (await (await api(sim, ada, 'GET', `/sessions/${session.code}`)).json()) as Record<string, unknown>;
    expect(read).toMatchObject({ state: 'Closed', closed_at: '2025-03-01T09:00:00Z', online: false });
    expect(() => sim.customerJoins(session.code)).toThrow(/closed/);
  });

  it('rejects bad updates and unknown codes', async () => {
    await start();
    const session = await create();
    expect((await api(sim, ada, 'PUT', `/sessions/${session.code}`, { state: 'done' })).status).toBe(400);
    expect((await api(sim, ada, 'PUT', `/sessions/${session.code}`, { custom_api: 'x'.repeat(4001) })).status).toBe(400);
    expect((await api(sim, ada, 'PUT', '/sessions/s111-222-333', { state: 'closed' })).status).toBe(404);
    expect(sim.state.sessions[0]?.state).toBe('Open');
  });

  it('refuses customerJoins once the code has expired', async () => {
    await start();
    const session = await create({ valid_until: '2025-03-01T09:30:00Z' });
    clock.advance(31 * 60_000);
    expect(() => sim.customerJoins(session.code)).toThrow(/expired/);
  });
});
