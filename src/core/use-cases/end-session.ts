/**
 * Sessions that end without an agent pressing Close: validity ran out (job `expire`, or a new `start` that finds
 * the old one expired) or someone closed it in TeamViewer itself (job `reconcile`). Each ends exactly once: the
 * per-session lock plus the store's compare-and-set make a second run, or a racing Close, a no-op.
 */
import type { CoreDeps } from '../deps.js';
import type { LogTracking } from '../domain/connection-log.js';
import type { SessionRecord } from '../domain/remote-session.js';
import { toBotError } from '../errors.js';
import { t } from '../i18n/index.js';
import { cardLocale, notes, queueJournal, refreshCard, threadReply } from './session-support.js';

/** Queues the session for the `logs` job: look now, then again until `LOGS_WAIT` has passed. */
export function logTracking(deps: CoreDeps, now: Date): LogTracking {
  return { attempts: 0, nextAttemptAt: now.toISOString(), giveUpAt: new Date(now.getTime() + deps.settings.logsWaitMs).toISOString() };
}

export function isPastValidity(s: SessionRecord, now: Date): boolean {
  return s.state === 'created' && s.validUntil !== undefined && Date.parse(s.validUntil) <= now.getTime();
}

/**
 * Closes an expired session at TeamViewer (already closed or unknown there is fine), marks it expired, turns its
 * card to Expired, notes it on the ticket and queues its connection log. A broken agent link does not keep it
 * open here: the code no longer works for customers, and `reconcile` closes it at TeamViewer after the re-link.
 * Transient TeamViewer failures throw, leaving the session for the next run.
 */
export async function expireSession(deps: CoreDeps, found: SessionRecord): Promise<'expired' | 'skipped'> {
  return deps.store.withLock(`session:${found.id}`, async () => {
    const now = deps.clock.now();
    const s = await deps.store.sessions.get(found.id);
    if (!s || !isPastValidity(s, now)) return 'skipped';
    let remoteCloseError: string | undefined;
    if (s.code) {
      try {
        await deps.remote.closeSession(s.agent.key, s.code);
      } catch (err) {
        const e = toBotError(err);
        if (e.code !== 'auth.link_expired' && e.code !== 'auth.link_required') throw e;
        remoteCloseError = e.publicMessage;
      }
    }
    const at = now.toISOString();
    const expired = await deps.store.sessions.transition(s.id, 'created', {
      state: 'expired',
      closedAt: at,
      closedBy: 'expired',
      updatedAt: at,
      logs: logTracking(deps, now),
      ...(remoteCloseError ? { remoteCloseError } : {}),
    });
    if (!expired) return 'skipped';
    await refreshCard(deps, expired);
    // The note belongs to the card's thread, so it speaks the card's language.
    const c = t(cardLocale(deps, expired)).close;
    await threadReply(deps, expired, c.expiredThread(expired.code ?? ''), [c.expiredBody(expired.code ?? '', expired.validUntil)]);
    await queueJournal(deps, expired, notes(deps).expired(expired), { name: expired.agent.name, chatUserId: expired.agent.chatUserId });
    return 'expired';
  });
}

/** TeamViewer says the session is closed (someone closed it in the TeamViewer console): follow suit here. */
export async function markClosedElsewhere(deps: CoreDeps, found: SessionRecord): Promise<boolean> {
  return deps.store.withLock(`session:${found.id}`, async () => {
    const now = deps.clock.now();
    const at = now.toISOString();
    const closed = await deps.store.sessions.transition(found.id, 'created', { state: 'closed', closedAt: at, closedBy: 'remote', updatedAt: at, logs: logTracking(deps, now) });
    if (!closed) return false;
    await refreshCard(deps, closed);
    await threadReply(deps, closed, t(cardLocale(deps, closed)).close.elsewhereThread(closed.code ?? ''));
    await queueJournal(deps, closed, notes(deps).closedElsewhere(closed), { name: closed.agent.name, chatUserId: closed.agent.chatUserId });
    return true;
  });
}
