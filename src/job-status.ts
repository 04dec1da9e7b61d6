import type { JobName } from './core/jobs/job.js';
import type { JobRunRepo } from './core/ports/store.port.js';

/** One line of `jobs status`: a job's schedule and next run here, and its last run as the shared store recorded it. */
export interface JobStatusRow {
  job: JobName;
  schedule?: string;
  next?: string | null;
  lastFinishedAt?: string;
  lastOutcome?: string;
  lastSummary?: string;
}

export interface JobStatusSources {
  jobs: readonly JobName[];
  jobRuns: JobRunRepo;
  schedules: Partial<Record<JobName, string | undefined>>;
  /** The scheduler's next runs; empty until it has started (`next` is then left out). */
  nextRuns(): Array<{ name: string; next: Date | null }>;
}

export async function readJobStatus(src: JobStatusSources): Promise<JobStatusRow[]> {
  const runs = await src.jobRuns.list();
  const next = new Map(src.nextRuns().map((n) => [n.name, n.next]));
  return src.jobs.map((job) => {
    const r = runs.find((x) => x.job === job);
    const schedule = src.schedules[job];
    const n = next.get(job);
    return {
      job,
      ...(schedule ? { schedule } : {}),
      ...(n !== undefined ? { next: n ? n.toISOString() : null } : {}),
      ...(r?.lastFinishedAt ? { lastFinishedAt: r.lastFinishedAt } : {}),
      ...(r?.lastOutcome ? { lastOutcome: r.lastOutcome } : {}),
      ...(r?.lastSummary ? { lastSummary: r.lastSummary } : {}),
    };
  });
}
