import type { JobRunRecord, JobRunRepo } from '../../core/ports/store.port.js';
import type { LowdbHandle } from './lowdb.store.js';

export class LowdbJobRunRepo implements JobRunRepo {
  constructor(private readonly h: LowdbHandle) {}

  private find(job: string): JobRunRecord | undefined {
    return this.h.data.jobRuns.find((r) => r.job === job);
  }

  async tryAcquire(job: string, owner: string, now: Date, leaseMs: number, slot?: string) {
    // Check and set run with no await in between: that is what makes the lease atomic within the process.
    const t = now.getTime();
    let rec = this.find(job);
    if (rec?.owner && rec.owner !== owner && rec.leaseUntil && Date.parse(rec.leaseUntil) > t) return false;
    // A tick at or before the last one run is done (a replica late for an older tick must not run it again).
    if (slot !== undefined && rec?.lastSlot !== undefined && rec.lastSlot >= slot) return false;
    if (!rec) {
      rec = { job };
      this.h.data.jobRuns.push(rec);
    }
    rec.owner = owner;
    rec.leaseUntil = new Date(t + leaseMs).toISOString();
    rec.lastStartedAt = now.toISOString();
    if (slot !== undefined) rec.lastSlot = slot;
    await this.h.save();
    return true;
  }

  async release(job: string, owner: string, result: { finishedAt: Date; outcome: 'ok' | 'partial' | 'failed'; summary: string }) {
    const rec = this.find(job);
    // A run whose lease expired and was taken over must not clear the new holder's lease.
    if (!rec || rec.owner !== owner) return;
    delete rec.owner;
    delete rec.leaseUntil;
    rec.lastFinishedAt = result.finishedAt.toISOString();
    rec.lastOutcome = result.outcome;
    rec.lastSummary = result.summary;
    await this.h.save();
  }

  async list() {
    return this.h.data.jobRuns.map((r) => structuredClone(r)).sort((a, b) => a.job.localeCompare(b.job));
  }
}
