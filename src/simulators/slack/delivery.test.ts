import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anyNumber, anyString, callApi, type FakeBot, slackTs, startFakeBot } from './fake-bot.test-helper.js';
import { startSlackSim, type SlackChannel, type SlackSim, type SlackUser } from './slack.simulator.js';

const SECRET = 'sim-signing-secret';
const TOKEN = 'xoxb-sim';
let sim: SlackSim;
let bot: FakeBot;
let alice: SlackUser;
let helpdesk: SlackChannel;

beforeEach(async () => {
  sim = await startSlackSim({ signingSecret: SECRET, botToken: TOKEN, ackTimeoutMs: 300 });
  bot = await startFakeBot(SECRET);
  sim.setBotUrl(bot.url);
  alice = sim.addUser({ name: 'alice' });
  helpdesk = sim.addChannel({ name: 'helpdesk' });
});
afterEach(async () => {
  await sim.stop();
  await bot.stop();
});

async function postButtons(channel = helpdesk.id) {
  const blocks = [
    { type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: 'Session ready' }, accessory: { type: 'button', action_id: 'details', text: { type: 'plain_text', text: 'Details' } } },
    { type: 'actions', block_id: 'act', elements: [{ type: 'button', action_id: 'join', text: { type: 'plain_text', text: 'Join' }, value: 's123', url: 'https://start.teamviewer.com/s123', style: 'primary' }] },
  ];
  const res = await callApi(sim.apiUrl, 'chat.postMessage', { channel, text: 'Session ready', blocks }, TOKEN);
  return sim.messagesIn(channel).find((m) => m.ts === res.ts)!;
}

describe('slash commands', () => {
  it('delivers a signed form with every §1 field', async () => {
    const d = await sim.sendCommand({ userId: alice.id, channelId: helpdesk.id, text: 'start INC0010023' });
    expect(d.status).toBe(200);
    const r = bot.received[0]!;
    expect(r.signatureValid).toBe(true);
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(r.form)).toEqual({
      token: anyString,
      team_id: 'T0SIM00001',
      team_domain: 'sim-helpdesk',
      channel_id: helpdesk.id,
      channel_name: 'helpdesk',
      user_id: alice.id,
      user_name: 'alice',
      command: '/teamviewer',
      text: 'start INC0010023',
      api_app_id: 'A0SIMAPP01',
      is_enterprise_install: 'false',
      response_url: d.responseUrl,
      trigger_id: d.triggerId,
    });
    expect(d.responseUrl).toMatch(new RegExp(`^${sim.url}/response/`));
    expect(helpdesk.members).toContain(alice.id);
  });

  it('shows a plain-text ack to the invoking user only', async () => {
    bot.respond = () => ({ body: 'Working on it…' });
    const d = await sim.sendCommand({ userId: alice.id, channelId: helpdesk.id, text: 'status' });
    expect(d.ackMs).toBeGreaterThan(0);
    expect(sim.ephemeralsFor(alice.id, helpdesk.id)).toMatchObject([{ text: 'Working on it…', via: 'response_url' }]);
    expect(sim.messagesIn(helpdesk.id)).toEqual([]);
  });

  it('puts an in_channel JSON ack into the channel after echoing the command', async () => {
    bot.respond = () => ({ body: JSON.stringify({ response_type: 'in_channel', text: 'Starting' }), contentType: 'application/json' });
    await sim.sendCommand({ userId: alice.id, channelId: helpdesk.id, text: 'start INC1' });
    expect(sim.messagesIn(helpdesk.id).map((m) => m.text)).toEqual(['Starting']);
    expect(sim.state.messages.map((m) => m.text)).toEqual(['/teamviewer start INC1', 'Starting']);
  });

  it('reports a slow ack as operation_timeout and an error status as dispatch_failed', async () => {
    bot.respond = () => ({ delayMs: 600 });
    const slow = await sim.sendCommand({ userId: alice.id, channelId: helpdesk.id, text: 'x' });
    expect(slow).toMatchObject({ status: 0, timedOut: true });
    bot.respond = () => ({ status: 500 });
    const broken = await sim.sendCommand({ userId: alice.id, channelId: helpdesk.id, text: 'x' });
    expect(broken.status).toBe(500);
    expect(sim.ephemeralsFor(alice.id).map((e) => e.text)).toEqual(['/teamviewer failed with the error "operation_timeout"', '/teamviewer failed with the error "dispatch_failed"']);
  });

  it('throws on unknown users and channels, and without a bot URL', async () => {
    await expect(sim.sendCommand({ userId: 'U0NOPE', channelId: helpdesk.id, text: '' })).rejects.toThrow(/unknown user/);
    await expect(sim.sendCommand({ userId: alice.id, channelId: 'C0NOPE', text: '' })).rejects.toThrow(/unknown channel/);
    sim.setBotUrl('');
    await expect(sim.sendCommand({ userId: alice.id, channelId: helpdesk.id, text: '' })).rejects.toThrow(/setBotUrl/);
  });

  it('names DMs directmessage', async () => {
    const dm = sim.addChannel({ id: 'D0ALICE001', name: 'alice-dm', members: [alice.id] });
    await sim.sendCommand({ userId: alice.id, channelId: dm.id, text: 'help' });
    expect(bot.received[0]?.form.get('channel_name')).toBe('directmessage');
  });
});

