/**
 * The tenant the simulator plays: users, teams, conversations and every message. Connector routes and deliveries
 * read and write through this one object, so tests see one truth. Id shapes follow chat-platforms.md §8.
 */
import { randomUUID } from 'node:crypto';
import { randomAlnum, type SimClock } from '../shared/sim-server.js';
import type { JsonObject, MessageVia, TeamsConversation, TeamsMessage, TeamsSimState, TeamsTeam, TeamsUser } from './teams.types.js';

const THREAD_SUFFIX = /;messageid=(\d+)$/;

/** `19:abc@thread.tacv2;messageid=123` → base id and thread root. Ids arrive URL-decoded here. */
export function splitConversationId(id: string): { base: string; rootId?: string } {
  const m = THREAD_SUFFIX.exec(id);
  return m?.[1] ? { base: id.slice(0, m.index), rootId: m[1] } : { base: id };
}

/** Owner of the simulator state; every mutation goes through it. */
export class TeamsWorld {
  readonly state: TeamsSimState;
  private lastId = 0;

  constructor(
    readonly clock: SimClock,
    init: { appId: string; botName: string; tenantId: string },
  ) {
    this.state = {
      ...init,
      botId: `28:${init.appId}`,
      users: new Map(),
      teams: new Map(),
      conversations: new Map(),
      messages: [],
      createdConversations: [],
      connectorCalls: [],
      tokenRequests: [],
      deliveries: [],
    };
  }

  /** Teams message ids are numeric, epoch-millisecond-like strings; ours stay unique and increasing. */
  nextActivityId(): string {
    this.lastId = Math.max(this.clock.now().getTime(), this.lastId + 1);
    return String(this.lastId);
  }

  addUser(u: { name: string; email?: string; aadObjectId?: string; installed?: boolean; locale?: string; timezone?: string }): TeamsUser {
    const [givenName = u.name, ...rest] = u.name.split(' ');
    const upn = u.email ?? `${u.name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@sim.onmicrosoft.com`;
    const user: TeamsUser = {
      id: `29:1${randomAlnum(40)}`,
      aadObjectId: u.aadObjectId ?? randomUUID(),
      name: u.name,
      givenName,
      surname: rest.join(' '),
      userPrincipalName: upn,
      tenantId: this.state.tenantId,
      installed: u.installed ?? true,
      locale: u.locale ?? 'en-US',
      timezone: u.timezone ?? 'Europe/Berlin',
      ...(u.email !== undefined ? { email: u.email } : {}),
    };
    this.state.users.set(user.id, user);
    return user;
  }

  /** Finds a user by `29:` id, Entra object id or `8:orgid:<objectId>` (all accepted by Teams as member ids). */
  findUser(ref: string): TeamsUser | undefined {
    const byId = this.state.users.get(ref);
    if (byId) return byId;
    const aad = ref.replace(/^8:orgid:/, '').toLowerCase();
    for (const u of this.state.users.values()) if (u.aadObjectId.toLowerCase() === aad) return u;
    return undefined;
  }

  user(ref: TeamsUser | string): TeamsUser {
    const found = typeof ref === 'string' ? this.findUser(ref) : ref;
    if (!found) throw new Error(`Teams simulator: unknown user ${typeof ref === 'string' ? ref : ref.id}`);
    return found;
  }

  team(name: string): TeamsTeam {
    for (const t of this.state.teams.values()) if (t.name === name) return t;
    const team: TeamsTeam = { id: `19:${randomAlnum(32)}@thread.tacv2`, name, aadGroupId: randomUUID(), members: [] };
    this.state.teams.set(team.id, team);
    // The team's General channel shares the team id (Teams behaviour; channel messages may arrive there).
    this.addConversation({ id: team.id, conversationType: 'channel', name: 'General', members: team.members, team });
    return team;
  }

