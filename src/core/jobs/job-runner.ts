import { performance } from 'node:perf_hooks';
import type { CoreDeps } from '../deps.js';
import { toBotError } from '../errors.js';
import { newId } from '../util/secure-random.js';
import { summaryLine, type JobName, type JobReport, type JobResult } from './job.js';

/** Longer than any sane run; a crashed run frees the job after this. */
const LEASE_MS = 15 * 60_000;

/**
 * Runs one pass of a job under its lease in the store: a job never overlaps itself, in this process or (with
 * PostgreSQL) on another replica. `slot` is the scheduled tick when a scheduler started the run: each tick runs once
 * across replicas, even when one replica's run is over before another's scheduler wakes for the same tick. Every run logs what it did: counts, duration, failures.
 */
export async function runJob(deps: CoreDeps, job: JobName, body: () => Promise<JobResult>, slot?: string): Promise<JobReport> {
  const runId = newId();
  const owner = `${deps.instanceId}:${runId}`;
  const startedAt = deps.clock.now();
  const t0 = performance.now();
  const log = deps.logger.child({ job, runId });
  const base = { job, runId, startedAt: startedAt.toISOString(), counts: {}, failures: [] };

  if (!(await deps.store.jobRuns.tryAcquire(job, owner, startedAt, LEASE_MS, slot))) {
    const r = { ...base, outcome: 'skipped' as const, durationMs: performance.now() - t0 };
    const report = { ...r, summary: summaryLine(r) };
    log.info({ outcome: report.outcome }, report.summary);
    deps.metrics?.jobFinished(job, report.outcome, 0);
    return report;
  }
  let report: JobReport & { outcome: 'ok' | 'partial' | 'failed' };
  try {
    const result = await body();
    const r = { ...base, ...result, outcome: result.failures.length ? ('partial' as const) : ('ok' as const), durationMs: performance.now() - t0 };
    report = { ...r, summary: summaryLine(r) };
    const fields = { outcome: report.outcome, counts: report.counts, failures: report.failures, durationMs: Math.round(report.durationMs) };
    if (report.outcome === 'ok') log.info(fields, report.summary);
    else log.warn(fields, report.summary);
  } catch (err) {
    const e = toBotError(err);
    const r = { ...base, outcome: 'failed' as const, durationMs: performance.now() - t0, error: { code: e.code, message: e.publicMessage } };
    report = { ...r, summary: summaryLine(r) };
    log.error({ err: e, outcome: 'failed', durationMs: Math.round(report.durationMs) }, report.summary);
  }
  try {
    await deps.store.jobRuns.release(job, owner, { finishedAt: deps.clock.now(), outcome: report.outcome, summary: report.summary });
  } catch (err) {
    log.error({ err: toBotError(err) }, 'could not release the job lease; it frees itself when it expires');
  }
  deps.metrics?.jobFinished(job, report.outcome, report.failures.length);
  return report;
}

/** A per-item failure, shaped for the report (never a stack or a secret). */
export function failureOf(subject: string, err: unknown): { subject: string; code: string; message: string } {
  const e = toBotError(err);
  return { subject, code: e.code, message: e.publicMessage };
}
