/** Steps shared by the session use cases: ticket parsing, ownership, card updates and side effects via the outbox. */
import type { CoreDeps } from '../deps.js';
import type { SessionRecord } from '../domain/remote-session.js';
import type { TicketNumber, TicketRef } from '../domain/ticket.js';
import { ticketKey } from '../domain/ticket.js';
import { PermissionError, ValidationError, says, toBotError } from '../errors.js';
import { inLocale, type Locale } from '../i18n/index.js';
import type { Actor } from '../interaction.js';
import type { ConversationTarget, Reply, RichText } from '../ports/chat.port.js';
import type { OutboxItem } from '../ports/store.port.js';
import { journalText } from '../replies/journal.text.js';
import { sessionCard, sessionLocale } from '../replies/session-card.reply.js';
import { newId } from '../util/secure-random.js';

export function parseTicket(deps: CoreDeps, raw: string | undefined): TicketNumber {
  const number = raw ? deps.itsm.parseTicketNumber(raw) : undefined;
  if (!number) {
    throw new ValidationError(...says({ key: 'notTicketNumber', params: { raw: raw ?? '', system: deps.itsm.displayName, hint: deps.itsm.ticketFormatHint } }));
  }
  return number;
}

export function keyFor(deps: CoreDeps, number: TicketNumber): string {
  return ticketKey(deps.itsm.kind, number);
}

/** Only the agent who started a session may act on it (issue: "only the right agent may act on a session"). */
export function assertOwner(session: SessionRecord, actor: Actor, action: 'close' | 'share'): void {
  if (session.agent.key !== actor.key) {
    throw new PermissionError('auth.forbidden', ...says({ key: 'notOwner', params: { agent: session.agent.name, ticket: session.ticket.number, action } }));
  }
}

/** The language of the session's card and its thread: the starting agent's. */
export function cardLocale(deps: CoreDeps, session: SessionRecord): Locale {
  return sessionLocale(session, deps.settings.defaultLocale);
}

/** Journal entries in the organisation's language and zone (DEFAULT_LOCALE, DEFAULT_TIMEZONE). */
export function notes(deps: CoreDeps) {
  return journalText(deps.settings.defaultLocale, deps.settings.defaultTimeZone);
}

export function originTarget(session: SessionRecord): ConversationTarget {
  return {
    surface: session.origin.surface,
    conversationId: session.origin.conversationId,
    ...(session.origin.threadId ? { threadId: session.origin.threadId } : {}),
    ...(session.origin.responseUrl ? { responseUrl: session.origin.responseUrl } : {}),
  };
}

/** Re-renders the session card where it lives; a failed update is logged, never fatal (pain point 4). */
export async function refreshCard(deps: CoreDeps, session: SessionRecord): Promise<void> {
  if (!session.card?.messageId) return;
  try {
    await deps.chat.update(session.card, sessionCard(session, deps.clock.now(), cardLocale(deps, session)));
  } catch (err) {
    deps.logger.warn({ err: toBotError(err), sessionId: session.id }, 'updating the session card failed');
  }
}

/**
 * A short public follow-up in the card's thread (product.md pain point 15: one card, details in its thread).
 * Best effort: the card itself already shows the state.
 */
export async function threadNote(deps: CoreDeps, session: SessionRecord, text: string): Promise<void> {
  await threadReply(deps, session, text);
}

/** A follow-up in the card's thread with rich content (times render in each viewer's zone). Best effort. */
export async function threadReply(deps: CoreDeps, session: SessionRecord, text: string, body: RichText[] = [text], reply?: Reply): Promise<boolean> {
  const card = session.card;
  if (!card?.messageId) return false;
  try {
    await deps.chat.post({ surface: card.surface, conversationId: card.conversationId, threadId: card.messageId }, reply ?? inLocale({ text, body, severity: 'info' }, cardLocale(deps, session)));
    return true;
  } catch (err) {
    deps.logger.warn({ err: toBotError(err), sessionId: session.id }, 'posting in the card thread failed');
    return false;
  }
}

function outboxItem(deps: CoreDeps, kind: OutboxItem['kind'], sessionId: string, payload: Record<string, unknown>): OutboxItem {
  const now = deps.clock.now().toISOString();
  return { id: newId(), kind, sessionId, payload, attempts: 0, nextAttemptAt: now, status: 'pending', createdAt: now };
}

/** Queues an internal note on the ticket; it never delays the caller and is retried, then reported if it fails. */
export async function queueJournal(deps: CoreDeps, session: SessionRecord, text: string, author: { name: string; chatUserId: string }): Promise<void> {
  if (deps.itsm.kind === 'none') return;
  await deps.store.outbox.enqueue(outboxItem(deps, 'journal', session.id, { text, authorName: author.name, notifyUserId: author.chatUserId }));
  deps.kickOutbox();
}

/**
 * Queues an internal note that belongs to a ticket but to no session (`connect`). The outbox carries the ticket and
 * where to report a final failure, since there is no session record to read them from.
 */
export async function queueTicketJournal(
  deps: CoreDeps,
  ticket: TicketRef,
  text: string,
  author: { name: string; chatUserId: string },
  reportTo: ConversationTarget,
  /** The author's language, for telling them about a final failure. */
  locale: Locale = deps.settings.defaultLocale,
): Promise<void> {
  if (deps.itsm.kind === 'none') return;
  const target = { surface: reportTo.surface, conversationId: reportTo.conversationId, ...(reportTo.threadId ? { threadId: reportTo.threadId } : {}) };
  await deps.store.outbox.enqueue(outboxItem(deps, 'journal', '', { text, authorName: author.name, notifyUserId: author.chatUserId, ticket: { ...ticket }, reportTo: target, locale }));
  deps.kickOutbox();
}

/** Queues the customer invitation. `notifyUserId` gets a private confirmation once it is sent. */
export async function queueInvitation(
  deps: CoreDeps,
  session: SessionRecord,
  to: string,
  opts: { notifyUserId: string; confirm: boolean; agentName: string },
): Promise<void> {
  await deps.store.outbox.enqueue(outboxItem(deps, 'email', session.id, { to, agentName: opts.agentName, notifyUserId: opts.notifyUserId, confirm: opts.confirm }));
  deps.kickOutbox();
}
