import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anyString, callApi, type FakeBot, manualClock, slackTs, startFakeBot } from './fake-bot.test-helper.js';
import { startSlackSim, type SlackChannel, type SlackSim, type SlackUser } from './slack.simulator.js';

const SECRET = 'sim-signing-secret';
const TOKEN = 'xoxb-sim';
let sim: SlackSim;
let bot: FakeBot;
let clock: ReturnType<typeof manualClock>;
let alice: SlackUser;
let helpdesk: SlackChannel;

beforeEach(async () => {
  clock = manualClock();
  sim = await startSlackSim({ signingSecret: SECRET, botToken: TOKEN, clock });
  bot = await startFakeBot(SECRET);
  sim.setBotUrl(bot.url);
  alice = sim.addUser({ name: 'alice' });
  helpdesk = sim.addChannel({ name: 'helpdesk', members: [alice.id] });
});
afterEach(async () => {
  await sim.stop();
  await bot.stop();
});

const respond = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function commandUrl(): Promise<string> {
  const d = await sim.sendCommand({ userId: alice.id, channelId: helpdesk.id, text: 'start INC1' });
  return d.responseUrl!;
}

describe('response_url', () => {
  it('shows ephemeral replies to the invoking user and in_channel ones to everyone', async () => {
    const url = await commandUrl();
    const eph = await respond(url, { text: 'just you' });
    expect(eph.status).toBe(200);
    expect(await eph.json()).toEqual({ ok: true });
    await respond(url, { response_type: 'in_channel', text: 'everyone', blocks: [{ type: 'divider' }] });
    expect(sim.ephemeralsFor(alice.id, helpdesk.id).map((e) => e.text)).toEqual(['just you']);
    const [msg] = sim.messagesIn(helpdesk.id);
    expect(msg).toMatchObject({ text: 'everyone', via: 'response_url', ts: slackTs });
    expect(sim.state.responseUrlPosts.map((p) => [p.userId, p.status, p.result, p.messageTs])).toEqual([
      [alice.id, 200, 'ok', anyString],
      [alice.id, 200, 'ok', msg?.ts],
    ]);
  });

  it('allows five uses, then answers 404 used_url', async () => {
    const url = await commandUrl();
    for (let i = 0; i < 5; i++) expect((await respond(url, { text: `r${i}` })).status).toBe(200);
    const sixth = await respond(url, { text: 'r5' });
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe('used_url');
    expect(sim.state.responseUrlPosts.at(-1)).toMatchObject({ status: 404, result: 'used_url', userId: alice.id });
  });

  it('expires after 30 minutes of clock time', async () => {
    const url = await commandUrl();
    clock.advance(29 * 60 * 1000);
    expect((await respond(url, { text: 'still ok' })).status).toBe(200);
    clock.advance(2 * 60 * 1000);
    const late = await respond(url, { text: 'too late' });
    expect([late.status, await late.text()]).toEqual([404, 'expired_url']);
  });

  it('rejects bad bodies without using up the URL', async () => {
    const url = await commandUrl();
    expect((await fetch(url, { method: 'POST', body: 'not json' })).status).toBe(400);
    const invalid = await respond(url, { text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'no' } }] });
    expect([invalid.status, await invalid.text()]).toEqual([400, 'invalid_blocks']);
    expect((await respond(url, {})).status).toBe(400);
    expect((await fetch(`${sim.url}/response/unknown`, { method: 'POST', body: '{}' })).status).toBe(404);
    for (let i = 0; i < 5; i++) expect((await respond(url, { text: `r${i}` })).status).toBe(200);
  });

  it('replaces and deletes the clicked message, keeping history', async () => {
    const blocks = [{ type: 'actions', elements: [{ type: 'button', action_id: 'close', text: { type: 'plain_text', text: 'Close' } }] }];
    const posted = await callApi(sim.apiUrl, 'chat.postMessage', { channel: helpdesk.id, text: 'open', blocks }, TOKEN);
    const msg = sim.messagesIn(helpdesk.id)[0]!;
    const click = await sim.clickButton({ userId: alice.id, message: msg, actionId: 'close' });
    await respond(click.responseUrl!, { replace_original: true, text: 'closed' });
    expect(sim.messagesIn(helpdesk.id)).toMatchObject([{ ts: posted.ts, text: 'closed', history: [{ text: 'open' }] }]);
    expect(sim.messagesIn(helpdesk.id)[0]?.blocks).toBeUndefined();
    await respond(click.responseUrl!, { delete_original: true });
    expect(sim.messagesIn(helpdesk.id)).toEqual([]);
  });

  it('replaces an ephemeral message from which a button was clicked', async () => {
    const blocks = [{ type: 'actions', elements: [{ type: 'button', action_id: 'link', text: { type: 'plain_text', text: 'Link' } }] }];
    await callApi(sim.apiUrl, 'chat.postEphemeral', { channel: helpdesk.id, user: alice.id, text: 'link first', blocks }, TOKEN);
    const click = await sim.clickButton({ userId: alice.id, message: sim.ephemeralsFor(alice.id)[0]!, actionId: 'link' });
    await respond(click.responseUrl!, { replace_original: true, text: 'linked' });
    expect(sim.ephemeralsFor(alice.id).map((e) => e.text)).toEqual(['linked']);
  });

  it('threads replies when thread_ts is given', async () => {
    const parent = await callApi(sim.apiUrl, 'chat.postMessage', { channel: helpdesk.id, text: 'parent' }, TOKEN);
    const url = await commandUrl();
    await respond(url, { response_type: 'in_channel', text: 'in thread', thread_ts: parent.ts });
    expect(sim.messagesIn(helpdesk.id).find((m) => m.text === 'in thread')?.threadTs).toBe(parent.ts);
  });
});
