import { awaitsSummary, type SessionRecord } from '../../core/domain/remote-session.js';

/**
 * In-memory indexes over the session array, so that the scheduled jobs cost in proportion to what they find
 * rather than to every session kept in the file (issue 3). They are derived data: built when the file is loaded
 * and never written. The repository is the only writer of sessions, so it keeps them current by calling
 * `remove` before it changes a record and `add` after.
 */
export class SessionIndex {
  readonly byId = new Map<string, SessionRecord>();
  readonly created = new Set<string>();
  readonly requested = new Set<string>();
  readonly awaitingSummary = new Set<string>();
  readonly pendingManagerPost = new Set<string>();
  readonly byIdempotencyKey = new Map<string, string>();
  private readonly byTicketKey = new Map<string, Set<string>>();

  constructor(records: readonly SessionRecord[]) {
    for (const r of records) this.add(r);
  }

  add(r: SessionRecord): void {
    this.byId.set(r.id, r);
    if (r.state === 'created') this.created.add(r.id);
    if (r.state === 'requested') this.requested.add(r.id);
    if (awaitsSummary(r)) this.awaitingSummary.add(r.id);
    if (r.summary?.managerPost === 'pending') this.pendingManagerPost.add(r.id);
    this.byIdempotencyKey.set(r.idempotencyKey, r.id);
    let ids = this.byTicketKey.get(r.ticketKey);
    if (!ids) {
      ids = new Set();
      this.byTicketKey.set(r.ticketKey, ids);
    }
    ids.add(r.id);
  }

  remove(r: SessionRecord): void {
    this.byId.delete(r.id);
    this.created.delete(r.id);
    this.requested.delete(r.id);
    this.awaitingSummary.delete(r.id);
    this.pendingManagerPost.delete(r.id);
    // Keys are meant to be unique; if a file ever holds a duplicate, don't drop the entry of the other record.
    if (this.byIdempotencyKey.get(r.idempotencyKey) === r.id) this.byIdempotencyKey.delete(r.idempotencyKey);
    const ids = this.byTicketKey.get(r.ticketKey);
    ids?.delete(r.id);
    if (ids?.size === 0) this.byTicketKey.delete(r.ticketKey);
  }

  /** Applies `change` to a stored record with the indexes following along (keys and state may both change). */
  update(r: SessionRecord, change: (r: SessionRecord) => void): void {
    this.remove(r);
    change(r);
    this.add(r);
  }

  forTicket(ticketKey: string): SessionRecord[] {
    return this.resolve(this.byTicketKey.get(ticketKey) ?? []);
  }

  resolve(ids: Iterable<string>): SessionRecord[] {
    const out: SessionRecord[] = [];
    for (const id of ids) {
      const r = this.byId.get(id);
      if (r) out.push(r);
    }
    return out;
  }
}
