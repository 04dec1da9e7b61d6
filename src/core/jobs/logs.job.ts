import type { CoreDeps } from '../deps.js';
import type { SessionRecord } from '../domain/remote-session.js';
import { managerDigest } from '../replies/connection-log.reply.js';
import { summarizeSession } from '../use-cases/summarize-session.js';
import { failureOf } from './job-runner.js';
import { count, newResult, type JobResult } from './job.js';

const BATCH = 200;
/** Summaries per manager post: one readable message instead of a burst Slack would throttle. */
const PER_POST = 10;

/**
 * Job `logs`: for each ended session without a summary whose next look is due, read its connection report and
 * write the summary (thread, ticket note); then post the pending summaries to the managers' channel in batches,
 * pacing posts to Slack's one message per second per channel.
 */
export async function logsJob(deps: CoreDeps): Promise<JobResult> {
  const result = newResult('summarized', 'no_connection', 'waiting', 'posted_to_managers');
  const due = await deps.store.sessions.listAwaitingSummary(deps.clock.now(), BATCH);
  for (const s of due) {
    try {
      const out = await summarizeSession(deps, s);
      if (out.status === 'summarized') count(result, out.session.summary?.outcome === 'connected' ? 'summarized' : 'no_connection');
      else if (out.status === 'waiting') {
        count(result, 'waiting');
        // A read that failed is a failure of this run even though the session is simply looked at again later.
        if (out.error) result.failures.push(failureOf(`${s.ticket.number} (${s.code ?? s.id})`, out.error));
      }
    } catch (err) {
      result.failures.push(failureOf(`${s.ticket.number} (${s.code ?? s.id})`, err));
    }
  }
  if (due.length === BATCH) result.more = true;
  await postToManagers(deps, result);
  return result;
}

async function postToManagers(deps: CoreDeps, result: JobResult): Promise<void> {
  const target = deps.settings.managerLog;
  if (!target) return;
  const pending = await deps.store.sessions.listPendingManagerPosts(BATCH);
  for (let i = 0; i < pending.length; i += PER_POST) {
    const batch = pending.slice(i, i + PER_POST);
    if (i > 0) await deps.sleep(deps.settings.channelPostGapMs);
    try {
      await deps.chat.post(target, managerDigest(batch));
    } catch (err) {
      // The channel itself is the problem (archived, bot removed): the rest would fail the same way. Retried next run.
      result.failures.push(failureOf(`manager log ${target.conversationId}`, err));
      return;
    }
    await Promise.all(batch.map((s) => markPosted(deps, s)));
    count(result, 'posted_to_managers', batch.length);
  }
}

async function markPosted(deps: CoreDeps, s: SessionRecord): Promise<void> {
  if (s.summary) await deps.store.sessions.patch(s.id, { summary: { ...s.summary, managerPost: 'done' } });
}
