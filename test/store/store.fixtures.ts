import { randomUUID } from 'node:crypto';
import type { AgentLink } from '../../src/core/domain/agent-link.js';
import type { ConnectionSummary, LogTracking, RemoteConnection } from '../../src/core/domain/connection-log.js';
import type { SessionRecord } from '../../src/core/domain/remote-session.js';
import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../../src/core/ports/store.port.js';

export interface OpenedStore {
  store: Store;
  cleanup(): Promise<void>;
}
export type OpenStore = () => Promise<OpenedStore>;

/** A fresh store for each test of the enclosing describe, handed to `use`, cleaned up afterwards. */
export function useFreshStore(open: OpenStore, use: (store: Store) => void): void {
  let opened: OpenedStore | undefined;
  beforeEach(async () => {
    opened = await open();
    use(opened.store);
  });
  afterEach(async () => {
    await opened?.cleanup();
  });
}

export const T0 = Date.parse('2030-01-01T00:00:00.000Z');
export const at = (ms: number) => new Date(T0 + ms);
export const iso = (ms: number) => at(ms).toISOString();
export const MIN = 60_000;

export function sessionRecord(over: Partial<SessionRecord> = {}): SessionRecord {
  const n = randomUUID().slice(0, 8);
  return {
    id: `s-${n}`,
    ticketKey: `servicenow:INC${n}`,
    ticket: { system: 'servicenow', number: `INC${n}`, id: `sys-${n}`, title: 'Printer jams' },
    agent: { key: 'slack:T1:U1', chatUserId: 'U1', name: 'Ada Agent' },
    state: 'requested',
    idempotencyKey: `idem-${n}`,
    createdAt: iso(0),
    updatedAt: iso(0),
    origin: { surface: 'slack', conversationId: 'C1' },
    ...over,
  };
}

export function logs(nextAttemptMs: number): LogTracking {
  return { attempts: 0, nextAttemptAt: iso(nextAttemptMs), giveUpAt: iso(nextAttemptMs + 60 * MIN) };
}

export function connection(startMs: number, endMs?: number): RemoteConnection {
  return { id: randomUUID(), supporterName: 'Ada Agent', start: iso(startMs), ...(endMs === undefined ? {} : { end: iso(endMs) }) };
}

export function summary(over: Partial<ConnectionSummary> = {}): ConnectionSummary {
  return { outcome: 'no_connection', connections: [], totalMs: 0, summarizedAt: iso(30 * MIN), managerPost: 'pending', ...over };
}

export function agentLink(over: Partial<AgentLink> = {}): AgentLink {
  const n = randomUUID().slice(0, 8);
  return {
    agentKey: `slack:T1:${n}`,
    tvUserId: `u${n}`,
    name: 'Ada Agent',
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    expiresAt: iso(60 * MIN),
    linkedAt: iso(0),
    ...over,
  };
}

/** A `created` session, stored through the port as the bot would: reserved, then confirmed by TeamViewer. */
export async function createdSession(store: Store, over: Partial<SessionRecord> = {}, validUntilMs = 60 * MIN): Promise<SessionRecord> {
  const r = sessionRecord(over);
  await store.sessions.reserve(r, at(0));
  const s = await store.sessions.transition(r.id, 'requested', { state: 'created', code: 's12-345-678', validUntil: iso(validUntilMs), updatedAt: iso(0) });
  if (!s) throw new Error('fixture: transition to created failed');
  return s;
}

/** A session that ended (closed or expired) at `endedMs`, optionally queued for its connection log. */
export async function endedSession(store: Store, o: { state?: 'closed' | 'expired'; endedMs?: number; logs?: LogTracking; over?: Partial<SessionRecord> } = {}): Promise<SessionRecord> {
  const s = await createdSession(store, o.over);
  const endedAt = iso(o.endedMs ?? 10 * MIN);
  const e = await store.sessions.transition(s.id, 'created', {
    state: o.state ?? 'closed',
    closedAt: endedAt,
    updatedAt: endedAt,
    ...(o.logs ? { logs: o.logs } : {}),
  });
  if (!e) throw new Error('fixture: transition to ended failed');
  return e;
}

export const ids = (list: readonly { id: string }[]) => list.map((s) => s.id);
