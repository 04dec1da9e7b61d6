import type { CoreDeps } from '../deps.js';
import type { SessionRecord } from '../domain/remote-session.js';
import { isLive } from '../domain/remote-session.js';
import type { Interaction } from '../interaction.js';
import type { RichText } from '../ports/chat.port.js';
import { errorMessage, BotError, type ErrorCode } from '../errors.js';
import { inLocale, t, type Locale } from '../i18n/index.js';
import { plain, rich } from '../replies/messages.reply.js';
import { agentLocale } from './agent-locale.js';
import { sessionCard } from '../replies/session-card.reply.js';
import { adoptOrFail, needsRecovery } from './recover-session.js';
import { keyFor, parseTicket, refreshCard } from './session-support.js';

/** `status <ticket>`: that ticket's session; `status`: the asking agent's open sessions. */
export async function sessionStatus(deps: CoreDeps, interaction: Interaction, rawTicket: string | undefined): Promise<void> {
  const { conversation, actor } = interaction;
  if (!rawTicket) {
    const now = deps.clock.now();
    const [all, locale] = await Promise.all([deps.store.sessions.listByAgent(actor.key, ['requested', 'created']), agentLocale(deps, interaction)]);
    const c = t(locale).status;
    const mine = all.filter((s) => isLive(s, now));
    if (mine.length === 0) {
      await deps.chat.postPrivate(conversation, actor.userId, plain(c.none, 'info', locale));
      return;
    }
    const lines: RichText[] = mine.map((s) => [
      { kind: 'bold', text: s.ticket.number },
      ` ${s.ticket.title} · `,
      { kind: 'code', text: s.code ?? c.startingCode },
      ...(s.validUntil ? [c.validUntil, { kind: 'time' as const, at: s.validUntil }] : []),
    ]);
    await deps.chat.postPrivate(conversation, actor.userId, rich(c.count(mine.length), [c.countHead(mine.length), ...lines], 'info', locale));
    return;
  }

  const number = parseTicket(deps, rawTicket);
  let session = await deps.store.sessions.findLatestByTicket(keyFor(deps, number));
  if (session && needsRecovery(session, deps.clock.now(), deps.settings.staleRequestMs)) {
    session = (await adoptOrFail(deps, session)) ?? (await deps.store.sessions.get(session.id));
  }
  const locale = await agentLocale(deps, interaction);
  if (!session) {
    await deps.chat.postPrivate(conversation, actor.userId, inLocale(plain(t(locale).status.notStarted(number)), locale));
    return;
  }
  session = await syncFromTeamViewer(deps, interaction, session);
  const card = sessionCard(session, deps.clock.now(), locale);
  const extra = session.failure && session.state === 'failed' ? [t(locale).status.lastFailed(failureText(session.failure, locale))] : [];
  await deps.chat.postPrivate(conversation, actor.userId, { ...card, body: [...(card.body ?? []), ...extra] });
}

/** A stored failure in the asker's language: by its code where the catalog knows it, else as it was recorded. */
function failureText(f: { code: string; message: string }, locale: Locale): string {
  if (f.code === 'session.interrupted') return t(locale).status.interrupted;
  if (!(f.code in t('en').codes)) return f.message;
  return errorMessage(new BotError(f.code as ErrorCode, f.message), locale);
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
