import type { CoreDeps } from '../deps.js';
import type { SessionRecord } from '../domain/remote-session.js';
import { NotFoundError, says } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Interaction } from '../interaction.js';
import { plain } from '../replies/messages.reply.js';
import { agentLocale } from './agent-locale.js';
import { logTracking } from './end-session.js';
import { assertOwner, cardLocale, keyFor, notes, parseTicket, queueJournal, refreshCard, threadNote } from './session-support.js';

/** `close <ticket>` resolves the ticket's open session; the Close button passes the session id. */
export async function closeByTicket(deps: CoreDeps, interaction: Interaction, rawTicket: string | undefined): Promise<void> {
  const number = parseTicket(deps, rawTicket);
  const session = await deps.store.sessions.findLatestByTicket(keyFor(deps, number));
  if (!session || session.state !== 'created') {
    throw new NotFoundError('session.not_found', ...says({ key: 'noOpenSession', params: { ticket: number, ...(session ? { last: session.state } : {}) } }));
  }
  await closeSession(deps, interaction, session);
}

export async function closeById(deps: CoreDeps, interaction: Interaction, sessionId: string | undefined): Promise<void> {
  const session = sessionId ? await deps.store.sessions.get(sessionId) : undefined;
  if (!session) throw new NotFoundError('session.not_found', ...says({ key: 'unknownSession' }));
  if (session.state !== 'created') {
    const locale = await agentLocale(deps, interaction);
    const c = t(locale).close;
    await deps.chat.postPrivate(interaction.conversation, interaction.actor.userId, plain(c.alreadyState(session.ticket.number, session.state), 'info', locale));
    await refreshCard(deps, session);
    return;
  }
  await closeSession(deps, interaction, session);
}

/**
 * Closes at TeamViewer first (the agent's token is refreshed transparently, so the first press works even when
 * it had expired), then records it; a concurrent close loses the compare-and-set and says nothing twice.
 */
async function closeSession(deps: CoreDeps, interaction: Interaction, found: SessionRecord): Promise<void> {
  assertOwner(found, interaction.actor, 'close');
  // Double clicks and a command racing the button queue here; the second one sees the closed state.
  await deps.store.withLock(`session:${found.id}`, async () => {
    const session = await deps.store.sessions.get(found.id);
    if (!session || session.state !== 'created') {
      const locale = await agentLocale(deps, interaction);
      const c = t(locale).close;
      await deps.chat.postPrivate(interaction.conversation, interaction.actor.userId, plain(c.alreadyClosed(found.ticket.number), 'info', locale));
      return;
    }
    await closeLocked(deps, interaction, session);
  });
}

async function closeLocked(deps: CoreDeps, interaction: Interaction, session: SessionRecord): Promise<void> {
  if (session.code) await deps.remote.closeSession(interaction.actor.key, session.code);
  const at = deps.clock.now();
  const now = at.toISOString();
  const closed = await deps.store.sessions.transition(session.id, 'created', { state: 'closed', closedAt: now, closedBy: 'agent', updatedAt: now, logs: logTracking(deps, at) });
  const locale = await agentLocale(deps, interaction);
  const c = t(locale).close;
  if (!closed) {
    await deps.chat.postPrivate(interaction.conversation, interaction.actor.userId, plain(c.alreadyClosed(session.ticket.number), 'info', locale));
    return;
  }
  await refreshCard(deps, closed);
  await threadNote(deps, closed, t(cardLocale(deps, closed)).close.thread(closed.agent.name));
  await queueJournal(deps, closed, notes(deps).closed(closed, closed.agent.name), { name: closed.agent.name, chatUserId: closed.agent.chatUserId });
  await deps.chat.postPrivate(interaction.conversation, interaction.actor.userId, plain(c.done(closed.code ?? '', closed.ticket.number), 'success', locale));
}
