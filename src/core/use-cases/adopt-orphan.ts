/**
 * A session open at TeamViewer with our marker but no record here (the data file was restored from a backup, or
 * lost): take it over with a card and a note, or close it when its ticket is gone or already has a session.
 */
import type { CoreDeps } from '../deps.js';
import { identityOf, type AgentLink } from '../domain/agent-link.js';
import type { MessageRef, SessionRecord } from '../domain/remote-session.js';
import { ticketKey } from '../domain/ticket.js';
import { toBotError } from '../errors.js';
import type { RemoteSessionInfo } from '../ports/remote-support.port.js';
import { t } from '../i18n/index.js';
import { plain } from '../replies/messages.reply.js';
import { sessionCard } from '../replies/session-card.reply.js';
import { newId } from '../util/secure-random.js';
import { localeOfAgent } from './agent-locale.js';
import { notes, queueJournal } from './session-support.js';
import { customerLinkForAgent } from './start-session.js';

export async function adoptOrphan(deps: CoreDeps, link: AgentLink, info: RemoteSessionInfo): Promise<'adopted' | 'closed'> {
  const marker = info.marker;
  if (!marker) throw new Error('adoptOrphan needs a session carrying our marker');
  const me = identityOf(link.agentKey);
  const number = deps.itsm.parseTicketNumber(marker.ticket);
  const [ticket, locale] = await Promise.all([number ? deps.itsm.getTicket(number) : undefined, localeOfAgent(deps, { key: link.agentKey, ...me })]);
  const c = t(locale).start;
  if (!ticket) {
    await deps.remote.closeSession(link.agentKey, info.code);
    await tell(deps, me, c.adoptClosedGone({ code: info.code, ticket: marker.ticket, system: deps.itsm.displayName }));
    return 'closed';
  }
  const now = deps.clock.now();
  const origin = marker.origin ?? { surface: me.surface, conversationId: '' };
  const record: SessionRecord = {
    id: newId(),
    ticketKey: ticketKey(ticket.ref.system, ticket.ref.number),
    ticket: { system: ticket.ref.system, number: ticket.ref.number, id: ticket.ref.id, title: ticket.title, ...(ticket.ref.kind ? { kind: ticket.ref.kind } : {}), ...(ticket.ref.url ? { url: ticket.ref.url } : {}) },
    ...(ticket.requester ? { requester: ticket.requester } : info.customer?.name ? { requester: { name: info.customer.name, ...(info.customer.email ? { email: info.customer.email } : {}) } } : {}),
    agent: { key: link.agentKey, chatUserId: me.userId, name: link.name, tvUserId: link.tvUserId, locale },
    state: 'created',
    idempotencyKey: marker.key,
    code: info.code,
    ...(info.customerLink ? { customerLink: info.customerLink } : {}),
    ...(info.supporterLink ? { supporterLink: info.supporterLink } : {}),
    ...(info.webSupporterLink ? { webSupporterLink: info.webSupporterLink } : {}),
    ...(info.validUntil ? { validUntil: info.validUntil } : {}),
    invite: { status: 'handed_to_agent' },
    createdAt: info.createdAt ?? now.toISOString(),
    updatedAt: now.toISOString(),
    origin,
  };
  const reserved = await deps.store.sessions.reserve(record, now);
  if (!reserved.created) {
    // The ticket got another session meanwhile: two codes for one ticket is what we promise never to leave open.
    await deps.remote.closeSession(link.agentKey, info.code);
    await tell(deps, me, c.adoptClosedDuplicate({ code: info.code, ticket: ticket.ref.number, other: reserved.existing.code ?? '' }));
    return 'closed';
  }
  const adopted = reserved.record;
  let card: MessageRef | undefined;
  try {
    card = origin.conversationId ? await deps.chat.post({ surface: origin.surface, conversationId: origin.conversationId }, sessionCard(adopted, now, locale)) : undefined;
  } catch (err) {
    deps.logger.warn({ err: toBotError(err), sessionId: adopted.id }, 'could not post the adopted session card where it started; sending it by DM');
  }
  card ??= await deps.chat.directMessage(me.surface, me.userId, sessionCard(adopted, now, locale));
  const withCard = (await deps.store.sessions.patch(adopted.id, { card, ...(origin.conversationId ? {} : { origin: { surface: card.surface, conversationId: card.conversationId } }) })) ?? adopted;
  await tell(deps, me, customerLinkForAgent(withCard, c.adopted(info.code, ticket.ref.number), locale).text);
  await queueJournal(deps, withCard, notes(deps).adopted(withCard), { name: link.name, chatUserId: me.userId });
  deps.logger.warn({ sessionId: withCard.id, code: info.code, ticket: ticket.ref.number }, 'adopted a session found at TeamViewer without a record');
  return 'adopted';
}

async function tell(deps: CoreDeps, me: { surface: 'slack' | 'teams'; userId: string }, text: string): Promise<void> {
  try {
    await deps.chat.directMessage(me.surface, me.userId, plain(text, 'warning'));
  } catch (err) {
    deps.logger.warn({ err: toBotError(err) }, 'could not tell the agent what reconcile did');
  }
}
