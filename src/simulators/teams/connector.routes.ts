/**
 * The Bot Connector REST API under `serviceUrl` (chat-platforms.md §9.5, botframework-connector
 * `connectorApi/operations/conversations.ts`): create/send/reply/update/delete activities and the member reads,
 * with Teams' refusals: 401 without a token we issued (auth on), 403 `BotNotInConversationRoster`, 404
 * `ConversationNotFound`, 413 `MessageSizeTooBig` (§11). Path segments arrive URL-encoded (`%3B` for `;messageid=`).
 */
import type { SimRequest, SimResponse } from '../shared/sim-server.js';
import type { TeamsIdentity } from './identity.routes.js';
import { isObject } from './jwt.js';
import { memberRoute } from './members.routes.js';
import { splitConversationId, type TeamsWorld } from './teams.state.js';
import type { ConnectorCall, CreatedConversation, JsonObject, TeamsConversation } from './teams.types.js';

/** See `TeamsSimOptions.authEnabled` and `maxMessageBytes`. */
export interface ConnectorOptions {
  authEnabled: boolean;
  maxMessageBytes: number;
}

/** Bot Framework's `ErrorResponse` body. */
export function connectorError(status: number, code: string, message: string): SimResponse {
  return { status, json: { error: { code, message } } };
}

