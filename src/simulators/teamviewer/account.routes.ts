/**
 * `/ping`, `/account`, `/users` and `/groups` (teamviewer-api.md §4, §8).
 */
import { API_PREFIX, authenticate, invalidRequest, notFound, parseBoolParam, type Route, type TvDeps } from './teamviewer.http.js';
import type { TeamViewerSimState, TvGroup, TvUser } from './teamviewer.model.js';
import { canSeeGroup, findUser } from './teamviewer.state.js';

function userWire(user: TvUser, full: boolean): Record<string, unknown> {
  const base = { id: user.userid, name: user.name, email: user.email };
  if (!full) return base;
  return { ...base, active: user.active, log_sessions: true, show_comment_window: false, tfa_enabled: false, sso_status: 'inactive' };
}

function groupWire(state: TeamViewerSimState, group: TvGroup, viewer: string): Record<string, unknown> {
  const nameOf = (userid: string): string => findUser(state, userid)?.name ?? '';
  const share = group.sharedWith.find((s) => s.userid === viewer);
  return {
    id: group.id,
    name: group.name,
    permissions: group.ownerUserid === viewer ? 'owned' : (share?.permissions ?? 'read'),
    shared_with: group.sharedWith.map((s) => ({ userid: s.userid, name: nameOf(s.userid), permissions: s.permissions })),
    owner: { userid: group.ownerUserid, name: nameOf(group.ownerUserid) },
    ...(group.policy_id !== undefined ? { policy_id: group.policy_id } : {}),
  };
}

const contains = (haystack: string, needle: string): boolean => haystack.toLowerCase().includes(needle.toLowerCase());

export function accountRoutes(deps: TvDeps): Route[] {
  const { state } = deps;
  return [
    {
      // Assumption: teamviewer-api.md §14.9 (VERIFY) — a missing, bad or expired token is 200 false, not 401.
      method: 'GET',
      pattern: `${API_PREFIX}/ping`,
      public: true,
      handle: ({ req }) => ({ status: 200, json: { token_valid: !('problem' in authenticate(deps, req)) } }),
    },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/account`,
      handle: ({ user }) => ({
        status: 200,
        json: {
          userid: user.userid,
          name: user.name,
          email: user.email,
          company_name: state.companyName,
          email_validated: true,
          email_language: 'en',
        },
      }),
    },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/users`,
      handle: ({ req }) => {
        const full = parseBoolParam(req.query.get('full_list'));
        if (full === 'invalid') return invalidRequest('full_list must be true or false.');
        const name = req.query.get('name');
        const emails = (req.query.get('email') ?? '')
          .split(',')
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean);
        const users = state.users
          .filter((u) => !name || contains(u.name, name))
          .filter((u) => emails.length === 0 || emails.includes(u.email.toLowerCase()));
        return { status: 200, json: { users: users.map((u) => userWire(u, full === true)) } };
      },
    },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/users/:userid`,
      handle: ({ params }) => {
        const user = findUser(state, params.userid ?? '');
        return user ? { status: 200, json: userWire(user, true) } : notFound('User not found.');
      },
    },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/groups`,
      handle: ({ req, user }) => {
        const shared = parseBoolParam(req.query.get('shared'));
        if (shared === 'invalid') return invalidRequest('shared must be true or false.');
        const name = req.query.get('name');
        const groups = state.groups
          .filter((g) => canSeeGroup(g, user.userid))
          .filter((g) => shared === undefined || (g.ownerUserid !== user.userid) === shared)
          .filter((g) => !name || contains(g.name, name));
        return { status: 200, json: { groups: groups.map((g) => groupWire(state, g, user.userid)) } };
      },
    },
    {
      method: 'GET',
      pattern: `${API_PREFIX}/groups/:groupid`,
      handle: ({ params, user }) => {
        const group = state.groups.find((g) => g.id === params.groupid && canSeeGroup(g, user.userid));
        return group ? { status: 200, json: groupWire(state, group, user.userid) } : notFound('Group not found.');
      },
    },
  ];
}
