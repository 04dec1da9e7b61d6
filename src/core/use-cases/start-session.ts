import type { CoreDeps } from '../deps.js';
import type { AgentLink } from '../domain/agent-link.js';
import { isLive, type MessageRef, type SessionRecord } from '../domain/remote-session.js';
import type { Ticket } from '../domain/ticket.js';
import { BotError, NotFoundError, PermissionError, errorMessage, says, toBotError } from '../errors.js';
import { inLocale, t, type Locale } from '../i18n/index.js';
import type { Interaction } from '../interaction.js';
import type { RemoteSessionInfo } from '../ports/remote-support.port.js';
import { plain } from '../replies/messages.reply.js';
import { sessionCard } from '../replies/session-card.reply.js';
import { newId } from '../util/secure-random.js';
import { agentLocale, orgLocale } from './agent-locale.js';
import { cardLocale, keyFor, notes, originTarget, parseTicket, queueInvitation, queueJournal } from './session-support.js';
import { adoptOrFail, needsRecovery } from './recover-session.js';
import { expireSession, isPastValidity } from './end-session.js';

export interface StartArgs {
  ticket?: string;
  email?: string;
}

/**
 * `start <ticket> [e-mail]`: one live session per ticket, whoever asks and however often (retries, double
 * clicks, two agents at once): the store's atomic reserve decides, and the loser is shown the winner's session.
 */
