import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionRecord } from './teamviewer.model.js';
import type { TeamViewerSim } from './teamviewer.simulator.js';
import { api, linkUser, manualClock, startTestSim } from './teamviewer.test-kit.js';

interface Report {
  records: ConnectionRecord[];
  records_remaining: number;
  next_offset?: string;
}

let sim: TeamViewerSim;
let ada: string;
let code: string;

beforeEach(async () => {
  sim = await startTestSim({
    clock: manualClock('2025-03-01T09:00:00Z'),
    pageSize: 2,
    users: [
      { userid: 'u1000001', name: 'Ada Agent', email: 'ada@example.com' },
      { userid: 'u1000002', name: 'Bob Builder', email: 'bob@example.com' },
    ],
  });
  ada = (await linkUser(sim)).access_token;
  const res = await api(sim, ada, 'POST', '/sessions', { groupname: 'ChatOps', description: 'INC42', custom_api: '{"ticket":"INC42"}' });
  code = ((await res.json()) as { code: string }).code;
});

afterEach(async () => {
  await sim.stop();
});

const report = async (query: string, token = ada): Promise<Report> =>
  (await (await api(sim, token, 'GET', `/reports/connections${query}`)).json()) as Report;

describe('GET /reports/connections', () => {
  it('copies the session fields into code-based records and omits end_date while running', async () => {
    const rec = sim.addConnection({ code, userid: 'u1000001', deviceName: 'LAPTOP-7', deviceId: 'd123', start: new Date('2025-03-01T09:05:00Z') });
    const { records } = await report(`?session_code=${code}`);
    expect(records).toEqual([
      {
        id: rec.id,
        userid: 'u1000001',
        username: 'Ada Agent',
        deviceid: 'd123',
        devicename: 'LAPTOP-7',
        groupid: sim.state.sessions[0]?.groupid,
        groupname: 'ChatOps',
        start_date: '2025-03-01T09:05:00Z',
        support_session_type: 2,
        session_code: code,
        assigned_userid: 'u1000001',
        assigned_at: '2025-03-01T09:00:00Z',
        session_created_at: '2025-03-01T09:00:00Z',
        description: 'INC42',
        custom_api: '{"ticket":"INC42"}',
        valid_until: '2025-03-02T09:00:00Z',
        billing_state: 'Bill',
        fee: 0,
        currency: 'EUR',
      },
    ]);
    expect(rec.id).toMatch(/^[0-9a-f-]{36}$/);
    sim.endConnection(rec.id, new Date('2025-03-01T09:25:00Z'));
    expect((await report(`?session_code=${code.replace(/-/g, '')}`)).records[0]?.end_date).toBe('2025-03-01T09:25:00Z');
  });

  it('treats from_date as inclusive and to_date as exclusive on start_date, bare dates meaning 00:00Z', async () => {
    sim.addConnection({ code, userid: 'u1000001', start: new Date('2025-03-01T00:00:00Z') });
    sim.addConnection({ code, userid: 'u1000001', start: new Date('2025-03-01T23:59:59Z') });
    sim.addConnection({ code, userid: 'u1000001', start: new Date('2025-03-02T00:00:00Z') });
    const day = await report('?from_date=2025-03-01&to_date=2025-03-02');
    expect(day.records.map((r) => r.start_date)).toEqual(['2025-03-01T00:00:00Z', '2025-03-01T23:59:59Z']);
    const late = await report('?from_date=2025-03-01T23:59:59Z');
    expect(late.records.map((r) => r.start_date)).toEqual(['2025-03-01T23:59:59Z', '2025-03-02T00:00:00Z']);
    expect((await api(sim, ada, 'GET', '/reports/connections?from_date=yesterday')).status).toBe(400);
  });

  it('filters on has_code, userid and username', async () => {
    sim.addConnection({ code, userid: 'u1000001', start: new Date('2025-03-01T10:00:00Z') });
    sim.addConnection({ userid: 'u1000001', deviceName: 'SERVER', start: new Date('2025-03-01T11:00:00Z') });
    expect((await report('?has_code=true')).records.map((r) => r.support_session_type)).toEqual([2]);
    expect((await report('?has_code=false')).records).toEqual([expect.objectContaining({ devicename: 'SERVER', support_session_type: 1 })]);
    expect((await report('?userid=u1000001')).records).toHaveLength(2);
    expect((await report('?username=ada agent&has_code=false')).records).toHaveLength(1);
    expect((await report('?userid=u1000002')).records).toHaveLength(0);
  });

  it('pages with offset_id (exclusive), next_offset and records_remaining', async () => {
    const ids = [0, 1, 2, 3, 4].map((i) => sim.addConnection({ code, userid: 'u1000001', start: new Date(Date.UTC(2025, 2, 1, 10, i)) }).id);
    const page1 = await report('');
    expect(page1.records.map((r) => r.id)).toEqual(ids.slice(0, 2));
    expect(page1).toMatchObject({ records_remaining: 3, next_offset: ids[1] });
    const page2 = await report(`?offset_id=${page1.next_offset ?? ''}`);
    expect(page2.records.map((r) => r.id)).toEqual(ids.slice(2, 4));
    const page3 = await report(`?offset_id=${page2.next_offset ?? ''}`);
    expect(page3.records.map((r) => r.id)).toEqual(ids.slice(4));
    expect(page3.records_remaining).toBe(0);
    expect(page3).not.toHaveProperty('next_offset');
    expect((await api(sim, ada, 'GET', '/reports/connections?offset_id=nope')).status).toBe(400);
  });

  it('repeatReportCursor(n) answers the next n paged requests with the cursor they were asked with', async () => {
    const ids = [0, 1, 2, 3, 4].map((i) => sim.addConnection({ code, userid: 'u1000001', start: new Date(Date.UTC(2025, 2, 1, 10, i)) }).id);
    sim.repeatReportCursor(2);
    const first = await report('');
    expect(first.next_offset).toBe(ids[1]); // first pages carry no cursor to repeat and do not count
    const looped = await report(`?offset_id=${ids[1] ?? ''}`);
    expect(looped.records.map((r) => r.id)).toEqual(ids.slice(2, 4));
    expect(looped.next_offset).toBe(ids[1]);
    expect((await report(`?offset_id=${ids[1] ?? ''}`)).next_offset).toBe(ids[1]);
    expect((await report(`?offset_id=${ids[1] ?? ''}`)).next_offset).toBe(ids[3]);
    sim.repeatReportCursor(1);
    const last = await report(`?offset_id=${ids[3] ?? ''}`);
    expect(last).toMatchObject({ records_remaining: 0, next_offset: ids[3] });
    expect(() => sim.repeatReportCursor(-1)).toThrow(/whole number/);
  });

  it('hides connections on sessions another user cannot see', async () => {
    sim.addConnection({ code, userid: 'u1000001', start: new Date('2025-03-01T10:00:00Z') });
    sim.consentAs('u1000002');
    const bob = (await linkUser(sim)).access_token;
    expect((await report('', bob)).records).toEqual([]);
  });

  it('updates billing_state and notes with 204', async () => {
    const rec = sim.addConnection({ code, userid: 'u1000001', start: new Date('2025-03-01T10:00:00Z') });
    const res = await api(sim, ada, 'PUT', `/reports/connections/${rec.id}`, { billing_state: 'DoNotBill', notes: 'warranty' });
    expect(res.status).toBe(204);
    expect(sim.state.connections[0]).toMatchObject({ billing_state: 'DoNotBill', notes: 'warranty' });
    expect((await api(sim, ada, 'PUT', `/reports/connections/${rec.id}`, { billing_state: 'Free' })).status).toBe(400);
  });

  it('refuses connections for unknown codes or users in the helper', () => {
    expect(() => sim.addConnection({ code: 's999-999-999', userid: 'u1000001', start: new Date() })).toThrow(/session/);
    expect(() => sim.addConnection({ code, userid: 'u7777777', start: new Date() })).toThrow(/user/);
  });
});
