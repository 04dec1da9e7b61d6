/**
 * Read-only connector routes the bot may use to resolve people (`TeamsInfo.getMember`, `getPagedMembers`,
 * `getTeamDetails`, `getTeamChannels`): members come back as `TeamsChannelAccount`s with `aadObjectId`, `email` and
 * `userPrincipalName`, which is how the bot maps a Teams user to an ITSM person.
 */
import type { SimResponse } from '../shared/sim-server.js';
import { splitConversationId, type TeamsWorld } from './teams.state.js';
import type { JsonObject, TeamsUser } from './teams.types.js';

/** The member and team reads `memberRoute` answers. */
export type MemberQuery =
  | { kind: 'all'; conversationId: string }
  | { kind: 'one'; conversationId: string; memberId: string }
  | { kind: 'paged'; conversationId: string; query: URLSearchParams }
  | { kind: 'team'; teamId: string }
  | { kind: 'channels'; teamId: string };

/** Teams' default page size for `pagedmembers`. */
const DEFAULT_PAGE_SIZE = 200;

/** A user as `TeamsChannelAccount` (botframework-schema `teams/index.ts`). */
export function teamsChannelAccount(u: TeamsUser): JsonObject {
  return {
    id: u.id,
    name: u.name,
    aadObjectId: u.aadObjectId,
    givenName: u.givenName,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    tenantId: u.tenantId,
    userRole: 'user',
    ...(u.email !== undefined ? { email: u.email } : {}),
  };
}

function err(status: number, code: string, message: string): SimResponse {
  return { status, json: { error: { code, message } } };
}

/** Answers one member/team read; 404 for unknown ids, 403 when the bot is not in the conversation. */
export function memberRoute(world: TeamsWorld, q: MemberQuery): SimResponse {
  if (q.kind === 'team' || q.kind === 'channels') {
    const team = world.state.teams.get(q.teamId);
    if (!team) return err(404, 'NotFound', 'Team not found.');
    if (q.kind === 'team') return { status: 200, json: { id: team.id, name: team.name, aadGroupId: team.aadGroupId } };
    const channels = [...world.state.conversations.values()].filter((c) => c.team?.id === team.id);
    // Teams reports the General channel (id = team id) without a name.
    return { status: 200, json: { conversations: channels.map((c) => (c.id === team.id ? { id: c.id } : { id: c.id, name: c.name })) } };
  }
  const conv = world.state.conversations.get(splitConversationId(q.conversationId).base);
  if (!conv) return err(404, 'ConversationNotFound', 'Conversation not found.');
  if (!world.botCanPost(conv)) return err(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
  const members = conv.members.flatMap((id) => {
    const u = world.state.users.get(id);
    return u ? [u] : [];
  });
  if (q.kind === 'all') return { status: 200, json: members.map(teamsChannelAccount) };
  if (q.kind === 'one') {
    const u = world.findUser(q.memberId);
    if (!u || !conv.members.includes(u.id)) return err(404, 'MemberNotFoundInConversation', 'The member was not found in the conversation.');
    return { status: 200, json: teamsChannelAccount(u) };
  }
  const size = Math.max(1, Number(q.query.get('pageSize') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE);
  const start = Number(q.query.get('continuationToken') ?? 0) || 0;
  const page = members.slice(start, start + size);
  const next = start + size < members.length ? String(start + size) : undefined;
  return { status: 200, json: { members: page.map(teamsChannelAccount), ...(next ? { continuationToken: next } : {}) } };
}
