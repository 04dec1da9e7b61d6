import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anyString, callApi, slackTs } from './fake-bot.test-helper.js';
import { startSlackSim, type SlackChannel, type SlackSim, type SlackUser } from './slack.simulator.js';

const TOKEN = 'xoxb-sim-token';
let sim: SlackSim;
let alice: SlackUser;
let bob: SlackUser;
let general: SlackChannel;
const api = (method: string, args: Record<string, unknown> = {}, token: string | undefined = TOKEN) => callApi(sim.apiUrl, method, args, token);

beforeEach(async () => {
  sim = await startSlackSim({ signingSecret: 'secret', botToken: TOKEN });
  alice = sim.addUser({ name: 'alice', realName: 'Alice Agent', email: 'Alice@Example.com', tz: 'Europe/Berlin', locale: 'de-DE' });
  bob = sim.addUser({ name: 'bob' });
  general = sim.addChannel({ name: 'helpdesk', members: [alice.id] });
});
afterEach(() => sim.stop());

describe('auth', () => {
  it('rejects a missing or wrong token with invalid_auth', async () => {
    expect(await api('auth.test', {}, '')).toEqual({ ok: false, error: 'invalid_auth' });
    expect(await api('auth.test', {}, 'xoxb-wrong')).toEqual({ ok: false, error: 'invalid_auth' });
  });

  it('accepts the bearer header or a token form field and returns the bot identity', async () => {
    const viaHeader = await api('auth.test');
    expect(viaHeader).toMatchObject({ ok: true, user_id: 'U0SIMBOT01', bot_id: 'B0SIMBOT01', team_id: 'T0SIM00001' });
    expect(await api('auth.test', { token: TOKEN }, '')).toMatchObject({ ok: true });
  });

  it('ignores a token inside a JSON body, as Slack does', async () => {
    const res = await fetch(sim.apiUrl + 'auth.test', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: TOKEN }) });
    expect(await res.json()).toEqual({ ok: false, error: 'invalid_auth' });
  });

  it('answers unknown_method for methods it does not serve', async () => {
    expect(await api('chat.scheduleMessage')).toMatchObject({ ok: false, error: 'unknown_method' });
  });

  it('answers missing_scope when the bot lacks the method scope', async () => {
    await sim.stop();
    sim = await startSlackSim({ signingSecret: 's', botToken: TOKEN, botScopes: ['chat:write', 'users:read'] });
    const u = sim.addUser({ name: 'x', email: 'x@example.com' });
    expect(await api('users.lookupByEmail', { email: 'x@example.com' })).toMatchObject({ ok: false, error: 'missing_scope', needed: 'users:read.email' });
    const info = await api('users.info', { user: u.id });
    expect((info.user as { profile: Record<string, unknown> }).profile.email).toBeUndefined();
  });
});

