import type { LocaleCache } from './i18n/locale-cache.js';
import type { Locale } from './i18n/locale.js';
import type { ChatNotifier, ConversationTarget } from './ports/chat.port.js';
import type { Clock } from './ports/clock.port.js';
import type { ItsmConnector } from './ports/itsm.port.js';
import type { Logger } from './ports/logger.port.js';
import type { Mailer } from './ports/mailer.port.js';
import type { CoreMetrics } from './ports/metrics.port.js';
import type { RemoteSupport } from './ports/remote-support.port.js';
import type { Store } from './ports/store.port.js';

/** Settings the use cases need, already parsed by config/ (durations in ms). */
export interface CoreSettings {
  publicUrl: string;
  /** How long a new session code stays valid (SESSION_VALIDITY). */
  sessionValidityMs: number;
  /** IANA zone for e-mails and notes when the reader's zone is unknown (DEFAULT_TIMEZONE). */
  defaultTimeZone: string;
  /**
   * DEFAULT_LOCALE: the language of what the organisation sends (invitation e-mails, journal entries, manager and
   * job posts) and of agents whose own language is unknown.
   */
  defaultLocale: Locale;
  requireAssignee: boolean;
  /** Lifetime of the one-time link DMed to agents (10 minutes). */
  linkTtlMs: number;
  /** A `requested` session older than this is presumed interrupted (crash) and recovered through TeamViewer. */
  staleRequestMs: number;
  /** Outbox retry schedule for e-mails and notes; its length is the number of retries. */
  outboxRetryDelaysMs: number[];
  /** Sender shown in invitations. */
  mailFrom?: string;
  /** How long after a session ends the `logs` job waits for late report records (LOGS_WAIT). */
  logsWaitMs: number;
  /** Least time between two looks at one session's report (LOGS_RETRY_INTERVAL). */
  logsRetryMs: number;
  /** Session records and summaries older than this are deleted (RETENTION). */
  retentionMs: number;
  /** The `tokens` job refreshes access tokens that expire within this (TOKENS_REFRESH_AHEAD). */
  tokensRefreshAheadMs: number;
  /** Where connection-log summaries for managers go (SLACK_LOG_CHANNEL / TEAMS_LOG_CONVERSATION). */
  managerLogs: ConversationTarget[];
  /** Gap between two posts to one channel (Slack allows about one message per second per channel). */
  channelPostGapMs: number;
}

export interface CoreDeps {
  settings: CoreSettings;
  itsm: ItsmConnector;
  remote: RemoteSupport;
  chat: ChatNotifier;
  store: Store;
  mailer: Mailer;
  clock: Clock;
  logger: Logger;
  /** Wakes the outbox worker after an enqueue so side effects start at once, not on the next tick. */
  kickOutbox: () => void;
  /** Real waiting (pacing chat posts); tests may pass an instant one. */
  sleep: (ms: number) => Promise<void>;
  /** Identifies this process in job leases (host:pid:random). */
  instanceId: string;
  /** The last language seen per agent; `createCore` makes one when the caller passes none. */
  locales: LocaleCache;
  /** Told when a command or job run finishes (Prometheus); absent when METRICS_ENABLED=false and in unit tests. */
  metrics?: CoreMetrics;
  /** Hands the app work the core starts without awaiting it (the command resumed after linking): shutdown waits for it. */
  track?: (work: Promise<unknown>, what: string) => void;
}
