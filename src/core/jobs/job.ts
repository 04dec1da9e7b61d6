/** What every scheduled job returns, and how one run is recorded and reported. */
export const JOB_NAMES = ['expire', 'logs', 'tokens', 'reconcile', 'assets'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export function isJobName(v: string): v is JobName {
  return (JOB_NAMES as readonly string[]).includes(v);
}

export interface JobFailure {
  /** What failed: a ticket number, an agent, a channel. Never a secret. */
  subject: string;
  code: string;
  message: string;
}

export interface JobResult {
  /** Named counters, in the order they should be printed. */
  counts: Record<string, number>;
  failures: JobFailure[];
  /** More work was due than one run takes; the next run continues. */
  more?: boolean;
}

export interface JobReport extends JobResult {
  job: JobName;
  runId: string;
  /** `partial`: the run finished but some items failed (they are retried next run); `skipped`: another run held the lease. */
  outcome: 'ok' | 'partial' | 'failed' | 'skipped';
  startedAt: string;
  durationMs: number;
  /** The one-line summary the CLI prints and the log records. */
  summary: string;
  /** Why a whole run failed. */
  error?: { code: string; message: string };
}

export function newResult(...counters: string[]): JobResult {
  return { counts: Object.fromEntries(counters.map((c) => [c, 0])), failures: [] };
}

export function count(r: JobResult, counter: string, by = 1): void {
  r.counts[counter] = (r.counts[counter] ?? 0) + by;
}

export function summaryLine(r: Omit<JobReport, 'summary'>): string {
  const counts = Object.entries(r.counts)
    .map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`)
    .join(', ');
  const head = `${r.job}: ${r.outcome} in ${Math.round(r.durationMs)} ms`;
  if (r.outcome === 'skipped') return `${head} (another run is in progress)`;
  if (r.outcome === 'failed') return `${head}: ${r.error?.message ?? 'unknown error'}`;
  const failed = r.failures.length ? `; failed ${r.failures.length}: ${r.failures.slice(0, 3).map((f) => `${f.subject} (${f.message})`).join('; ')}${r.failures.length > 3 ? ' …' : ''}` : '';
  return `${head}${counts ? `: ${counts}` : ''}${failed}${r.more ? '; more remain for the next run' : ''}`;
}
