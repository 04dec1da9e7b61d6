import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { DestinationStream } from 'pino';
import { Agent, type Dispatcher } from 'undici';
import { createSlackSurface } from './chat/slack/slack.surface.js';
import { SlackNotifier } from './chat/slack/slack.notifier.js';
import type { Config } from './config/load.js';
import { createCore, type Core } from './core/core.js';
import type { ItsmConnector } from './core/ports/itsm.port.js';
import { systemClock, type Clock } from './core/ports/clock.port.js';
import type { Store } from './core/ports/store.port.js';
import { healthRoutes } from './http/health.routes.js';
import { oauthRoutes } from './http/oauth.routes.js';
import { createHttpServer, type Route } from './http/server.js';
import { createNoneConnector } from './itsm/none/none.connector.js';
import { createServiceNowConnector } from './itsm/servicenow/servicenow.connector.js';
import { createSmtpMailer } from './mail/smtp.mailer.js';
import { createLogger, SecretScrubber, type Logger } from './observability/logger.js';
import { openLowdbStore } from './store/lowdb/lowdb.store.js';
import { SecretCipher } from './store/secret-cipher.js';
import { AgentTokens } from './teamviewer/agent-tokens.js';
import { TeamViewerClient } from './teamviewer/teamviewer.client.js';
import { TeamViewerRemoteSupport } from './teamviewer/teamviewer.remote-support.js';

/** Ports and transports tests and the sandbox may replace. */
export interface AppOverrides {
  clock?: Clock;
  dispatcher?: Dispatcher;
  logDestination?: DestinationStream;
  /** How often due outbox retries are looked for (ms). */
  outboxPollMs?: number;
}

export interface BotApp {
  server: Server;
  core: Core;
  store: Store;
  logger: Logger;
  listen(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
}

function registerConfigSecrets(s: SecretScrubber, c: Config): void {
  s.register(c.teamviewer.clientSecret);
  s.register(c.slack?.signingSecret);
  s.register(c.slack?.botToken);
  s.register(c.encryptionKey.toString('base64'));
  s.register(c.encryptionKey.toString('hex'));
  if (c.itsm.provider === 'servicenow') s.register(c.itsm.password);
  if (c.mail.smtpUrl) {
    const pass = decodeURIComponent(new URL(c.mail.smtpUrl).password);
    s.register(pass);
  }
}

/**
 * The composition root's library half: builds every adapter from the config and wires them to the core.
 * main.ts, the sandbox and the integration tests all start the bot through here.
 */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<BotApp> {
  const scrubber = new SecretScrubber();
  registerConfigSecrets(scrubber, config);
  const logger = createLogger({ level: config.logLevel, scrubber, ...(overrides.logDestination ? { destination: overrides.logDestination } : {}) });
  const clock = overrides.clock ?? systemClock;
  const dispatcher = overrides.dispatcher ?? new Agent({ connect: { timeout: Math.min(config.upstreamTimeoutMs, 5000) }, keepAliveTimeout: 10_000 });
  const timeoutMs = config.upstreamTimeoutMs;

  const store = await openLowdbStore({ dataDir: config.dataDir, cipher: new SecretCipher(config.encryptionKey), onSecret: (v) => scrubber.register(v) });
  const itsm: ItsmConnector =
    config.itsm.provider === 'servicenow'
      ? createServiceNowConnector(config.itsm, { dispatcher, timeoutMs, logger: logger.child({ component: 'itsm.servicenow' }) })
      : createNoneConnector();
  const mailer = createSmtpMailer(config.mail, timeoutMs);
  const tvClient = new TeamViewerClient({ config: config.teamviewer, redirectUri: `${config.publicUrl}/oauth/teamviewer/callback`, dispatcher, timeoutMs });
  const tokens = new AgentTokens(tvClient, store.links, (n, fn) => store.withLock(n, fn), clock, logger.child({ component: 'teamviewer' }));
  const remote = new TeamViewerRemoteSupport(tvClient, tokens, config.teamviewer.group, clock);

  const inflight = new Set<Promise<unknown>>();
  const track = (p: Promise<unknown>) => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };

  if (!config.slack) throw new Error('no chat platform configured');
  // The Slack surface needs the core and the core needs Slack's client: the facade closes the loop.
  const ref: { core?: Core } = {};
  const coreFacade: Core = {
    acknowledge: (i) => (ref.core as Core).acknowledge(i),
    handle: (i) => (ref.core as Core).handle(i),
    beginLink: (t) => (ref.core as Core).beginLink(t),
    completeLink: (p) => (ref.core as Core).completeLink(p),
    deliverOutbox: () => (ref.core as Core).deliverOutbox(),
  };
  const slack = createSlackSurface(config.slack, { core: coreFacade, clock, logger, idempotency: store.idempotency, track });
  const chat = new SlackNotifier(slack.app.client, dispatcher, logger.child({ component: 'chat.slack' }), timeoutMs);

  // The outbox runs right after each enqueue and then on a short poll for retries that come due.
  let draining = false;
  let again = false;
  const kickOutbox = () => {
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    const p = (async () => {
      try {
        // Drain until a pass finds nothing; `again` catches a kick that arrived while the last pass was finishing.
        do {
          again = false;
          while ((await coreFacade.deliverOutbox()) > 0);
        } while (again);
      } catch (err) {
        logger.error({ err }, 'outbox delivery failed');
      } finally {
        draining = false;
      }
    })();
    track(p);
  };

  ref.core = createCore({
    settings: {
      publicUrl: config.publicUrl,
      sessionValidityMs: config.sessionValidityMs,
      defaultTimeZone: config.defaultTimeZone,
      requireAssignee: config.requireAssignee,
      linkTtlMs: 10 * 60_000,
      staleRequestMs: 60_000,
      outboxRetryDelaysMs: config.outboxRetryDelaysMs,
      mailFrom: config.mail.from,
    },
    itsm,
    remote,
    chat,
    store,
    mailer,
    clock,
    logger,
    kickOutbox,
  });

  const routes: Route[] = [
    { method: 'POST', path: '/slack/events', handler: (req, res) => slack.receiver.handle(req, res) },
    ...oauthRoutes(coreFacade, config.publicUrl, logger.child({ component: 'http.oauth' })),
    ...healthRoutes(store),
  ];
  const server = createHttpServer(routes, logger);
  const poll = setInterval(kickOutbox, overrides.outboxPollMs ?? 1000);
  poll.unref();
  kickOutbox(); // items left by a previous run (crash between two steps) go out now

  return {
    server,
    core: coreFacade,
    store,
    logger,
    async listen(port = config.port, host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const a = server.address() as AddressInfo;
      const url = `http://${host ?? '127.0.0.1'}:${a.port}`;
      logger.info({ port: a.port, itsm: itsm.kind, slack: true, mail: mailer.enabled }, 'teamviewer-chatops is listening');
      return url;
    },
    async stop() {
      clearInterval(poll);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      const deadline = new Promise((r) => setTimeout(r, 10_000).unref());
      await Promise.race([Promise.allSettled([...inflight]), deadline]);
      await store.close();
    },
  };
}
