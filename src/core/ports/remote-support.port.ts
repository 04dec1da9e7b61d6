/**
 * TeamViewer, seen from the core. Agent-bound calls take the agent key; the adapter finds the agent's link,
 * keeps its token fresh (refresh before expiry and on 401, one refresh at a time per agent) and throws
 * `auth.link_required` / `auth.link_expired` when the agent has to link (again).
 */
import type { RemoteConnection } from '../domain/connection-log.js';
import type { RemoteDevice } from '../domain/device.js';

export interface RemoteAccount {
  userId: string;
  name: string;
  email?: string;
}

export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  /** ISO-8601 UTC. */
  expiresAt: string;
}

export interface RemoteSessionInfo {
  code: string;
  state: 'open' | 'closed';
  /** ISO-8601 UTC. */
  validUntil?: string;
  customerLink?: string;
  supporterLink?: string;
  webSupporterLink?: string;
  online?: boolean;
  /** The marker we wrote into `custom_api`, parsed; undefined for sessions not made by this bot. */
  marker?: SessionMarker;
  assignedUserId?: string;
  description?: string;
  customer?: { name?: string; email?: string };
  /** ISO-8601 UTC. */
  createdAt?: string;
}

/** Correlation written into TeamViewer's `custom_api` (teamviewer-api.md §13). */
export interface SessionMarker {
  app: 'teamviewer-chatops';
  itsm: string;
  ticket: string;
  key: string;
  /** Where the session card lives, so reconcile can adopt a session the store lost (absent in older markers). */
  origin?: { surface: 'slack' | 'teams'; conversationId: string };
  /** The starting agent's key. */
  agent?: string;
}

export interface CreateSessionInput {
  description: string;
  customer?: { name: string; email?: string };
  validUntil: Date;
  marker: SessionMarker;
  /** Shown to the customer while they wait. */
  waitingMessage?: string;
}

export interface RemoteSupport {
  /** Browser URL for the consent step; PKCE S256 challenge and state included. */
  authorizationUrl(state: string, codeChallenge: string): string;
  /** Code exchange (client secret + PKCE verifier) followed by `GET /account`. */
  completeAuthorization(code: string, codeVerifier: string): Promise<{ account: RemoteAccount; grant: TokenGrant }>;
  /**
   * Ends the whole grant, even when its access token has expired (the refresh token buys one to revoke with).
   * Best effort: TeamViewer's revoke contract is unverified; callers delete their copy whatever happens.
   */
  revoke(grant: TokenGrant): Promise<void>;

  /** Makes sure the agent has a usable access token (refreshing it now if it is about to expire). */
  ensureAgentToken(agentKey: string): Promise<void>;
  createSession(agentKey: string, input: CreateSessionInput): Promise<RemoteSessionInfo>;
  getSession(agentKey: string, code: string): Promise<RemoteSessionInfo | undefined>;
  /** Closing an already closed or unknown session is not an error. */
  closeSession(agentKey: string, code: string): Promise<void>;
  /** The agent's open session carrying this idempotency key, if TeamViewer has one (crash recovery). */
  findSessionByKey(agentKey: string, key: string): Promise<RemoteSessionInfo | undefined>;

  /** Every open session of the agent at TeamViewer (all pages; stops on a missing or repeated cursor). */
  listOpenSessions(agentKey: string): Promise<RemoteSessionInfo[]>;
  /**
   * Connection-report records for a session code, read with the agent's token: every page (`offset_id` /
   * `next_offset`, stopping on a repeated cursor or an empty page), de-duplicated by record id, oldest first.
   */
  connectionsForSession(agentKey: string, code: string): Promise<RemoteConnection[]>;
  /**
   * Keeps the agent's link healthy: refreshes the token when it expires within `aheadMs`, otherwise proves it
   * with `GET /ping`. Throws `auth.link_expired` (and marks the link broken) when TeamViewer refuses it.
   */
  checkAgentToken(agentKey: string, aheadMs: number): Promise<'refreshed' | 'valid'>;

  /** True when a company script token is configured (TEAMVIEWER_API_TOKEN): device sync can read every device. */
  readonly companyDeviceAccess: boolean;
  /**
   * Devices from both models (legacy `/devices`, `/managed/devices` with paging), one entry per TeamViewer ID.
   * `company` uses the script token (and the company-wide managed list when its account may read it); an agent
   * key uses that agent's token, which sees only that agent's devices.
   */
  listDevices(who: { agentKey: string } | 'company'): Promise<RemoteDevice[]>;
}
