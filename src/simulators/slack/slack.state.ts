/**
 * The workspace the simulator plays: users, channels, DMs and every message the bot produced. Web API routes,
 * `response_url` handling and deliveries all read and write through this one object, so tests see one truth.
 */
import { randomAlnum, type SimClock } from '../shared/sim-server.js';
import type { Block, EphemeralMessage, MessageSource, PostedMessage, SlackChannel, SlackSimState, SlackUser } from './slack.types.js';

export const DEFAULT_BOT_SCOPES = ['chat:write', 'chat:write.public', 'im:write', 'users:read', 'users:read.email', 'commands', 'app_mentions:read', 'im:history'];

function slackId(prefix: string): string {
  return prefix + randomAlnum(10).toUpperCase();
}

/** Slack message timestamps are `<unix seconds>.<6 digits>` and unique per channel; we keep them unique globally. */
export class TsGenerator {
  private last = 0;
  constructor(private readonly clock: SimClock) {}
  next(): string {
    const micros = this.clock.now().getTime() * 1000;
    this.last = Math.max(micros, this.last + 1);
    const secs = Math.floor(this.last / 1_000_000);
    return `${secs}.${String(this.last % 1_000_000).padStart(6, '0')}`;
  }
}

export type ChannelRef = { ok: true; channel: SlackChannel } | { ok: false; error: string };

export class SlackWorld {
  readonly state: SlackSimState;
  readonly ts: TsGenerator;

  constructor(
    readonly clock: SimClock,
    init: { teamId: string; teamDomain: string; botUserId: string; botId: string; appId: string; botScopes: string[] },
  ) {
    this.ts = new TsGenerator(clock);
    this.state = {
      ...init,
      users: new Map(),
      channels: new Map(),
      dms: new Map(),
      messages: [],
      ephemerals: [],
      responseUrlPosts: [],
      apiCalls: [],
      deliveries: [],
    };
    this.state.users.set(init.botUserId, { id: init.botUserId, teamId: init.teamId, name: 'teamviewer', realName: 'TeamViewer', tz: 'UTC', isBot: true });
  }

  hasScope(scope: string): boolean {
    return this.state.botScopes.includes(scope);
  }

  addUser(u: { id?: string; name: string; realName?: string; email?: string; tz?: string; locale?: string }): SlackUser {
    const user: SlackUser = {
      id: u.id ?? slackId('U'),
      teamId: this.state.teamId,
      name: u.name,
      realName: u.realName ?? u.name,
      tz: u.tz ?? 'UTC',
      isBot: false,
      ...(u.email !== undefined ? { email: u.email } : {}),
      ...(u.locale !== undefined ? { locale: u.locale } : {}),
    };
    this.state.users.set(user.id, user);
    return user;
  }

