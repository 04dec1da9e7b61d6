import type { RemoteDevice } from '../domain/device.js';
import type { AgentLink, PendingCommand } from '../domain/agent-link.js';
import type { ConnectionSummary } from '../domain/connection-log.js';
import type { SessionRecord, SessionState } from '../domain/remote-session.js';

/**
 * Persistence, one repository per concern. Every method is one atomic step, so that the PostgreSQL store can
 * enforce the same guarantees across replicas (issue: scale-out) that the embedded store enforces in one process.
 */
export interface SessionRepo {
  /**
   * Inserts `record` (state `requested`, or `created` when reconcile adopts a session found at TeamViewer) unless a live session exists for its ticket key; then returns that one.
   * Sessions for the ticket whose validity has passed are marked `expired` in the same step.
   */
  reserve(record: SessionRecord, now: Date): Promise<{ created: true; record: SessionRecord } | { created: false; existing: SessionRecord }>;
  get(id: string): Promise<SessionRecord | undefined>;
  /** The live (requested, or created and valid) session for a ticket key. */
  findLiveByTicket(ticketKey: string, now: Date): Promise<SessionRecord | undefined>;
  /** Most recent session for a ticket key in any state. */
  findLatestByTicket(ticketKey: string): Promise<SessionRecord | undefined>;
  listByAgent(agentKey: string, states: SessionState[]): Promise<SessionRecord[]>;
  /**
   * Applies `patch` if the record is still in `expectedState` (compare-and-set); returns the new record,
   * or undefined when the state had moved on (someone else won the race).
   */
  transition(id: string, expectedState: SessionState, patch: Partial<SessionRecord>): Promise<SessionRecord | undefined>;
  /** Field updates that don't change state (card ref, invite status). */
  patch(id: string, patch: Partial<Omit<SessionRecord, 'state' | 'id'>>): Promise<SessionRecord | undefined>;

  // Job queries. Each costs in proportion to what it returns, not to every session ever stored (issue 3).
  /** `created` sessions whose `validUntil` is at or before `now`, earliest first, at most `limit`. */
  listExpired(now: Date, limit: number): Promise<SessionRecord[]>;
  /** Sessions waiting for a connection summary (`awaitsSummary`) whose `logs.nextAttemptAt` is at or before `now`. */
  listAwaitingSummary(now: Date, limit: number): Promise<SessionRecord[]>;
  /** Sessions whose summary still has to go to the manager log (`summary.managerPost === 'pending'`), oldest first. */
  listPendingManagerPosts(limit: number): Promise<SessionRecord[]>;
  /** Sessions with a summary that were created, or had a connection start, in [from, to). */
  listSummarized(from: Date, to: Date): Promise<SessionRecord[]>;
  /** The session carrying this `custom_api` idempotency key. */
  findByIdempotencyKey(key: string): Promise<SessionRecord | undefined>;
  /**
   * Stores `summary` and clears `logs` unless the session already has a summary (compare-and-set): the winner
   * alone posts and notes it. Returns the updated record, or undefined when another run was first.
   */
  saveSummary(id: string, summary: ConnectionSummary): Promise<SessionRecord | undefined>;
  /** Deletes sessions in a terminal state whose `closedAt` (or `updatedAt`) is before `cutoff`; returns how many. */
  purgeEndedBefore(cutoff: Date): Promise<number>;
  /** How many sessions are live at `now` (see `isLive`): the open-sessions gauge, read at every metrics scrape. */
  countOpen(now: Date): Promise<number>;
}

export interface AgentLinkRepo {
  get(agentKey: string): Promise<AgentLink | undefined>;
  /** Insert or replace the agent's link (the rotated token pair is written in the same step). */
  put(link: AgentLink): Promise<void>;
  delete(agentKey: string): Promise<AgentLink | undefined>;
  /** Every link, broken ones included (one per agent: small). */
  list(): Promise<AgentLink[]>;
}

/** One-time link tokens DMed to agents; stored as hashes, consumed once. */
export interface LinkTicket {
  tokenHash: string;
  agentKey: string;
  chatUserId: string;
  surface: 'slack' | 'teams';
  pending?: PendingCommand;
  /** ISO-8601 UTC. */
  expiresAt: string;
  createdAt: string;
}

/** OAuth `state` records with the PKCE verifier, server-side only. */
export interface OAuthStateRecord {
  stateHash: string;
  /** Hash of the nonce in the browser cookie set on /start: binds the callback to the browser that began. */
  browserNonceHash: string;
  codeVerifier: string;
  agentKey: string;
  chatUserId: string;
  surface: 'slack' | 'teams';
  pending?: PendingCommand;
  expiresAt: string;
}

