import { isLive, type SessionRecord, type SessionState } from '../../core/domain/remote-session.js';
import type { SessionRepo } from '../../core/ports/store.port.js';
import type { LowdbHandle } from './lowdb.store.js';

const clone = <T>(v: T): T => structuredClone(v);

export class LowdbSessionRepo implements SessionRepo {
  constructor(private readonly h: LowdbHandle) {}

  private byId(id: string): SessionRecord | undefined {
    return this.h.data.sessions.find((s) => s.id === id);
  }

  async reserve(record: SessionRecord, now: Date) {
    const sameTicket = this.h.data.sessions.filter((s) => s.ticketKey === record.ticketKey);
    let changed = false;
    for (const s of sameTicket) {
      if (s.state === 'created' && !isLive(s, now)) {
        s.state = 'expired';
        s.updatedAt = now.toISOString();
        changed = true;
      }
    }
    const live = sameTicket.find((s) => isLive(s, now));
    if (live) {
      if (changed) await this.h.save();
      return { created: false as const, existing: clone(live) };
    }
    this.h.data.sessions.push(clone(record));
    await this.h.save();
    return { created: true as const, record: clone(record) };
  }

  async get(id: string) {
    const s = this.byId(id);
    return s ? clone(s) : undefined;
  }

  async findLiveByTicket(ticketKey: string, now: Date) {
    const s = this.h.data.sessions.find((x) => x.ticketKey === ticketKey && isLive(x, now));
    return s ? clone(s) : undefined;
  }

  async findLatestByTicket(ticketKey: string) {
    let latest: SessionRecord | undefined;
    for (const s of this.h.data.sessions) {
      if (s.ticketKey === ticketKey && (!latest || s.createdAt >= latest.createdAt)) latest = s;
    }
    return latest ? clone(latest) : undefined;
  }

  async listByAgent(agentKey: string, states: SessionState[]) {
    return this.h.data.sessions.filter((s) => s.agent.key === agentKey && states.includes(s.state)).map(clone);
  }

  async transition(id: string, expectedState: SessionState, patch: Partial<SessionRecord>) {
    const s = this.byId(id);
    if (!s || s.state !== expectedState) return undefined;
    Object.assign(s, patch, { id: s.id });
    await this.h.save();
    return clone(s);
  }

  async patch(id: string, patch: Partial<Omit<SessionRecord, 'state' | 'id'>>) {
    const s = this.byId(id);
    if (!s) return undefined;
    Object.assign(s, patch);
    await this.h.save();
    return clone(s);
  }
}
