import type { CoreDeps } from '../deps.js';
import { expireSession } from '../use-cases/end-session.js';
import { failureOf } from './job-runner.js';
import { count, newResult, type JobResult } from './job.js';

/** Sessions taken per run; the store query costs in proportion to this, not to the history kept. */
const BATCH = 200;

/**
 * Job `expire`: every session past `valid_until` that is still open here is closed at TeamViewer, its card turns
 * Expired, a note goes on the ticket and its connection log is queued (the Cherwell mApp's "Automated TeamViewer
 * Cleanup"). One failing session never stops the others; it stays due and is retried on the next run.
 */
export async function expireJob(deps: CoreDeps): Promise<JobResult> {
  const result = newResult('expired', 'skipped');
  const due = await deps.store.sessions.listExpired(deps.clock.now(), BATCH);
  for (const s of due) {
    try {
      count(result, await expireSession(deps, s));
    } catch (err) {
      result.failures.push(failureOf(`${s.ticket.number} (${s.code ?? s.id})`, err));
    }
  }
  if (due.length === BATCH) result.more = true;
  return result;
}