describe('chat.postMessage', () => {
  it('posts with a unique Slack-shaped ts and returns the message', async () => {
    const a = await api('chat.postMessage', { channel: general.id, text: 'one' });
    const b = await api('chat.postMessage', { channel: general.id, text: 'two' });
    expect(a).toMatchObject({ ok: true, channel: general.id, message: { text: 'one', user: 'U0SIMBOT01', bot_id: 'B0SIMBOT01' } });
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(a.ts).not.toEqual(b.ts);
    expect(sim.messagesIn(general.id).map((m) => m.text)).toEqual(['one', 'two']);
  });

  it('decodes form-encoded blocks and fills in missing block ids', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }];
    const res = await api('chat.postMessage', { channel: general.id, text: 'fallback', blocks });
    const stored = sim.messagesIn(general.id)[0]!;
    expect(stored.blocks?.[0]?.block_id).toEqual(anyString);
    expect((res.message as { blocks: unknown[] }).blocks).toHaveLength(1);
    expect(sim.state.apiCalls.at(-1)).toMatchObject({ method: 'chat.postMessage', ok: true, args: { channel: general.id, blocks: [{ type: 'section' }] } });
  });

  it('also takes a JSON body', async () => {
    const res = await fetch(sim.apiUrl + 'chat.postMessage', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ channel: general.id, text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true });
  });

  it('enforces channel access', async () => {
    const secret = sim.addChannel({ name: 'secret', isPrivate: true, botIsMember: false });
    const lobby = sim.addChannel({ name: 'lobby', botIsMember: false });
    expect(await api('chat.postMessage', { channel: 'C0NOPE', text: 'x' })).toMatchObject({ error: 'channel_not_found' });
    expect(await api('chat.postMessage', { channel: secret.id, text: 'x' })).toMatchObject({ error: 'not_in_channel' });
    expect(await api('chat.postMessage', { channel: lobby.id, text: 'x' })).toMatchObject({ ok: true });
    expect(await api('chat.postMessage', { channel: '#helpdesk', text: 'by name' })).toMatchObject({ ok: true, channel: general.id });
  });

  it('needs chat:write.public for public channels the bot is not in', async () => {
    await sim.stop();
    sim = await startSlackSim({ signingSecret: 's', botToken: TOKEN, botScopes: ['chat:write'] });
    const lobby = sim.addChannel({ name: 'lobby', botIsMember: false });
    expect(await api('chat.postMessage', { channel: lobby.id, text: 'x' })).toMatchObject({ ok: false, error: 'not_in_channel' });
  });

  it('posts to a user id through the DM', async () => {
    const res = await api('chat.postMessage', { channel: alice.id, text: 'psst' });
    expect(res.channel).toEqual(sim.state.dms.get(alice.id));
    expect(String(res.channel)).toMatch(/^D/);
  });

  it('threads replies under the parent and flags a reply ts used as thread_ts', async () => {
    const parent = await api('chat.postMessage', { channel: general.id, text: 'parent' });
    const reply = await api('chat.postMessage', { channel: general.id, text: 'r1', thread_ts: parent.ts, reply_broadcast: true });
    expect(reply.message).toMatchObject({ thread_ts: parent.ts, subtype: 'thread_broadcast' });
    const wrong = await api('chat.postMessage', { channel: general.id, text: 'r2', thread_ts: reply.ts });
    expect((wrong.message as { thread_ts: string }).thread_ts).toEqual(parent.ts);
    expect(sim.state.apiCalls.at(-1)?.warnings).toEqual(['thread_ts_is_a_reply']);
  });

  it('rejects oversize text and empty messages', async () => {
    expect(await api('chat.postMessage', { channel: general.id, text: 'x'.repeat(40_001) })).toMatchObject({ error: 'msg_too_long' });
    expect(await api('chat.postMessage', { channel: general.id })).toMatchObject({ error: 'no_text' });
  });

  it('rejects invalid blocks with Slack-style pointers', async () => {
    const res = await api('chat.postMessage', { channel: general.id, text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] });
    expect(res).toMatchObject({ ok: false, error: 'invalid_blocks' });
    expect((res.response_metadata as { messages: string[] }).messages[0]).toContain('[json-pointer:/blocks/0/text/text]');
    expect(await api('chat.postMessage', { channel: general.id, text: 'x', blocks: '{not json' })).toMatchObject({ error: 'invalid_blocks_format' });
  });
});

describe('chat.update', () => {
  it('updates the bot message and keeps its history', async () => {
    const posted = await api('chat.postMessage', { channel: general.id, text: 'v1', blocks: [{ type: 'divider', block_id: 'd' }] });
    const res = await api('chat.update', { channel: general.id, ts: posted.ts, text: 'v2' });
    expect(res).toMatchObject({ ok: true, ts: posted.ts, text: 'v2' });
    const [msg] = sim.messagesIn(general.id);
    expect(msg).toMatchObject({ text: 'v2', blocks: [{ block_id: 'd' }] });
    expect(msg?.history.map((h) => h.text)).toEqual(['v1']);
    await api('chat.update', { channel: general.id, ts: posted.ts, text: 'v3', blocks: [] });
    expect(sim.messagesIn(general.id)[0]?.blocks).toBeUndefined();
  });

  it('refuses unknown, ephemeral and other users’ messages', async () => {
    expect(await api('chat.update', { channel: general.id, ts: '1.000001', text: 'x' })).toMatchObject({ error: 'message_not_found' });
    const eph = await api('chat.postEphemeral', { channel: general.id, user: alice.id, text: 'e' });
    expect(await api('chat.update', { channel: general.id, ts: eph.message_ts, text: 'x' })).toMatchObject({ error: 'message_not_found' });
    const human = sim.addUserMessage({ userId: alice.id, channelId: general.id, text: 'mine' });
    expect(await api('chat.update', { channel: general.id, ts: human.ts, text: 'x' })).toMatchObject({ error: 'cant_update_message' });
  });
});

