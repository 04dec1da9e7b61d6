import { TeamsInfo, TurnContext, type CloudAdapter, type ConversationReference, type Activity } from 'botbuilder';
import type { MessageRef } from '../../core/domain/remote-session.js';
import { BotError, ConnectorError } from '../../core/errors.js';
import { inLocale, pickLocale, t } from '../../core/i18n/index.js';
import type { ChatNotifier, ConversationTarget, Reply } from '../../core/ports/chat.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { renderAdaptiveCard } from './adaptive-card.renderer.js';
import { splitThread, type TeamsRefs } from './teams.refs.js';

/** Status and Teams error code of a failed connector call, as botbuilder's RestError carries them. */
function restFailure(err: unknown): { status?: number; code?: string } {
  const e = err as { statusCode?: number; code?: string; body?: { error?: { code?: string } }; response?: { status?: number; bodyAsText?: string } };
  let code = e.body?.error?.code;
  if (!code && e.response?.bodyAsText) {
    try {
      code = (JSON.parse(e.response.bodyAsText) as { error?: { code?: string } }).error?.code;
    } catch {
      // not JSON: the status says enough
    }
  }
  return { ...(e.statusCode ?? e.response?.status ? { status: e.statusCode ?? e.response?.status } : {}), ...(code ? { code } : {}) };
}

function chatError(err: unknown, what: string): BotError {
  if (err instanceof BotError) return err;
  const { status, code } = restFailure(err);
  if (code === 'BotNotInConversationRoster' || status === 403) {
    return new ConnectorError('chat.failed', `Teams won't let me ${what}: the TeamViewer app is not installed for that person or conversation.`, { vendor: 'teams', ...(status ? { status } : {}), reached: true, cause: err, details: { code } });
  }
  if (status === 413) return new ConnectorError('chat.failed', `Teams refused to ${what}: the message is too large.`, { vendor: 'teams', status, reached: true, cause: err });
  return new ConnectorError('chat.failed', `Teams did not accept a message (${what}).`, { vendor: 'teams', ...(status ? { status } : {}), reached: status !== undefined, retryable: status === undefined || status === 429 || status >= 500, cause: err });
}

export const isNotInRoster = (err: unknown): boolean => err instanceof ConnectorError && err.vendor === 'teams' && err.status === 403;

/** Every user an inline in the reply names, so they can be shown as real mentions. */
function usersIn(reply: Reply): string[] {
  const rich = [...(reply.body ?? []), ...(reply.context ?? []), ...(reply.fields ?? []).map((f) => f.value)];
  return [...new Set(rich.flatMap((r) => (typeof r === 'string' ? [] : r.flatMap((i) => (typeof i !== 'string' && i.kind === 'user' ? [i.userId] : [])))))];
}

/**
 * ChatNotifier for Teams: everything goes out proactively (continueConversationAsync) from stored references,
 * because the bot answers each turn at once and does the work afterwards (chat-platforms.md §9.3, §10).
 */
