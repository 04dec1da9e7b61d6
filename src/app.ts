import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import { Agent, type Dispatcher } from 'undici';
import { createSlackSurface } from './chat/slack/slack.surface.js';
import { SlackNotifier } from './chat/slack/slack.notifier.js';
import { ChatRouter } from './chat/chat-router.js';
import { createCloudAdapter } from './chat/teams/teams.adapter.js';
import { TeamsRefs } from './chat/teams/teams.refs.js';
import { TeamsNotifier } from './chat/teams/teams.notifier.js';
import { createTeamsSurface } from './chat/teams/teams.surface.js';
import type { Config } from './config/load.js';
import { createCore, type Core } from './core/core.js';
import type { ItsmConnector } from './core/ports/itsm.port.js';
import { systemClock, type Clock } from './core/ports/clock.port.js';
import type { Store } from './core/ports/store.port.js';
import { healthRoutes } from './http/health.routes.js';
import { metricsRoutes } from './http/metrics.routes.js';
import { oauthRoutes } from './http/oauth.routes.js';
import { createHttpServer, type Route } from './http/server.js';
import { createItsmConnector, itsmSecrets } from './itsm/registry.js';
import { createSmtpMailer } from './mail/smtp.mailer.js';
import { describeInFlight, gracefulStop } from './shutdown.js';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { availableJobs } from './core/core.js';
import type { JobName } from './core/jobs/job.js';
import { controlSocketPath, startControlSocket } from './http/control-socket.js';
import { CronScheduler } from './scheduler/cron-scheduler.js';
import { createLogger, SecretScrubber, type Logger } from './observability/logger.js';
import { instrument } from './observability/instrumentation.js';
import type { AppMetrics } from './observability/metrics.js';
import { openStore } from './store/open-store.js';
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

export interface JobStatusRow {
  job: JobName;
  schedule?: string;
  next?: string | null;
  lastFinishedAt?: string;
  lastOutcome?: string;
  lastSummary?: string;
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
   * (at most SHUTDOWN_TIMEOUT), idle keep-alive sockets close, the store is flushed and closed. A second call
   * returns the first one's result.
   */
  shutdown(): Promise<StopReport>;
  /** `shutdown()` for callers that only wait for it. */
  stop(): Promise<void>;
}

export interface StopReport {
  /** Work still running when SHUTDOWN_TIMEOUT passed; empty after a clean stop. */
  unfinished: string[];
}

