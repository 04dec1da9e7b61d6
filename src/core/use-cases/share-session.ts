import type { CoreDeps } from '../deps.js';
import type { SessionRecord } from '../domain/remote-session.js';
import { BotError, NotFoundError, says } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Interaction } from '../interaction.js';
import { plain } from '../replies/messages.reply.js';
import { agentLocale } from './agent-locale.js';
import { assertOwner, keyFor, notes, parseTicket, queueInvitation, queueJournal } from './session-support.js';
import { customerLinkForAgent } from './start-session.js';

export async function shareByTicket(deps: CoreDeps, interaction: Interaction, rawTicket: string | undefined, email: string | undefined): Promise<void> {
  const number = parseTicket(deps, rawTicket);
  const session = await deps.store.sessions.findLatestByTicket(keyFor(deps, number));
  if (!session || session.state !== 'created') {
    throw new NotFoundError('session.not_found', ...says({ key: 'noOpenSessionToShare', params: { ticket: number } }));
  }
  await shareSession(deps, interaction, session, email);
}

export async function shareById(deps: CoreDeps, interaction: Interaction, sessionId: string | undefined): Promise<void> {
  const session = sessionId ? await deps.store.sessions.get(sessionId) : undefined;
  if (!session || session.state !== 'created') throw new NotFoundError('session.not_found', ...says({ key: 'sessionNotOpen' }));
  // A double click on Resend sends one e-mail, not two.
  if (!(await deps.store.idempotency.claim(`share:${session.id}:${interaction.actor.key}`, deps.clock.now(), 10_000))) {
    const c = t(await agentLocale(deps, interaction)).share;
    await deps.chat.postPrivate(interaction.conversation, interaction.actor.userId, plain(c.onItsWay(session.ticket.number)));
    return;
  }
  await shareSession(deps, interaction, session, undefined);
}

/** Resends the customer link (Jamf's "resend notification"; product.md pain point 8). */
async function shareSession(deps: CoreDeps, interaction: Interaction, session: SessionRecord, email: string | undefined): Promise<void> {
  assertOwner(session, interaction.actor, 'share');
  if (session.validUntil && Date.parse(session.validUntil) <= deps.clock.now().getTime()) {
    throw new BotError('session.expired', ...says({ key: 'sessionExpired', params: { code: session.code ?? '', ticket: session.ticket.number } }));
  }
  const to = email ?? session.requester?.email;
  const me = interaction.actor.userId;
  const locale = await agentLocale(deps, interaction);
  const c = t(locale);
  if (!to || !deps.mailer.enabled) {
    const why = !deps.mailer.enabled ? c.start.mailOff : c.share.noRequesterEmail(session.ticket.number);
    await deps.chat.postPrivate(interaction.conversation, me, customerLinkForAgent(session, why, locale));
    return;
  }
  await queueInvitation(deps, session, to, { notifyUserId: me, confirm: true, agentName: session.agent.name });
  await queueJournal(deps, session, notes(deps).shared(session, session.agent.name, to), { name: session.agent.name, chatUserId: me });
  await deps.chat.postPrivate(interaction.conversation, me, plain(c.share.sending(session.ticket.number, to)));
}
