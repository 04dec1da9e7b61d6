import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anyString, call, fetchToken, matching } from './fake-bot.test-helper.js';
import { startTeamsSim, type TeamsConversation, type TeamsSim, type TeamsUser } from './index.js';

let sim: TeamsSim;
let alice: TeamsUser;
let helpdesk: TeamsConversation;

const enc = encodeURIComponent;
const activities = (conversationId: string, activityId?: string) => `${sim.serviceUrl}v3/conversations/${enc(conversationId)}/activities${activityId ? `/${enc(activityId)}` : ''}`;
const msg = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'message', text, ...extra });

async function start(opts: Parameters<typeof startTeamsSim>[0] = {}) {
  sim = await startTeamsSim(opts);
  alice = sim.addUser({ name: 'Alice Agent', email: 'alice@example.com' });
  helpdesk = sim.addChannel({ name: 'Helpdesk', team: 'IT', members: [alice] });
}
afterEach(() => sim.stop());

describe('activities (auth off)', () => {
  beforeEach(() => start());

  it('posts a root message to a channel and threads replies addressed with ;messageid=', async () => {
    const root = await call(activities(helpdesk.id), 'POST', msg('Session ready'));
    expect(root).toMatchObject({ status: 201, json: { id: matching(/^\d+$/) } });
    const rootId = (root.json as { id: string }).id;
    const reply = await call(activities(`${helpdesk.id};messageid=${rootId}`), 'POST', msg('Joined'));
    expect(reply.status).toBe(201);
    expect(sim.threadOf(rootId).map((m) => m.text)).toEqual(['Session ready', 'Joined']);
    expect(sim.messagesIn(helpdesk.id)).toHaveLength(2);
    expect(sim.state.connectorCalls.map((c) => [c.operation, c.conversationId, c.status])).toEqual([
      ['sendToConversation', helpdesk.id, 201],
      ['sendToConversation', `${helpdesk.id};messageid=${rootId}`, 201],
    ]);
  });

  it('lands a reply top-level when the conversation id lacks ;messageid= (replyToId alone does not thread)', async () => {
    const rootId = ((await call(activities(helpdesk.id), 'POST', msg('root'))).json as { id: string }).id;
    const res = await call(activities(helpdesk.id, rootId), 'POST', msg('reply', { replyToId: rootId }));
    const reply = sim.message((res.json as { id: string }).id)!;
    expect(reply).toMatchObject({ via: 'replyToActivity', replyToId: rootId, threadRootId: reply.id });
    expect(sim.threadOf(rootId)).toHaveLength(1);
  });

  it('updates and deletes the bot message, keeping every version', async () => {
    const id = ((await call(activities(helpdesk.id), 'POST', msg('v1'))).json as { id: string }).id;
    expect(await call(activities(helpdesk.id, id), 'PUT', msg('v2', { id }))).toMatchObject({ status: 200, json: { id } });
    expect(sim.updatesOf(id).map((u) => [u.activity.text, u.via])).toEqual([['v2', 'updateActivity']]);
    expect(sim.message(id)!.text).toBe('v2');
    expect((await call(activities(helpdesk.id, id), 'DELETE')).status).toBe(200);
    expect(sim.messagesIn(helpdesk.id)).toEqual([]);
    expect(await call(activities(helpdesk.id, id), 'PUT', msg('v3'))).toMatchObject({ status: 404, json: { error: { code: 'NotFound' } } });
  });

  it('answers 404 ConversationNotFound and 403 BotNotInConversationRoster', async () => {
    expect(await call(activities('19:nope@thread.tacv2'), 'POST', msg('x'))).toMatchObject({ status: 404, json: { error: { code: 'ConversationNotFound' } } });
    const locked = sim.addChannel({ name: 'Private', team: 'HR', botInstalled: false });
    expect(await call(activities(locked.id), 'POST', msg('x'))).toMatchObject({ status: 403, json: { error: { code: 'BotNotInConversationRoster' } } });
  });

  it('refuses a body over 28 KB with 413 MessageSizeTooBig', async () => {
    const big = msg('x'.repeat(28 * 1024));
    expect(await call(activities(helpdesk.id), 'POST', big)).toMatchObject({ status: 413, json: { error: { code: 'MessageSizeTooBig' } } });
    expect(sim.messagesIn(helpdesk.id)).toEqual([]);
    expect((await call(activities(helpdesk.id), 'POST', msg('x'.repeat(27 * 1024)))).status).toBe(201);
  });

  it('returns 429 with Retry-After and a Teams error body when throttled', async () => {
    sim.fail({ path: '/v3/*', status: 429, retryAfterSeconds: 3 });
    const res = await call(activities(helpdesk.id), 'POST', msg('x'));
    expect(res).toMatchObject({ status: 429, json: { error: { code: 'Throttled' } } });
    expect(res.headers.get('retry-after')).toBe('3');
    expect((await call(activities(helpdesk.id), 'POST', msg('x'))).status).toBe(201);
  });
});

