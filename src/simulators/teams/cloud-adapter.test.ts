/**
 * The simulator against the real botbuilder 4.23.3 CloudAdapter with auth on. This file alone may import
 * botbuilder (the simulator itself must not, style.md §3.2).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchToken } from './fake-bot.test-helper.js';
import { startTeamsSim, type TeamsConversation, type TeamsSim, type TeamsUser, type TokenFault } from './index.js';

type CredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;
type Credentials = Awaited<ReturnType<CredentialsFactory['createCredentials']>>;
type Logic = (ctx: TurnContext) => Promise<void>;

let sim: TeamsSim;
let alice: TeamsUser;
let helpdesk: TeamsConversation;
const turns: Activity[] = [];
let onTurn: Logic = async () => undefined;

/** A tiny node:http host for the adapter: parses JSON and gives `process` the express-like response it checks for. */
async function host(adapter: CloudAdapter): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const shim = {
        socket: res.socket,
        header: (name: string, value: unknown) => res.setHeader(name, String(value)),
        status: (code: number) => (res.statusCode = code),
        send: (b: unknown) => res.write(typeof b === 'string' ? b : JSON.stringify(b)),
        end: () => res.end(),
      };
      void adapter.process({ body, headers: req.headers, method: req.method }, shim, async (ctx) => {
        turns.push(ctx.activity);
        await onTurn(ctx);
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, server };
}

/**
 * Gets connector tokens from the simulator's token endpoint with the same form MSAL posts. Needed because MSAL
 * refuses a loopback authority (see the last stock-configuration test and identity.routes.ts).
 */
function simCredentials(s: TeamsSim): CredentialsFactory {
  return {
    isValidAppId: async (appId) => appId === s.appId,
    isAuthenticationDisabled: async () => false,
    createCredentials: async (_appId, audience, loginEndpoint): Promise<Credentials> => ({
      async signRequest(webResource) {
        const form = { grant_type: 'client_credentials', client_id: s.appId, client_secret: s.appPassword, scope: `${audience ?? ''}/.default` };
        const { json } = await fetchToken(`${loginEndpoint}/oauth2/v2.0/token`, form);
        webResource.headers.set('authorization', `Bearer ${String(json.access_token)}`);
        return webResource;
      },
    }),
  };
}

beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  sim = await startTeamsSim({ authEnabled: true });
  alice = sim.addUser({ name: 'Alice Agent' });
  helpdesk = sim.addChannel({ name: 'Helpdesk', team: 'IT', members: [alice] });
});
afterAll(async () => {
  await sim.stop();
  vi.restoreAllMocks();
});
beforeEach(() => {
  turns.length = 0;
  onTurn = async () => undefined;
});

