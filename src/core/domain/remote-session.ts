/**
 * The session record the bot keeps per ticket, and its state machine (product.md §8.1).
 * Transitions are pure so every store implementation applies the same rules.
 */
import type { ConnectionSummary, LogTracking } from './connection-log.js';
import type { ItsmSystem, Person } from './ticket.js';

export type SessionState = 'requested' | 'created' | 'closed' | 'expired' | 'failed';

/** Where a message lives on a chat platform, so it can be updated later. */
export interface MessageRef {
  surface: 'slack' | 'teams';
  conversationId: string;
  /** Slack `ts`, Teams activity id; absent when the platform gave no handle (Slack response_url posts). */
  messageId?: string;
}

export interface InviteStatus {
  status: 'pending' | 'sent' | 'failed' | 'handed_to_agent' | 'none';
  to?: string;
  messageId?: string;
  error?: string;
  at?: string;
}

export interface SessionRecord {
  id: string;
  /** `${system}:${number}`; at most one active session per key. */
  ticketKey: string;
  ticket: { system: ItsmSystem; number: string; id: string; kind?: string; title: string; url?: string };
  requester?: Person;
  /** `locale`: the starting agent's language (`en`, `de`) when the session was started; its card keeps it. */
  agent: { key: string; chatUserId: string; name: string; tvUserId?: string; locale?: string };
  state: SessionState;
  /** Also written into TeamViewer's `custom_api`, so a session created there but not recorded here is found again. */
  idempotencyKey: string;
  code?: string;
  customerLink?: string;
  supporterLink?: string;
  webSupporterLink?: string;
  /** ISO-8601 UTC. */
  validUntil?: string;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  /** Who closed it and why (`agent`, `expired`, `remote`). */
  closedBy?: string;
  /** The conversation the command came from; cards and follow-ups go there. */
  origin: { surface: 'slack' | 'teams'; conversationId: string; responseUrl?: string; threadId?: string };
  card?: MessageRef;
  invite?: InviteStatus;
  /** Last failure while creating, for `status`. */
  failure?: { code: string; message: string; at: string };
  /** Set when the session ends (closed or expired after it existed at TeamViewer): the `logs` job's queue. */
  logs?: LogTracking;
  /** The connection-log summary, written once (`saveSummary` is compare-and-set). */
  summary?: ConnectionSummary;
  /** The close at TeamViewer failed (e.g. the agent's link broke); `reconcile` closes it there later. */
  remoteCloseError?: string;
}

export const ACTIVE_STATES: readonly SessionState[] = ['requested', 'created'];

/** Open at TeamViewer and not past its validity: the one `start` must show instead of creating another. */
export function isLive(session: SessionRecord, now: Date): boolean {
  if (session.state === 'requested') return true;
  if (session.state !== 'created') return false;
  return !session.validUntil || Date.parse(session.validUntil) > now.getTime();
}

/** Ended after it existed at TeamViewer: the sessions whose connection log is worth fetching. */
export function awaitsSummary(s: SessionRecord): boolean {
  return (s.state === 'closed' || s.state === 'expired') && s.logs !== undefined && s.summary === undefined;
}

export function isTerminal(state: SessionState): boolean {
  return state === 'closed' || state === 'expired' || state === 'failed';
}

const allowed: Record<SessionState, readonly SessionState[]> = {
  requested: ['created', 'failed'],
  created: ['closed', 'expired'],
  closed: [],
  expired: ['closed'],
  failed: [],
};

export function canTransition(from: SessionState, to: SessionState): boolean {
  return allowed[from].includes(to);
}