describe('createConversation', () => {
  beforeEach(() => start());
  const dm = (member: string, extra: Record<string, unknown> = {}) => ({ isGroup: false, bot: { id: sim.state.botId }, members: [{ id: member }], tenantId: sim.state.tenantId, channelData: { tenant: { id: sim.state.tenantId } }, ...extra });

  it('opens the same personal chat for an installed user, by 29: id or Entra object id', async () => {
    const first = await call(`${sim.serviceUrl}v3/conversations`, 'POST', dm(alice.id));
    expect(first).toMatchObject({ status: 201, json: { id: matching(/^a:/) } });
    const second = await call(`${sim.serviceUrl}v3/conversations`, 'POST', dm(alice.aadObjectId, { activity: msg('Your OAuth link') }));
    expect(second.json).toEqual({ id: (first.json as { id: string }).id, activityId: anyString });
    expect(sim.messagesIn((first.json as { id: string }).id).map((m) => m.text)).toEqual(['Your OAuth link']);
    expect(sim.createdConversations.map((c) => [c.status, c.conversationType, c.members])).toEqual([
      [201, 'personal', [alice.id]],
      [201, 'personal', [alice.id]],
    ]);
  });

  it('refuses a user without the app with 403 BotNotInConversationRoster, also for later posts', async () => {
    const bob = sim.addUser({ name: 'Bob', installed: false });
    expect(await call(`${sim.serviceUrl}v3/conversations`, 'POST', dm(bob.id))).toMatchObject({ status: 403, json: { error: { code: 'BotNotInConversationRoster' } } });
    const chat = sim.personalChat(alice);
    sim.setInstalled(alice, false);
    expect((await call(activities(chat.id), 'POST', msg('x'))).status).toBe(403);
    expect(sim.createdConversations[0]).toMatchObject({ status: 403, error: 'BotNotInConversationRoster' });
  });

  it('needs the tenant', async () => {
    const res = await call(`${sim.serviceUrl}v3/conversations`, 'POST', { isGroup: false, members: [{ id: alice.id }] });
    expect(res).toMatchObject({ status: 400, json: { error: { code: 'BadArgument' } } });
  });

  it('starts a channel thread and returns <channel>;messageid=<activityId>', async () => {
    const res = await call(`${sim.serviceUrl}v3/conversations`, 'POST', { isGroup: true, channelData: { channel: { id: helpdesk.id }, tenant: { id: sim.state.tenantId } }, activity: msg('New session') });
    const { id, activityId } = res.json as { id: string; activityId: string };
    expect(id).toBe(`${helpdesk.id};messageid=${activityId}`);
    expect(sim.threadOf(activityId).map((m) => m.text)).toEqual(['New session']);
  });
});

describe('members and teams', () => {
  beforeEach(() => start());

  it('lists, pages and finds members as TeamsChannelAccounts', async () => {
    const carol = sim.addUser({ name: 'Carol' });
    sim.addChannel({ name: 'Ops', team: 'IT', members: [carol] });
    const members = await call(`${sim.serviceUrl}v3/conversations/${enc(helpdesk.id)}/members`, 'GET');
    expect(members.json).toEqual([
      expect.objectContaining({ id: alice.id, aadObjectId: alice.aadObjectId, email: 'alice@example.com', userPrincipalName: 'alice@example.com', givenName: 'Alice', surname: 'Agent' }),
      expect.objectContaining({ id: carol.id }),
    ]);
    const page = await call(`${sim.serviceUrl}v3/conversations/${enc(helpdesk.id)}/pagedmembers?pageSize=1`, 'GET');
    expect(page.json).toMatchObject({ members: [{ id: alice.id }], continuationToken: '1' });
    const team = helpdesk.team!;
    expect((await call(`${sim.serviceUrl}v3/conversations/${enc(team.id)}/members/${alice.aadObjectId}`, 'GET')).json).toMatchObject({ id: alice.id });
    expect((await call(`${sim.serviceUrl}v3/conversations/${enc(team.id)}/members/29:unknown`, 'GET')).status).toBe(404);
    expect((await call(`${sim.serviceUrl}v3/teams/${enc(team.id)}`, 'GET')).json).toEqual({ id: team.id, name: 'IT', aadGroupId: team.aadGroupId });
    expect((await call(`${sim.serviceUrl}v3/teams/${enc(team.id)}/conversations`, 'GET')).json).toEqual({ conversations: [{ id: team.id }, { id: helpdesk.id, name: 'Helpdesk' }, expect.objectContaining({ name: 'Ops' })] });
  });
});

describe('connector auth (auth on)', () => {
  beforeEach(() => start({ authEnabled: true }));
  const token = async () => (await fetchToken(sim.tokenUrl, { grant_type: 'client_credentials', client_id: sim.appId, client_secret: sim.appPassword, scope: 'https://api.botframework.com/.default' })).json.access_token as string;

  it('needs a bearer token from the token endpoint', async () => {
    expect(await call(activities(helpdesk.id), 'POST', msg('x'))).toMatchObject({ status: 401, json: { message: 'Authorization has been denied for this request.' } });
    expect((await call(activities(helpdesk.id), 'POST', msg('x'), await token())).status).toBe(201);
    expect((await call(activities(helpdesk.id), 'POST', msg('x'), sim.channelToken())).status).toBe(401);
    expect(sim.state.connectorCalls.map((c) => c.authorized)).toEqual([false, true, false]);
  });

  it('refuses tokens after revokeTokens()', async () => {
    const t = await token();
    sim.revokeTokens();
    expect((await call(activities(helpdesk.id), 'POST', msg('x'), t)).status).toBe(401);
  });
});
