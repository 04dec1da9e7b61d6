/**
 * State of the TeamViewer simulator and the rules every route shares: identifier shapes, session-code matching,
 * visibility per user token, group resolution and token issuing.
 */
import { randomUUID } from 'node:crypto';
import { randomAlnum, randomDigits } from '../shared/sim-server.js';
import type { AccessTokenRecord, RefreshTokenRecord, TeamViewerSimState, TvGroup, TvSession, TvUser } from './teamviewer.model.js';

export function createState(companyName: string): TeamViewerSimState {
  return {
    companyName,
    users: [],
    groups: [],
    sessions: [],
    connections: [],
    devices: [],
    managedDevices: [],
    authorizationCodes: [],
    accessTokens: [],
    refreshTokens: [],
  };
}

/** TeamViewer timestamps are ISO-8601 UTC to the second, e.g. `2017-02-03T14:10:50Z` (teamviewer-api.md §6.1). */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function unique(make: () => string, taken: (candidate: string) => boolean): string {
  for (;;) {
    const candidate = make();
    if (!taken(candidate)) return candidate;
  }
}

/** Digits without a leading zero, so ids never collide with the `u0` "unassigned" marker. */
function leadingNonZero(n: number): string {
  return `${1 + Math.floor(Math.random() * 9)}${randomDigits(n - 1)}`;
}

export function newUserid(state: TeamViewerSimState): string {
  return unique(() => `u${leadingNonZero(7)}`, (c) => state.users.some((u) => u.userid === c));
}

export function newGroupId(state: TeamViewerSimState): string {
  return unique(() => `g${leadingNonZero(9)}`, (c) => state.groups.some((g) => g.id === c));
}

export function newSessionCode(state: TeamViewerSimState): string {
  return unique(
    () => `s${leadingNonZero(3)}-${randomDigits(3)}-${randomDigits(3)}`,
    (c) => state.sessions.some((s) => s.code === c),
  );
}

export function newDeviceId(state: TeamViewerSimState): string {
  return unique(() => `d${leadingNonZero(9)}`, (c) => state.devices.some((d) => d.device_id === c));
}

export function newTeamViewerId(state: TeamViewerSimState): number {
  const taken = (c: string): boolean =>
    state.devices.some((d) => d.teamviewer_id === Number(c)) || state.managedDevices.some((d) => d.teamviewerId === Number(c));
  return Number(unique(() => leadingNonZero(9), taken));
}

/** Opaque `<7 digits>-<20 alphanumerics>` like real tokens; never a JWT (teamviewer-api.md §1). */
export function newToken(state: TeamViewerSimState): string {
  return unique(
    () => `${leadingNonZero(7)}-${randomAlnum(20)}`,
    (c) => state.accessTokens.some((t) => t.token === c) || state.refreshTokens.some((t) => t.token === c),
  );
}

/** Authorization codes are short, about 8 characters (teamviewer-api.md §3.2). */
export function newAuthorizationCode(state: TeamViewerSimState): string {
  return unique(() => randomAlnum(8), (c) => state.authorizationCodes.some((a) => a.code === c));
}

export function newGuid(): string {
  return randomUUID();
}

/** `s123-456-789`, `s123456789` and `S123-456-789` all name the same session. */
export function normaliseCode(code: string): string {
  return code.trim().toLowerCase().replace(/-/g, '');
}

export function findUser(state: TeamViewerSimState, userid: string): TvUser | undefined {
  return state.users.find((u) => u.userid === userid);
}

export function consentUser(state: TeamViewerSimState): TvUser | undefined {
  if (state.consentUserid !== undefined) return findUser(state, state.consentUserid);
  return state.users[0];
}

// Assumption: teamviewer-api.md §14.7 (VERIFY) — dash-less codes are accepted wherever a code is.
export function findSession(state: TeamViewerSimState, code: string): TvSession | undefined {
  const wanted = normaliseCode(code);
  return state.sessions.find((s) => normaliseCode(s.code) === wanted);
}

/** A user-level token sees the sessions it created or that are assigned to it (teamviewer-api.md §5.3). */
export function canSeeSession(session: TvSession, userid: string): boolean {
  return session.createdByUserid === userid || session.assigned_userid === userid;
}

export function canSeeGroup(group: TvGroup, userid: string): boolean {
  return group.ownerUserid === userid || group.sharedWith.some((s) => s.userid === userid);
}

export function findVisibleGroup(state: TeamViewerSimState, groupid: string, userid: string): TvGroup | undefined {
  return state.groups.find((g) => g.id === groupid && canSeeGroup(g, userid));
}

export function createGroup(state: TeamViewerSimState, name: string, ownerUserid: string): TvGroup {
  const group: TvGroup = { id: newGroupId(state), name, ownerUserid, sharedWith: [] };
  state.groups.push(group);
  return group;
}

// Assumption: teamviewer-api.md §14.6 (VERIFY) — a `groupname` the user has no group for creates one, owned by them.
export function findOrCreateGroup(state: TeamViewerSimState, name: string, userid: string): TvGroup {
  return state.groups.find((g) => g.name === name && canSeeGroup(g, userid)) ?? createGroup(state, name, userid);
}

/** Sessions that hold a licence channel: open ones, even past `valid_until` (teamviewer-api.md §12 #2, #4). */
export function openSessionsOf(state: TeamViewerSimState, userid: string): TvSession[] {
  return state.sessions.filter((s) => s.state === 'Open' && canSeeSession(s, userid));
}

export interface IssuedTokens {
  access: AccessTokenRecord;
  refresh: RefreshTokenRecord;
}

export function issueTokens(
  state: TeamViewerSimState,
  grant: { userid: string; clientId: string; grantId?: string; ttlSeconds: number; now: Date },
): IssuedTokens {
  const grantId = grant.grantId ?? newGuid();
  const refresh: RefreshTokenRecord = {
    token: newToken(state),
    userid: grant.userid,
    clientId: grant.clientId,
    grantId,
    issuedAt: grant.now,
    used: false,
    revoked: false,
  };
  state.refreshTokens.push(refresh);
  const access: AccessTokenRecord = {
    token: newToken(state),
    userid: grant.userid,
    clientId: grant.clientId,
    grantId,
    refreshToken: refresh.token,
    issuedAt: grant.now,
    expiresAt: new Date(grant.now.getTime() + grant.ttlSeconds * 1000),
    revoked: false,
  };
  state.accessTokens.push(access);
  return { access, refresh };
}

/** Why a bearer token is unusable, or undefined when it is fine. */
export function accessTokenProblem(record: AccessTokenRecord | undefined, now: Date): string | undefined {
  if (!record) return 'The access token is invalid.';
  if (record.revoked) return 'The access token has been revoked.';
  if (now.getTime() >= record.expiresAt.getTime()) return 'The access token has expired.';
  return undefined;
}

export function revokeGrant(state: TeamViewerSimState, grantId: string, now: Date): void {
  for (const t of state.accessTokens) {
    if (t.grantId === grantId && !t.revoked) Object.assign(t, { revoked: true, revokedAt: now });
  }
  for (const t of state.refreshTokens) {
    if (t.grantId === grantId && !t.revoked) Object.assign(t, { revoked: true, revokedAt: now });
  }
}