describe('chat.postEphemeral', () => {
  it('shows the message to one member only', async () => {
    const res = await api('chat.postEphemeral', { channel: general.id, user: alice.id, text: 'only you' });
    expect(res).toMatchObject({ ok: true, message_ts: slackTs });
    expect(sim.ephemeralsFor(alice.id, general.id).map((e) => e.text)).toEqual(['only you']);
    expect(sim.messagesIn(general.id)).toEqual([]);
  });

  it('answers user_not_in_channel for non-members', async () => {
    expect(await api('chat.postEphemeral', { channel: general.id, user: bob.id, text: 'x' })).toMatchObject({ ok: false, error: 'user_not_in_channel' });
  });
});

describe('conversations and users', () => {
  it('opens one stable DM per user', async () => {
    const a = await api('conversations.open', { users: alice.id });
    const b = await api('conversations.open', { users: alice.id });
    expect((a.channel as { id: string }).id).toMatch(/^D/);
    expect(b).toMatchObject({ already_open: true, channel: a.channel });
    expect(await api('conversations.open', { users: 'U0NOPE' })).toMatchObject({ error: 'user_not_found' });
    expect(await api('conversations.open', { users: `${alice.id},${bob.id}` })).toMatchObject({ error: 'missing_scope', needed: 'mpim:write' });
  });

  it('reuses a DM channel added by the test', async () => {
    const dm = sim.addChannel({ id: 'D0BOB00001', name: 'bob', members: [bob.id] });
    expect(await api('conversations.open', { users: bob.id })).toMatchObject({ channel: { id: dm.id } });
  });

  it('returns users with e-mail, tz offset and, on request, locale', async () => {
    const res = await api('users.info', { user: alice.id });
    const user = res.user as Record<string, unknown> & { profile: Record<string, unknown> };
    expect(user).toMatchObject({ id: alice.id, name: 'alice', real_name: 'Alice Agent', tz: 'Europe/Berlin' });
    expect([3600, 7200]).toContain(user.tz_offset);
    expect(user.profile).toMatchObject({ email: 'Alice@Example.com', real_name: 'Alice Agent', display_name: 'alice' });
    expect(user.locale).toBeUndefined();
    const withLocale = await api('users.info', { user: alice.id, include_locale: true });
    expect((withLocale.user as { locale: string }).locale).toEqual('de-DE');
    expect(await api('users.info', { user: 'U0NOPE' })).toMatchObject({ ok: false, error: 'user_not_found' });
  });

  it('looks users up by e-mail, case-insensitively', async () => {
    expect(await api('users.lookupByEmail', { email: 'alice@example.com' })).toMatchObject({ ok: true, user: { id: alice.id } });
    expect(await api('users.lookupByEmail', { email: 'nobody@example.com' })).toEqual({ ok: false, error: 'users_not_found' });
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After and Slack’s ratelimited body', async () => {
    sim.fail({ path: '/api/chat.postMessage', status: 429, retryAfterSeconds: 3 });
    const res = await fetch(sim.apiUrl + 'chat.postMessage', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' }, body: `channel=${general.id}&text=x` });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect(await api('chat.postMessage', { channel: general.id, text: 'x' })).toMatchObject({ ok: true });
  });

  it('sends the granted scopes in x-oauth-scopes', async () => {
    const res = await fetch(sim.apiUrl + 'auth.test', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.headers.get('x-oauth-scopes')).toContain('chat:write');
  });
});
