import type { ConnectionSummary } from '../../core/domain/connection-log.js';
import { isLive, isTerminal, type SessionRecord, type SessionState } from '../../core/domain/remote-session.js';
import type { SessionRepo } from '../../core/ports/store.port.js';
import { SessionIndex } from './lowdb.session-index.js';
import type { LowdbHandle } from './lowdb.store.js';

const clone = <T>(v: T): T => structuredClone(v);
const byThenId = (key: (s: SessionRecord) => string) => (a: SessionRecord, b: SessionRecord) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id);

/**
 * Records live in `h.data.sessions` (the array lowdb writes); `SessionIndex` points into it. Every method mutates
 * the array and the indexes with no await in between, so each one is a single atomic step within the process.
 */
export class LowdbSessionRepo implements SessionRepo {
  private readonly index: SessionIndex;

  constructor(private readonly h: LowdbHandle) {
    this.index = new SessionIndex(h.data.sessions);
  }

  async reserve(record: SessionRecord, now: Date) {
    const sameTicket = this.index.forTicket(record.ticketKey);
    let changed = false;
    for (const s of sameTicket) {
      if (s.state === 'created' && !isLive(s, now)) {
        this.index.update(s, (r) => {
          r.state = 'expired';
          r.updatedAt = now.toISOString();
        });
        changed = true;
      }
    }
    const live = sameTicket.find((s) => isLive(s, now));
    if (live) {
      if (changed) await this.h.save();
      return { created: false as const, existing: clone(live) };
    }
    const stored = clone(record);
    this.h.data.sessions.push(stored);
    this.index.add(stored);
    await this.h.save();
    return { created: true as const, record: clone(record) };
  }

  async get(id: string) {
    const s = this.index.byId.get(id);
    return s ? clone(s) : undefined;
  }

  async findLiveByTicket(ticketKey: string, now: Date) {
    const s = this.index.forTicket(ticketKey).find((x) => isLive(x, now));
    return s ? clone(s) : undefined;
  }

  async findLatestByTicket(ticketKey: string) {
    let latest: SessionRecord | undefined;
    // `>=`: on equal timestamps the one stored last wins, as it did when this scanned the array.
    for (const s of this.index.forTicket(ticketKey)) if (!latest || s.createdAt >= latest.createdAt) latest = s;
    return latest ? clone(latest) : undefined;
  }

  async listByAgent(agentKey: string, states: SessionState[]) {
    return this.h.data.sessions.filter((s) => s.agent.key === agentKey && states.includes(s.state)).map(clone);
  }

  async transition(id: string, expectedState: SessionState, patch: Partial<SessionRecord>) {
    const s = this.index.byId.get(id);
    if (!s || s.state !== expectedState) return undefined;
    this.index.update(s, (r) => Object.assign(r, patch, { id: r.id }));
    await this.h.save();
    return clone(s);
  }

  async patch(id: string, patch: Partial<Omit<SessionRecord, 'state' | 'id'>>) {
    const s = this.index.byId.get(id);
    if (!s) return undefined;
    // The type already forbids them; the runtime guard keeps a stray field from bypassing the state machine.
    this.index.update(s, (r) => Object.assign(r, patch, { id: r.id, state: r.state }));
    await this.h.save();
    return clone(s);
  }

  async listExpired(now: Date, limit: number) {
    const t = now.getTime();
    return this.index
      .resolve(this.index.created)
      .filter((s) => s.validUntil !== undefined && Date.parse(s.validUntil) <= t)
      .sort(byThenId((s) => s.validUntil ?? ''))
      .slice(0, limit)
      .map(clone);
  }

  async listAwaitingSummary(now: Date, limit: number) {
    const t = now.getTime();
    return this.index
      .resolve(this.index.awaitingSummary)
      .filter((s) => s.logs !== undefined && Date.parse(s.logs.nextAttemptAt) <= t)
      .sort(byThenId((s) => s.logs?.nextAttemptAt ?? ''))
      .slice(0, limit)
      .map(clone);
  }

  async listPendingManagerPosts(limit: number) {
    return this.index
      .resolve(this.index.pendingManagerPost)
      .sort(byThenId((s) => s.summary?.summarizedAt ?? ''))
      .slice(0, limit)
      .map(clone);
  }

  async listSummarized(from: Date, to: Date) {
    // A report runs rarely and reads every summary in its range anyway, so one pass over the array is fine here.
    const lo = from.getTime();
    const hi = to.getTime();
    const within = (iso: string) => {
      const t = Date.parse(iso);
      return t >= lo && t < hi;
    };
    return this.h.data.sessions
      .filter((s) => s.summary !== undefined && (within(s.createdAt) || s.summary.connections.some((c) => within(c.start))))
      .sort(byThenId((s) => s.createdAt))
      .map(clone);
  }

  async findByIdempotencyKey(key: string) {
    const id = this.index.byIdempotencyKey.get(key);
    const s = id === undefined ? undefined : this.index.byId.get(id);
    return s ? clone(s) : undefined;
  }

  async saveSummary(id: string, summary: ConnectionSummary) {
    const s = this.index.byId.get(id);
    if (!s || s.summary !== undefined) return undefined;
    this.index.update(s, (r) => {
      r.summary = clone(summary);
      delete r.logs;
      r.updatedAt = summary.summarizedAt;
    });
    await this.h.save();
    return clone(s);
  }

  async countOpen(now: Date) {
    let n = this.index.requested.size;
    for (const s of this.index.resolve(this.index.created)) if (isLive(s, now)) n += 1;
    return n;
  }

  async purgeEndedBefore(cutoff: Date) {
    const t = cutoff.getTime();
    const doomed = new Set<SessionRecord>();
    for (const s of this.h.data.sessions) {
      if (isTerminal(s.state) && Date.parse(s.closedAt ?? s.updatedAt) < t) doomed.add(s);
    }
    if (doomed.size === 0) return 0;
    for (const s of doomed) this.index.remove(s);
    this.h.data.sessions = this.h.data.sessions.filter((s) => !doomed.has(s));
    await this.h.save();
    return doomed.size;
  }
}
