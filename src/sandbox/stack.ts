import { randomBytes } from 'node:crypto';
import { cp, mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { createApp, type BotApp } from '../app.js';
import { loadConfig, type Config } from '../config/load.js';
import type { Locale } from '../core/i18n/index.js';
import type { Clock } from '../core/ports/clock.port.js';
import type { Route } from '../http/server.js';
import {
  startSlackSim,
  startSmtpSim,
  startTeamsSim,
  startTeamViewerSim,
  type ItsmSimHandle,
  type ServiceNowSim,
  type SlackSim,
  type SmtpSim,
  type TeamsConversation,
  type TeamsSim,
  type TeamsUser,
  type TeamViewerSim,
} from '../simulators/index.js';
import { startItsmSim, type SandboxItsm } from './itsm-sims.js';

export interface StackOptions {
  dataDir?: string;
  clock?: Clock;
  /** Extra or overriding settings (REQUIRE_ASSIGNEE, ITSM_PROVIDER=none, SMTP_URL='' …). */
  env?: Record<string, string>;
  logDestination?: DestinationStream;
  logLevel?: string;
  port?: number;
  /** false shows the simulated TeamViewer consent page instead of consenting at once. */
  autoConsent?: boolean;
  outboxPollMs?: number;
  /** Page size of the TeamViewer simulator's lists and reports (default 1000). */
  tvPageSize?: number;
  /** Pause between two posts to one channel (manager log); tests pass 0. */
  channelPostGapMs?: number;
  /** Which service desk to simulate (default servicenow). */
  itsm?: SandboxItsm;
  /**
   * The language Beth works in: her Slack (and Teams) profile's locale, and the bot's DEFAULT_LOCALE, so the
   * e-mail and the journal speak it too (`env` may still set DEFAULT_LOCALE apart). Unset: Beth's profile names no
   * language (the simulators report en-US) and the bot's default applies.
   */
  locale?: Locale;
  /**
   * Also run Microsoft Teams (simulated Bot Framework connector). `auth: true` signs every activity and makes the
   * bot check it, with the simulator as identity provider (BOTFRAMEWORK_* settings); otherwise auth is off.
   */
  teams?: { auth?: boolean };
  /**
   * Routes the sandbox adds to the bot's server (the browser page at /sandbox), built from the simulators once they
   * run. The bot only mounts them; what they read and drive is the simulated world, never the bot's internals.
   */
  extraRoutes?: (world: StackWorld) => Route[];
}

/** The simulated world around the bot, as the sandbox's own routes see it. */
export interface StackWorld {
  slack: SlackSim;
  tv: TeamViewerSim;
  itsm: ItsmSimHandle | undefined;
  smtp: SmtpSim;
  people: Stack['people'];
  /** Present when the stack runs Teams too (the sandbox's Teams view at /sandbox/teams). */
  teams: TeamsWorld | undefined;
  /** The bot's PUBLIC_URL: the origin its browser pages are served from. */
  publicUrl: string;
}

/** The simulated Teams tenant: Beth and Fred, and the #Helpdesk channel of team IT with both in it. */
export interface TeamsWorld {
  sim: TeamsSim;
  agent: TeamsUser;
  otherAgent: TeamsUser;
  channel: TeamsConversation;
}

export interface Stack {
  bot: BotApp;
  botUrl: string;
  config: Config;
  slack: SlackSim;
  tv: TeamViewerSim;
  /** Present when the stack runs Teams too. */
  teams: TeamsWorld | undefined;
  /** The simulated service desk (undefined with `itsm: 'none'`). */
  itsm: ItsmSimHandle | undefined;
  /** The ServiceNow simulator with its full API; throws unless the stack runs ServiceNow. */
  readonly servicenow: ServiceNowSim;
  smtp: SmtpSim;
  /** The Slack workspace people: an agent (linked to TeamViewer user `tvAgent`), a second agent, a manager. */
  people: { agent: string; otherAgent: string; channel: string; privateChannel: string };
  /**
   * Starts a new bot on the same port, settings and ENCRYPTION_KEY while the simulators keep running. With
   * `crash`, the old bot is not allowed to finish: the new one starts from a copy of the data directory as it was
   * at that instant (what a killed process leaves), and the old one's leftover work is awaited only by `stop()`.
   */
  restartBot(o?: { crash?: boolean; env?: Record<string, string> }): Promise<void>;
  /** The bot's current settings, as environment variables (for running the CLI against the same data). */
  env(): Record<string, string>;
  /**
   * A second bot process on the same settings and store (needs DATABASE_URL: the embedded store refuses a second
   * owner) on its own port. The simulators keep delivering to the first; tests address the replica directly.
   */
  startReplica(): Promise<{ bot: BotApp; botUrl: string }>;
  stop(): Promise<void>;
}

export const SANDBOX_SECRETS = {
  signingSecret: 'sandbox-signing-secret-0123456789',
  botToken: 'xoxb-sandbox-0000000000-bottoken',
  clientId: '1234567-SandboxClientIdAbCdEf',
  clientSecret: 'sandbox-client-secret-QWERTY123456',
  smtpUser: 'chatops',
  smtpPassword: 'smtp-sandbox-password',
};

/** The profile language tag a chat platform reports for someone working in `locale`. */
const PROFILE_TAG: Record<Locale, string> = { en: 'en-US', de: 'de-DE' };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The bot wired to every simulator on 127.0.0.1, with no credentials from anywhere: `npm run sandbox` and the
 * integration tests both start it. Only base URLs differ from production; the bot does not know.
 */
export async function startStack(o: StackOptions = {}): Promise<Stack> {
  // The free port is found before the simulators start and bound only after: another process (parallel tests)
  // can take it in between. The port is baked into the simulators' redirect URIs, so start over on a new one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStackOnce(o);
    } catch (err) {
      if (o.port !== undefined || attempt >= 3 || (err as { code?: string }).code !== 'EADDRINUSE') throw err;
    }
  }
}