describe('stock ConfigurationBotFrameworkAuthentication pointed at the simulator', () => {
  let adapter: CloudAdapter;
  let server: Server;
  beforeAll(async () => {
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(sim.botFrameworkConfig()));
    const h = await host(adapter);
    server = h.server;
    sim.setBotUrl(h.url);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('accepts a delivery signed by the simulator', async () => {
    const d = await sim.sendMessage({ from: alice, conversation: helpdesk, text: 'status' });
    expect(d.status).toBe(200);
    expect(turns.map((a) => a.text)).toEqual(['<at>TeamViewer</at> status\n']);
  });

  it.each<[TokenFault, number]>([
    ['other-key', 401],
    ['expired', 401],
    ['wrong-audience', 401],
    ['wrong-issuer', 401],
    ['wrong-service-url', 401],
    ['none', 401],
    // jsonwebtoken's "invalid signature" is not an AuthenticationError, so CloudAdapter.process answers 500.
    ['bad-signature', 500],
  ])('refuses a %s token with %i and never runs the turn', async (tokenFault, status) => {
    const d = await sim.sendMessage({ from: alice, conversation: helpdesk, text: 'status', tokenFault });
    expect(d.status).toBe(status);
    expect(turns).toEqual([]);
  });

  it('cannot fetch an outbound token through MSAL from a loopback login URL', async () => {
    const ref: Partial<ConversationReference> = { channelId: 'msteams', serviceUrl: sim.serviceUrl, conversation: { id: helpdesk.id, isGroup: true, conversationType: 'channel', name: '' }, bot: { id: sim.state.botId, name: 'TeamViewer' } };
    await expect(adapter.continueConversationAsync(sim.appId, ref, async (ctx) => void (await ctx.sendActivity('x')))).rejects.toThrow(/authority_uri_insecure/);
    expect(sim.state.tokenRequests).toEqual([]);
  });
});

describe('CloudAdapter with a credentials factory using the simulator token endpoint', () => {
  let adapter: CloudAdapter;
  let server: Server;
  beforeAll(async () => {
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(sim.botFrameworkConfig(), simCredentials(sim)));
    const h = await host(adapter);
    server = h.server;
    sim.setBotUrl(h.url);
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('replies in the thread during the turn and proactively later, with bearer tokens', async () => {
    let ref: Partial<ConversationReference> = {};
    onTurn = async (ctx) => {
      ref = TurnContext.getConversationReference(ctx.activity);
      await ctx.sendActivity('Starting session for INC0010023…');
    };
    const d = await sim.sendMessage({ from: alice, conversation: helpdesk, text: 'start INC0010023' });
    expect(d.status).toBe(200);
    const rootId = String(turns[0]!.id);

    let cardId = '';
    await adapter.continueConversationAsync(sim.appId, ref, async (ctx) => {
      cardId = (await ctx.sendActivity('Session ready'))!.id;
      await ctx.updateActivity({ type: 'message', id: cardId, text: 'Session ready (joined)' });
    });
    expect(sim.threadOf(rootId).map((m) => [m.text, m.via])).toEqual([
      ['Starting session for INC0010023…', 'replyToActivity'],
      ['Session ready (joined)', 'replyToActivity'],
    ]);
    expect(sim.updatesOf(cardId)).toHaveLength(1);
    expect(sim.state.connectorCalls.map((c) => [c.operation, c.status, c.authorized])).toEqual([
      ['replyToActivity', 201, true],
      ['replyToActivity', 201, true],
      ['updateActivity', 200, true],
    ]);
    expect(sim.state.tokenRequests.at(-1)).toMatchObject({ status: 200, scope: 'https://api.botframework.com/.default' });
  });

  it('surfaces 403 BotNotInConversationRoster from createConversationAsync', async () => {
    const bob = sim.addUser({ name: 'Bob', installed: false });
    const params = { isGroup: false, bot: { id: sim.state.botId, name: 'TeamViewer' }, members: [{ id: bob.id, name: 'Bob' }], tenantId: sim.state.tenantId, channelData: { tenant: { id: sim.state.tenantId } } };
    const attempt = adapter.createConversationAsync(sim.appId, 'msteams', sim.serviceUrl, 'https://api.botframework.com', params, async () => undefined);
    await expect(attempt).rejects.toMatchObject({ statusCode: 403 });
    expect(sim.createdConversations.at(-1)).toMatchObject({ status: 403, error: 'BotNotInConversationRoster' });
  });

  it('opens a 1:1 chat with createConversationAsync and DMs the user', async () => {
    const params = { isGroup: false, bot: { id: sim.state.botId, name: 'TeamViewer' }, members: [{ id: alice.id, name: 'Alice' }], tenantId: sim.state.tenantId, channelData: { tenant: { id: sim.state.tenantId } } };
    await adapter.createConversationAsync(sim.appId, 'msteams', sim.serviceUrl, 'https://api.botframework.com', params, async (ctx) => {
      await ctx.sendActivity('Link your TeamViewer account');
    });
    expect(sim.messagesIn(sim.personalChat(alice).id).map((m) => m.text)).toEqual(['Link your TeamViewer account']);
  });

  it('returns the invoke response of an Action.Execute to the simulator', async () => {
    const cardId = (await sim.waitFor(() => sim.messagesIn(helpdesk.id)[0])).id;
    onTurn = async (ctx) => {
      if (ctx.activity.type === 'invoke') {
        await ctx.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: { type: 'AdaptiveCard', version: '1.5', body: [] } } } });
      }
    };
    const d = await sim.sendInvoke({ from: alice, conversation: helpdesk, replyToId: cardId, verb: 'join', data: { session: 's1' } });
    expect(d).toMatchObject({ status: 200, json: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' } });
    expect(turns[0]).toMatchObject({ name: 'adaptiveCard/action', value: { action: { verb: 'join' } } });
    expect(sim.updatesOf(cardId).at(-1)?.via).toBe('invokeResponse');
  });
});

describe('auth off (empty MicrosoftAppId), the integration-test mode', () => {
  let open: TeamsSim;
  let adapter: CloudAdapter;
  let server: Server;
  beforeAll(async () => {
    open = await startTeamsSim();
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(open.botFrameworkConfig()));
    const h = await host(adapter);
    server = h.server;
    open.setBotUrl(h.url);
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await open.stop();
  });

  it('runs the turn without a token and replies without one', async () => {
    const carol = open.addUser({ name: 'Carol' });
    onTurn = async (ctx) => void (await ctx.sendActivity('Hi Carol'));
    const d = await open.sendMessage({ from: carol, conversation: open.personalChat(carol), text: 'help' });
    expect(d.status).toBe(200);
    expect(open.messagesIn(open.personalChat(carol).id).map((m) => m.text)).toEqual(['Hi Carol']);
    expect(open.state.connectorCalls).toMatchObject([{ operation: 'replyToActivity', authorized: 'not-required' }]);
    expect(open.requests.find((r) => r.path.startsWith('/v3/'))?.headers.authorization).toBeUndefined();
  });
});
