import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamViewerSim } from '../simulators/teamviewer/index.js';
import { linkUser, manualClock, startTestSim, TEST_CLIENT } from '../simulators/teamviewer/teamviewer.test-kit.js';
import { TeamViewerClient } from './teamviewer.client.js';
import { TeamViewerRemoteSupport } from './teamviewer.remote-support.js';
import { AGENT, linkFrom, wireTeamViewer, type Wiring } from './teamviewer.test-helper.js';

let sim: TeamViewerSim;
let w: Wiring;
const clock = manualClock('2025-03-01T09:00:00Z');

beforeEach(async () => {
  sim = await startTestSim({
    clock,
    pageSize: 2,
    users: [
      { userid: 'u1000001', name: 'Ada Agent', email: 'ada@example.com' },
      { userid: 'u1000009', name: 'Root Admin', email: 'root@example.com', companyAdmin: true },
    ],
  });
  w = wireTeamViewer({ ...TEST_CLIENT, apiUrl: sim.apiUrl, loginUrl: sim.url, clock });
  await w.links.put(linkFrom(await linkUser(sim), clock.now()));
});

afterEach(async () => {
  await w.dispatcher.close();
  await sim.stop();
});

const ids = (list: { teamViewerId: string }[]) => list.map((d) => d.teamViewerId).sort();

describe('listDevices', () => {
  it("merges the agent's legacy and managed devices over every page, one entry per TeamViewer ID with all its names", async () => {
    sim.addDevice({ alias: 'PC-ABEL-01', teamviewerId: 123456789, userid: 'u1000001' });
    sim.addDevice({ alias: 'Legacy only', teamviewerId: 222333444, userid: 'u1000001' });
    sim.addDevice({ alias: 'Not mine', teamviewerId: 999888777, userid: 'u1000009' });
    for (let i = 0; i < 5; i++) sim.addManagedDevice({ name: `MANAGED-${i}`, teamviewerId: 300000000 + i, managerUserids: ['u1000001'] });
    sim.addManagedDevice({ name: 'pc-abel-01.corp.local', teamviewerId: 123456789, managerUserids: ['u1000001'] });

    const devices = await w.remote.listDevices({ agentKey: AGENT });
    expect(ids(devices)).toEqual(['123456789', '222333444', '300000000', '300000001', '300000002', '300000003', '300000004']);
    expect(devices.find((d) => d.teamViewerId === '123456789')?.names).toEqual(['pc-abel-01.corp.local', 'PC-ABEL-01']);
    // pageSize 2 over 6 managed devices: the paginationToken was followed to the end.
    expect(sim.requests.filter((r) => r.path === '/api/v1/managed/devices').length).toBe(3);
  });

  it('reads company-wide devices with a script token, and falls back to its own list when it is no company admin', async () => {
    sim.addManagedDevice({ name: 'FLEET-1', teamviewerId: 410000001, managerUserids: ['u1000009'] });
    sim.addManagedDevice({ name: 'FLEET-2', teamviewerId: 410000002, managerUserids: ['u1000001'] });
    const client = new TeamViewerClient({ config: { ...TEST_CLIENT, apiUrl: sim.apiUrl, loginUrl: sim.url, group: 'ChatOps', pkce: true }, redirectUri: TEST_CLIENT.redirectUri, dispatcher: w.dispatcher, timeoutMs: 5000 });
    const admin = new TeamViewerRemoteSupport(client, w.tokens, 'ChatOps', clock, sim.issueScriptToken('u1000009'));
    expect(admin.companyDeviceAccess).toBe(true);
    expect(ids(await admin.listDevices('company'))).toEqual(['410000001', '410000002']);

    const token = sim.issueScriptToken('u1000001');
    const plain = new TeamViewerRemoteSupport(client, w.tokens, 'ChatOps', clock, token);
    const before = sim.requests.length;
    expect(ids(await plain.listDevices('company'))).toEqual(['410000002']);
    const mine = sim.requests.slice(before).filter((r) => r.headers.authorization === `Bearer ${token}`).map((r) => r.path);
    expect(mine).toEqual(['/api/v1/managed/devices/company', '/api/v1/managed/devices', '/api/v1/devices']);
    expect(w.remote.companyDeviceAccess).toBe(false);
  });
});
