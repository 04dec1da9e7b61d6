/**
 * Slack's side of the wire for the bot's integration tests and `npm run sandbox` (style.md §3.10): the Web API
 * under `/api/`, `response_url` webhooks under `/response/`, signed deliveries to the bot's `/slack/events`, and a
 * small page at `/` to play the user by hand.
 */
import { startSimServer, systemClock, type FaultSpec, type SimHandler } from '../shared/sim-server.js';
import { DEFAULT_ACK_TIMEOUT_MS } from './delivery.js';
import { SlackInteractions } from './interactions.js';
import { ResponseUrls } from './response-url.routes.js';
import { createSandboxPage } from './sandbox-page.routes.js';
import { DEFAULT_BOT_SCOPES, SlackWorld } from './slack.state.js';
import type { SlackSim, SlackSimOptions } from './slack.types.js';
import { createWebApiRoute } from './web-api.routes.js';

export type * from './slack.types.js';
export type { FaultSpec, SimClock, SimRequest } from '../shared/sim-server.js';
export { computeSlackSignature, verifySlackSignature } from './signing.js';

const DEFAULT_WAIT_MS = 5000;
const POLL_MS = 10;

export async function startSlackSim(opts: SlackSimOptions): Promise<SlackSim> {
  if (!opts.signingSecret) throw new Error('Slack simulator: signingSecret must not be empty (Slack never signs with an empty secret)');
  if (!opts.botToken) throw new Error('Slack simulator: botToken must not be empty');
  const clock = opts.clock ?? systemClock;
  const world = new SlackWorld(clock, {
    teamId: opts.teamId ?? 'T0SIM00001',
    teamDomain: opts.teamDomain ?? 'sim-helpdesk',
    botUserId: opts.botUserId ?? 'U0SIMBOT01',
    botId: opts.botId ?? 'B0SIMBOT01',
    appId: opts.appId ?? 'A0SIMAPP01',
    botScopes: [...(opts.botScopes ?? DEFAULT_BOT_SCOPES)],
  });
  let baseUrl = '';
  let botUrl: string | undefined;
  const responseUrls = new ResponseUrls(world, () => baseUrl);
  const webApi = createWebApiRoute(world, opts.botToken);
  const interactions = new SlackInteractions(
    world,
    responseUrls,
    { botUrl: () => botUrl, signingSecret: opts.signingSecret, clock, ackTimeoutMs: opts.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS },
    { state: world.state, verificationToken: opts.verificationToken ?? 'simVerificationToken0001' },
  );
  // The page needs the finished sim object; with port 0 nobody can reach the server before it exists.
  const page = createSandboxPage(() => sim);

  const handler: SimHandler = async (req) => {
    if (req.path.startsWith('/api/')) return webApi(req, req.path.slice('/api/'.length));
    if (req.path.startsWith('/response/')) return responseUrls.handle(req, decodeURIComponent(req.path.slice('/response/'.length)));
    return (await page(req)) ?? { status: 404, text: 'not_found' };
  };
  const server = await startSimServer(handler, { name: 'slack', ...(opts.host ? { host: opts.host } : {}), ...(opts.port !== undefined ? { port: opts.port } : {}), clock });
  baseUrl = server.url;

  const sim: SlackSim = {
    url: server.url,
    apiUrl: `${server.url}/api/`,
    requests: server.requests,
    fail(spec: FaultSpec) {
      // Slack's 429 body; the kit's generic one would not look like the Web API.
      const isApi = typeof spec.path === 'string' ? spec.path.startsWith('/api') : true;
      server.fail(spec.status === 429 && spec.body === undefined && isApi ? { ...spec, body: { ok: false, error: 'ratelimited' } } : spec);
    },
    clearFaults: () => server.clearFaults(),
    stop: () => server.stop(),
    state: world.state,
    setBotUrl(eventsUrl: string) {
      botUrl = eventsUrl;
    },
    addUser: (u) => world.addUser(u),
    addChannel: (c) => world.addChannel(c),
    addUserMessage: (m) => interactions.addUserMessage(m),
    sendCommand: (a) => interactions.sendCommand(a),
    clickButton: (a) => interactions.clickButton(a),
    sendEvent: (event, o) => interactions.sendEvent(event, o),
    sendMention: (a, o) => interactions.sendMention(a, o),
    sendDirectMessage: (a, o) => interactions.sendDirectMessage(a, o),
    sendUrlVerification: (challenge) => interactions.sendUrlVerification(challenge ?? `challenge-${Date.now().toString(36)}`),
    sendRaw: (a) => interactions.sendRaw(a),
    messagesIn: (channelId) => world.botMessagesIn(channelId),
    ephemeralsFor: (userId, channelId) => world.state.ephemerals.filter((e) => e.userId === userId && !e.deleted && (channelId === undefined || e.channel === channelId)),
    async waitFor<T>(pick: () => T | undefined, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = pick();
        if (value !== undefined && value !== null && value !== false) return value;
        if (Date.now() >= deadline) throw new Error(`Slack simulator: waitFor gave up after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
  };
  return sim;
}
