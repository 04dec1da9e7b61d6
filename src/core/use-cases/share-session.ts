import type { CoreDeps } from '../deps.js';
import type { SessionRecord } from '../domain/remote-session.js';
import { BotError, NotFoundError } from '../errors.js';
import type { Interaction } from '../interaction.js';
import { plain } from '../replies/messages.reply.js';
import { journalText } from '../replies/journal.text.js';
import { assertOwner, keyFor, parseTicket, queueInvitation, queueJournal } from './session-support.js';
import { customerLinkForAgent } from './start-session.js';

export async function shareByTicket(deps: CoreDeps, interaction: Interaction, rawTicket: string | undefined, email: string | undefined): Promise<void> {
  const number = parseTicket(deps, rawTicket);
  const session = await deps.store.sessions.findLatestByTicket(keyFor(deps, number));
  if (!session || session.state !== 'created') {
    throw new NotFoundError('session.not_found', `There is no open session for ${number}. Start one with \`start ${number}\`.`);
  }
  await shareSession(deps, interaction, session, email);
}

export async function shareById(deps: CoreDeps, interaction: Interaction, sessionId: string | undefined): Promise<void> {
  const session = sessionId ? await deps.store.sessions.get(sessionId) : undefined;
  if (!session || session.state !== 'created') throw new NotFoundError('session.not_found', 'This session is no longer open.');
  // A double click on Resend sends one e-mail, not two.
  if (!(await deps.store.idempotency.claim(`share:${session.id}:${interaction.actor.key}`, deps.clock.now(), 10_000))) {
    await deps.chat.postPrivate(interaction.conversation, interaction.actor.userId, plain(`The invitation for ${session.ticket.number} is already on its way.`));
    return;
  }
  await shareSession(deps, interaction, session, undefined);
}

/** Resends the customer link (Jamf's "resend notification"; product.md pain point 8). */
async function shareSession(deps: CoreDeps, interaction: Interaction, session: SessionRecord, email: string | undefined): Promise<void> {
  assertOwner(session, interaction.actor, 'share');
  if (session.validUntil && Date.parse(session.validUntil) <= deps.clock.now().getTime()) {
    throw new BotError('session.expired', `Session ${session.code ?? ''} for ${session.ticket.number} has expired. Close it and start a new one with \`start ${session.ticket.number}\`.`);
  }
  const to = email ?? session.requester?.email;
  const me = interaction.actor.userId;
  if (!to || !deps.mailer.enabled) {
    const why = !deps.mailer.enabled ? 'E-mail is not configured' : `${session.ticket.number} has no requester e-mail (add one: \`share ${session.ticket.number} name@example.com\`)`;
    await deps.chat.postPrivate(interaction.conversation, me, customerLinkForAgent(session, why));
    return;
  }
  await queueInvitation(deps, session, to, { notifyUserId: me, confirm: true, agentName: session.agent.name });
  await queueJournal(deps, session, journalText.shared(session, session.agent.name, to), { name: session.agent.name, chatUserId: me });
  await deps.chat.postPrivate(interaction.conversation, me, plain(`Sending the invitation for ${session.ticket.number} to ${to}…`));
}
