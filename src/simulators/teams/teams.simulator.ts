/**
 * Microsoft Teams' side of the wire for the bot's integration tests and `npm run sandbox` (style.md §3.10): the Bot
 * Connector routes under `serviceUrl`, an identity provider (OpenID metadata, JWKS, token endpoint) for auth-on
 * runs, and Teams-shaped deliveries to the bot's `/api/messages`.
 */
import { startSimServer, systemClock, type FaultSpec, type SimHandler } from '../shared/sim-server.js';
import { createConnectorRoute } from './connector.routes.js';
import { DEFAULT_LOGIN_TENANT, JWKS_PATH, OPENID_PATH, TeamsIdentity } from './identity.routes.js';
import { TeamsInteractions } from './interactions.js';
import { TeamsWorld } from './teams.state.js';
import type { TeamsSim, TeamsSimOptions } from './teams.types.js';

export type * from './teams.types.js';
export type { FaultSpec, SimClock, SimRequest } from '../shared/sim-server.js';
export { splitConversationId } from './teams.state.js';
export { decodeJwt, verifyJwt } from './jwt.js';

/** Fixed defaults so sandbox runs are reproducible; any GUID-shaped values would do. */
export const TEAMS_SIM_DEFAULTS = {
  appId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  appPassword: 'sim-app-password',
  tenantId: '72f988bf-0000-4000-8000-00000000c0de',
  botName: 'TeamViewer',
  issuer: 'https://api.botframework.com',
  oauthScope: 'https://api.botframework.com',
  maxMessageBytes: 28 * 1024,
  deliveryTimeoutMs: 15_000,
  tokenLifetimeSeconds: 3600,
} as const;

const DEFAULT_WAIT_MS = 5000;
const POLL_MS = 10;

/**
 * Starts the simulator on loopback (port 0 by default). Auth is off unless `authEnabled`; `botFrameworkConfig()` gives
 * the bot its `ConfigurationBotFrameworkAuthentication` settings either way.
 */
export async function startTeamsSim(opts: TeamsSimOptions = {}): Promise<TeamsSim> {
  const d = TEAMS_SIM_DEFAULTS;
  const appId = opts.appId ?? d.appId;
  const authEnabled = opts.authEnabled ?? false;
  if (authEnabled && !appId) throw new Error('Teams simulator: authEnabled needs an appId (botbuilder turns auth off for an empty one)');
  const clock = opts.clock ?? systemClock;
  const tenantId = opts.tenantId ?? d.tenantId;
  const issuer = opts.issuer ?? d.issuer;
  const oauthScope = opts.oauthScope ?? d.oauthScope;
  const appPassword = opts.appPassword ?? d.appPassword;
  const world = new TeamsWorld(clock, { appId, botName: opts.botName ?? d.botName, tenantId });
  let baseUrl = '';
  let botUrl: string | undefined;
  const identity = new TeamsIdentity({ appId, appPassword, tenantId, issuer, oauthScope, lifetimeSeconds: opts.tokenLifetimeSeconds ?? d.tokenLifetimeSeconds, baseUrl: () => baseUrl }, world.state);
  const connector = createConnectorRoute(world, identity, { authEnabled, maxMessageBytes: opts.maxMessageBytes ?? d.maxMessageBytes });
  const interactions = new TeamsInteractions(world, identity, { botUrl: () => botUrl, serviceUrl: () => `${baseUrl}/`, authEnabled, timeoutMs: opts.deliveryTimeoutMs ?? d.deliveryTimeoutMs });

  const handler: SimHandler = (req) => {
    if (req.path.startsWith('/v3/')) return connector(req);
    return identity.handle(req) ?? { status: 404, json: { error: { code: 'NotFound', message: `No route for ${req.method} ${req.path}` } } };
  };
  const server = await startSimServer(handler, { name: 'teams', ...(opts.host ? { host: opts.host } : {}), ...(opts.port !== undefined ? { port: opts.port } : {}), clock });
  baseUrl = server.url;
  const loginUrl = `${server.url}/${DEFAULT_LOGIN_TENANT}`;

  const sim: TeamsSim = {
    url: server.url,
    serviceUrl: `${server.url}/`,
    openIdMetadataUrl: `${server.url}${OPENID_PATH}`,
    jwksUrl: `${server.url}${JWKS_PATH}`,
    loginUrl,
    tokenUrl: `${loginUrl}/oauth2/v2.0/token`,
    issuer,
    appId,
    appPassword,
    botFrameworkConfig: () => ({
      MicrosoftAppId: authEnabled ? appId : '',
      MicrosoftAppPassword: authEnabled ? appPassword : '',
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppTenantId: tenantId,
      ToChannelFromBotLoginUrl: loginUrl,
      ToChannelFromBotOAuthScope: oauthScope,
      ToBotFromChannelTokenIssuer: issuer,
      // The user-token service (OAuthPrompt) is not simulated; the key only has to be non-empty.
      OAuthUrl: `${server.url}/oauth`,
      ToBotFromChannelOpenIdMetadataUrl: `${server.url}${OPENID_PATH}`,
      // The Emulator path is never taken for our tokens (see identity.routes.ts); any URL satisfies the key.
      ToBotFromEmulatorOpenIdMetadataUrl: `${server.url}${OPENID_PATH}`,
      CallerId: 'urn:botframework:azure',
    }),
    requests: server.requests,
    fail(spec: FaultSpec) {
      // Teams' ErrorResponse shape for throttling; the kit's generic body would not look like the connector.
      server.fail(spec.status === 429 && spec.body === undefined ? { ...spec, body: { error: { code: 'Throttled', message: 'Too many requests.' } } } : spec);
    },
    clearFaults: () => server.clearFaults(),
    stop: () => server.stop(),
    state: world.state,
    setBotUrl(url: string) {
      botUrl = url;
    },
    addUser: (u) => world.addUser(u),
    setInstalled(user, installed) {
      world.user(user).installed = installed;
    },
    addChannel: (c) => world.addChannel(c),
    addGroupChat: (c) => world.addGroupChat(c),
    personalChat: (user) => world.personalChat(world.user(user)),
    sendMessage: (a) => interactions.sendMessage(a),
    sendInvoke: (a) => interactions.sendInvoke(a),
    sendSubmit: (a) => interactions.sendSubmit(a),
    sendActivity: (activity, o) => interactions.sendActivity(activity, o?.tokenFault),
    channelToken: (fault) => identity.channelToken(`${server.url}/`, fault),
    revokeTokens: () => identity.revokeAll(),
    messagesIn: (conversationId) => world.botMessagesIn(conversationId),
    threadOf: (rootId) => world.threadOf(rootId),
    updatesOf: (activityId) => world.findMessage(activityId)?.updates ?? [],
    message: (activityId) => world.findMessage(activityId),
    get createdConversations() {
      return world.state.createdConversations;
    },
    async waitFor<T>(pick: () => T | undefined, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = pick();
        if (value !== undefined && value !== null && value !== false) return value;
        if (Date.now() >= deadline) throw new Error(`Teams simulator: waitFor gave up after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
  };
  return sim;
}