const NOT_IN_ROSTER = (): SimResponse => connectorError(403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.');
const NO_CONVERSATION = (): SimResponse => connectorError(404, 'ConversationNotFound', 'Conversation not found.');

interface Route {
  operation: string;
  conversationId?: string;
  activityId?: string;
  run: () => SimResponse;
}

/** The handler for every `/v3/…` request; records each call in `state.connectorCalls`. */
export function createConnectorRoute(world: TeamsWorld, identity: TeamsIdentity, opts: ConnectorOptions): (req: SimRequest) => SimResponse {
  const posted = (req: SimRequest, conversationId: string, replyTo?: string): SimResponse => {
    const activity = req.json;
    if (!isObject(activity) || typeof activity.type !== 'string') return connectorError(400, 'BadArgument', 'Activity is missing or has no type.');
    const conv = world.state.conversations.get(baseOf(conversationId));
    if (!conv) return NO_CONVERSATION();
    if (!world.botCanPost(conv)) return NOT_IN_ROSTER();
    const id = world.nextActivityId();
    const replyToId = replyTo ?? (typeof activity.replyToId === 'string' ? activity.replyToId : undefined);
    world.record({ id, addressedTo: conversationId, from: 'bot', via: replyTo ? 'replyToActivity' : 'sendToConversation', activity, ...(replyToId ? { replyToId } : {}) });
    return { status: 201, json: { id } };
  };

  const ownMessage = (conversationId: string, activityId: string) => {
    const m = world.findMessage(activityId);
    return m && !m.deleted && m.from === 'bot' && m.conversationId === baseOf(conversationId) ? m : undefined;
  };

  const route = (req: SimRequest, seg: string[]): Route | undefined => {
    const [v3, kind, id, sub, item, extra] = seg;
    if (v3 !== 'v3' || extra !== undefined) return undefined;
    if (kind === 'teams' && id !== undefined && item === undefined && (sub === undefined || sub === 'conversations') && req.method === 'GET') {
      return { operation: sub ? 'getTeamChannels' : 'getTeamDetails', conversationId: id, run: () => memberRoute(world, { kind: sub ? 'channels' : 'team', teamId: id }) };
    }
    if (kind !== 'conversations') return undefined;
    if (id === undefined) return req.method === 'POST' ? { operation: 'createConversation', run: () => createConversation(world, req) } : undefined;
    const at = { conversationId: id, ...(item !== undefined ? { activityId: item } : {}) };
    if (sub === 'activities' && item === undefined && req.method === 'POST') return { operation: 'sendToConversation', ...at, run: () => posted(req, id) };
    if (sub === 'activities' && item !== undefined) {
      if (req.method === 'POST') return { operation: 'replyToActivity', ...at, run: () => posted(req, id, item) };
      if (req.method === 'PUT') {
        return {
          operation: 'updateActivity',
          ...at,
          run: () => {
            const m = ownMessage(id, item);
            if (!m) return connectorError(404, 'NotFound', 'Activity not found.');
            if (!isObject(req.json)) return connectorError(400, 'BadArgument', 'Activity is missing.');
            world.update(m, req.json, 'updateActivity');
            return { status: 200, json: { id: item } };
          },
        };
      }
      if (req.method === 'DELETE') {
        return {
          operation: 'deleteActivity',
          ...at,
          run: () => {
            const m = ownMessage(id, item);
            if (!m) return connectorError(404, 'NotFound', 'Activity not found.');
            m.deleted = true;
            return { status: 200 };
          },
        };
      }
    }
    if (req.method !== 'GET') return undefined;
    if (sub === 'members' && item === undefined) return { operation: 'getConversationMembers', ...at, run: () => memberRoute(world, { kind: 'all', conversationId: id }) };
    if (sub === 'members') return { operation: 'getConversationMember', ...at, run: () => memberRoute(world, { kind: 'one', conversationId: id, memberId: item ?? '' }) };
    if (sub === 'pagedmembers') return { operation: 'getConversationPagedMembers', ...at, run: () => memberRoute(world, { kind: 'paged', conversationId: id, query: req.query }) };
    return undefined;
  };

  return (req) => {
    const seg = req.path.split('/').slice(1).map((s) => decodeURIComponent(s));
    const r = route(req, seg);
    let res: SimResponse;
    let authorized: ConnectorCall['authorized'] = 'not-required';
    if (!r) {
      res = connectorError(404, 'NotFound', `No route for ${req.method} ${req.path}`);
    } else {
      const auth = opts.authEnabled ? identity.checkBearer(req.headers.authorization) : undefined;
      if (auth) authorized = auth.ok;
      if (auth && !auth.ok) {
        // The real connector's 401 body (ASP.NET Web API style), not an ErrorResponse.
        res = { status: 401, json: { message: 'Authorization has been denied for this request.' } };
      } else if ((req.method === 'POST' || req.method === 'PUT') && req.rawBody.length > opts.maxMessageBytes) {
        res = connectorError(413, 'MessageSizeTooBig', `Message size ${req.rawBody.length} bytes exceeds ${opts.maxMessageBytes} bytes.`);
      } else {
        res = r.run();
      }
    }
    const error = errorCode(res.json);
    world.state.connectorCalls.push({
      operation: r?.operation ?? 'unknown',
      method: req.method,
      path: req.path,
      status: res.status,
      authorized,
      at: req.at,
      ...(r?.conversationId !== undefined ? { conversationId: r.conversationId } : {}),
      ...(r?.activityId !== undefined ? { activityId: r.activityId } : {}),
      ...(error !== undefined ? { error } : {}),
    });
    return res;
  };
}

function baseOf(conversationId: string): string {
  return splitConversationId(conversationId).base;
}

function errorCode(json: unknown): string | undefined {
  if (!isObject(json)) return undefined;
  if (isObject(json.error) && typeof json.error.code === 'string') return json.error.code;
  return typeof json.message === 'string' ? json.message : undefined;
}

/**
 * `POST v3/conversations`. A 1:1 chat needs the tenant and an installed app (§10 "DM precondition"); a channel
 * post (`channelData.channel.id`, what `TeamsInfo.sendMessageToTeamsChannel` sends) starts a new thread and returns
 * `<channel>;messageid=<activityId>`.
 */
function createConversation(world: TeamsWorld, req: SimRequest): SimResponse {
  const params: JsonObject = isObject(req.json) ? req.json : {};
  const channelData = isObject(params.channelData) ? params.channelData : {};
  const tenantId = str(params.tenantId) ?? (isObject(channelData.tenant) ? str(channelData.tenant.id) : undefined);
  const channelId = isObject(channelData.channel) ? str(channelData.channel.id) : undefined;
  const memberIds = (Array.isArray(params.members) ? params.members : []).flatMap((m) => (isObject(m) && typeof m.id === 'string' ? [m.id] : []));
  const activity = isObject(params.activity) ? params.activity : undefined;
  const record: CreatedConversation = { status: 0, members: [], params, at: req.at, ...(tenantId !== undefined ? { tenantId } : {}) };
  world.state.createdConversations.push(record);
  const done = (res: SimResponse, conv?: TeamsConversation): SimResponse => {
    record.status = res.status;
    const json = isObject(res.json) ? res.json : {};
    if (isObject(json.error) && typeof json.error.code === 'string') record.error = json.error.code;
    if (typeof json.id === 'string') record.id = json.id;
    if (typeof json.activityId === 'string') record.activityId = json.activityId;
    if (conv) record.conversationType = conv.conversationType;
    return res;
  };
  const post = (conv: TeamsConversation, addressedTo: (id: string) => string): string | undefined => {
    if (!activity) return undefined;
    const id = world.nextActivityId();
    world.record({ id, addressedTo: addressedTo(id), from: 'bot', via: 'createConversation', activity: { ...activity, conversation: { id: conv.id } } });
    return id;
  };

  // Assumption (no doc in chat-platforms.md): Teams rejects a conversation without a tenant with 400 BadArgument.
  if (!tenantId) return done(connectorError(400, 'BadArgument', 'Tenant id is required.'));
  if (channelId !== undefined) {
    const conv = world.state.conversations.get(channelId);
    if (!conv || conv.conversationType !== 'channel') return done(NO_CONVERSATION());
    if (!world.botCanPost(conv)) return done(NOT_IN_ROSTER(), conv);
    if (!activity) return done(connectorError(400, 'BadArgument', 'An activity is required to start a channel thread.'), conv);
    const activityId = post(conv, (id) => `${conv.id};messageid=${id}`) ?? '';
    return done({ status: 201, json: { id: `${conv.id};messageid=${activityId}`, activityId } }, conv);
  }
  // Assumption: bots cannot create group chats; Teams answers 400 (only 1:1 and channel threads are creatable).
  if (params.isGroup === true || memberIds.length !== 1) return done(connectorError(400, 'BadArgument', 'Incorrect conversation creation parameters.'));
  const user = world.findUser(memberIds[0] ?? '');
  record.members = user ? [user.id] : [];
  // Assumption: an unknown member looks the same as one without the app (the bot cannot tell them apart either).
  if (!user?.installed) return done(NOT_IN_ROSTER());
  const conv = world.personalChat(user);
  const activityId = post(conv, () => conv.id);
  return done({ status: 201, json: { id: conv.id, ...(activityId ? { activityId } : {}) } }, conv);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
