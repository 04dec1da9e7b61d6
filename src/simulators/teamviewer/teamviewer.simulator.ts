/**
 * TeamViewer Web API + OAuth2 simulator (style.md §3.10): one loopback server whose base URL plays
 * `TEAMVIEWER_LOGIN_URL` and whose `/api/v1` plays `TEAMVIEWER_API_URL`. Contract: teamviewer-api.md.
 */
import { randomAlnum, startSimServer, systemClock, type FaultSpec, type SimClock, type SimRequest } from '../shared/sim-server.js';
import { accountRoutes } from './account.routes.js';
import { authorizeRoutes } from './authorize.routes.js';
import { deviceRoutes } from './devices.routes.js';
import { reportRoutes } from './reports.routes.js';
import { sessionRoutes } from './sessions.routes.js';
import { API_PREFIX, createRouter, type TvConfig, type TvDeps } from './teamviewer.http.js';
import type { ConnectionRecord, LegacyDevice, ManagedDevice, TeamViewerSimState, TvGroup, TvUser } from './teamviewer.model.js';
import {
  buildConnection,
  buildLegacyDevice,
  buildManagedDevice,
  buildUser,
  type AddConnectionInput,
  type AddDeviceInput,
  type AddGroupInput,
  type AddManagedDeviceInput,
  type AddUserInput,
} from './teamviewer.seed.js';
import { createGroup, createState, findSession, findUser, isoSeconds } from './teamviewer.state.js';
import { tokenRoutes } from './token.routes.js';

export interface TeamViewerSimOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Drives token, code and session expiry; share it with the bot in tests. */
  clock?: SimClock;
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs, compared exactly; authorize refuses any other. */
  redirectUris: string[];
  /** Default true: authorize without an S256 `code_challenge` redirects back with `invalid_request`. */
  requirePkce?: boolean;
  /** Default true: authorize redirects at once with a code for the consenting user; false serves a consent page. */
  autoConsent?: boolean;
  /** Default 86400 (teamviewer-api.md §3.4). */
  accessTokenTtlSeconds?: number;
  /** Page size of `/sessions`, `/reports/connections` and `/managed/devices`; default 1000. */
  pageSize?: number;
  /** Concurrent open sessions a user may hold; beyond it POST /sessions fails with "license limitations". */
  maxOpenSessionsPerUser?: number;
  /** Shown on the consent page. */
  appName?: string;
  /** `company_name` on `/account`. */
  companyName?: string;
  /** Users created at start, in order (the first one is the default consenting user). */
  users?: AddUserInput[];
}

export interface TeamViewerSim {
  /** Login base: authorize is `${url}/oauth2/authorize`. */
  url: string;
  /** `${url}/api/v1`: every API route, including `/oauth2/token` and `/oauth2/revoke`. */
  apiUrl: string;
  requests: SimRequest[];
  /** Injects a fault; without a `body`, error statuses answer in TeamViewer's error shape. */
  fail(spec: FaultSpec): void;
  clearFaults(): void;
  stop(): Promise<void>;
  state: TeamViewerSimState;
  addUser(u: AddUserInput): TvUser;
  /** A legacy group; owner defaults to the first user. */
  addGroup(g: AddGroupInput): TvGroup;
  /** Which user auto-consent logs in as (default: the first user). */
  consentAs(userid: string): void;
  /** Makes current access tokens expired now, without moving the clock. */
  expireAccessTokens(userid?: string): void;
  /** The next refresh with any current refresh token fails with 400 invalid_grant. */
  revokeRefreshTokens(userid?: string): void;
  /** The customer opened the link: `online` becomes true. Throws for unknown, closed or expired codes. */
  customerJoins(code: string): void;
  customerLeaves(code: string): void;
  /** A connection report row; with `code`, session fields are copied from that session. */
  addConnection(rec: AddConnectionInput): ConnectionRecord;
  /** Sets `end_date` on a running connection. */
  endConnection(id: string, end: Date): ConnectionRecord;
  /**
   * Reproduces a broken report cursor (teamviewer-api.md §9, §12 #9): the next `times` (default 1) report pages
   * requested with an `offset_id` answer their real records but `next_offset` = that same `offset_id`, so a
   * client that does not stop on a repeated cursor loops. First pages (no `offset_id`) are answered normally and
   * do not count. Calling it again replaces the remaining count; 0 switches it off.
   */
  repeatReportCursor(times?: number): void;
  /** A legacy Computers & Contacts device, filed in a group of the owning user. */
  addDevice(d: AddDeviceInput): LegacyDevice;
  /** A device-group (managed) device, listed for its managers. */
  addManagedDevice(d: AddManagedDeviceInput): ManagedDevice;
  /**
   * A script token of that user (Management Console → Edit profile → Apps → Create script token): a bearer that
   * works like an OAuth access token but never expires and has no refresh token (teamviewer-api.md §10).
   */
  issueScriptToken(userid: string): string;
}

function resolveConfig(opts: TeamViewerSimOptions): TvConfig {
  const problems: string[] = [];
  if (!opts.clientId) problems.push('clientId is required');
  if (!opts.clientSecret) problems.push('clientSecret is required');
  if (opts.redirectUris.length === 0) problems.push('redirectUris needs at least one registered URI');
  const pageSize = opts.pageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1) problems.push('pageSize must be a positive integer');
  if (problems.length > 0) throw new Error(`TeamViewer simulator options are invalid: ${problems.join('; ')}`);
  return {
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    redirectUris: [...opts.redirectUris],
    requirePkce: opts.requirePkce ?? true,
    autoConsent: opts.autoConsent ?? true,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? 86400,
    pageSize,
    maxOpenSessionsPerUser: opts.maxOpenSessionsPerUser,
    appName: opts.appName ?? 'TeamViewer ChatOps',
  };
}

