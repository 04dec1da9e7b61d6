import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED, type PostedMessage } from '../../src/simulators/index.js';
import { actionId, cardsIn, dmsTo, linkAgent, startTestStack, type TestStack } from '../helpers/stack.js';

const INC = SERVICENOW_SEED.incidents.printer;

function buttonValue(message: PostedMessage, id: string): string {
  const el = (message.blocks ?? []).flatMap((b) => (Array.isArray(b.elements) ? (b.elements as Array<Record<string, unknown>>) : [])).find((e) => e.action_id === id);
  if (typeof el?.value !== 'string') throw new Error(`no value on ${id}`);
  return el.value;
}

describe('Slack request signing at POST /slack/events', () => {
  let s: TestStack;
  beforeEach(async () => {
    s = await startTestStack();
  });
  afterEach(async () => {
    await s.stop();
  });

  const nowSeconds = () => Math.floor(Date.now() / 1000);

  function commandBody(text: string): string {
    const st = s.slack.state;
    return new URLSearchParams({
      token: 'simVerificationToken0001',
      team_id: st.teamId,
      team_domain: st.teamDomain,
      channel_id: s.people.channel,
      channel_name: 'helpdesk',
      user_id: s.people.agent,
      user_name: 'beth',
      command: '/teamviewer',
      text,
      api_app_id: st.appId,
      response_url: `${s.slack.url}/response/forged`,
      trigger_id: '1.2.3',
    }).toString();
  }

  const webApiCalls = (method: string) => s.slack.state.apiCalls.filter((c) => c.method === method).length;
  const dispatchedCommands = () => s.logs.filter((l) => l.includes('"slash command"')).length;
  const rejections = () => s.logs.filter((l) => l.includes('failed signature verification')).length;

  async function expectLinkDmsAfterBarrier(expected: number): Promise<void> {
    await s.slack.sendCommand({ userId: s.people.otherAgent, channelId: s.people.channel, text: 'link' });
    await s.slack.waitFor(() => dmsTo(s, s.people.otherAgent).length > 0);
    expect(dmsTo(s, s.people.agent)).toHaveLength(expected);
  }

  it('accepts a correctly signed command, in the ack and through a raw signed body', async () => {
    const ack = await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: 'link' });
    expect(ack.status).toBe(200);
    await s.slack.waitFor(() => dmsTo(s, s.people.agent).length > 0);
    expect(webApiCalls('conversations.open')).toBe(1);

    const raw = await s.slack.sendRaw({ body: commandBody('help') });
    expect(raw.status).toBe(200);
    expect(raw.body).toContain('start');
    const fourMinutesOld = await s.slack.sendRaw({ body: commandBody('help'), timestamp: nowSeconds() - 4 * 60 });
    expect(fourMinutesOld.status).toBe(200);
  });

  it('refuses a bad signature with 401 and calls neither Slack nor TeamViewer', async () => {
    await linkAgent(s, s.people.agent, 'u1000001');
    const dms = dmsTo(s, s.people.agent).length;
    const tvBefore = s.tv.requests.length;
    const apiBefore = s.slack.state.apiCalls.length;
    const dispatched = dispatchedCommands();

    const forged = await s.slack.sendRaw({ body: commandBody(`start ${INC.number}`), signature: `v0=${'0'.repeat(64)}` });
    const wrongSecret = await s.slack.sendRaw({ body: commandBody('link'), signature: 'v0=deadbeef' });
    expect(forged.status).toBe(401);
    expect(wrongSecret.status).toBe(401);
    expect(forged.body).toBe('');

    await expectLinkDmsAfterBarrier(dms);
    expect(s.tv.requests.slice(tvBefore)).toEqual([]);
    expect(s.tv.state.sessions).toEqual([]);
    expect(s.slack.state.apiCalls.slice(apiBefore).map((c) => [c.method, c.args.users ?? c.args.channel ?? c.args.user])).toEqual([
      ['users.info', s.people.otherAgent], // the barrier's sender: their language, asked once
      ['conversations.open', s.people.otherAgent],
      ['chat.postMessage', s.slack.state.dms.get(s.people.otherAgent)],
    ]);
    expect(dispatchedCommands()).toBe(dispatched + 1);
    expect(rejections()).toBe(2);
  });

  it('refuses a validly signed body whose timestamp is stale, from the future, or missing', async () => {
    const stale = await s.slack.sendRaw({ body: commandBody('link'), timestamp: nowSeconds() - 5 * 60 - 30 });
    const future = await s.slack.sendRaw({ body: commandBody('link'), timestamp: nowSeconds() + 10 * 60 });
    const unsigned = await s.slack.sendRaw({ body: commandBody('link'), sign: false });
    const noTimestamp = await s.slack.sendRaw({ body: commandBody('link'), sign: false, signature: 'v0=abc' });
    expect([stale.status, future.status, unsigned.status, noTimestamp.status]).toEqual([401, 401, 401, 401]);
    await expectLinkDmsAfterBarrier(0);
    expect(webApiCalls('conversations.open')).toBe(1);
    expect(rejections()).toBe(4);
  });

  it('answers a bare unsigned ssl_check with 200 and dispatches nothing', async () => {
    const probe = await s.slack.sendRaw({ body: 'ssl_check=1&token=x', sign: false });
    expect(probe.status).toBe(200);
    expect(probe.body).toBe('');
    expect(dispatchedCommands()).toBe(0);
    expect(s.slack.state.apiCalls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  });

  it('refuses an unsigned ssl_check that smuggles a block_actions payload (bolt-js #2897)', async () => {
    await linkAgent(s, s.people.agent, 'u1000001');
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${INC.number}` });
    const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0]);
    const close = actionId(card, 'session.close');
    const sessionId = buttonValue(card, close);
    const payload = JSON.stringify({
      type: 'block_actions',
      user: { id: s.people.agent, username: 'beth', name: 'beth', team_id: s.slack.state.teamId },
      api_app_id: s.slack.state.appId,
      container: { type: 'message', message_ts: card.ts, channel_id: s.people.channel, is_ephemeral: false },
      trigger_id: '1.2.3',
      team: { id: s.slack.state.teamId, domain: s.slack.state.teamDomain },
      channel: { id: s.people.channel, name: 'helpdesk' },
      message: { ts: card.ts, type: 'message', text: card.text },
      state: { values: {} },
      actions: [{ type: 'button', action_id: close, block_id: 'b', value: sessionId, action_ts: '1.1' }],
    });
    const smuggled = new URLSearchParams({ ssl_check: '1', payload }).toString();

    const attack = await s.slack.sendRaw({ body: smuggled, sign: false });
    expect(attack.status).toBe(401);
    const attackWithToken = await s.slack.sendRaw({ body: `ssl_check=1&token=x&payload=${encodeURIComponent(payload)}`, sign: false });
    expect(attackWithToken.status).toBe(401);
    expect(s.logs.some((l) => l.includes('"button"'))).toBe(false);

    const signed = await s.slack.sendRaw({ body: new URLSearchParams({ payload }).toString() });
    expect(signed.status).toBe(200);
    await s.slack.waitFor(() => s.tv.state.sessions[0]?.state === 'Closed');
    expect(s.tv.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('echoes the challenge of a signed url_verification and refuses an unsigned one', async () => {
    const ok = await s.slack.sendUrlVerification('challenge-abc123');
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ challenge: 'challenge-abc123' });
    const forged = await s.slack.sendRaw({ body: JSON.stringify({ token: 'x', challenge: 'evil', type: 'url_verification' }), sign: false });
    expect(forged.status).toBe(401);
    expect(forged.body).not.toContain('evil');
  });

  it('processes an event once when Slack retries it with the same event_id', async () => {
    const first = await s.slack.sendMention({ userId: s.people.agent, channelId: s.people.channel, text: 'help' }, { eventId: 'Ev0RETRY001' });
    expect(first.status).toBe(200);
    await s.slack.waitFor(() => s.slack.ephemeralsFor(s.people.agent).length > 0, 15_000);
    const envelope = JSON.parse(s.slack.state.deliveries.at(-1)!.body) as { event: Record<string, unknown> };
    const retry = await s.slack.sendEvent(envelope.event, { eventId: 'Ev0RETRY001', retryNum: 1, retryReason: 'http_timeout' });
    const again = await s.slack.sendEvent(envelope.event, { eventId: 'Ev0RETRY001', retryNum: 2, retryReason: 'http_timeout' });
    expect([retry.status, again.status]).toEqual([200, 200]);

    await s.slack.sendMention({ userId: s.people.otherAgent, channelId: s.people.channel, text: 'help' }, { eventId: 'Ev0BARRIER1' });
    await s.slack.waitFor(() => s.slack.ephemeralsFor(s.people.otherAgent).length > 0, 15_000);
    expect(s.slack.ephemeralsFor(s.people.agent)).toHaveLength(1);
    expect(s.slack.ephemeralsFor(s.people.agent)[0]!.text).toMatch(/start/);
  });
});