export interface LinkFlowRepo {
  putTicket(ticket: LinkTicket): Promise<void>;
  /** Removes and returns the ticket when it exists and has not expired; a second call returns undefined. */
  consumeTicket(tokenHash: string, now: Date): Promise<LinkTicket | undefined>;
  putState(state: OAuthStateRecord): Promise<void>;
  consumeState(stateHash: string, now: Date): Promise<OAuthStateRecord | undefined>;
  /** Drops expired tickets and states; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** Delivery-level dedupe: Slack event ids, retried requests, double clicks. */
export interface IdempotencyRepo {
  /** True the first time a key is seen within `ttlMs`; false for repeats. */
  claim(key: string, now: Date, ttlMs: number): Promise<boolean>;
  /** Forgets keys whose time-to-live has passed; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

export type OutboxKind = 'email' | 'journal';

export interface OutboxItem {
  id: string;
  kind: OutboxKind;
  sessionId: string;
  /** Kind-specific payload; never carries tokens. */
  payload: Record<string, unknown>;
  attempts: number;
  /** Times the item was handed out by claimDue; more than one means an earlier delivery may have been cut short. */
  claims?: number;
  /** ISO-8601 UTC. */
  nextAttemptAt: string;
  status: 'pending' | 'done' | 'failed';
  lastError?: string;
  /** A claimed item is invisible to other workers until this instant (crash safety). */
  leaseUntil?: string;
  createdAt: string;
}

/** Side effects that must not delay the card and must not be lost: e-mails and work notes. */
export interface OutboxRepo {
  enqueue(item: OutboxItem): Promise<void>;
  /** Claims up to `limit` due items, leasing each for `leaseMs`. */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  complete(id: string): Promise<void>;
  retryLater(id: string, nextAttemptAt: Date, error: string): Promise<void>;
  fail(id: string, error: string): Promise<void>;
  get(id: string): Promise<OutboxItem | undefined>;
  /** Deletes `failed` items created before `cutoff` (done items are deleted on completion); returns how many. */
  purgeFailedBefore(cutoff: Date): Promise<number>;
  /** Items still to be delivered (`pending`, due or not): the outbox gauge, read at every metrics scrape. */
  countPending(): Promise<number>;
}

/** The last run of a scheduled job, and the lease that keeps two runs of it from overlapping. */
export interface JobRunRecord {
  job: string;
  /** Holder of the current lease (process/run id), while one is held. */
  owner?: string;
  /** ISO-8601 UTC; an expired lease is free again (a crashed run does not block the job for ever). */
  leaseUntil?: string;
  lastStartedAt?: string;
  lastFinishedAt?: string;
  lastOutcome?: 'ok' | 'partial' | 'failed';
  lastSummary?: string;
  /** The scheduled tick (ISO-8601) of the last run started for a tick; manual runs leave it alone. */
  lastSlot?: string;
}

export interface JobRunRepo {
  /**
   * Takes the job's lease unless another owner holds one that has not expired. Atomic. With `slot` (the scheduled
   * tick a scheduler fired for) it also refuses when a run for that same tick has already started, even one that has
   * finished: every replica's scheduler fires for each tick, and the tick must run once however far apart they wake.
   */
  tryAcquire(job: string, owner: string, now: Date, leaseMs: number, slot?: string): Promise<boolean>;
  /** Frees the lease (only when `owner` still holds it) and records the outcome. */
  release(job: string, owner: string, result: { finishedAt: Date; outcome: 'ok' | 'partial' | 'failed'; summary: string }): Promise<void>;
  list(): Promise<JobRunRecord[]>;
}

/** The TeamViewer device list as the last `assets` run saw it: `connect`'s fallback when the ITSM field is empty. */
export interface DeviceRepo {
  /** Replaces the whole list in one write (a device gone from TeamViewer must not linger). */
  replaceAll(devices: RemoteDevice[], syncedAt: Date): Promise<void>;
  /** Devices going by that name (case-insensitive), as last synced. */
  findByName(name: string): Promise<RemoteDevice[]>;
  list(): Promise<RemoteDevice[]>;
  /** When the list was last replaced; undefined before the first sync. */
  syncedAt(): Promise<string | undefined>;
}

/**
 * Where a chat platform keeps what it needs to message a conversation or person later, outside any request
 * (Teams conversation references: serviceUrl, tenant, ids). Opaque to the core; survives restarts.
 */
export interface ConversationRefRepo {
  put(key: string, ref: Record<string, unknown>): Promise<void>;
  get(key: string): Promise<Record<string, unknown> | undefined>;
}

export interface Store {
  readonly sessions: SessionRepo;
  readonly devices: DeviceRepo;
  readonly conversationRefs: ConversationRefRepo;
  readonly links: AgentLinkRepo;
  readonly linkFlow: LinkFlowRepo;
  readonly idempotency: IdempotencyRepo;
  readonly outbox: OutboxRepo;
  readonly jobRuns: JobRunRepo;
  /** Runs `fn` while holding a named lock (per-agent token refresh, per-ticket start). */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
