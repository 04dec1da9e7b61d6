import type { WebClient } from '@slack/web-api';
import type { Dispatcher } from 'undici';
import type { MessageRef } from '../../core/domain/remote-session.js';
import { ConnectorError } from '../../core/errors.js';
import type { ChatNotifier, ConversationTarget, Reply, UserProfile } from '../../core/ports/chat.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { httpCall, UnreachableError } from '../../upstream/http.js';
import { renderBlocks } from './block-kit.renderer.js';

/** Profiles are kept this long; the map is bounded (oldest out first) so a big workspace cannot grow it forever. */
const PROFILE_TTL_MS = 5 * 60_000;
const PROFILE_MAX = 5_000;

/** Errors after which posting into the channel cannot work, but the command's response_url still can. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'missing_scope']);

function platformError(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: string } };
  return e.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}

function chatFailed(err: unknown, what: string): ConnectorError {
  const code = platformError(err);
  return new ConnectorError('chat.failed', `Slack refused to ${what}${code ? ` (${code})` : ''}.`, {
    vendor: 'slack',
    reached: code !== undefined,
    retryable: code === undefined,
    cause: err,
    details: { slackError: code },
  });
}

/** The outbound ChatNotifier port for Slack: Web API calls plus the per-command response_url fallback. */
export class SlackNotifier implements ChatNotifier {
  /** The lookup itself is kept, so callers asking at once (language and assignee check) share one users.info. */
  private readonly profiles = new Map<string, { at: number; value: Promise<UserProfile | undefined> }>();

  constructor(
    private readonly client: WebClient,
    private readonly dispatcher: Dispatcher,
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  /** response_url posts go straight to Slack's webhook (not through WebClient), 30 min and 5 uses at most. */
  private async respond(url: string, body: Record<string, unknown>): Promise<boolean> {
    try {
      const res = await httpCall(this.dispatcher, { method: 'POST', url, body, timeoutMs: this.timeoutMs });
      if (res.status >= 200 && res.status < 300) return true;
      this.logger.info({ status: res.status }, 'response_url refused the post (expired or used up)');
      return false;
    } catch (err) {
      if (err instanceof UnreachableError) return false;
      throw err;
    }
  }

  async post(target: ConversationTarget, reply: Reply): Promise<MessageRef> {
    const { text, blocks } = renderBlocks(reply);
    try {
      const r = await this.client.chat.postMessage({ channel: target.conversationId, text, blocks, ...(target.threadId ? { thread_ts: target.threadId } : {}), unfurl_links: false, unfurl_media: false });
      return { surface: 'slack', conversationId: r.channel ?? target.conversationId, ...(r.ts ? { messageId: r.ts } : {}) };
    } catch (err) {
      const code = platformError(err);
      if (code && CANNOT_POST.has(code) && target.responseUrl) {
        // Private channels and DMs the bot is not in (chat-platforms.md §1): the command's response_url still works.
        if (await this.respond(target.responseUrl, { response_type: 'in_channel', replace_original: false, text, blocks })) {
          return { surface: 'slack', conversationId: target.conversationId };
        }
      }
      throw chatFailed(err, 'post the message in this conversation');
    }
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    if (!ref.messageId) return;
    const { text, blocks } = renderBlocks(reply);
    try {
      await this.client.chat.update({ channel: ref.conversationId, ts: ref.messageId, text, blocks });
    } catch (err) {
      throw chatFailed(err, 'update the session card');
    }
  }

  async postPrivate(target: ConversationTarget, userId: string, reply: Reply): Promise<void> {
    const { text, blocks } = renderBlocks(reply);
    if (target.responseUrl && (await this.respond(target.responseUrl, { response_type: 'ephemeral', replace_original: false, text, blocks }))) return;
    try {
      await this.client.chat.postEphemeral({ channel: target.conversationId, user: userId, text, blocks, ...(target.threadId ? { thread_ts: target.threadId } : {}) });
      return;
    } catch (err) {
      this.logger.info({ slackError: platformError(err) }, 'ephemeral message refused; sending a direct message instead');
    }
    await this.directMessage('slack', userId, reply);
  }

  async directMessage(_surface: 'slack' | 'teams', userId: string, reply: Reply): Promise<MessageRef> {
    const { text, blocks } = renderBlocks(reply);
    try {
      const open = await this.client.conversations.open({ users: userId });
      const channel = open.channel?.id;
      if (!channel) throw new Error('conversations.open returned no channel');
      const r = await this.client.chat.postMessage({ channel, text, blocks, unfurl_links: false });
      return { surface: 'slack', conversationId: channel, ...(r.ts ? { messageId: r.ts } : {}) };
    } catch (err) {
      throw chatFailed(err, 'send you a direct message');
    }
  }

  async userProfile(_surface: 'slack' | 'teams', userId: string): Promise<UserProfile | undefined> {
    const cached = this.profiles.get(userId);
    if (cached && Date.now() - cached.at < PROFILE_TTL_MS) return cached.value;
    const value = this.lookUp(userId);
    this.profiles.delete(userId);
    this.profiles.set(userId, { at: Date.now(), value });
    if (this.profiles.size > PROFILE_MAX) this.profiles.delete(this.profiles.keys().next().value ?? '');
    // A failed lookup is not remembered: the next caller asks again.
    value.catch(() => this.profiles.get(userId)?.value === value && this.profiles.delete(userId));
    return value;
  }

  private async lookUp(userId: string): Promise<UserProfile | undefined> {
    try {
      // Slack sends the user's language only when asked: https://api.slack.com/methods/users.info (include_locale).
      const r = await this.client.users.info({ user: userId, include_locale: true });
      const u = r.user;
      return u
        ? {
            ...(u.profile?.email ? { email: u.profile.email } : {}),
            ...(u.real_name || u.name ? { name: u.real_name ?? u.name ?? '' } : {}),
            ...(u.tz ? { timeZone: u.tz } : {}),
            ...(u.locale ? { locale: u.locale } : {}),
          }
        : undefined;
    } catch (err) {
      throw chatFailed(err, 'look up your Slack profile');
    }
  }
}
