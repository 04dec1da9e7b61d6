/**
 * Session codes (teamviewer-api.md §5): create, list, read and update/close. Closing is `PUT {"state":"closed"}`;
 * there is no DELETE (§5.6), so the router answers 405 for it.
 */
import { randomAlnum, type SimResponse } from '../shared/sim-server.js';
import {
  API_PREFIX,
  apiError,
  invalidRequest,
  jsonObject,
  notFound,
  pageFrom,
  parseBoolParam,
  type Route,
  type TvDeps,
} from './teamviewer.http.js';
import type { TvGroup, TvSession, TvUser } from './teamviewer.model.js';
import { parseCreateSession, parseUpdateSession, type SessionFields } from './sessions.validation.js';
import {
  canSeeSession,
  findOrCreateGroup,
  findSession,
  findUser,
  findVisibleGroup,
  isoSeconds,
  newSessionCode,
  normaliseCode,
  openSessionsOf,
} from './teamviewer.state.js';

const DEFAULT_VALIDITY_MS = 24 * 60 * 60 * 1000;

const licenceError = (what: string): SimResponse =>
  apiError(400, 'invalid_request', `${what} could not be completed due to license limitations.`);

export function sessionWire(session: TvSession, full = true): Record<string, unknown> {
  if (!full) return { code: session.code, state: session.state, groupid: session.groupid };
  const { createdByUserid: _internal, ...wire } = session;
  return wire;
}

function sessionLinks(code: string, agentName: string): Pick<TvSession, 'end_customer_link' | 'supporter_link' | 'webclient_supporter_link'> {
  const compact = normaliseCode(code);
  const queueToken = randomAlnum(10);
  return {
    end_customer_link: `https://get.teamviewer.com/v15/${compact}`,
    supporter_link: `https://get.teamviewer.com/v15/${compact}-${queueToken}`,
    webclient_supporter_link:
      `https://login.teamviewer.com/Connect/IndexByol?sessioncode=${compact}&servicequeuetoken=${queueToken}` +
      `&lang=en&displayName=${encodeURIComponent(agentName)}`,
  };
}

function resolveGroup(deps: TvDeps, fields: SessionFields, user: TvUser): TvGroup | SimResponse {
  if (fields.groupid !== undefined) {
    const group = findVisibleGroup(deps.state, fields.groupid, user.userid);
    if (!group) return invalidRequest(`groupid ${fields.groupid} does not exist or is not accessible.`);
    if (fields.groupname !== undefined && fields.groupname !== group.name) {
      return invalidRequest('groupid and groupname name different groups.');
    }
    return group;
  }
  return findOrCreateGroup(deps.state, fields.groupname ?? '', user.userid);
}

/** The assignee an input names: undefined for `u0`, the user for a known id, or a 400. */
function resolveAssignee(deps: TvDeps, userid: string): TvUser | undefined | SimResponse {
  if (userid === 'u0') return undefined;
  return findUser(deps.state, userid) ?? invalidRequest(`assigned_userid ${userid} is not a user of this company.`);
}

const isResponse = (value: unknown): value is SimResponse => typeof value === 'object' && value !== null && 'status' in value;

function overLicence(deps: TvDeps, userid: string): boolean {
  const limit = deps.config.maxOpenSessionsPerUser;
  return limit !== undefined && openSessionsOf(deps.state, userid).length >= limit;
}

function createSession(deps: TvDeps, body: Record<string, unknown>, caller: TvUser): SimResponse {
  const now = deps.clock.now();
  const parsed = parseCreateSession(body, now);
  if ('error' in parsed) return invalidRequest(parsed.error);
  const input = parsed.ok;
  const assignee = resolveAssignee(deps, input.assigned_userid ?? caller.userid);
  if (isResponse(assignee)) return assignee;
  if (input.support_session_type === 'Pilot') return licenceError('Creating an Assist AR (Pilot) session');
  if (overLicence(deps, caller.userid)) return licenceError('The session');
  const group = resolveGroup(deps, input, caller);
  if (isResponse(group)) return group;
  const code = newSessionCode(deps.state);
  const session: TvSession = {
    code,
    state: 'Open',
    groupid: group.id,
    online: false,
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.end_customer !== undefined ? { end_customer: input.end_customer } : {}),
    ...(input.waiting_message !== undefined ? { waiting_message: input.waiting_message } : {}),
    ...(assignee ? { assigned_userid: assignee.userid, assigned_at: isoSeconds(now) } : {}),
    ...sessionLinks(code, (assignee ?? caller).name),
    ...(input.custom_api !== undefined ? { custom_api: input.custom_api } : {}),
    created_at: isoSeconds(now),
    valid_until: isoSeconds(input.valid_until ?? new Date(now.getTime() + DEFAULT_VALIDITY_MS)),
    support_session_type: input.support_session_type,
    createdByUserid: caller.userid,
  };
  deps.state.sessions.push(session);
  // Assumption: teamviewer-api.md §14.1 (VERIFY) — 200 with the session object and no Location header.
  return { status: 200, json: sessionWire(session) };
}