  addChannel(c: { id?: string; name: string; isPrivate?: boolean; botIsMember?: boolean; members?: string[] }): SlackChannel {
    const id = c.id ?? slackId('C');
    const channel: SlackChannel = {
      id,
      name: c.name.replace(/^#/, ''),
      isPrivate: c.isPrivate ?? false,
      isIm: id.startsWith('D'),
      isMpim: false,
      botIsMember: c.botIsMember ?? true,
      members: [...(c.members ?? [])],
    };
    this.state.channels.set(id, channel);
    const [dmUser] = channel.members;
    if (channel.isIm && channel.members.length === 1 && dmUser !== undefined && !this.state.dms.has(dmUser)) this.state.dms.set(dmUser, id);
    return channel;
  }

  /** The bot's DM with a user, created on first use and stable afterwards (as `conversations.open` behaves). */
  openDm(userId: string): SlackChannel {
    const existing = this.state.dms.get(userId);
    const known = existing ? this.state.channels.get(existing) : undefined;
    if (known) return known;
    const channel: SlackChannel = { id: slackId('D'), name: userId, isPrivate: true, isIm: true, isMpim: false, botIsMember: true, members: [userId] };
    this.state.channels.set(channel.id, channel);
    this.state.dms.set(userId, channel.id);
    return channel;
  }

  openMpim(userIds: string[]): SlackChannel {
    const key = [...userIds].sort().join(',');
    for (const ch of this.state.channels.values()) if (ch.isMpim && [...ch.members].sort().join(',') === key) return ch;
    const names = userIds.map((id) => this.state.users.get(id)?.name ?? id);
    const channel: SlackChannel = { id: slackId('G'), name: `mpdm-${names.join('--')}-1`, isPrivate: true, isIm: false, isMpim: true, botIsMember: true, members: [...userIds] };
    this.state.channels.set(channel.id, channel);
    return channel;
  }

  /** Resolves a `channel` argument: an id, a `#name`/name, or a user id (Slack posts those to the app's DM). */
  resolveChannel(ref: string): SlackChannel | undefined {
    const byId = this.state.channels.get(ref);
    if (byId) return byId;
    if (/^[UW][A-Z0-9]+$/.test(ref) && this.state.users.has(ref)) return this.openDm(ref);
    const name = ref.replace(/^#/, '');
    for (const ch of this.state.channels.values()) if (!ch.isIm && !ch.isMpim && ch.name === name) return ch;
    return undefined;
  }

  /**
   * Who may post where (chat-platforms.md §5): a private channel the bot is not in is `not_in_channel` (real Slack
   * often hides it as `channel_not_found`); a public one needs membership or `chat:write.public`.
   */
  postableChannel(ref: string | undefined): ChannelRef {
    if (!ref) return { ok: false, error: 'channel_not_found' };
    const channel = this.resolveChannel(ref);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (channel.botIsMember) return { ok: true, channel };
    if (channel.isPrivate || channel.isIm || channel.isMpim) return { ok: false, error: 'not_in_channel' };
    if (!this.hasScope('chat:write.public')) return { ok: false, error: 'not_in_channel' };
    return { ok: true, channel };
  }

  findMessage(channelId: string, ts: string): PostedMessage | undefined {
    return this.state.messages.find((m) => m.channel === channelId && m.ts === ts && !m.deleted);
  }

  findEphemeral(channelId: string, ts: string): EphemeralMessage | undefined {
    return this.state.ephemerals.find((m) => m.channel === channelId && m.ts === ts && !m.deleted);
  }

  /** Thread replies always hang off the parent; a reply's ts given as `thread_ts` is normalised with a warning. */
  resolveThread(channelId: string, threadTs: string | undefined, warnings: string[]): string | undefined {
    if (!threadTs) return undefined;
    const target = this.state.messages.find((m) => m.channel === channelId && m.ts === threadTs);
    if (!target) {
      // Assumption (no doc in chat-platforms.md): Slack accepts an unknown thread_ts; we keep it and flag it.
      warnings.push('thread_parent_not_found');
      return threadTs;
    }
    if (target.threadTs && target.threadTs !== target.ts) {
      warnings.push('thread_ts_is_a_reply');
      return target.threadTs;
    }
    return target.ts;
  }

  postMessage(m: {
    channel: string;
    text: string;
    blocks?: Block[];
    threadTs?: string;
    postedBy: 'bot' | 'user';
    user?: string;
    via: MessageSource;
    replyBroadcast?: boolean;
    unfurlLinks?: boolean;
    unfurlMedia?: boolean;
    metadata?: unknown;
  }): PostedMessage {
    const bot = m.postedBy === 'bot';
    const message: PostedMessage = {
      isEphemeral: false,
      channel: m.channel,
      ts: this.ts.next(),
      text: m.text,
      user: m.user ?? this.state.botUserId,
      postedBy: m.postedBy,
      via: m.via,
      replyBroadcast: m.replyBroadcast ?? false,
      history: [],
      deleted: false,
      postedAt: this.clock.now(),
      ...(m.threadTs !== undefined ? { threadTs: m.threadTs } : {}),
      ...(m.blocks !== undefined ? { blocks: m.blocks } : {}),
      ...(bot ? { botId: this.state.botId, appId: this.state.appId } : {}),
      ...(m.unfurlLinks !== undefined ? { unfurlLinks: m.unfurlLinks } : {}),
      ...(m.unfurlMedia !== undefined ? { unfurlMedia: m.unfurlMedia } : {}),
      ...(m.metadata !== undefined ? { metadata: m.metadata } : {}),
    };
    this.state.messages.push(message);
    return message;
  }

  postEphemeral(m: { channel: string; userId: string; text: string; blocks?: Block[]; threadTs?: string; via: MessageSource }): EphemeralMessage {
    const eph: EphemeralMessage = {
      isEphemeral: true,
      channel: m.channel,
      ts: this.ts.next(),
      userId: m.userId,
      text: m.text,
      via: m.via,
      history: [],
      deleted: false,
      postedAt: this.clock.now(),
      ...(m.threadTs !== undefined ? { threadTs: m.threadTs } : {}),
      ...(m.blocks !== undefined ? { blocks: m.blocks } : {}),
    };
    this.state.ephemerals.push(eph);
    return eph;
  }

  /** Replaces text/blocks, keeping the previous version in `history`. */
  replaceContent(target: PostedMessage | EphemeralMessage, next: { text: string; blocks?: Block[] }): void {
    const prev = { text: target.text, at: target.updatedAt ?? target.postedAt, ...(target.blocks ? { blocks: target.blocks } : {}) };
    target.history.push(prev);
    target.text = next.text;
    if (next.blocks !== undefined) target.blocks = next.blocks;
    else delete target.blocks;
    target.updatedAt = this.clock.now();
    if (!target.isEphemeral) {
      target.edited = { user: this.state.botUserId, ts: this.ts.next() };
    }
  }

  /** Channel messages by the bot, oldest first, latest content, deleted ones left out. */
  botMessagesIn(channelId: string): PostedMessage[] {
    return this.state.messages.filter((m) => m.channel === channelId && m.postedBy === 'bot' && !m.deleted).sort((a, b) => compareTs(a.ts, b.ts));
  }
}

export function compareTs(a: string, b: string): number {
  const [as = '0', am = '0'] = a.split('.');
  const [bs = '0', bm = '0'] = b.split('.');
  return Number(as) - Number(bs) || Number(am) - Number(bm);
}
