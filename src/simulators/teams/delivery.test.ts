import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, containing, type FakeBot, startFakeBot } from './fake-bot.test-helper.js';
import { decodeJwt, startTeamsSim, verifyJwt, type TeamsConversation, type TeamsSim, type TeamsUser } from './index.js';

let sim: TeamsSim;
let bot: FakeBot;
let alice: TeamsUser;
let helpdesk: TeamsConversation;

async function start(opts: Parameters<typeof startTeamsSim>[0] = {}) {
  sim = await startTeamsSim({ botName: 'TeamViewer', ...opts });
  bot = await startFakeBot();
  sim.setBotUrl(bot.url);
  alice = sim.addUser({ name: 'Alice Agent', email: 'alice@example.com', timezone: 'Europe/Vienna', locale: 'de-AT' });
  helpdesk = sim.addChannel({ name: 'Helpdesk', team: 'IT', members: [alice] });
}
afterEach(async () => {
  await sim.stop();
  await bot.stop();
});

async function botPost(conversationId: string, body: Record<string, unknown>): Promise<string> {
  const res = await call(`${sim.serviceUrl}v3/conversations/${encodeURIComponent(conversationId)}/activities`, 'POST', body);
  return (res.json as { id: string }).id;
}

describe('messages (auth off)', () => {
  beforeEach(() => start());

  it('delivers a channel mention as Teams sends it, addressed to a new thread', async () => {
    const d = await sim.sendMessage({ from: alice, conversation: helpdesk, text: 'start INC0010023' });
    expect(d.status).toBe(200);
    const { headers, activity } = bot.received[0]!;
    expect(headers.authorization).toBeUndefined();
    const id = activity.id as string;
    expect(activity).toMatchObject({
      type: 'message',
      channelId: 'msteams',
      serviceUrl: sim.serviceUrl,
      from: { id: alice.id, name: 'Alice Agent', aadObjectId: alice.aadObjectId },
      recipient: { id: `28:${sim.appId}`, name: 'TeamViewer' },
      conversation: { conversationType: 'channel', isGroup: true, tenantId: sim.state.tenantId, id: `${helpdesk.id};messageid=${id}` },
      channelData: { tenant: { id: sim.state.tenantId }, team: { id: helpdesk.team!.id, name: 'IT' }, channel: { id: helpdesk.id, name: 'Helpdesk' } },
      text: '<at>TeamViewer</at> start INC0010023\n',
      textFormat: 'plain',
      attachments: [{ contentType: 'text/html', content: containing('TeamViewer</span>&nbsp;start INC0010023') }],
      entities: [
        { type: 'mention', mentioned: { id: `28:${sim.appId}`, name: 'TeamViewer' }, text: '<at>TeamViewer</at>' },
        { type: 'clientInfo', locale: 'de-AT', timezone: 'Europe/Vienna' },
      ],
      locale: 'de-AT',
    });
    expect(sim.message(id)).toMatchObject({ from: 'user', userId: alice.id, threadRootId: id });
  });

  it('addresses a thread reply to the thread root, whichever message it answers', async () => {
    await sim.sendMessage({ from: alice, conversation: helpdesk, text: 'start INC1' });
    const rootId = bot.received[0]!.activity.id as string;
    const botReply = await botPost(`${helpdesk.id};messageid=${rootId}`, { type: 'message', text: 'Session ready' });
    await sim.sendMessage({ from: alice, conversation: helpdesk.id, text: 'close', replyToId: botReply });
    expect(bot.received[1]!.activity).toMatchObject({ conversation: { id: `${helpdesk.id};messageid=${rootId}` }, replyToId: botReply });
  });

  it('sends bare words in a personal chat and skips unmentioned group messages', async () => {
    await sim.sendMessage({ from: alice, conversation: sim.personalChat(alice), text: 'help' });
    const a = bot.received[0]!.activity;
    expect(a).toMatchObject({ text: 'help', conversation: { conversationType: 'personal' }, channelData: { tenant: { id: sim.state.tenantId } } });
    expect(a.conversation).not.toHaveProperty('isGroup');
    expect(a.entities).toHaveLength(1);
    const group = sim.addGroupChat({ members: [alice], name: 'Escalation' });
    const skipped = await sim.sendMessage({ from: alice, conversation: group, text: 'hi', mentionBot: false });
    expect(skipped).toMatchObject({ status: 0, skipped: 'bot_not_mentioned' });
    expect(bot.received).toHaveLength(1);
    const rsc = sim.addGroupChat({ members: [alice], receivesAllMessages: true });
    expect((await sim.sendMessage({ from: alice, conversation: rsc, text: 'hi', mentionBot: false })).status).toBe(200);
  });

  it('reports a bot slower than the channel timeout', async () => {
    await sim.stop();
    await bot.stop();
    await start({ deliveryTimeoutMs: 100 });
    bot.respond = () => ({ delayMs: 300 });
    expect(await sim.sendMessage({ from: alice, conversation: helpdesk, text: 'x' })).toMatchObject({ status: 0, timedOut: true });
  });
});

