import type { IdempotencyRepo, OutboxItem, OutboxRepo } from '../../core/ports/store.port.js';
import type { LowdbHandle } from './lowdb.store.js';

export class LowdbIdempotencyRepo implements IdempotencyRepo {
  constructor(private readonly h: LowdbHandle) {}

  async claim(key: string, now: Date, ttlMs: number) {
    const map = this.h.data.idempotency;
    const t = now.getTime();
    const seen = map[key];
    if (seen && Date.parse(seen) > t) return false;
    map[key] = new Date(t + ttlMs).toISOString();
    // Keep the map from growing without bound: drop expired keys while we are here.
    for (const [k, exp] of Object.entries(map)) if (Date.parse(exp) <= t) delete map[k];
    await this.h.save();
    return true;
  }

  async purgeExpired(now: Date) {
    const map = this.h.data.idempotency;
    const t = now.getTime();
    let removed = 0;
    for (const [k, exp] of Object.entries(map)) {
      if (Date.parse(exp) <= t) {
        delete map[k];
        removed += 1;
      }
    }
    if (removed > 0) await this.h.save();
    return removed;
  }
}

export class LowdbOutboxRepo implements OutboxRepo {
  constructor(private readonly h: LowdbHandle) {}

  private find(id: string) {
    return this.h.data.outbox.find((i) => i.id === id);
  }

  async enqueue(item: OutboxItem) {
    this.h.data.outbox.push(structuredClone(item));
    await this.h.save();
  }

  async claimDue(now: Date, limit: number, leaseMs: number) {
    const t = now.getTime();
    const due = this.h.data.outbox
      .filter((i) => i.status === 'pending' && Date.parse(i.nextAttemptAt) <= t && (!i.leaseUntil || Date.parse(i.leaseUntil) <= t))
      .slice(0, limit);
    if (due.length === 0) return [];
    for (const i of due) {
      i.leaseUntil = new Date(t + leaseMs).toISOString();
      i.claims = (i.claims ?? 0) + 1;
    }
    await this.h.save();
    return due.map((i) => structuredClone(i));
  }

  async complete(id: string) {
    // Delivered items leave the file: it must not grow with history.
    this.h.data.outbox = this.h.data.outbox.filter((i) => i.id !== id);
    await this.h.save();
  }

  async retryLater(id: string, nextAttemptAt: Date, error: string) {
    const i = this.find(id);
    if (!i) return;
    i.attempts += 1;
    i.nextAttemptAt = nextAttemptAt.toISOString();
    i.lastError = error;
    delete i.leaseUntil;
    await this.h.save();
  }

  async fail(id: string, error: string) {
    const i = this.find(id);
    if (!i) return;
    i.attempts += 1;
    i.status = 'failed';
    i.lastError = error;
    delete i.leaseUntil;
    await this.h.save();
  }

  async get(id: string) {
    const i = this.find(id);
    return i ? structuredClone(i) : undefined;
  }

  async purgeFailedBefore(cutoff: Date) {
    const t = cutoff.getTime();
    const before = this.h.data.outbox.length;
    const kept = this.h.data.outbox.filter((i) => !(i.status === 'failed' && Date.parse(i.createdAt) < t));
    const removed = before - kept.length;
    if (removed > 0) {
      this.h.data.outbox = kept;
      await this.h.save();
    }
    return removed;
  }

  async countPending() {
    let n = 0;
    for (const i of this.h.data.outbox) if (i.status === 'pending') n += 1;
    return n;
  }
}