export class TeamsNotifier implements ChatNotifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly refs: TeamsRefs,
    private readonly logger: Logger,
  ) {}

  private async messageOf(reply: Reply): Promise<Partial<Activity>> {
    const names = new Map<string, string>();
    for (const id of usersIn(reply)) {
      const name = (await this.refs.user(id))?.name;
      if (name) names.set(id, name);
    }
    const card = renderAdaptiveCard(reply, { userName: (id) => names.get(id) });
    return { type: 'message', attachments: [card], summary: reply.text.slice(0, 200) };
  }

  /** `known`: the conversation's reference when the caller has already read it (one store read per message). */
  private async continueIn(conversationId: string, what: string, logic: (ctx: TurnContext) => Promise<void>, known?: Partial<ConversationReference>): Promise<void> {
    const ref = known ?? (await this.refs.conversation(conversationId));
    if (!ref) throw new ConnectorError('chat.failed', `I have never been in that Teams conversation, so I can't ${what} there. Add the TeamViewer app to it first.`, { vendor: 'teams', reached: false });
    const reference: Partial<ConversationReference> = { ...ref, conversation: { ...(ref.conversation as ConversationReference['conversation']), id: conversationId } };
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, logic);
    } catch (err) {
      throw chatError(err, what);
    }
  }

  async post(target: ConversationTarget, reply: Reply): Promise<MessageRef> {
    const { base, root } = splitThread(target.conversationId);
    const ref = await this.refs.conversation(base);
    // Threads exist in channels; a 1:1 or group chat gets a plain message (chat-platforms.md §10).
    const threaded = ref?.conversation?.conversationType === 'channel' ? (root ?? target.threadId) : undefined;
    const conversationId = threaded ? `${base};messageid=${threaded}` : base;
    let id: string | undefined;
    const message = await this.messageOf(reply);
    await this.continueIn(
      conversationId,
      'post a message',
      async (ctx) => {
        id = (await ctx.sendActivity(message))?.id;
      },
      ref,
    );
    return { surface: 'teams', conversationId, ...(id ? { messageId: id } : {}) };
  }

  async update(ref: MessageRef, reply: Reply): Promise<void> {
    if (!ref.messageId) return;
    const id = ref.messageId;
    const message = await this.messageOf(reply);
    await this.continueIn(ref.conversationId, 'update the card', async (ctx) => {
      await ctx.updateActivity({ ...message, id });
    });
  }

  /**
   * Teams has no ephemeral messages: in a 1:1 chat this is the chat itself; elsewhere a direct message. When Teams
   * refuses that (app not installed for the user), the conversation gets a note that names no content.
   */
  async postPrivate(target: ConversationTarget, userId: string, reply: Reply): Promise<void> {
    const ref = await this.refs.conversation(target.conversationId);
    if (ref?.conversation?.conversationType === 'personal') {
      await this.post(target, reply);
      return;
    }
    try {
      await this.directMessage('teams', userId, reply);
    } catch (err) {
      if (!isNotInRoster(err)) throw err;
      const name = (await this.refs.user(userId))?.name;
      this.logger.info({ userId }, 'cannot DM this Teams user; asking them to install the app');
      // The note stands in for the refused answer, so it speaks that answer's language.
      const locale = pickLocale(reply.lang, 'en');
      const ask = t(locale).privateRefused;
      await this.post(target, inLocale({ text: name ? `${name}: ${ask}` : ask, body: [[{ kind: 'user', userId }, `: ${ask}`]], severity: 'warning' }, locale));
    }
  }

  async directMessage(_surface: 'slack' | 'teams', userId: string, reply: Reply): Promise<MessageRef> {
    const user = await this.refs.user(userId);
    const serviceUrl = user?.reference.serviceUrl;
    if (!user || !serviceUrl) throw new ConnectorError('chat.failed', "I can't message that Teams user: they have never talked to the bot.", { vendor: 'teams', reached: false });
    let ref: MessageRef | undefined;
    const message = await this.messageOf(reply);
    const tenantId = user.tenantId ?? user.reference.conversation?.tenantId;
    try {
      await this.adapter.createConversationAsync(
        this.appId,
        'msteams',
        serviceUrl,
        '',
        {
          isGroup: false,
          bot: user.reference.bot as ConversationReference['bot'],
          members: [{ id: user.teamsId, name: user.name ?? '' }],
          ...(tenantId ? { tenantId, channelData: { tenant: { id: tenantId } } } : {}),
        } as Parameters<CloudAdapter['createConversationAsync']>[4],
        async (ctx) => {
          const convRef = TurnContext.getConversationReference(ctx.activity);
          await this.refs.putConversation({ ...convRef, conversation: { ...(convRef.conversation as ConversationReference['conversation']), conversationType: 'personal' } });
          const sent = await ctx.sendActivity(message);
          ref = { surface: 'teams', conversationId: convRef.conversation?.id ?? '', ...(sent?.id ? { messageId: sent.id } : {}) };
        },
      );
    } catch (err) {
      throw chatError(err, 'message you privately');
    }
    return ref ?? { surface: 'teams', conversationId: '' };
  }

  async userProfile(_surface: 'slack' | 'teams', userId: string): Promise<{ email?: string; name?: string; timeZone?: string } | undefined> {
    const user = await this.refs.user(userId);
    if (!user) return undefined;
    let email: string | undefined;
    const convId = user.reference.conversation?.id;
    if (convId) {
      await this.continueIn(convId, 'look you up', async (ctx) => {
        const member = await TeamsInfo.getMember(ctx, user.teamsId);
        email = member.email ?? member.userPrincipalName;
      }).catch((err: unknown) => this.logger.debug({ err, userId }, 'Teams member lookup failed; no e-mail for this user'));
    }
    return { ...(email ? { email } : {}), ...(user.name ? { name: user.name } : {}), ...(user.timeZone ? { timeZone: user.timeZone } : {}) };
  }
}
