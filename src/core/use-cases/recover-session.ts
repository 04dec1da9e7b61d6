import type { CoreDeps } from '../deps.js';
import type { SessionRecord } from '../domain/remote-session.js';
import { toBotError } from '../errors.js';
import { t } from '../i18n/index.js';
import { completeStart } from './start-session.js';

/**
 * A `requested` record older than `staleRequestMs` means a start was interrupted (crash or restart between
 * creating the TeamViewer session and recording it); one carrying a `failure` was given up by a start that could
 * not tell whether TeamViewer had created the session. TeamViewer is asked for a session carrying our idempotency
 * key: if it has one, it is adopted (card, invitation, note as usual); otherwise the reservation is released.
 */
/** A reservation that must be checked against TeamViewer before anyone waits on it: stale, or left by a failed create. */
export function needsRecovery(s: SessionRecord, now: Date, staleRequestMs: number): boolean {
  return s.state === 'requested' && (s.failure !== undefined || now.getTime() - Date.parse(s.createdAt) > staleRequestMs);
}

export async function adoptOrFail(deps: CoreDeps, stale: SessionRecord): Promise<SessionRecord | undefined> {
  let found;
  try {
    found = await deps.remote.findSessionByKey(stale.agent.key, stale.idempotencyKey);
  } catch (err) {
    deps.logger.warn({ err: toBotError(err), sessionId: stale.id }, 'could not check TeamViewer for an interrupted start');
    throw err;
  }
  if (found) {
    deps.logger.warn({ sessionId: stale.id, code: found.code }, 'adopting a session TeamViewer created but we never recorded');
    return completeStart(deps, stale, found, { name: stale.agent.name });
  }
  const now = deps.clock.now().toISOString();
  await deps.store.sessions.transition(stale.id, 'requested', { state: 'failed', failure: { code: 'session.interrupted', message: t('en').status.interrupted, at: now }, updatedAt: now });
  return undefined;
}
