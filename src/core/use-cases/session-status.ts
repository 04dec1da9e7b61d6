import type { CoreDeps } from '../deps.js';
import type { SessionRecord } from '../domain/remote-session.js';
import { isLive } from '../domain/remote-session.js';
import type { Interaction } from '../interaction.js';
import type { RichText } from '../ports/chat.port.js';
import { plain, rich } from '../replies/messages.reply.js';
import { sessionCard } from '../replies/session-card.reply.js';
import { adoptOrFail, needsRecovery } from './recover-session.js';
import { keyFor, parseTicket, refreshCard } from './session-support.js';

/** `status <ticket>`: that ticket's session; `status`: the asking agent's open sessions. */
export async function sessionStatus(deps: CoreDeps, interaction: Interaction, rawTicket: string | undefined): Promise<void> {
  const { conversation, actor } = interaction;
  if (!rawTicket) {
    const now = deps.clock.now();
    const mine = (await deps.store.sessions.listByAgent(actor.key, ['requested', 'created'])).filter((s) => isLive(s, now));
    if (mine.length === 0) {
      await deps.chat.postPrivate(conversation, actor.userId, plain('You have no open TeamViewer sessions.'));
      return;
    }
    const lines: RichText[] = mine.map((s) => [
      { kind: 'bold', text: s.ticket.number },
      ` ${s.ticket.title} · `,
      { kind: 'code', text: s.code ?? 'starting' },
      ...(s.validUntil ? [' · valid until ', { kind: 'time' as const, at: s.validUntil }] : []),
    ]);
    await deps.chat.postPrivate(conversation, actor.userId, rich(`You have ${mine.length} open session(s).`, [`You have ${mine.length} open session(s):`, ...lines]));
    return;
  }

  const number = parseTicket(deps, rawTicket);
  let session = await deps.store.sessions.findLatestByTicket(keyFor(deps, number));
  if (session && needsRecovery(session, deps.clock.now(), deps.settings.staleRequestMs)) {
    session = (await adoptOrFail(deps, session)) ?? (await deps.store.sessions.get(session.id));
  }
  if (!session) {
    await deps.chat.postPrivate(conversation, actor.userId, plain(`No TeamViewer session has been started for ${number} from chat.`));
    return;
  }
  session = await syncFromTeamViewer(deps, interaction, session);
  const card = sessionCard(session, deps.clock.now());
  const extra = session.failure && session.state === 'failed' ? [`Last attempt failed: ${session.failure.message}`] : [];
  await deps.chat.postPrivate(conversation, actor.userId, { ...card, body: [...(card.body ?? []), ...extra] });
}

/** The owner's status also asks TeamViewer, so a session closed elsewhere shows as closed here too. */
async function syncFromTeamViewer(deps: CoreDeps, interaction: Interaction, session: SessionRecord): Promise<SessionRecord> {
  if (session.state !== 'created' || !session.code || session.agent.key !== interaction.actor.key) return session;
  // Status must answer even when TeamViewer does not; the stored state is shown then.
  const remote = await deps.remote.getSession(interaction.actor.key, session.code).catch((err: unknown) => {
    deps.logger.warn({ err, sessionId: session.id }, 'could not refresh the session from TeamViewer for status');
    return undefined;
  });
  if (remote && remote.state === 'closed') {
    const now = deps.clock.now().toISOString();
    const closed = await deps.store.sessions.transition(session.id, 'created', { state: 'closed', closedAt: now, closedBy: 'remote', updatedAt: now });
    if (closed) {
      await refreshCard(deps, closed);
      return closed;
    }
  }
  return session;
}