describe('block_actions', () => {
  it('delivers a real payload for a clicked button', async () => {
    const msg = await postButtons();
    const d = await sim.clickButton({ userId: alice.id, message: msg, actionId: 'join' });
    expect(d.status).toBe(200);
    const r = bot.received[0]!;
    expect(r.signatureValid).toBe(true);
    expect([...r.form.keys()]).toEqual(['payload']);
    const p = JSON.parse(r.form.get('payload')!) as Record<string, unknown>;
    expect(p).toMatchObject({
      type: 'block_actions',
      user: { id: alice.id, username: 'alice', team_id: 'T0SIM00001' },
      team: { id: 'T0SIM00001' },
      api_app_id: 'A0SIMAPP01',
      container: { type: 'message', message_ts: msg.ts, channel_id: helpdesk.id, is_ephemeral: false },
      channel: { id: helpdesk.id, name: 'helpdesk' },
      message: { ts: msg.ts, bot_id: 'B0SIMBOT01', blocks: msg.blocks },
      response_url: d.responseUrl,
      trigger_id: d.triggerId,
      actions: [{ type: 'button', action_id: 'join', block_id: 'act', value: 's123', url: 'https://start.teamviewer.com/s123', style: 'primary', text: { type: 'plain_text', text: 'Join' }, action_ts: slackTs }],
    });
  });

  it('finds section accessories and threads, and leaves message out for ephemerals', async () => {
    const parent = await postButtons();
    await sim.clickButton({ userId: alice.id, message: parent, actionId: 'details' });
    expect(JSON.parse(bot.received[0]!.form.get('payload')!)).toMatchObject({ actions: [{ block_id: 'intro', action_id: 'details' }] });

    helpdesk.members.push(alice.id);
    const blocks = [{ type: 'actions', elements: [{ type: 'button', action_id: 'retry', text: { type: 'plain_text', text: 'Retry' } }] }];
    await callApi(sim.apiUrl, 'chat.postEphemeral', { channel: helpdesk.id, user: alice.id, text: 'failed', blocks, thread_ts: parent.ts }, TOKEN);
    const eph = sim.ephemeralsFor(alice.id)[0]!;
    await sim.clickButton({ userId: alice.id, message: eph, actionId: 'retry' });
    const p = JSON.parse(bot.received[1]!.form.get('payload')!) as Record<string, unknown>;
    expect(p.container).toMatchObject({ is_ephemeral: true, message_ts: eph.ts, thread_ts: parent.ts });
    expect(p.message).toBeUndefined();
  });

  it('throws for a missing button', async () => {
    const msg = await postButtons();
    await expect(sim.clickButton({ userId: alice.id, message: msg, actionId: 'nope' })).rejects.toThrow(/no button/);
  });
});

describe('events', () => {
  it('wraps events in the event_callback envelope with retry headers', async () => {
    const d = await sim.sendEvent({ type: 'app_home_opened', user: alice.id, tab: 'home' }, { eventId: 'Ev0001', retryNum: 1 });
    expect(d).toMatchObject({ status: 200, eventId: 'Ev0001' });
    const r = bot.received[0]!;
    expect(r.signatureValid).toBe(true);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-slack-retry-num']).toBe('1');
    expect(r.headers['x-slack-retry-reason']).toBe('http_timeout');
    expect(r.json).toMatchObject({
      token: anyString,
      team_id: 'T0SIM00001',
      api_app_id: 'A0SIMAPP01',
      type: 'event_callback',
      event_id: 'Ev0001',
      event_time: anyNumber,
      event: { type: 'app_home_opened', user: alice.id, event_ts: anyString },
      authorizations: [{ team_id: 'T0SIM00001', user_id: 'U0SIMBOT01', is_bot: true }],
    });
  });

  it('records mentions and DMs as user messages and delivers matching events', async () => {
    const parent = await postButtons();
    await sim.sendMention({ userId: alice.id, channelId: helpdesk.id, text: 'status INC1', threadTs: parent.ts });
    expect(bot.received[0]!.json).toMatchObject({ event: { type: 'app_mention', user: alice.id, channel: helpdesk.id, thread_ts: parent.ts, text: '<@U0SIMBOT01> status INC1' } });
    await sim.sendDirectMessage({ userId: alice.id, text: 'help' });
    const dm = sim.state.dms.get(alice.id);
    expect(bot.received[1]!.json).toMatchObject({ event: { type: 'message', channel_type: 'im', channel: dm, user: alice.id, text: 'help' } });
    expect(sim.state.messages.filter((m) => m.postedBy === 'user')).toHaveLength(2);
  });

  it('sends url_verification signed and returns the challenge answer', async () => {
    const d = await sim.sendUrlVerification('abc123');
    expect(bot.received[0]!.signatureValid).toBe(true);
    expect(d.json).toEqual({ challenge: 'abc123' });
  });
});

describe('raw deliveries', () => {
  it('sends an unsigned ssl_check probe', async () => {
    const d = await sim.sendRaw({ body: 'ssl_check=1&token=x', sign: false });
    expect(d.status).toBe(200);
    expect(bot.received[0]!.headers['x-slack-signature']).toBeUndefined();
    expect(bot.received[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('lets tests send bad signatures and stale timestamps', async () => {
    const bad = await sim.sendRaw({ body: '{"type":"event_callback"}', signature: 'v0=deadbeef' });
    const stale = await sim.sendRaw({ body: 'command=%2Fteamviewer', timestamp: Math.floor(Date.now() / 1000) - 600 });
    const good = await sim.sendRaw({ body: 'command=%2Fteamviewer', headers: { 'x-extra': '1' } });
    expect([bad.status, stale.status, good.status]).toEqual([401, 401, 200]);
    expect(bot.received[0]!.headers['content-type']).toBe('application/json');
    expect(bot.received[2]!.headers['x-extra']).toBe('1');
    expect(sim.state.deliveries.map((x) => x.kind)).toEqual(['raw', 'raw', 'raw']);
  });

  it('reports an unreachable bot as a network error', async () => {
    await bot.stop();
    const d = await sim.sendRaw({ body: 'a=1' });
    expect(d.status).toBe(0);
    expect(d.networkError).toBeDefined();
  });
});
