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

/**
 * Batched digests to every manager log (Slack channel, Teams conversation). Each summary remembers which logs it
 * reached, so a log that failed is retried next run without repeating the others.
 */
async function postToManagers(deps: CoreDeps, result: JobResult): Promise<void> {
  const targets = deps.settings.managerLogs;
  if (targets.length === 0) return;
  const pending = await deps.store.sessions.listPendingManagerPosts(BATCH);
  const touched = new Set<SessionRecord>();
  for (const target of targets) {
    const key = `${target.surface}:${target.conversationId}`;
    const todo = pending.filter((s) => !s.summary?.managerPostedTo?.includes(key));
    for (let i = 0; i < todo.length; i += PER_POST) {
      const batch = todo.slice(i, i + PER_POST);
      if (i > 0) await deps.sleep(deps.settings.channelPostGapMs);
      try {
        await deps.chat.post(target, managerDigest(batch, deps.settings.defaultLocale));
      } catch (err) {
        // The conversation itself is the problem (archived, bot removed): the rest would fail the same way.
        result.failures.push(failureOf(`manager log ${target.conversationId}`, err));
        break;
      }
      for (const s of batch) {
        if (s.summary) s.summary = { ...s.summary, managerPostedTo: [...(s.summary.managerPostedTo ?? []), key] };
        touched.add(s);
      }
      count(result, 'posted_to_managers', batch.length);
    }
  }
  const all = targets.map((t) => `${t.surface}:${t.conversationId}`);
  await Promise.all([...touched].map((s) => markPosted(deps, s, all)));
}

async function markPosted(deps: CoreDeps, s: SessionRecord, all: string[]): Promise<void> {
  if (!s.summary) return;
  const done = all.every((k) => s.summary?.managerPostedTo?.includes(k));
  await deps.store.sessions.patch(s.id, { summary: { ...s.summary, ...(done ? { managerPost: 'done' as const } : {}) } });
}
