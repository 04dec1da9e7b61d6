/**
 * `chat.postMessage`, `chat.update`, `chat.postEphemeral` (chat-platforms.md §5, Block Kit limits §7).
 */
import { validateBlocks } from './block-kit.validate.js';
import { messageJson } from './message.mapping.js';
import type { Block } from './slack.types.js';
import { bool, slackError, str, type Args, type MethodContext, type MethodHandler, type SlackResult } from './web-api.args.js';

/** Slack documents truncation past 40,000 characters; the API rejects longer text with `msg_too_long`. */
export const MAX_TEXT_CHARS = 40_000;

type Content = { ok: true; text: string; blocks: Block[] | undefined; blocksGiven: boolean } | { ok: false; result: SlackResult };

/** Shared content checks: text length, Block Kit limits, and "something to show". */
export function readContent(args: Args, o: { requireSomething: boolean }): Content {
  const text = typeof args.text === 'string' ? args.text : '';
  if (text.length > MAX_TEXT_CHARS) return { ok: false, result: slackError('msg_too_long') };
  const check = validateBlocks(args.blocks);
  if (!check.ok) return { ok: false, result: slackError(check.error, check.messages.length > 0 ? { response_metadata: { messages: check.messages } } : {}) };
  const blocksGiven = args.blocks !== undefined && args.blocks !== '';
  const hasAttachments = args.attachments !== undefined && args.attachments !== '' && args.attachments !== '[]';
  if (o.requireSomething && text === '' && (check.blocks === undefined || check.blocks.length === 0) && !hasAttachments) {
    return { ok: false, result: slackError('no_text') };
  }
  return { ok: true, text, blocks: check.blocks, blocksGiven };
}

export const chatPostMessage: MethodHandler = (ctx: MethodContext, args: Args) => {
  const { world } = ctx;
  const target = world.postableChannel(str(args, 'channel'));
  if (!target.ok) return slackError(target.error);
  const content = readContent(args, { requireSomething: true });
  if (!content.ok) return content.result;
  const threadTs = world.resolveThread(target.channel.id, str(args, 'thread_ts'), ctx.warnings);
  const unfurlLinks = bool(args, 'unfurl_links');
  const unfurlMedia = bool(args, 'unfurl_media');
  const msg = world.postMessage({
    channel: target.channel.id,
    text: content.text,
    postedBy: 'bot',
    via: 'chat.postMessage',
    replyBroadcast: threadTs !== undefined && bool(args, 'reply_broadcast') === true,
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(threadTs !== undefined ? { threadTs } : {}),
    ...(unfurlLinks !== undefined ? { unfurlLinks } : {}),
    ...(unfurlMedia !== undefined ? { unfurlMedia } : {}),
    ...(args.metadata !== undefined ? { metadata: parseMaybeJson(args.metadata) } : {}),
  });
  return { ok: true, channel: msg.channel, ts: msg.ts, message: messageJson(msg, world.state) };
};

/**
 * Only the bot's own channel messages can be updated; ephemeral ts values are unknown to `chat.update`. Omitting
 * `blocks` keeps the previous blocks and `[]` removes them (Slack's chat.update reference; M).
 */
export const chatUpdate: MethodHandler = (ctx: MethodContext, args: Args) => {
  const { world } = ctx;
  const channelRef = str(args, 'channel');
  const channel = channelRef ? world.resolveChannel(channelRef) : undefined;
  if (!channel) return slackError('channel_not_found');
  const ts = str(args, 'ts');
  const msg = ts ? world.findMessage(channel.id, ts) : undefined;
  if (!msg) return slackError('message_not_found');
  if (msg.postedBy !== 'bot') return slackError('cant_update_message');
  const content = readContent(args, { requireSomething: false });
  if (!content.ok) return content.result;
  const blocks = content.blocksGiven ? (content.blocks && content.blocks.length > 0 ? content.blocks : undefined) : msg.blocks;
  if (content.text === '' && blocks === undefined) return slackError('no_text');
  world.replaceContent(msg, { text: content.text, ...(blocks ? { blocks } : {}) });
  return { ok: true, channel: channel.id, ts: msg.ts, text: msg.text, message: messageJson(msg, world.state) };
};

export const chatPostEphemeral: MethodHandler = (ctx: MethodContext, args: Args) => {
  const { world } = ctx;
  const target = world.postableChannel(str(args, 'channel'));
  if (!target.ok) return slackError(target.error);
  const userId = str(args, 'user');
  if (!userId || !world.state.users.has(userId)) return slackError('user_not_found');
  if (!target.channel.members.includes(userId)) return slackError('user_not_in_channel');
  const content = readContent(args, { requireSomething: true });
  if (!content.ok) return content.result;
  const threadTs = world.resolveThread(target.channel.id, str(args, 'thread_ts'), ctx.warnings);
  const eph = world.postEphemeral({
    channel: target.channel.id,
    userId,
    text: content.text,
    via: 'chat.postEphemeral',
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(threadTs !== undefined ? { threadTs } : {}),
  });
  return { ok: true, message_ts: eph.ts };
};

function parseMaybeJson(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}