async function startStackOnce(o: StackOptions): Promise<Stack> {
  const clock = o.clock;
  const port = o.port ?? (await freePort());
  const publicUrl = `http://127.0.0.1:${port}`;
  const smtp = await startSmtpSim({ username: SANDBOX_SECRETS.smtpUser, password: SANDBOX_SECRETS.smtpPassword });
  const itsmKind = o.itsm ?? 'servicenow';
  const itsm = await startItsmSim(itsmKind, clock);
  const tv = await startTeamViewerSim({
    clientId: SANDBOX_SECRETS.clientId,
    clientSecret: SANDBOX_SECRETS.clientSecret,
    redirectUris: [`${publicUrl}/oauth/teamviewer/callback`],
    autoConsent: o.autoConsent ?? true,
    ...(o.tvPageSize ? { pageSize: o.tvPageSize } : {}),
    ...(clock ? { clock } : {}),
  });
  tv.addUser({ userid: 'u1000001', name: 'Beth Anglin', email: 'beth.anglin@example.com' });
  tv.addUser({ userid: 'u1000002', name: 'Fred Luddy', email: 'fred.luddy@example.com' });
  const slack = await startSlackSim({ signingSecret: SANDBOX_SECRETS.signingSecret, botToken: SANDBOX_SECRETS.botToken, ...(clock ? { clock } : {}) });
  const bethLocale = o.locale ? { locale: PROFILE_TAG[o.locale] } : {};
  const agent = slack.addUser({ id: 'U0AGENT01', name: 'beth', realName: 'Beth Anglin', email: 'beth.anglin@example.com', tz: 'Europe/Berlin', ...bethLocale });
  const other = slack.addUser({ id: 'U0AGENT02', name: 'fred', realName: 'Fred Luddy', email: 'fred.luddy@example.com', tz: 'America/New_York' });
  const channel = slack.addChannel({ id: 'C0HELPDESK', name: 'helpdesk', botIsMember: true, members: [agent.id, other.id] });
  const priv = slack.addChannel({ id: 'G0PRIVATE1', name: 'secret-ops', isPrivate: true, botIsMember: false, members: [agent.id] });

  const teams = o.teams ? await startTeamsWorld(o.teams.auth ?? false, bethLocale) : undefined;

  const dataDir = o.dataDir ?? (await mkdtemp(join(tmpdir(), 'tvco-')));
  const env: Record<string, string> = {
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    DATA_DIR: dataDir,
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: o.logLevel ?? 'info',
    DEFAULT_TIMEZONE: 'Europe/Berlin',
    SLACK_SIGNING_SECRET: SANDBOX_SECRETS.signingSecret,
    SLACK_BOT_TOKEN: SANDBOX_SECRETS.botToken,
    SLACK_API_URL: slack.apiUrl,
    TEAMVIEWER_CLIENT_ID: SANDBOX_SECRETS.clientId,
    TEAMVIEWER_CLIENT_SECRET: SANDBOX_SECRETS.clientSecret,
    TEAMVIEWER_API_URL: tv.apiUrl,
    TEAMVIEWER_LOGIN_URL: tv.url,
    ...(itsm ? itsm.env : { ITSM_PROVIDER: 'none' }),
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Service Desk <servicedesk@example.com>',
    ...(teams ? teamsEnv(teams.sim, o.teams?.auth ?? false) : {}),
    ...(o.locale ? { DEFAULT_LOCALE: o.locale } : {}),
    ...(o.env ?? {}),
  };
  const people = { agent: agent.id, otherAgent: other.id, channel: channel.id, privateChannel: priv.id };
  const extraRoutes = o.extraRoutes?.({ slack, tv, itsm, smtp, people, teams, publicUrl: env.PUBLIC_URL ?? publicUrl });
  const boot = async (settings: Record<string, string>, replica = false) => {
    const config = loadConfig(Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== '')));
    const bot = await createApp(config, {
      ...(clock ? { clock } : {}),
      ...(o.logDestination ? { logDestination: o.logDestination } : {}),
      ...(o.outboxPollMs ? { outboxPollMs: o.outboxPollMs } : {}),
      ...(o.channelPostGapMs !== undefined ? { channelPostGapMs: o.channelPostGapMs } : {}),
      ...(extraRoutes ? { extraRoutes } : {}),
    });
    let botUrl: string;
    try {
      botUrl = await bot.listen(replica ? 0 : port, '127.0.0.1');
    } catch (err) {
      await bot.stop();
      throw err;
    }
    if (!replica) {
      slack.setBotUrl(`${botUrl}/slack/events`);
      teams?.sim.setBotUrl(`${botUrl}/api/messages`);
    }
    return { bot, botUrl, config };
  };
  let settings = env;
  const abandoned: Promise<unknown>[] = [];
  const replicas: BotApp[] = [];
  let first: Awaited<ReturnType<typeof boot>>;
  try {
    first = await boot(settings);
  } catch (err) {
    await Promise.allSettled([tv.stop(), slack.stop(), itsm?.stop(), smtp.stop(), teams?.sim.stop()]);
    throw err;
  }
  const stack: Stack = {
    ...first,
    slack,
    tv,
    teams,
    itsm,
    get servicenow(): ServiceNowSim {
      if (itsm?.kind !== 'servicenow') throw new Error(`this stack runs ${itsmKind}, not ServiceNow`);
      return itsm as ServiceNowSim;
    },
    smtp,
    people,
    async restartBot(r = {}) {
      const old = stack.bot;
      if (r.crash) {
        const copy = await mkdtemp(join(tmpdir(), 'tvco-crash-'));
        // The control socket can't be copied (and belongs to the old process anyway).
        await cp(settings.DATA_DIR ?? dataDir, copy, { recursive: true, filter: (src) => !src.endsWith('control.sock') });
        settings = { ...settings, DATA_DIR: copy };
        abandoned.push(old.stop());
      } else {
        await old.stop();
      }
      settings = { ...settings, ...(r.env ?? {}) };
      Object.assign(stack, await boot(settings));
    },
    env: () => ({ ...settings }),
    async startReplica() {
      const r = await boot(settings, true);
      replicas.push(r.bot);
      return { bot: r.bot, botUrl: r.botUrl };
    },
    async stop() {
      await Promise.allSettled(replicas.map((r) => r.stop()));
      await stack.bot.stop();
      // A crashed bot may still wait on TeamViewer: stopping it first lets that work end.
      await tv.stop();
      await Promise.allSettled(abandoned);
      await Promise.all([slack.stop(), itsm?.stop(), smtp.stop(), teams?.sim.stop()]);
    },
  };
  return stack;
}