function listSessions(deps: TvDeps, query: URLSearchParams, caller: TvUser): SimResponse {
  const full = parseBoolParam(query.get('full_list'));
  if (full === 'invalid') return invalidRequest('full_list must be true or false.');
  const states = (query.get('state') ?? 'open').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  if (states.length === 0 || states.some((s) => s !== 'open' && s !== 'closed')) {
    return invalidRequest('state must be open, closed or open,closed.');
  }
  const groupid = query.get('groupid');
  const assigned = query.get('assigned_userid');
  const matching = deps.state.sessions
    .map((session, index) => ({ session, index }))
    .filter(({ session }) => canSeeSession(session, caller.userid))
    .filter(({ session }) => states.includes(session.state.toLowerCase()))
    .filter(({ session }) => !groupid || session.groupid === groupid)
    .filter(({ session }) => !assigned || session.assigned_userid === assigned)
    // Newest first; creation order breaks ties when a fake clock stands still (teamviewer-api.md §5.3).
    .sort((a, b) => b.session.created_at.localeCompare(a.session.created_at) || b.index - a.index)
    .map(({ session }) => session);
  let start = 0;
  const offset = query.get('offset');
  if (offset) {
    const at = matching.findIndex((s) => normaliseCode(s.code) === normaliseCode(offset));
    if (at < 0) return invalidRequest(`offset ${offset} is not a session in this listing.`);
    start = at + 1;
  }
  const { page, remaining } = pageFrom(matching, start, deps.config.pageSize);
  const last = page.at(-1);
  return {
    status: 200,
    json: {
      sessions: page.map((s) => sessionWire(s, full === true)),
      ...(remaining > 0 && last ? { next_offset: last.code } : {}),
      sessions_remaining: remaining,
    },
  };
}

function updateSession(deps: TvDeps, session: TvSession, body: Record<string, unknown>, caller: TvUser): SimResponse {
  const parsed = parseUpdateSession(body);
  if ('error' in parsed) return invalidRequest(parsed.error);
  const input = parsed.ok;
  const now = deps.clock.now();
  const assignee = input.assigned_userid === undefined ? null : resolveAssignee(deps, input.assigned_userid);
  if (isResponse(assignee)) return assignee;
  if (input.state === 'open' && session.state === 'Closed' && overLicence(deps, caller.userid)) {
    return licenceError('Reopening the session');
  }
  const moving = input.groupid !== undefined || input.groupname !== undefined;
  const group = moving ? resolveGroup(deps, input, caller) : undefined;
  if (isResponse(group)) return group;

  if (group) session.groupid = group.id;
  if (input.description !== undefined) session.description = input.description;
  if (input.end_customer !== undefined) session.end_customer = input.end_customer;
  if (input.custom_api !== undefined) session.custom_api = input.custom_api;
  if (input.waiting_message !== undefined) session.waiting_message = input.waiting_message;
  if (input.sms_invite_number !== undefined) session.sms_invite_number = input.sms_invite_number;
  if (assignee === undefined) {
    delete session.assigned_userid;
    delete session.assigned_at;
  } else if (assignee !== null && assignee.userid !== session.assigned_userid) {
    Object.assign(session, { assigned_userid: assignee.userid, assigned_at: isoSeconds(now) });
  }
  if (input.state === 'closed' && session.state === 'Open') {
    Object.assign(session, { state: 'Closed', closed_at: isoSeconds(now), online: false });
  } else if (input.state === 'open' && session.state === 'Closed') {
    session.state = 'Open';
    delete session.closed_at;
  }
  return { status: 204 };
}

function visibleSession(deps: TvDeps, code: string, caller: TvUser): TvSession | undefined {
  const session = findSession(deps.state, code);
  return session && canSeeSession(session, caller.userid) ? session : undefined;
}

const notJson = (): SimResponse => invalidRequest('The request body must be a JSON object (Content-Type: application/json).');

export function sessionRoutes(deps: TvDeps): Route[] {
  return [
    {
      method: 'POST',
      pattern: `${API_PREFIX}/sessions`,
      handle: ({ req, user }) => {
        const body = jsonObject(req);
        return body ? createSession(deps, body, user) : notJson();
      },
    },
    { method: 'GET', pattern: `${API_PREFIX}/sessions`, handle: ({ req, user }) => listSessions(deps, req.query, user) },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/sessions/:code`,
      handle: ({ params, user }) => {
        const session = visibleSession(deps, params.code ?? '', user);
        return session ? { status: 200, json: sessionWire(session) } : notFound(`Session ${params.code ?? ''} not found.`);
      },
    },
    {
      method: 'PUT',
      pattern: `${API_PREFIX}/sessions/:code`,
      handle: ({ req, params, user }) => {
        const session = visibleSession(deps, params.code ?? '', user);
        if (!session) return notFound(`Session ${params.code ?? ''} not found.`);
        const body = jsonObject(req);
        return body ? updateSession(deps, session, body, user) : notJson();
      },
    },
  ];
}