function registerConfigSecrets(s: SecretScrubber, c: Config): void {
  s.register(c.teamviewer.clientSecret);
  s.register(c.teamviewer.apiToken);
  s.register(c.slack?.signingSecret);
  s.register(c.slack?.botToken);
  s.register(c.teams?.appPassword);
  s.register(c.encryptionKey.toString('base64'));
  s.register(c.encryptionKey.toString('hex'));
  for (const secret of itsmSecrets(c.itsm)) s.register(secret);
  if (c.databaseUrl && URL.canParse(c.databaseUrl)) s.register(decodeURIComponent(new URL(c.databaseUrl).password));
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
  const tvClient = new TeamViewerClient({ config: config.teamviewer, redirectUri: `${config.publicUrl}/oauth/teamviewer/callback`, dispatcher, timeoutMs });
  const tokens = new AgentTokens(tvClient, store.links, (n, fn) => store.withLock(n, fn), clock, logger.child({ component: 'teamviewer' }));
  const remote = new TeamViewerRemoteSupport(tvClient, tokens, config.teamviewer.group, clock, config.teamviewer.apiToken);

  // Everything a graceful stop waits for, named for the log line when it does not finish in time.
  const inflight = new Map<Promise<unknown>, string>();
  const tracked = <T>(p: Promise<T>, what: string): Promise<T> => {
    inflight.set(p, what);
    const done = () => inflight.delete(p);
    void p.then(done, done);
    return p;
  };
  const track = (p: Promise<unknown>, what = 'chat interaction'): void => void tracked(p, what);

  // The chat surfaces need the core and the core needs their clients: the facade closes the loop.
  const ref: { core?: Core } = {};
  const coreFacade: Core = {
    acknowledge: (i) => (ref.core as Core).acknowledge(i),
    handle: (i) => (ref.core as Core).handle(i),
    beginLink: (t) => (ref.core as Core).beginLink(t),
    completeLink: (p) => (ref.core as Core).completeLink(p),
    deliverOutbox: () => (ref.core as Core).deliverOutbox(),
    runJob: (name) => (ref.core as Core).runJob(name),
    localeOf: (actor) => (ref.core as Core).localeOf(actor),
  };
  const slack = config.slack ? createSlackSurface(config.slack, { core: coreFacade, clock, logger, idempotency: store.idempotency, track }) : undefined;
  const teamsAdapter = config.teams ? createCloudAdapter(config.teams, timeoutMs) : undefined;
  const teamsRefs = new TeamsRefs(store.conversationRefs);
  const teams = teamsAdapter ? createTeamsSurface(teamsAdapter, { core: coreFacade, clock, logger, idempotency: store.idempotency, refs: teamsRefs, track }) : undefined;
  if (config.teams && !config.teams.appId) {
    logger.warn({ publicUrl: config.publicUrl }, 'Teams runs WITHOUT authentication (MICROSOFT_APP_ID is empty): anyone who can reach /api/messages can act as any user. Local use only.');
  }
  const chat = new ChatRouter({
    // Slack answers 200 to every Web API call that arrives, `ok: false` included (chat-platforms.md §5).
    ...(slack ? { slack: new SlackNotifier(inst.client(slack.app.client, 'slack', '200', { depth: 2 }), dispatcher, logger.child({ component: 'chat.slack' }), timeoutMs) } : {}),
    ...(teamsAdapter && config.teams ? { teams: new TeamsNotifier(inst.client(teamsAdapter, 'teams', 'ok', { only: ['continueConversationAsync', 'createConversationAsync'] }), config.teams.appId, teamsRefs, logger.child({ component: 'chat.teams' })) } : {}),
  });

  // The outbox runs right after each enqueue and then on a short poll for retries that come due.
  let draining = false;
  let drainRun: Promise<unknown> = Promise.resolve();
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
    drainRun = p;
    track(p, 'outbox delivery');
  };

  ref.core = createCore({
    settings: {
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
    },
    itsm,
    remote,
    chat,
    store,
    mailer,
    clock,
    logger,
    kickOutbox,
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
  const server = createHttpServer(routes.map((r) => ({ ...r, handler: (req, res, url) => tracked(Promise.resolve(r.handler(req, res, url)), `request ${r.method} ${r.path}`) })), logger);
  // Requests still arriving on open keep-alive connections during a stop are served, but the socket closes after.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (stopping) res.setHeader('connection', 'close');
  });
  let poll: NodeJS.Timeout | undefined;
  if (mode === 'serve') {
    poll = setInterval(kickOutbox, overrides.outboxPollMs ?? 1000);
    poll.unref();
    kickOutbox(); // items left by a previous run (crash between two steps) go out now
  }

  const scheduler = new CronScheduler({ timezone: config.defaultTimeZone, logger: logger.child({ component: 'scheduler' }) });
  const scheduled = availableJobs().flatMap((job) => {
    const cron = config.jobs.schedules[job];
    return cron ? [{ name: job, cron, run: () => tracked(coreFacade.runJob(job), `job ${job}`) }] : [];
  });
  let control: Server | undefined;
  let stopped: Promise<StopReport> | undefined;

  // The background drain may hold claimed items; wait for it, then take whatever is still due, until both are idle.
  const drainOutbox = async () => {
    for (;;) {
      await drainRun;
      const delivered = await coreFacade.deliverOutbox();
      if (delivered === 0 && !draining) return;
    }
  };
  const jobStatus = async (): Promise<JobStatusRow[]> => {
    const runs = await store.jobRuns.list();
    const next = new Map(scheduler.nextRuns().map((n) => [n.name, n.next]));
    return availableJobs().map((job) => {
      const r = runs.find((x) => x.job === job);
      const schedule = config.jobs.schedules[job];
      const n = next.get(job);
      return {
        job,
        ...(schedule ? { schedule } : {}),
        ...(n !== undefined ? { next: n ? n.toISOString() : null } : {}),
        ...(r?.lastFinishedAt ? { lastFinishedAt: r.lastFinishedAt } : {}),
        ...(r?.lastOutcome ? { lastOutcome: r.lastOutcome } : {}),
        ...(r?.lastSummary ? { lastSummary: r.lastSummary } : {}),
      };
    });
  };

  const shutdown = (): Promise<StopReport> => {
    stopped ??= (async () => {
      stopping = true;
      if (poll) clearInterval(poll);
      const controlClosed = control ? new Promise<void>((r) => control?.close(() => r())) : Promise.resolve();
      const unfinished = await gracefulStop({
        server,
        inflight,
        settling: [scheduler.stop(config.shutdownTimeoutMs), controlClosed],
        timeoutMs: config.shutdownTimeoutMs,
        logger,
        closeStore: () => store.close(),
        closeClients: async (force) => {
          if (ownDispatcher) await (force ? ownDispatcher.destroy() : ownDispatcher.close());
        },
      });
      return { unfinished };
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
          control = await startControlSocket(socket, { runJob: (j) => tracked(coreFacade.runJob(j), `job ${j}`), available: availableJobs, status: jobStatus }, logger.child({ component: 'control' }));
          await store.dataDirLock.setControlSocket(socket);
        }
      }
      logger.info({ port: a.port, itsm: itsm.kind, slack: Boolean(slack), teams: teams ? (config.teams?.appId ? 'auth on' : 'AUTH OFF') : false, mail: mailer.enabled, jobs: scheduled.map((j) => `${j.name} ${j.cron}`) }, 'teamviewer-chatops is listening');
      return url;
    },
    drainOutbox,
    jobStatus,
    metrics,
    inFlight: () => describeInFlight(inflight),
    shutdown,
    async stop() {
      await shutdown();
    },
  };
}
