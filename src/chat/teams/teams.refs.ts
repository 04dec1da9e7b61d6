import type { ConversationReference } from 'botbuilder';
import type { ConversationRefRepo } from '../../core/ports/store.port.js';

/** What we keep per Teams user, so jobs can DM them and renderers know their zone (chat-platforms.md §10). */
export interface TeamsUserRef {
  /** The user's last conversation with the bot: serviceUrl, tenant and bot ids come from here. */
  reference: Partial<ConversationReference>;
  /** `29:…`, the per-bot Teams id createConversation needs. */
  teamsId: string;
  aadObjectId?: string;
  name?: string;
  /** IANA zone from the client's `clientInfo` entity. */
  timeZone?: string;
  tenantId?: string;
}

/** The part of a Teams conversation id before `;messageid=` (the thread root), and that root. */
export function splitThread(conversationId: string): { base: string; root?: string } {
  const i = conversationId.indexOf(';messageid=');
  return i < 0 ? { base: conversationId } : { base: conversationId.slice(0, i), root: conversationId.slice(i + ';messageid='.length) };
}

/** Typed access to the store's opaque references: conversations by base id, users by Entra object id and `29:` id. */
export class TeamsRefs {
  constructor(private readonly repo: ConversationRefRepo) {}

  async putConversation(ref: Partial<ConversationReference>): Promise<void> {
    const id = ref.conversation?.id;
    if (!id) return;
    const { base } = splitThread(id);
    await this.repo.put(`teams:conv:${base}`, { ...ref, conversation: { ...ref.conversation, id: base }, activityId: undefined });
  }

  async conversation(conversationId: string): Promise<Partial<ConversationReference> | undefined> {
    return (await this.repo.get(`teams:conv:${splitThread(conversationId).base}`));
  }

  /** Merges into what is known: an activity without `clientInfo` must not erase the zone an earlier one gave. */
  async putUser(user: TeamsUserRef): Promise<void> {
    const known = await this.user(user.aadObjectId ?? user.teamsId);
    const value = { ...(known ?? {}), ...user } as unknown as Record<string, unknown>;
    await this.repo.put(`teams:user:${user.teamsId}`, value);
    if (user.aadObjectId) await this.repo.put(`teams:user:${user.aadObjectId}`, value);
  }

  async user(userId: string): Promise<TeamsUserRef | undefined> {
    return (await this.repo.get(`teams:user:${userId}`)) as TeamsUserRef | undefined;
  }
}
