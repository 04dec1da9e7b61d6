/**
 * What the sandbox's Teams view shows, read from the Teams simulator only: Beth's view of the #Helpdesk channel of
 * team IT (posts and their reply threads) and of her 1:1 chat with the bot, with the bot's Adaptive Cards passed
 * through raw so the browser renders them itself; plus the same inbox and journal as the Slack view.
 */
import { createHash } from 'node:crypto';
import type { TeamsConversation, TeamsMessage } from '../../../simulators/index.js';
import type { StackWorld, TeamsWorld } from '../../stack.js';
import { inboxView, journalView, type ViewMail, type ViewTicket } from '../state.js';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** A message as Beth sees it in Teams. */
export interface TeamsViewMessage {
  id: string;
  /** Channels only: the id of the post this message belongs to (its own id for a post). */
  threadRootId?: string;
  bot: boolean;
  author: string;
  /** Plain or Teams-markdown text; user mentions arrive as `<at>Name</at>`. */
  text: string;
  /** Adaptive Card contents, in attachment order. */
  cards: unknown[];
  postedAt: string;
  edited: boolean;
}

export interface TeamsViewConversation {
  id: string;
  kind: 'channel' | 'chat';
  name: string;
  /** The team a channel belongs to. */
  team?: string;
  messages: TeamsViewMessage[];
}

export interface TeamsSnapshot {
  /** Changes whenever anything below changes; the page sends it back as `since` to skip unchanged polls. */
  version: string;
  me: { id: string; name: string };
  botName: string;
  conversations: TeamsViewConversation[];
  inbox: ViewMail[];
  itsm: string;
  journal: ViewTicket[];
}

/** The conversations the view offers, in rail order: the channel, then Beth's 1:1 chat (opened as if installed). */
export function teamsConversations(teams: TeamsWorld): TeamsConversation[] {
  return [teams.channel, teams.sim.personalChat(teams.agent)];
}

function view(m: TeamsMessage, teams: TeamsWorld): TeamsViewMessage {
  const { state } = teams.sim;
  const cards = (m.attachments ?? []).flatMap((a) => {
    const att = a as { contentType?: unknown; content?: unknown };
    return att.contentType === ADAPTIVE_CARD && att.content && typeof att.content === 'object' ? [att.content] : [];
  });
  return {
    id: m.id,
    ...(m.threadRootId !== undefined ? { threadRootId: m.threadRootId } : {}),
    bot: m.from === 'bot',
    author: m.from === 'bot' ? state.botName : (state.users.get(m.userId ?? '')?.name ?? 'Someone'),
    text: m.text ?? '',
    cards,
    postedAt: m.postedAt.toISOString(),
    edited: m.updates.length > 0,
  };
}

export function teamsSnapshot(world: StackWorld, teams: TeamsWorld): TeamsSnapshot {
  const { state } = teams.sim;
  const conversations = teamsConversations(teams).map((c): TeamsViewConversation => {
    const messages = state.messages.filter((m) => m.conversationId === c.id && !m.deleted).map((m) => view(m, teams));
    if (c.conversationType === 'personal') return { id: c.id, kind: 'chat', name: state.botName, messages };
    return { id: c.id, kind: 'channel', name: c.name ?? 'General', ...(c.team ? { team: c.team.name } : {}), messages };
  });
  const body = { me: { id: teams.agent.id, name: teams.agent.name }, botName: state.botName, conversations, inbox: inboxView(world), itsm: world.itsm?.kind ?? 'none', journal: journalView(world) };
  const version = createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 22);
  return { version, ...body };
}