  addConversation(c: { id: string; conversationType: TeamsConversation['conversationType']; name?: string; members: string[]; team?: TeamsTeam; botInstalled?: boolean; receivesAllMessages?: boolean }): TeamsConversation {
    const conv: TeamsConversation = {
      id: c.id,
      conversationType: c.conversationType,
      tenantId: this.state.tenantId,
      isGroup: c.conversationType !== 'personal',
      members: c.members,
      botInstalled: c.botInstalled ?? true,
      receivesAllMessages: c.receivesAllMessages ?? false,
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.team ? { team: c.team } : {}),
    };
    this.state.conversations.set(conv.id, conv);
    return conv;
  }

  addChannel(c: { name: string; team: string; members?: TeamsUser[]; botInstalled?: boolean; receivesAllMessages?: boolean }): TeamsConversation {
    const team = this.team(c.team);
    for (const m of c.members ?? []) if (!team.members.includes(m.id)) team.members.push(m.id);
    return this.addConversation({ id: `19:${randomAlnum(32)}@thread.tacv2`, conversationType: 'channel', name: c.name, members: team.members, team, ...flags(c) });
  }

  addGroupChat(c: { members: TeamsUser[]; name?: string; botInstalled?: boolean; receivesAllMessages?: boolean }): TeamsConversation {
    return this.addConversation({ id: `19:${randomAlnum(32)}@thread.v2`, conversationType: 'groupChat', members: c.members.map((m) => m.id), ...flags(c), ...(c.name !== undefined ? { name: c.name } : {}) });
  }

  /** The user's 1:1 chat with the bot; one per user, stable (createConversation returns the same id again). */
  personalChat(user: TeamsUser): TeamsConversation {
    for (const c of this.state.conversations.values()) if (c.conversationType === 'personal' && c.members[0] === user.id) return c;
    return this.addConversation({ id: `a:1${randomAlnum(60)}`, conversationType: 'personal', members: [user.id] });
  }

  conversation(ref: TeamsConversation | string): TeamsConversation {
    const found = typeof ref === 'string' ? this.state.conversations.get(splitConversationId(ref).base) : ref;
    if (!found) throw new Error(`Teams simulator: unknown conversation ${typeof ref === 'string' ? ref : ref.id}`);
    return found;
  }

  /** A personal conversation only accepts messages while the app is installed for its user. */
  botCanPost(conv: TeamsConversation): boolean {
    if (!conv.botInstalled) return false;
    if (conv.conversationType !== 'personal') return true;
    const user = conv.members[0] ? this.state.users.get(conv.members[0]) : undefined;
    return user?.installed ?? false;
  }

  findMessage(id: string): TeamsMessage | undefined {
    return this.state.messages.find((m) => m.id === id);
  }

  /**
   * Records a message. In channels the thread comes only from `;messageid=` in the addressed id: without it the
   * message is a new root post even when it answers another (chat-platforms.md §10, §14 "lands top-level", M).
   */
  record(m: { id: string; addressedTo: string; from: 'bot' | 'user'; via: MessageVia; activity: JsonObject; userId?: string; replyToId?: string }): TeamsMessage {
    const { base, rootId } = splitConversationId(m.addressedTo);
    const conv = this.state.conversations.get(base);
    const text = typeof m.activity.text === 'string' ? m.activity.text : undefined;
    const attachments = Array.isArray(m.activity.attachments) ? (m.activity.attachments as unknown[]) : undefined;
    const message: TeamsMessage = {
      id: m.id,
      conversationId: base,
      addressedTo: m.addressedTo,
      from: m.from,
      via: m.via,
      activity: { ...m.activity, id: m.id },
      updates: [],
      deleted: false,
      postedAt: this.clock.now(),
      ...(conv?.conversationType === 'channel' ? { threadRootId: rootId ?? m.id } : {}),
      ...(m.replyToId !== undefined ? { replyToId: m.replyToId } : {}),
      ...(m.userId !== undefined ? { userId: m.userId } : {}),
      ...(text !== undefined ? { text } : {}),
      ...(attachments !== undefined ? { attachments } : {}),
    };
    this.state.messages.push(message);
    return message;
  }

  /** Replaces the message's activity (a PUT replaces, it does not merge), keeping the version in `updates`. */
  update(target: TeamsMessage, activity: JsonObject, via: MessageVia): void {
    const next: JsonObject = { ...activity, id: target.id };
    target.activity = next;
    if (typeof next.text === 'string') target.text = next.text;
    else delete target.text;
    if (Array.isArray(next.attachments)) target.attachments = next.attachments as unknown[];
    else delete target.attachments;
    target.updatedAt = this.clock.now();
    target.updates.push({ activity: next, via, at: target.updatedAt });
  }

  botMessagesIn(conversationId: string): TeamsMessage[] {
    const { base } = splitConversationId(conversationId);
    return this.state.messages.filter((m) => m.conversationId === base && m.from === 'bot' && !m.deleted);
  }

  threadOf(rootId: string): TeamsMessage[] {
    return this.state.messages.filter((m) => m.threadRootId === rootId && m.from === 'bot' && !m.deleted);
  }
}

function flags(c: { botInstalled?: boolean; receivesAllMessages?: boolean }): { botInstalled?: boolean; receivesAllMessages?: boolean } {
  return { ...(c.botInstalled !== undefined ? { botInstalled: c.botInstalled } : {}), ...(c.receivesAllMessages !== undefined ? { receivesAllMessages: c.receivesAllMessages } : {}) };
}
