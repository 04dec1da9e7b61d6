import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runJob } from '../helpers/jobs.js';
import { linkAgent, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';

/** Job `assets` on the ServiceNow stack: the edges the per-system flow test doesn't cover. */
describe('job assets', () => {
  let s: TestStack;
  beforeEach(async () => {
    s = await startTestStack();
  });
  afterEach(async () => {
    await s.stop();
  });
  const say = (text: string) => s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text });
  const tvIdOf = (name: string) => s.itsm?.assetTeamViewerId(name);

  it('fails with what to do when no TeamViewer account can list devices', async () => {
    const report = await runJob(s, 'assets');
    expect(report.outcome).toBe('failed');
    expect(report.summary).toMatch(/TEAMVIEWER_API_TOKEN/);
  });

  it('skips names that fit several devices or several assets instead of guessing', async () => {
    await linkAgent(s, s.people.agent, 'u1000001');
    s.tv.addDevice({ alias: 'DUP-PC', teamviewerId: 111111111, userid: 'u1000001' });
    s.tv.addManagedDevice({ name: 'dup-pc', teamviewerId: 222222222, managerUserids: ['u1000001'] });
    s.itsm?.addAsset('DUP-PC');
    s.tv.addDevice({ alias: 'TWIN-PC', teamviewerId: 333333333, userid: 'u1000001' });
    s.itsm?.addAsset('TWIN-PC');
    s.itsm?.addAsset('twin-pc');
    // One device known under two names that are two different computers in the service desk.
    s.tv.addManagedDevice({ name: 'LAB-1', teamviewerId: 444444444, managerUserids: ['u1000001'] });
    s.tv.addDevice({ alias: 'LAB-1.corp.local', teamviewerId: 444444444, userid: 'u1000001' });
    s.itsm?.addAsset('LAB-1');
    s.itsm?.addAsset('LAB-1.corp.local');
    const report = await runJob(s, 'assets');
    expect(report.outcome).toBe('ok');
    expect(report.counts).toMatchObject({ devices: 4, matched: 0, updated: 0, ambiguous: 4 });
    for (const name of ['DUP-PC', 'TWIN-PC', 'LAB-1', 'LAB-1.corp.local']) expect(tvIdOf(name), name).toBe('');
  });

  it('looks names up one by one when one odd device name makes ServiceNow refuse the batch', async () => {
    await linkAgent(s, s.people.agent, 'u1000001');
    s.tv.addDevice({ alias: 'Beth^s laptop', teamviewerId: 909090909, userid: 'u1000001' });
    s.tv.addManagedDevice({ name: 'PC-FRED-01', teamviewerId: 444555666, managerUserids: ['u1000001'] });
    const report = await runJob(s, 'assets');
    expect(report.outcome).toBe('ok');
    expect(report.counts).toMatchObject({ devices: 2, matched: 1, updated: 1, unmatched: 1 });
    expect(tvIdOf('PC-FRED-01')).toBe('444555666');
  });

  it('reads every company device with a script token, without any agent linked', async () => {
    s.tv.addUser({ userid: 'u1000099', name: 'Device Admin', email: 'devices@example.com', companyAdmin: true });
    s.tv.addManagedDevice({ name: 'PC-FRED-01', teamviewerId: 555666777, managerUserids: ['u1000099'] });
    await s.restartBot({ env: { TEAMVIEWER_API_TOKEN: s.tv.issueScriptToken('u1000099') } });
    const report = await runJob(s, 'assets');
    expect(report.outcome).toBe('ok');
    expect(report.counts).toMatchObject({ devices: 1, matched: 1, updated: 1 });
    expect(tvIdOf('PC-FRED-01')).toBe('555666777');
    expect(s.logs.join('\n')).not.toContain(s.env().TEAMVIEWER_API_TOKEN);
  });

  it('when the ITSM silently refuses the write, reports it and connect still finds the ID in the synced device list', async () => {
    await linkAgent(s, s.people.agent, 'u1000001');
    s.tv.addManagedDevice({ name: 'PC-FRED-01', teamviewerId: 444555666, managerUserids: ['u1000001'] });
    s.servicenow.denyFieldWrite('cmdb_ci_computer', 'u_teamviewer_id');
    const report = await runJob(s, 'assets');
    expect(report.outcome).toBe('partial');
    expect(report.failures).toEqual([expect.objectContaining({ subject: 'PC-FRED-01', code: 'itsm.forbidden' })]);
    expect(tvIdOf('PC-FRED-01')).toBe('');

    await say('connect RITM0010001');
    const text = await waitPrivate(s, s.people.agent, /Connect to PC-FRED-01/);
    expect(text).toContain('https://start.teamviewer.com/444555666');
    expect(text).toContain('from the TeamViewer device list');
  });

  it('keeps the devices of an agent whose listing failed, and still matches the others', async () => {
    await linkAgent(s, s.people.agent, 'u1000001');
    await linkAgent(s, s.people.otherAgent, 'u1000002');
    s.tv.addManagedDevice({ name: 'PC-FRED-01', teamviewerId: 444555666, managerUserids: ['u1000002'] });
    s.tv.addManagedDevice({ name: 'KIOSK-1', teamviewerId: 900000001, managerUserids: ['u1000001'] });
    expect((await runJob(s, 'assets')).counts).toMatchObject({ devices: 2, updated: 1 });

    s.tv.revokeRefreshTokens('u1000002');
    s.tv.expireAccessTokens('u1000002');
    const report = await runJob(s, 'assets');
    expect(report.outcome).toBe('partial');
    expect(report.failures[0]?.subject).toMatch(/devices of Fred Luddy/);
    expect(report.counts.devices).toBe(1);
    expect(await s.bot.store.devices.findByName('PC-FRED-01')).toHaveLength(1);
  });
});