// Assumption: teamviewer-api.md §14.4 (VERIFY) — 429 and 5xx bodies use the usual error shape.
function faultBody(status: number): unknown {
  const error = status === 429 ? 'rate_limit_reached' : status >= 500 ? 'internal_error' : 'simulated_failure';
  return { error, error_description: `Simulated HTTP ${status}.`, error_code: status };
}

export async function startTeamViewerSim(opts: TeamViewerSimOptions): Promise<TeamViewerSim> {
  const config = resolveConfig(opts);
  const clock = opts.clock ?? systemClock;
  const state = createState(opts.companyName ?? 'Example Corp');
  const deps: TvDeps = { state, clock, config, quirks: { repeatReportCursor: 0 } };
  const handler = createRouter(deps, [
    ...authorizeRoutes(deps),
    ...tokenRoutes(deps),
    ...accountRoutes(deps),
    ...sessionRoutes(deps),
    ...reportRoutes(deps),
    ...deviceRoutes(deps),
  ]);
  const server = await startSimServer(handler, { host: opts.host, port: opts.port, clock, name: 'teamviewer' });

  const firstUser = (): TvUser => {
    const user = state.users[0];
    if (!user) throw new Error('The TeamViewer simulator has no users yet; call addUser() first.');
    return user;
  };
  const requireUser = (userid: string): TvUser => {
    const user = findUser(state, userid);
    if (!user) throw new Error(`No TeamViewer simulator user ${userid}.`);
    return user;
  };
  const requireSession = (code: string) => {
    const session = findSession(state, code);
    if (!session) throw new Error(`No TeamViewer simulator session ${code}.`);
    return session;
  };

  const sim: TeamViewerSim = {
    url: server.url,
    apiUrl: `${server.url}${API_PREFIX}`,
    requests: server.requests,
    fail: (spec) => server.fail(spec.body === undefined && spec.status !== undefined ? { ...spec, body: faultBody(spec.status) } : spec),
    clearFaults: () => server.clearFaults(),
    stop: () => server.stop(),
    state,
    addUser(u) {
      const user = buildUser(state, u);
      state.users.push(user);
      return user;
    },
    addGroup(g) {
      const owner = g.ownerUserid !== undefined ? requireUser(g.ownerUserid) : firstUser();
      const group = createGroup(state, g.name, owner.userid);
      for (const share of g.sharedWith ?? []) group.sharedWith.push({ userid: requireUser(share.userid).userid, permissions: share.permissions ?? 'read' });
      return group;
    },
    consentAs(userid) {
      state.consentUserid = requireUser(userid).userid;
    },
    issueScriptToken(userid) {
      if (!findUser(state, userid)) throw new Error(`TeamViewer sim: no user ${userid}`);
      const token = `${userid.replace(/^u/, '')}-${randomAlnum(20)}`;
      const now = clock.now();
      state.accessTokens.push({ token, userid, clientId: 'script', grantId: `script-${token}`, refreshToken: '', issuedAt: now, expiresAt: new Date(now.getTime() + 10 * 365 * 86_400_000), revoked: false });
      return token;
    },
    expireAccessTokens(userid) {
      const past = new Date(clock.now().getTime() - 1000);
      for (const t of state.accessTokens) {
        if ((userid === undefined || t.userid === userid) && t.expiresAt > past) t.expiresAt = past;
      }
    },
    revokeRefreshTokens(userid) {
      const now = clock.now();
      for (const t of state.refreshTokens) {
        if ((userid === undefined || t.userid === userid) && !t.revoked) Object.assign(t, { revoked: true, revokedAt: now });
      }
    },
    customerJoins(code) {
      const session = requireSession(code);
      if (session.state === 'Closed') throw new Error(`Session ${session.code} is closed; a customer cannot join it.`);
      if (Date.parse(session.valid_until) <= clock.now().getTime()) {
        throw new Error(`Session ${session.code} expired at ${session.valid_until}; a customer cannot join it.`);
      }
      // Assumption: teamviewer-api.md §14.10 (VERIFY) — `online` turns true when the customer opens the link and waits.
      session.online = true;
    },
    customerLeaves(code) {
      requireSession(code).online = false;
    },
    addConnection(rec) {
      const session = rec.code !== undefined ? requireSession(rec.code) : undefined;
      const record = buildConnection(state, rec, requireUser(rec.userid), session);
      state.connections.push(record);
      return record;
    },
    endConnection(id, end) {
      const record = state.connections.find((r) => r.id === id);
      if (!record) throw new Error(`No TeamViewer simulator connection ${id}.`);
      record.end_date = isoSeconds(end);
      return record;
    },
    repeatReportCursor(times = 1) {
      if (!Number.isInteger(times) || times < 0) throw new Error('repeatReportCursor(times) needs a whole number ≥ 0.');
      deps.quirks.repeatReportCursor = times;
    },
    addDevice(d) {
      const owner = d.userid !== undefined ? requireUser(d.userid) : firstUser();
      const device = buildLegacyDevice(state, d, owner);
      state.devices.push(device);
      return device;
    },
    addManagedDevice(d) {
      const managers = (d.managerUserids ?? [firstUser().userid]).map((id) => requireUser(id).userid);
      const device = buildManagedDevice(state, d, managers);
      state.managedDevices.push(device);
      return device;
    },
  };
  for (const u of opts.users ?? []) sim.addUser(u);
  return sim;
}