async function startTeamsWorld(auth: boolean, bethLocale: { locale?: string }): Promise<TeamsWorld> {
  const sim = await startTeamsSim({ authEnabled: auth });
  const agent = sim.addUser({ name: 'Beth Anglin', email: 'beth.anglin@example.com', aadObjectId: '0b3c4d5e-1111-4a2b-8c3d-0000000000be', timezone: 'Europe/Berlin', ...bethLocale });
  const otherAgent = sim.addUser({ name: 'Fred Luddy', email: 'fred.luddy@example.com', aadObjectId: '0b3c4d5e-2222-4a2b-8c3d-000000000f4e', timezone: 'America/New_York' });
  const channel = sim.addChannel({ name: 'Helpdesk', team: 'IT', members: [agent, otherAgent] });
  return { sim, agent, otherAgent, channel };
}

/** The bot's Teams settings for the simulator; with auth, the simulator is also the identity provider. */
function teamsEnv(sim: TeamsSim, auth: boolean): Record<string, string> {
  if (!auth) return { TEAMS_ENABLED: 'true' };
  return {
    MICROSOFT_APP_ID: sim.appId,
    MICROSOFT_APP_PASSWORD: sim.appPassword,
    MICROSOFT_APP_TYPE: 'SingleTenant',
    MICROSOFT_APP_TENANT_ID: sim.botFrameworkConfig().MicrosoftAppTenantId ?? '',
    BOTFRAMEWORK_OPENID_METADATA_URL: sim.openIdMetadataUrl,
    BOTFRAMEWORK_TOKEN_ISSUER: sim.issuer,
    BOTFRAMEWORK_LOGIN_URL: sim.loginUrl,
  };
}
