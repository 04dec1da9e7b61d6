import type { CoreDeps } from '../deps.js';
import type { SessionRecord } from '../domain/remote-session.js';
import type { TicketNumber, TicketRef } from '../domain/ticket.js';
import { errorMessage, toBotError, type BotError } from '../errors.js';
import { isLocale, t } from '../i18n/index.js';
import type { ConversationTarget } from '../ports/chat.port.js';
import type { OutboxItem } from '../ports/store.port.js';
import { invitationEmail } from '../replies/invitation-email.js';
import { plain } from '../replies/messages.reply.js';
import { cardLocale, notes, originTarget, queueJournal, refreshCard, threadNote } from './session-support.js';
import { customerLinkForAgent } from './start-session.js';

const LEASE_MS = 120_000;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Delivers due e-mails and work notes. Transient failures are retried on the configured schedule; a final
 * failure is reported privately to the agent, so nothing is silently lost. Items survive restarts (store).
 */
export async function deliverDueOutbox(deps: CoreDeps, limit = 20): Promise<number> {
  const items = await deps.store.outbox.claimDue(deps.clock.now(), limit, LEASE_MS);
  await Promise.all(items.map((item) => deliverOne(deps, item)));
  return items.length;
}

async function deliverOne(deps: CoreDeps, item: OutboxItem): Promise<void> {
  const log = deps.logger.child({ outboxId: item.id, kind: item.kind, sessionId: item.sessionId, attempt: item.attempts + 1 });
  if (!item.sessionId && item.kind === 'journal') return deliverTicketNote(deps, item, log);
  const session = await deps.store.sessions.get(item.sessionId);
  if (!session) {
    await deps.store.outbox.complete(item.id);
    return;
  }
  try {
    if (item.kind === 'email') await sendInvitation(deps, session, item);
    else await writeNote(deps, session, item);
    await deps.store.outbox.complete(item.id);
    log.info({ ticket: session.ticket.number }, `${item.kind} delivered`);
  } catch (err) {
    const e = toBotError(err);
    if (await retryLater(deps, item, e, log)) return;
    await deps.store.outbox.fail(item.id, e.code);
    log.warn({ err: e, code: e.code }, `${item.kind} failed for good; telling the agent`);
    await reportFailure(deps, session, item, e).catch((reportErr: unknown) => log.error({ err: toBotError(reportErr) }, 'could not report the failure to the agent'));
  }
}

/** A retry, or an item claimed before whose delivery never reported back (the process died mid-way). */
function mayHaveLanded(item: OutboxItem): boolean {
  return item.attempts > 0 || (item.claims ?? 1) > 1;
}

/** A note queued without a session (`connect`): the item carries its ticket and where to report a failure. */
async function deliverTicketNote(deps: CoreDeps, item: OutboxItem, log: CoreDeps['logger']): Promise<void> {
  const ticket = item.payload.ticket as TicketRef;
  const reportTo = item.payload.reportTo as ConversationTarget;
  try {
    await deps.itsm.addJournalEntry(ticket, { text: String(item.payload.text), author: { name: String(item.payload.authorName) }, dedupeKey: item.id, ...(mayHaveLanded(item) ? { mayExist: true } : {}) });
    await deps.store.outbox.complete(item.id);
    log.info({ ticket: ticket.number }, 'journal delivered');
  } catch (err) {
    const e = toBotError(err);
    if (await retryLater(deps, item, e, log)) return;
    await deps.store.outbox.fail(item.id, e.code);
    const user = String(item.payload.notifyUserId);
    const locale = isLocale(item.payload.locale) ? item.payload.locale : deps.settings.defaultLocale;
    const c = t(locale);
    const text = `${c.share.ticketNoteFailed({ ticket: ticket.number, reason: errorMessage(e, locale), text: String(item.payload.text) })} ${c.reference(item.id)}`;
    await deps.chat
      .postPrivate(reportTo, user, plain(text, 'warning'))
      .catch((reportErr: unknown) => log.error({ err: toBotError(reportErr) }, 'could not report the failure to the agent'));
  }
}

/** Schedules the next attempt when the error is transient and retries are left; false when the item is done for. */
async function retryLater(deps: CoreDeps, item: OutboxItem, e: BotError, log: CoreDeps['logger']): Promise<boolean> {
  const delays = deps.settings.outboxRetryDelaysMs;
  if (!e.retryable || item.attempts >= delays.length) return false;
  const wait = Math.max(delays[item.attempts] ?? 0, (e.retryAfter ?? 0) * 1000);
  await deps.store.outbox.retryLater(item.id, new Date(deps.clock.now().getTime() + wait), e.code);
  log.warn({ err: e, code: e.code, retryInMs: wait }, `${item.kind} failed; will retry`);
  return true;
}

async function sendInvitation(deps: CoreDeps, session: SessionRecord, item: OutboxItem): Promise<void> {
  const to = String(item.payload.to);
  const message = invitationEmail(session, to, str(item.payload.agentName) ?? session.agent.name, deps.settings.defaultTimeZone, deps.settings.defaultLocale);
  const { messageId } = await deps.mailer.send(message);
  const updated = await deps.store.sessions.patch(session.id, { invite: { status: 'sent', to, messageId, at: deps.clock.now().toISOString() } });
  if (updated) await refreshCard(deps, updated);
  // Thread and confirmation go to the session's agent (only the owner may share): the card's language.
  const c = t(cardLocale(deps, session)).share;
  await threadNote(deps, session, c.sentThread(to));
  if (item.payload.confirm === true) {
    await deps.chat.postPrivate(originTarget(session), String(item.payload.notifyUserId), plain(c.sentPrivately(session.ticket.number, to), 'success'));
  }
}

async function writeNote(deps: CoreDeps, session: SessionRecord, item: OutboxItem): Promise<void> {
  await deps.itsm.addJournalEntry(
    { system: session.ticket.system, id: session.ticket.id, number: session.ticket.number as TicketNumber, ...(session.ticket.kind ? { kind: session.ticket.kind } : {}) },
    { text: String(item.payload.text), author: { name: String(item.payload.authorName) }, dedupeKey: item.id, ...(mayHaveLanded(item) ? { mayExist: true } : {}) },
  );
}

async function reportFailure(deps: CoreDeps, session: SessionRecord, item: OutboxItem, e: BotError): Promise<void> {
  const user = str(item.payload.notifyUserId) ?? session.agent.chatUserId;
  const locale = cardLocale(deps, session);
  const c = t(locale);
  if (item.kind === 'email') {
    const to = String(item.payload.to);
    const updated = await deps.store.sessions.patch(session.id, { invite: { status: 'failed', to, error: e.publicMessage, at: deps.clock.now().toISOString() } });
    if (updated) await refreshCard(deps, updated);
    await threadNote(deps, session, c.share.failedThread(to, session.agent.name));
    const link = customerLinkForAgent(session, c.share.failedWhy(to, errorMessage(e, locale)), locale);
    await deps.chat.postPrivate(originTarget(session), user, plain(`${link.text} ${c.reference(item.id)}`, 'warning'));
    await queueJournal(deps, session, notes(deps).inviteFailed(session, to, errorMessage(e, deps.settings.defaultLocale)), { name: session.agent.name, chatUserId: user });
    return;
  }
  const text = c.share.noteFailed({ ticket: session.ticket.number, reason: errorMessage(e, locale), text: String(item.payload.text) });
  await deps.chat.postPrivate(originTarget(session), user, plain(`${text} ${c.reference(item.id)}`, 'warning'));
}
