import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { DestinationStream } from 'pino';
import { Agent, type Dispatcher } from 'undici';
import { createChatSurfaces } from './chat-surfaces.js';
import type { Config } from './config/load.js';
import { availableJobs, createCore, type Core } from './core/core.js';
import type { CoreSettings } from './core/deps.js';
import { systemClock, type Clock } from './core/ports/clock.port.js';
import type { ItsmConnector } from './core/ports/itsm.port.js';
import type { Store } from './core/ports/store.port.js';
import { controlSocketPath, startControlSocket } from './http/control-socket.js';
import { healthRoutes } from './http/health.routes.js';
import { metricsRoutes } from './http/metrics.routes.js';
import { oauthCallbackUrl, oauthRoutes } from './http/oauth.routes.js';
import { createHttpServer, type Route } from './http/server.js';
import { InFlight } from './in-flight.js';
import { createItsmConnector } from './itsm/registry.js';
import { readJobStatus, type JobStatusRow } from './job-status.js';
import { createSmtpMailer } from './mail/smtp.mailer.js';
import { registerConfigSecrets } from './observability/config-secrets.js';
import { instrument } from './observability/instrumentation.js';
import { createLogger, SecretScrubber, type Logger } from './observability/logger.js';
import type { AppMetrics } from './observability/metrics.js';
import { OutboxRunner } from './outbox-runner.js';
import { CronScheduler } from './scheduler/cron-scheduler.js';
import { gracefulStop } from './shutdown.js';
import { openStore } from './store/open-store.js';
import { SecretCipher } from './store/secret-cipher.js';
import { AgentTokens } from './teamviewer/agent-tokens.js';
import { TeamViewerClient } from './teamviewer/teamviewer.client.js';
import { TeamViewerRemoteSupport } from './teamviewer/teamviewer.remote-support.js';
import { BACKGROUND_RUN_BUDGET_MS, runInBackground } from './upstream/retry-context.js';
import type { RetryWait } from './upstream/http.js';
import { ConnectorError } from './core/errors.js';

export type { JobStatusRow } from './job-status.js';

/** Ports and transports tests and the sandbox may replace. */
export interface AppOverrides {
  clock?: Clock;
  dispatcher?: Dispatcher;
  logDestination?: DestinationStream;
  /** How often due outbox retries are looked for (ms). */
  outboxPollMs?: number;
  /**
   * `serve` (default): scheduler, outbox poll and control socket start with `listen()`. `oneshot`: the CLI's
   * `jobs run`: nothing runs by itself; logs go to stderr so stdout carries only the summary line.
   */
  mode?: 'serve' | 'oneshot';
  /** Pause between two posts to one chat channel (default 1100 ms: Slack's one message per second). */
  channelPostGapMs?: number;
  /** Routes appended after the bot's own (the sandbox's browser page); production never passes any. */
  extraRoutes?: Route[];
}

export interface BotApp {
  server: Server;
  core: Core;
  store: Store;
  logger: Logger;
  listen(port?: number, host?: string): Promise<string>;
  /** Delivers every outbox item that is due now (the CLI calls this before it exits). */
  drainOutbox(): Promise<void>;
  jobStatus(): Promise<JobStatusRow[]>;
  /** Present unless METRICS_ENABLED=false. */
  metrics: AppMetrics | undefined;
  /** What is running now (chat interactions, jobs, outbox delivery), for shutdown log lines. */
  inFlight(): string[];
  /**
   * Graceful stop (SIGTERM): /readyz answers 503 at once, no new connections are accepted, in-flight work finishes
   * (at most SHUTDOWN_TIMEOUT), idle keep-alive sockets close, the store is flushed and closed, and the app's
   * metrics are released. A second call returns the first one's result.
   */
  shutdown(): Promise<StopReport>;
  /** `shutdown()` for callers that only wait for it. */
  stop(): Promise<void>;
}

export interface StopReport {
  /** Work still running when SHUTDOWN_TIMEOUT passed; empty after a clean stop. */
  unfinished: string[];
}

