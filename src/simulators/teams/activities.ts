/**
 * Teams-shaped inbound activities (chat-platforms.md §8, modelled on botbuilder-js
 * `libraries/botbuilder/tests/teamsInfo.test.js`): message, `Action.Execute` invoke and `Action.Submit` message,
 * including the quirks the bot must survive: `<at>Bot</at>` in the text with a trailing newline, a `text/html`
 * copy with `&nbsp;`, and channel conversation ids carrying `;messageid=<thread root>`.
 */
import { randomAlnum } from '../shared/sim-server.js';
import type { TeamsWorld } from './teams.state.js';
import type { JsonObject, TeamsConversation, TeamsUser } from './teams.types.js';

export interface Addressed {
  id: string;
  /** Conversation id as the bot sees it (channels: with `;messageid=`). */
  conversationId: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESCAPES[c] ?? c);
}

/** Channel posts address their thread; `replyToId` may name any message of a thread, its root is looked up. */
export function address(world: TeamsWorld, conv: TeamsConversation, id: string, replyToId?: string): Addressed {
  if (conv.conversationType !== 'channel') return { id, conversationId: conv.id };
  const root = replyToId === undefined ? id : (world.findMessage(replyToId)?.threadRootId ?? replyToId);
  return { id, conversationId: `${conv.id};messageid=${root}` };
}

/** Fields every Teams activity carries. */
export function envelope(world: TeamsWorld, serviceUrl: string, user: TeamsUser, conv: TeamsConversation, at: Addressed): JsonObject {
  const { botId, botName, tenantId } = world.state;
  const now = world.clock.now().toISOString();
  const channelData: JsonObject = { tenant: { id: tenantId } };
  if (conv.team) {
    Object.assign(channelData, {
      team: { id: conv.team.id, name: conv.team.name, aadGroupId: conv.team.aadGroupId },
      channel: { id: conv.id, ...(conv.id === conv.team.id ? {} : { name: conv.name }) },
      teamsTeamId: conv.team.id,
      teamsChannelId: conv.id,
    });
  }
  return {
    id: at.id,
    timestamp: now,
    localTimestamp: now,
    localTimezone: user.timezone,
    serviceUrl,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    conversation: {
      conversationType: conv.conversationType,
      tenantId,
      id: at.conversationId,
      ...(conv.isGroup ? { isGroup: true } : {}),
      ...(conv.name !== undefined && conv.conversationType !== 'channel' ? { name: conv.name } : {}),
    },
    recipient: { id: botId, name: botName },
    entities: [{ type: 'clientInfo', locale: user.locale, country: user.locale.split('-')[1] ?? 'US', platform: 'Web', timezone: user.timezone }],
    channelData,
    locale: user.locale,
  };
}

/** A typed message. With `mentionBot` the text starts with `<at>Bot</at>` and ends with a newline, as Teams sends it. */
export function messageActivity(world: TeamsWorld, serviceUrl: string, a: { user: TeamsUser; conv: TeamsConversation; at: Addressed; text: string; mentionBot: boolean; replyToId?: string }): JsonObject {
  const { botId, botName } = world.state;
  const base = envelope(world, serviceUrl, a.user, a.conv, a.at);
  const mention = `<at>${botName}</at>`;
  const html = a.mentionBot
    ? `<p><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">${escapeHtml(botName)}</span>&nbsp;${escapeHtml(a.text)}</p>`
    : `<p>${escapeHtml(a.text)}</p>`;
  const entities = base.entities as JsonObject[];
  if (a.mentionBot) entities.unshift({ type: 'mention', mentioned: { id: botId, name: botName }, text: mention });
  return {
    ...base,
    type: 'message',
    textFormat: 'plain',
    text: a.mentionBot ? `${mention} ${a.text}\n` : a.text,
    attachments: [{ contentType: 'text/html', content: html }],
    entities,
    ...(a.replyToId !== undefined ? { replyToId: a.replyToId } : {}),
  };
}

/** `Action.Execute` from a card: invoke `adaptiveCard/action` (§11, botbuilder `AdaptiveCardInvokeValue`). */
export function executeActivity(world: TeamsWorld, serviceUrl: string, a: { user: TeamsUser; conv: TeamsConversation; at: Addressed; replyToId: string; verb: string; data: JsonObject }): JsonObject {
  return {
    ...envelope(world, serviceUrl, a.user, a.conv, a.at),
    // Invoke ids are not message ids in Teams (`f:…`); nothing can reply to them.
    id: `f:${randomAlnum(19)}`,
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: a.replyToId,
    value: { action: { type: 'Action.Execute', id: a.verb, verb: a.verb, data: a.data }, trigger: 'manual' },
  };
}

/** `Action.Submit` from a card: a message with `value` (data merged with inputs) and no text (§11). */
export function submitActivity(world: TeamsWorld, serviceUrl: string, a: { user: TeamsUser; conv: TeamsConversation; at: Addressed; replyToId: string; data: JsonObject }): JsonObject {
  const base = envelope(world, serviceUrl, a.user, a.conv, a.at);
  return { ...base, type: 'message', replyToId: a.replyToId, value: a.data, channelData: { ...(base.channelData as JsonObject), source: { name: 'message' } } };
}
