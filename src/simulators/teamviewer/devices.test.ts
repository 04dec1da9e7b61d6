import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamViewerSim } from './teamviewer.simulator.js';
import { api, linkUser, startTestSim } from './teamviewer.test-kit.js';

// Asymmetric matchers are typed `any`; returning them as `unknown` keeps no-unsafe-assignment meaningful.
const anyString = (): unknown => expect.any(String);
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

interface Managed {
  resources: Array<{ id: string; teamviewerId: number; name: string; isOnline: boolean }>;
  nextPaginationToken?: string;
  currentPaginationToken?: string;
}

let sim: TeamViewerSim;
let ada: string;

beforeEach(async () => {
  sim = await startTestSim({
    pageSize: 2,
    users: [
      { userid: 'u1000001', name: 'Ada Agent', email: 'ada@example.com' },
      { userid: 'u1000002', name: 'Bob Admin', email: 'bob@example.com', companyAdmin: true },
    ],
  });
  ada = (await linkUser(sim)).access_token;
});

afterEach(async () => {
  await sim.stop();
});

const get = async <T>(path: string, token = ada): Promise<T> => (await (await api(sim, token, 'GET', path)).json()) as T;

describe('legacy /devices', () => {
  it('lists the caller’s devices with remotecontrol_id and filters by state, group and id', async () => {
    const laptop = sim.addDevice({ alias: 'LAPTOP-7', teamviewerId: 123456789, onlineState: 'Online' });
    const server = sim.addDevice({ alias: 'SRV-1', groupname: 'Servers', onlineState: 'Offline', lastSeen: new Date('2025-03-01T08:00:00Z') });
    sim.addDevice({ alias: 'BOB-PC', userid: 'u1000002' });
    const { devices } = await get<{ devices: Array<Record<string, unknown>> }>('/devices');
    expect(devices.map((d) => d.alias)).toEqual(['LAPTOP-7', 'SRV-1']);
    expect(devices[0]).toMatchObject({ remotecontrol_id: 'r123456789', device_id: matching(/^d\d+$/), online_state: 'Online', teamviewer_id: 123456789 });
    expect(devices[1]).toMatchObject({ last_seen: '2025-03-01T08:00:00Z' });
    expect((await get<{ devices: unknown[] }>('/devices?online_state=offline')).devices).toEqual([expect.objectContaining({ alias: 'SRV-1' })]);
    expect((await get<{ devices: unknown[] }>(`/devices?groupid=${server.groupid}`)).devices).toHaveLength(1);
    expect((await get<{ devices: unknown[] }>('/devices?remotecontrol_id=r123456789')).devices).toEqual([expect.objectContaining({ device_id: laptop.device_id })]);
    expect((await api(sim, ada, 'GET', '/devices?online_state=sleeping')).status).toBe(400);
  });

  it('returns one device in the list wrapper and 404s devices of other users', async () => {
    const mine = sim.addDevice({ alias: 'LAPTOP-7' });
    const bobs = sim.addDevice({ alias: 'BOB-PC', userid: 'u1000002' });
    expect(await get(`/devices/${mine.device_id}`)).toEqual({ devices: [mine] });
    expect((await api(sim, ada, 'GET', `/devices/${bobs.device_id}`)).status).toBe(404);
  });
});

describe('managed /managed/devices', () => {
  it('pages with paginationToken until nextPaginationToken is gone', async () => {
    const names = ['A', 'B', 'C', 'D', 'E'];
    for (const name of names) sim.addManagedDevice({ name });
    sim.addManagedDevice({ name: 'BOB-ONLY', managerUserids: ['u1000002'] });
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page: Managed = await get<Managed>(`/managed/devices${token ? `?paginationToken=${encodeURIComponent(token)}` : ''}`);
      if (token) expect(page.currentPaginationToken).toBe(token);
      seen.push(...page.resources.map((r) => r.name));
      token = page.nextPaginationToken;
      pages++;
    } while (token);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);
    expect((await api(sim, ada, 'GET', '/managed/devices?paginationToken=bogus')).status).toBe(400);
  });

  it('can hold the same TeamViewer ID as a legacy device, and details add version and description', async () => {
    sim.addDevice({ alias: 'LAPTOP-7', teamviewerId: 123456789 });
    const managed = sim.addManagedDevice({ name: 'LAPTOP-7', teamviewerId: 123456789, isOnline: false, description: 'Front desk' });
    const list = await get<Managed>('/managed/devices');
    expect(list.resources).toEqual([{ id: managed.id, teamviewerId: 123456789, name: 'LAPTOP-7', isOnline: false }]);
    expect(await get(`/managed/devices/${managed.id}`)).toMatchObject({ teamViewerVersion: anyString(), deviceDescription: 'Front desk' });
  });

  it('allows the company-wide list only for company administrators', async () => {
    sim.addManagedDevice({ name: 'A' });
    sim.addManagedDevice({ name: 'B', managerUserids: ['u1000002'] });
    const denied = await api(sim, ada, 'GET', '/managed/devices/company');
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error_code: 403 });
    sim.consentAs('u1000002');
    const admin = (await linkUser(sim)).access_token;
    expect((await get<Managed>('/managed/devices/company', admin)).resources.map((r) => r.name)).toEqual(['A', 'B']);
  });
});