function coreSettings(config: Config, overrides: AppOverrides): CoreSettings {
  return {
    publicUrl: config.publicUrl,
    sessionValidityMs: config.sessionValidityMs,
    defaultTimeZone: config.defaultTimeZone,
    defaultLocale: config.defaultLocale,
    requireAssignee: config.requireAssignee,
    linkTtlMs: 10 * 60_000,
    staleRequestMs: 60_000,
    outboxRetryDelaysMs: config.outboxRetryDelaysMs,
    mailFrom: config.mail.from,
    logsWaitMs: config.jobs.logsWaitMs,
    logsRetryMs: config.jobs.logsRetryMs,
    retentionMs: config.jobs.retentionMs,
    tokensRefreshAheadMs: config.jobs.tokensRefreshAheadMs,
    managerLogs: [
      ...(config.slack?.logChannel ? [{ surface: 'slack' as const, conversationId: config.slack.logChannel }] : []),
      ...(config.teams?.logConversation ? [{ surface: 'teams' as const, conversationId: config.teams.logConversation }] : []),
    ],
    channelPostGapMs: overrides.channelPostGapMs ?? 1100,
  };
}

/**
 * The composition root's library half: builds every adapter from the config and wires them to the core.
 * main.ts, the sandbox and the integration tests all start the bot through here.
 */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<BotApp> {
  const scrubber = new SecretScrubber();
  registerConfigSecrets(scrubber, config);
  const mode = overrides.mode ?? 'serve';
  const destination = overrides.logDestination ?? (mode === 'oneshot' ? process.stderr : undefined);
  const logger = createLogger({ level: config.logLevel, scrubber, ...(destination ? { destination } : {}) });
  const clock = overrides.clock ?? systemClock;
  const timeoutMs = config.upstreamTimeoutMs;
  const inst = instrument(config, {
    // Read from the store (opened below) at each scrape, so every replica reports the shared truth.
    openSessions: () => store.sessions.countOpen(clock.now()),
    outboxPending: () => store.outbox.countPending(),
    onSourceError: (gauge, err) => logger.warn({ err, gauge }, 'a metrics gauge could not read the store'),
  });
  const metrics = inst.metrics;
  const ownDispatcher = overrides.dispatcher ? undefined : new Agent({ connect: { timeout: Math.min(config.upstreamTimeoutMs, 5000) }, keepAliveTimeout: 10_000 });
  const dispatcher = inst.dispatcher(overrides.dispatcher ?? (ownDispatcher as Agent));

  const store = await openStore({ ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}), ...(config.databaseSchema ? { databaseSchema: config.databaseSchema } : {}), dataDir: config.dataDir, cipher: new SecretCipher(config.encryptionKey), onSecret: (v) => scrubber.register(v), logger });
  const itsm: ItsmConnector = createItsmConnector(config.itsm, { dispatcher, timeoutMs, logger, clock });
  const mailer = createSmtpMailer(config.mail, timeoutMs, inst.mailSent);
  const tvClient = new TeamViewerClient({ config: config.teamviewer, redirectUri: oauthCallbackUrl(config.publicUrl), dispatcher, timeoutMs });
  const tokens = new AgentTokens(tvClient, store.links, (n, fn) => store.withLock(n, fn), clock, logger.child({ component: 'teamviewer' }));
  const remote = new TeamViewerRemoteSupport(tvClient, tokens, config.teamviewer.group, clock, config.teamviewer.apiToken);
  const inflight = new InFlight();
  const { track } = inflight;

  // Jobs and outbox passes retry upstream calls patiently (nobody waits in chat); a stop ends their pauses at once.
  const backgroundStop = new AbortController();
  setMaxListeners(0, backgroundStop.signal); // one listener per pause under way: an outbox pass has up to 20
  const onWait = (w: RetryWait) => {
    const vendor = w.err instanceof ConnectorError ? w.err.vendor : 'other';
    logger.info({ vendor, waitMs: Math.round(w.waitMs), attempt: w.attempt, retryAfter: w.retryAfter, code: w.err instanceof ConnectorError ? w.err.code : undefined }, 'waiting before retrying an upstream call (background)');
    metrics?.retryWait(vendor, w.waitMs / 1000);
  };
  const inBackground = <T>(fn: () => Promise<T>, budgetMs: number) => runInBackground(fn, { signal: backgroundStop.signal, budgetMs, onWait });

  // The chat surfaces need the core and the core needs their clients: the facade closes the loop.
  const ref: { core?: Core } = {};
  const coreFacade: Core = {
    acknowledge: (i) => (ref.core as Core).acknowledge(i),
    handle: (i) => (ref.core as Core).handle(i),
    beginLink: (t) => (ref.core as Core).beginLink(t),
    completeLink: (p) => (ref.core as Core).completeLink(p),
    deliverOutbox: () => inBackground(() => (ref.core as Core).deliverOutbox(), BACKGROUND_RUN_BUDGET_MS.outbox),
    runJob: (name, slot) => inBackground(() => (ref.core as Core).runJob(name, slot), BACKGROUND_RUN_BUDGET_MS.job),
    localeOf: (actor) => (ref.core as Core).localeOf(actor),
  };
  const { slack, teams, chat } = createChatSurfaces(config, { core: coreFacade, clock, logger, store, track, inst, dispatcher, timeoutMs });
  const outbox = new OutboxRunner({ deliver: () => coreFacade.deliverOutbox(), logger, track });

  ref.core = createCore({
    settings: coreSettings(config, overrides),
    itsm,
    remote,
    chat,
    store,
    mailer,
    clock,
    logger,
    kickOutbox: outbox.kick,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    instanceId: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    ...(metrics ? { metrics } : {}),
    track,
  });

  let stopping = false;
  const routes: Route[] = [
    ...(slack ? [{ method: 'POST' as const, path: '/slack/events', handler: inst.ack('slack', (req, res) => slack.receiver.handle(req, res)) }] : []),
    ...(teams ? [{ method: 'POST' as const, path: '/api/messages', handler: inst.ack('teams', (req, res) => teams.handle(req, res)) }] : []),
    ...oauthRoutes(coreFacade, config.publicUrl, logger.child({ component: 'http.oauth' })),
    ...healthRoutes(store, () => stopping),
    ...(metrics ? metricsRoutes(metrics, logger.child({ component: 'http.metrics' })) : []),
    ...(overrides.extraRoutes ?? []),
  ];
  // A request in progress (an OAuth callback exchanging its code) is in-flight work too: shutdown waits for it.
  const server = createHttpServer(routes.map((r) => ({ ...r, handler: (req, res, url) => inflight.tracked(Promise.resolve(r.handler(req, res, url)), `request ${r.method} ${r.path}`) })), logger);
  // Requests still arriving on open keep-alive connections during a stop are served, but the socket closes after.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping) res.setHeader('connection', 'close');
  });
  if (mode === 'serve') outbox.start(overrides.outboxPollMs ?? 1000);

  const scheduler = new CronScheduler({ timezone: config.defaultTimeZone, logger: logger.child({ component: 'scheduler' }) });
  const scheduled = availableJobs().flatMap((job) => {
    const cron = config.jobs.schedules[job];
    return cron ? [{ name: job, cron, run: (slot: string) => inflight.tracked(coreFacade.runJob(job, slot), `job ${job}`) }] : [];
  });
  let control: Server | undefined;
  let stopped: Promise<StopReport> | undefined;
  const jobStatus = () => readJobStatus({ jobs: availableJobs(), jobRuns: store.jobRuns, schedules: config.jobs.schedules, nextRuns: () => scheduler.nextRuns() });

  const shutdown = (): Promise<StopReport> => {
    stopped ??= (async () => {
      stopping = true;
      backgroundStop.abort();
      outbox.stop();
      const controlClosed = control ? new Promise<void>((r) => control?.close(() => r())) : Promise.resolve();
      try {
        const unfinished = await gracefulStop({
          server,
          inflight: inflight.work,
          settling: [scheduler.stop(config.shutdownTimeoutMs), controlClosed],
          timeoutMs: config.shutdownTimeoutMs,
          logger,
          closeStore: () => store.close(),
          closeClients: async (force) => {
            if (ownDispatcher) await (force ? ownDispatcher.destroy() : ownDispatcher.close());
          },
        });
        return { unfinished };
      } finally {
        metrics?.close();
      }
    })();
    return stopped;
  };

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
      if (mode === 'serve') {
        scheduler.start(scheduled);
        const socket = store.dataDirLock ? controlSocketPath(config.dataDir) : undefined;
        if (socket && store.dataDirLock) {
          control = await startControlSocket(socket, { runJob: (j) => inflight.tracked(coreFacade.runJob(j), `job ${j}`), available: availableJobs, status: jobStatus }, logger.child({ component: 'control' }));
          await store.dataDirLock.setControlSocket(socket);
        }
      }
      logger.info({ port: a.port, itsm: itsm.kind, slack: Boolean(slack), teams: teams ? (config.teams?.appId ? 'auth on' : 'AUTH OFF') : false, mail: mailer.enabled, jobs: scheduled.map((j) => `${j.name} ${j.cron}`) }, 'teamviewer-chatops is listening');
      return url;
    },
    drainOutbox: () => outbox.drain(),
    jobStatus,
    metrics,
    inFlight: () => inflight.describe(),
    shutdown,
    async stop() {
      await shutdown();
    },
  };
}
