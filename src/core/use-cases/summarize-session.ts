/**
 * One session's connection log: read the report for its code, decide whether it is complete, store the summary
 * once (compare-and-set) and deliver it to the card's thread and the ticket. The manager post is left to the
 * `logs` job, which batches them per channel.
 */
import type { CoreDeps } from '../deps.js';
import { durationMs, type ConnectionSummary, type RemoteConnection } from '../domain/connection-log.js';
import { awaitsSummary, type SessionRecord } from '../domain/remote-session.js';
import { toBotError, type BotError } from '../errors.js';
import { summaryJournal, summaryReply } from '../replies/connection-log.reply.js';
import { cardLocale, queueJournal, threadReply } from './session-support.js';

export type SummarizeOutcome =
  | { status: 'summarized'; session: SessionRecord }
  /** Records not (all) there yet; looked at again after LOGS_RETRY_INTERVAL until LOGS_WAIT has passed. */
  | { status: 'waiting'; session: SessionRecord; records: RemoteConnection[]; error?: BotError }
  /** Nothing to do: already summarized (by another run) or not a session that gets one. */
  | { status: 'skipped'; session?: SessionRecord };

function build(deps: CoreDeps, records: RemoteConnection[], now: Date, readError?: BotError): ConnectionSummary {
  const base = { summarizedAt: now.toISOString(), managerPost: deps.settings.managerLogs.length > 0 ? ('pending' as const) : ('none' as const) };
  if (readError) return { ...base, outcome: 'unavailable', connections: [], totalMs: 0, reason: readError.publicMessage };
  const ended = records.filter((r) => r.end);
  return {
    ...base,
    outcome: records.length ? 'connected' : 'no_connection',
    connections: records,
    totalMs: ended.reduce((sum, r) => sum + durationMs(r), 0),
    ...(ended.length < records.length ? { incomplete: true } : {}),
  };
}

/** Due-ness is the caller's business (the job asks the store for due sessions; the `logs` verb looks at once). */
export async function summarizeSession(deps: CoreDeps, found: SessionRecord): Promise<SummarizeOutcome> {
  if (!awaitsSummary(found) || !found.logs) return { status: 'skipped', session: found };
  const now = deps.clock.now();
  const giveUp = now.getTime() >= Date.parse(found.logs.giveUpAt);
  let records: RemoteConnection[] = [];
  let readError: BotError | undefined;
  try {
    records = found.code ? await deps.remote.connectionsForSession(found.agent.key, found.code) : [];
  } catch (err) {
    readError = toBotError(err);
  }
  // Reports lag (teamviewer-api.md §12 #8): no record yet, or one without an end, may only mean "not yet".
  const notYet = readError !== undefined || records.length === 0 || records.some((r) => !r.end);
  if (notYet && !giveUp) {
    const next = new Date(now.getTime() + Math.max(deps.settings.logsRetryMs, (readError?.retryAfter ?? 0) * 1000));
    const waiting = await deps.store.sessions.patch(found.id, {
      logs: { ...found.logs, attempts: found.logs.attempts + 1, nextAttemptAt: next.toISOString(), ...(readError ? { lastError: readError.code } : {}) },
    });
    return { status: 'waiting', session: waiting ?? found, records, ...(readError ? { error: readError } : {}) };
  }
  const summary = build(deps, records, now, readError);
  const saved = await deps.store.sessions.saveSummary(found.id, summary);
  if (!saved) return { status: 'skipped' };
  await deliverSummary(deps, saved, summary);
  return { status: 'summarized', session: saved };
}

async function deliverSummary(deps: CoreDeps, s: SessionRecord, summary: ConnectionSummary): Promise<void> {
  const reply = summaryReply(s, summary, cardLocale(deps, s));
  await threadReply(deps, s, reply.text, reply.body, reply);
  await queueJournal(deps, s, summaryJournal(s, summary, deps.settings.defaultTimeZone, deps.settings.defaultLocale), { name: s.agent.name, chatUserId: s.agent.chatUserId });
}
