import type { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import type { Locale } from '../core/i18n/locale.js';
import { slackEnvSchema, toSlackConfig, type SlackConfig } from '../chat/slack/slack.schema.js';
import { teamsEnabled, teamsEnvSchema, toTeamsConfig, type TeamsConfig } from '../chat/teams/teams.schema.js';
import { parseItsmEnv, type ItsmConfig } from '../itsm/registry.js';
import { mailEnvSchema, toMailConfig, type MailConfig } from '../mail/mail.schema.js';
import { teamviewerEnvSchema, toTeamViewerConfig, type TeamViewerConfig } from '../teamviewer/teamviewer.schema.js';
import { jobsEnvSchema, toJobsConfig, type JobsConfig } from './jobs.schema.js';
import { baseEnvSchema } from './schema.js';

export type { ItsmConfig } from '../itsm/registry.js';

/** The whole boot configuration, parsed once in main.ts and passed down (never imported as a singleton). */
export interface Config {
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
  encryptionKey: Buffer;
  logLevel: string;
  defaultTimeZone: string;
  /** DEFAULT_LOCALE: language of e-mails, journal entries and channel posts, and of agents whose language is unknown. */
  defaultLocale: Locale;
  sessionValidityMs: number;
  requireAssignee: boolean;
  outboxRetryDelaysMs: number[];
  upstreamTimeoutMs: number;
  /** METRICS_ENABLED: serve GET /metrics and collect the counters behind it. */
  metricsEnabled: boolean;
  /** SHUTDOWN_TIMEOUT in ms: how long a stop waits for in-flight work before giving up. */
  shutdownTimeoutMs: number;
  slack?: SlackConfig;
  teams?: TeamsConfig;
  teamviewer: TeamViewerConfig;
  itsm: ItsmConfig;
  mail: MailConfig;
  jobs: JobsConfig;
}

type Env = Record<string, string | undefined>;

function collect<S extends z.ZodType>(schema: S, env: Env, problems: string[]): z.infer<S> | undefined {
  const r = schema.safeParse(env);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const name = issue.path.join('.') || 'environment';
    problems.push(`${name} ${issue.message}`);
  }
  return undefined;
}

/**
 * Pure: env in, frozen Config out, or one ConfigError listing every problem with its fix (probot style).
 * `.env` loading happens in main.ts, not here.
 */
export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const base = collect(baseEnvSchema, env, problems);
  const tv = collect(teamviewerEnvSchema, env, problems);
  const mail = collect(mailEnvSchema, env, problems);
  const jobs = collect(jobsEnvSchema, env, problems);
  const slack = env.SLACK_SIGNING_SECRET !== undefined ? collect(slackEnvSchema, env, problems) : undefined;
  const teams = teamsEnabled(env) ? collect(teamsEnvSchema, env, problems) : undefined;

  // Read the raw value too: a mistake elsewhere in the base settings must not hide the connector's own ones.
  const provider = base?.ITSM_PROVIDER ?? env.ITSM_PROVIDER?.trim().toLowerCase() ?? 'none';
  const itsm: ItsmConfig | undefined = parseItsmEnv(provider, env, problems);
  if (env.SLACK_SIGNING_SECRET === undefined && !teamsEnabled(env)) {
    problems.push('no chat platform is on: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN from your Slack app (README, "Install in Slack"), or MICROSOFT_APP_ID and its settings for Teams (README, "Install in Microsoft Teams")');
  }
  const publicUrl = env.PUBLIC_URL?.trim().replace(/\/+$/, '');
  if (publicUrl && (!/^https?:\/\//.test(publicUrl) || !URL.canParse(publicUrl))) {
    problems.push(`PUBLIC_URL must be the http(s) URL browsers reach this bot at, got "${publicUrl}"`);
  }
  const db = env.DATABASE_URL?.trim();
  if (db && (!/^postgres(ql)?:\/\//.test(db) || !URL.canParse(db))) {
    problems.push('DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/database (unset it to use the embedded store in DATA_DIR)');
  }
  if (problems.length > 0 || !base || !tv || !mail || !jobs || !itsm) throw new ConfigError(problems);

  const port = base.PORT;
  const config: Config = {
    port,
    publicUrl: (base.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    dataDir: base.DATA_DIR,
    ...(base.DATABASE_URL ? { databaseUrl: base.DATABASE_URL } : {}),
    ...(base.DATABASE_SCHEMA ? { databaseSchema: base.DATABASE_SCHEMA } : {}),
    encryptionKey: base.ENCRYPTION_KEY,
    logLevel: base.LOG_LEVEL,
    defaultTimeZone: base.DEFAULT_TIMEZONE,
    defaultLocale: base.DEFAULT_LOCALE,
    sessionValidityMs: base.SESSION_VALIDITY,
    requireAssignee: base.REQUIRE_ASSIGNEE,
    outboxRetryDelaysMs: base.OUTBOX_RETRY_DELAYS,
    upstreamTimeoutMs: base.UPSTREAM_TIMEOUT_MS,
    metricsEnabled: base.METRICS_ENABLED,
    shutdownTimeoutMs: base.SHUTDOWN_TIMEOUT,
    ...(slack ? { slack: toSlackConfig(slack) } : {}),
    ...(teams ? { teams: toTeamsConfig(teams) } : {}),
    teamviewer: toTeamViewerConfig(tv),
    itsm,
    mail: toMailConfig(mail),
    jobs: toJobsConfig(jobs),
  };
  return Object.freeze(config);
}
