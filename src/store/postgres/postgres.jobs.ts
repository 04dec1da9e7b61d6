import type { JobRunRecord, JobRunRepo } from '../../core/ports/store.port.js';
import { isoOf, opt, type PgDb } from './postgres.db.js';

interface JobRunRow {
  job: string;
  owner: string | null;
  lease_until: Date | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_outcome: JobRunRecord['lastOutcome'] | null;
  last_summary: string | null;
  last_slot: string | null;
}

const isoOrUndefined = (d: Date | null) => (d ? isoOf(d) : undefined);

export class PgJobRunRepo implements JobRunRepo {
  constructor(private readonly db: PgDb) {}

  async tryAcquire(job: string, owner: string, now: Date, leaseMs: number, slot?: string) {
    // One upsert: the first run of a job inserts its row; later ones take the lease only when it is free, theirs
    // already, or expired, and (for a scheduled tick) when that tick has not run yet. Racing replicas serialise on
    // the row, and the WHERE is judged on its newest version.
    const { rowCount } = await this.db.query(
      `INSERT INTO job_runs (job, owner, lease_until, last_started_at, last_slot) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (job) DO UPDATE SET owner = EXCLUDED.owner, lease_until = EXCLUDED.lease_until, last_started_at = EXCLUDED.last_started_at,
         last_slot = COALESCE(EXCLUDED.last_slot, job_runs.last_slot) -- ISO-8601 UTC text sorts as time
       WHERE (job_runs.owner IS NULL OR job_runs.owner = EXCLUDED.owner OR job_runs.lease_until IS NULL OR job_runs.lease_until <= EXCLUDED.last_started_at)
         AND (EXCLUDED.last_slot IS NULL OR job_runs.last_slot IS NULL OR job_runs.last_slot < EXCLUDED.last_slot)
       RETURNING job`,
      [job, owner, new Date(now.getTime() + leaseMs).toISOString(), now.toISOString(), slot ?? null],
    );
    return rowCount === 1;
  }

  async release(job: string, owner: string, result: { finishedAt: Date; outcome: 'ok' | 'partial' | 'failed'; summary: string }) {
    // `owner = $2`: a run whose lease expired and was taken over must not clear the new holder's lease.
    await this.db.query(
      `UPDATE job_runs SET owner = NULL, lease_until = NULL, last_finished_at = $3, last_outcome = $4, last_summary = $5
       WHERE job = $1 AND owner = $2`,
      [job, owner, result.finishedAt.toISOString(), result.outcome, result.summary],
    );
  }

  async list(): Promise<JobRunRecord[]> {
    const { rows } = await this.db.query<JobRunRow>('SELECT * FROM job_runs ORDER BY job COLLATE "C"');
    return rows.map((r) => ({
      job: r.job,
      ...opt('owner', r.owner),
      ...opt('leaseUntil', isoOrUndefined(r.lease_until)),
      ...opt('lastStartedAt', isoOrUndefined(r.last_started_at)),
      ...opt('lastFinishedAt', isoOrUndefined(r.last_finished_at)),
      ...opt('lastOutcome', r.last_outcome),
      ...opt('lastSummary', r.last_summary),
      ...opt('lastSlot', r.last_slot),
    }));
  }
}