export async function startSession(deps: CoreDeps, interaction: Interaction, link: AgentLink, args: StartArgs): Promise<void> {
  const { actor, conversation } = interaction;
  const number = parseTicket(deps, args.ticket);

  // Ticket lookup, token freshness and the agent's language (Slack: a profile lookup) are independent: run them side
  // by side (issue: ≤ 3 sequential upstream calls), so the card waits for none of them in turn.
  const [ticket, profile, , locale] = await Promise.all([
    deps.itsm.getTicket(number),
    deps.settings.requireAssignee ? deps.chat.userProfile(actor.surface, actor.userId) : Promise.resolve(undefined),
    deps.remote.ensureAgentToken(actor.key),
    agentLocale(deps, interaction),
  ]);
  if (!ticket) {
    throw new NotFoundError('itsm.not_found', ...says({ key: 'ticketNotFound', params: { ticket: number, system: deps.itsm.displayName } }));
  }
  if (deps.settings.requireAssignee) assertAssignee(profile?.email, ticket);

  const now = deps.clock.now();
  const requesterEmail = args.email ?? ticket.requester?.email;
  const candidate: SessionRecord = {
    id: newId(),
    ticketKey: keyFor(deps, number),
    ticket: { system: ticket.ref.system, number: ticket.ref.number, id: ticket.ref.id, title: ticket.title, ...(ticket.ref.kind ? { kind: ticket.ref.kind } : {}), ...(ticket.ref.url ? { url: ticket.ref.url } : {}) },
    ...(ticket.requester || args.email
      ? { requester: { name: ticket.requester?.name ?? args.email ?? 'Customer', ...(requesterEmail ? { email: requesterEmail } : ticket.requester?.emailHidden ? { emailHidden: true } : {}) } }
      : {}),
    agent: { key: actor.key, chatUserId: actor.userId, name: link.name, tvUserId: link.tvUserId, locale },
    state: 'requested',
    idempotencyKey: newId(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    origin: {
      surface: conversation.surface,
      conversationId: conversation.conversationId,
      ...(conversation.responseUrl ? { responseUrl: conversation.responseUrl } : {}),
      ...(conversation.threadId ? { threadId: conversation.threadId } : {}),
    },
  };

  // A session left open past its validity is ended properly (TeamViewer, card, note, log) before a new one starts.
  const previous = await deps.store.sessions.findLatestByTicket(candidate.ticketKey);
  if (previous && isPastValidity(previous, now)) {
    await expireSession(deps, previous).catch((err: unknown) => deps.logger.warn({ err: toBotError(err), sessionId: previous.id }, 'could not end the expired session before starting a new one'));
  }
  const reserved = await deps.store.sessions.reserve(candidate, now);
  if (!reserved.created) {
    await showExisting(deps, interaction, reserved.existing, locale);
    return;
  }
  const session = reserved.record;

  let remote: RemoteSessionInfo;
  try {
    remote = await deps.remote.createSession(actor.key, {
      description: `${ticket.ref.number}: ${ticket.title}`.slice(0, 250),
      ...(session.requester ? { customer: session.requester } : {}),
      validUntil: new Date(now.getTime() + deps.settings.sessionValidityMs),
      marker: {
        app: 'teamviewer-chatops',
        itsm: ticket.ref.system,
        ticket: ticket.ref.number,
        key: session.idempotencyKey,
        agent: actor.key,
        origin: { surface: conversation.surface, conversationId: conversation.conversationId },
      },
      waitingMessage: t(orgLocale(deps)).start.waiting(link.name, ticket.ref.number),
    });
  } catch (err) {
    const e = toBotError(err);
    // A 5xx or timeout may hide a session TeamViewer did create (teamviewer-api.md §9): look before giving up.
    let found: RemoteSessionInfo | undefined;
    if (e.code === 'teamviewer.unavailable') {
      try {
        found = await deps.remote.findSessionByKey(actor.key, session.idempotencyKey);
      } catch (lookupErr) {
        // We can't tell whether TeamViewer has the session. Keep the reservation, marked with the failure: the next
        // start or status for this ticket asks TeamViewer again at once (recover-session.ts) instead of promising a
        // card that will never come, so nothing is duplicated.
        deps.logger.warn({ err: toBotError(lookupErr), sessionId: session.id }, 'could not check TeamViewer after a failed create; leaving the start to recovery');
        await deps.store.sessions.patch(session.id, failed(deps, e));
        throw e;
      }
    }
    if (!found) {
      await deps.store.sessions.transition(session.id, 'requested', { state: 'failed', ...failed(deps, e) });
      throw e;
    }
    deps.logger.warn({ sessionId: session.id, code: found.code }, 'create reported a failure but TeamViewer has the session; adopting it');
    remote = found;
  }
  await completeStart(deps, session, remote, link);
}

/** Records the TeamViewer session, posts the card, then queues the invitation and the work note. */
export async function completeStart(deps: CoreDeps, session: SessionRecord, remote: RemoteSessionInfo, link: Pick<AgentLink, 'name'>): Promise<SessionRecord | undefined> {
  const now = deps.clock.now();
  const hasEmail = Boolean(session.requester?.email);
  const created = await deps.store.sessions.transition(session.id, 'requested', {
    state: 'created',
    code: remote.code,
    ...(remote.customerLink ? { customerLink: remote.customerLink } : {}),
    ...(remote.supporterLink ? { supporterLink: remote.supporterLink } : {}),
    ...(remote.webSupporterLink ? { webSupporterLink: remote.webSupporterLink } : {}),
    ...(remote.validUntil ? { validUntil: remote.validUntil } : {}),
    invite: hasEmail && deps.mailer.enabled ? { status: 'pending', to: session.requester?.email ?? '' } : { status: 'handed_to_agent' },
    updatedAt: now.toISOString(),
  });
  if (!created) return undefined;

  // The session exists at TeamViewer now: a card Slack refuses must not cost the invitation or the work note.
  const locale = cardLocale(deps, created);
  const c = t(locale).start;
  let card: MessageRef | undefined;
  let cardError: unknown;
  try {
    card = await deps.chat.post(originTarget(created), sessionCard(created, now, locale));
  } catch (err) {
    cardError = err;
    deps.logger.warn({ err: toBotError(err), sessionId: created.id }, 'posting the session card failed; showing it to the agent privately');
  }
  const withCard = (card ? await deps.store.sessions.patch(created.id, { card, updatedAt: now.toISOString() }) : undefined) ?? created;

  const agent = { name: link.name, chatUserId: created.agent.chatUserId };
  await queueJournal(deps, withCard, notes(deps).created(withCard), agent);
  if (hasEmail && deps.mailer.enabled) {
    await queueInvitation(deps, withCard, created.requester?.email ?? '', { notifyUserId: agent.chatUserId, confirm: false, agentName: link.name });
  } else {
    const why = !deps.mailer.enabled
      ? c.mailOff
      : created.requester?.emailHidden
        ? c.emailHidden({ system: deps.itsm.displayName, name: created.requester.name, ticket: created.ticket.number })
        : c.noRequesterEmail(created.ticket.number);
    await deps.chat.postPrivate(originTarget(created), agent.chatUserId, customerLinkForAgent(created, why, locale));
  }
  if (cardError !== undefined) {
    const shown = sessionCard(withCard, now, locale);
    const why = c.cardFailed(errorMessage(toBotError(cardError), locale));
    await deps.chat.postPrivate(originTarget(created), agent.chatUserId, { ...shown, text: `${why} ${shown.text}`, body: [why, ...(shown.body ?? [])] });
  }
  return withCard;
}

function failed(deps: CoreDeps, e: BotError): Pick<SessionRecord, 'failure' | 'updatedAt'> {
  const at = deps.clock.now().toISOString();
  return { failure: { code: e.code, message: e.publicMessage, at }, updatedAt: at };
}

/** The customer link, privately to the agent, when no e-mail carries it (in the agent's language). */
export function customerLinkForAgent(s: SessionRecord, why: string, locale: Locale) {
  return plain(t(locale).start.passLinkOn(why, s.code ?? '', s.customerLink), 'warning');
}

export function assertAssignee(actorEmail: string | undefined, ticket: Ticket, action: 'start' | 'connect' = 'start'): void {
  const mine = actorEmail?.toLowerCase();
  if (!mine) throw new PermissionError('auth.forbidden', ...says({ key: 'assigneeEmailUnknown', params: { ticket: ticket.ref.number, action } }));
  if (mine !== ticket.assignee?.email?.toLowerCase()) {
    throw new PermissionError('auth.forbidden', ...says({ key: 'notAssignee', params: { ticket: ticket.ref.number, action, ...(ticket.assignee?.name ? { assignee: ticket.assignee.name } : {}) } }));
  }
}

/** Another start for a ticket that has a session: the asker sees it (privately, in their language). */
async function showExisting(deps: CoreDeps, interaction: Interaction, existing: SessionRecord, locale: Locale): Promise<void> {
  const now = deps.clock.now();
  const c = t(locale).start;
  const other = existing.agent.key === interaction.actor.key ? undefined : existing.agent.name;
  if (existing.state === 'requested') {
    if (needsRecovery(existing, now, deps.settings.staleRequestMs)) {
      const adopted = await adoptOrFail(deps, existing);
      if (adopted) return showExisting(deps, interaction, adopted, locale);
      throw new BotError('session.busy', ...says({ key: 'startInterrupted', params: { ticket: existing.ticket.number } }));
    }
    await deps.chat.postPrivate(interaction.conversation, interaction.actor.userId, inLocale(plain(c.starting(existing.ticket.number, other)), locale));
    return;
  }
  if (!isLive(existing, now)) return;
  const card = sessionCard(existing, now, locale);
  await deps.chat.postPrivate(interaction.conversation, interaction.actor.userId, {
    ...card,
    text: `${c.existingText(existing.ticket.number, other)} ${card.text}`,
    body: [c.existingBody(existing.ticket.number, other), ...(card.body ?? [])],
  });
}