describe('card actions', () => {
  beforeEach(() => start());
  const card = { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', version: '1.5', body: [] } };

  it('delivers Action.Execute as an adaptiveCard/action invoke and applies a replacement card', async () => {
    const rootId = await botPost(helpdesk.id, { type: 'message', attachments: [card] });
    const replacement = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Joined' }] };
    bot.respond = () => ({ body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: replacement } });
    const d = await sim.sendInvoke({ from: alice, conversation: helpdesk, replyToId: rootId, verb: 'join', data: { session: 's1' } });
    expect(d).toMatchObject({ status: 200, json: { statusCode: 200 } });
    expect(bot.received[0]!.activity).toMatchObject({
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: rootId,
      conversation: { id: `${helpdesk.id};messageid=${rootId}` },
      value: { action: { type: 'Action.Execute', verb: 'join', data: { session: 's1' } } },
    });
    expect(sim.updatesOf(rootId)).toMatchObject([{ via: 'invokeResponse', activity: { attachments: [{ content: replacement }] } }]);
  });

  it('delivers Action.Submit as a message with value and replyToId', async () => {
    const cardId = await botPost(sim.personalChat(alice).id, { type: 'message', attachments: [card] });
    await sim.sendSubmit({ from: alice, conversation: sim.personalChat(alice), replyToId: cardId, data: { action: 'close', session: 's1' } });
    const a = bot.received[0]!.activity;
    expect(a).toMatchObject({ type: 'message', replyToId: cardId, value: { action: 'close', session: 's1' } });
    expect(a).not.toHaveProperty('text');
  });
});

describe('delivery auth (auth on)', () => {
  beforeEach(() => start({ authEnabled: true }));

  it('signs each delivery with a JWT the published key verifies', async () => {
    await sim.sendMessage({ from: alice, conversation: helpdesk, text: 'x' });
    const header = bot.received[0]!.headers.authorization!;
    expect(header).toMatch(/^Bearer /);
    const token = header.slice('Bearer '.length);
    const keys = ((await call(sim.jwksUrl, 'GET')).json as { keys: Array<Record<string, unknown>> }).keys;
    expect(verifyJwt(token, keys[0]!, Math.floor(Date.now() / 1000))).toMatchObject({ ok: true, payload: { aud: sim.appId, serviceurl: sim.serviceUrl } });
  });

  it('sends the requested token fault and records it', async () => {
    await sim.sendMessage({ from: alice, conversation: helpdesk, text: 'x', tokenFault: 'none' });
    await sim.sendMessage({ from: alice, conversation: helpdesk, text: 'x', tokenFault: 'wrong-audience' });
    expect(bot.received[0]!.headers.authorization).toBeUndefined();
    expect(decodeJwt(bot.received[1]!.headers.authorization!.slice(7))!.payload.aud).not.toBe(sim.appId);
    expect(sim.state.deliveries.map((d) => d.tokenFault)).toEqual(['none', 'wrong-audience']);
  });
});
