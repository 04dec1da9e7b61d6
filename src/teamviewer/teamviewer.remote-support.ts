import { normaliseConnections, type RemoteConnection } from '../core/domain/connection-log.js';
import { mergeDevices, type RemoteDevice } from '../core/domain/device.js';
import { ConnectorError } from '../core/errors.js';
import type { CreateSessionInput, RemoteSupport, RemoteSessionInfo, TokenGrant } from '../core/ports/remote-support.port.js';
import type { Clock } from '../core/ports/clock.port.js';
import type { AgentTokens } from './agent-tokens.js';
import type { TeamViewerClient } from './teamviewer.client.js';
import { encodeMarker, fromLegacyDevice, fromManagedDevice, toRemoteConnection, toSessionInfo } from './teamviewer.mapping.js';

/** The RemoteSupport port on top of the TeamViewer client and the per-agent token manager. */
export class TeamViewerRemoteSupport implements RemoteSupport {
  constructor(
    private readonly client: TeamViewerClient,
    private readonly tokens: AgentTokens,
    private readonly group: string,
    private readonly clock: Clock,
    /** TEAMVIEWER_API_TOKEN: a company admin's script token for device sync; never used for sessions. */
    private readonly companyToken?: string,
  ) {}

  get companyDeviceAccess(): boolean {
    return Boolean(this.companyToken);
  }

  async listDevices(who: { agentKey: string } | 'company'): Promise<RemoteDevice[]> {
    if (who === 'company') {
      if (!this.companyToken) throw new ConnectorError('teamviewer.auth_failed', 'No TeamViewer script token is configured (TEAMVIEWER_API_TOKEN).', { vendor: 'teamviewer', reached: false });
      return this.devicesWith(this.companyToken, 'company');
    }
    return this.tokens.withToken(who.agentKey, (token) => this.devicesWith(token, 'mine'));
  }

  /** Both models, deduped by TeamViewer ID (§7.1); the company-wide managed list needs a company admin (§7.3). */
  private async devicesWith(token: string, scope: 'mine' | 'company'): Promise<RemoteDevice[]> {
    const found: RemoteDevice[] = [];
    const managed = async (s: 'mine' | 'company') => {
      for await (const d of this.client.managedDevices(token, s)) {
        const m = fromManagedDevice(d);
        if (m) found.push(m);
      }
    };
    try {
      await managed(scope);
    } catch (err) {
      // A script token without company-admin rights still lists the devices its own account manages.
      if (scope !== 'company' || !(err instanceof ConnectorError) || err.code !== 'teamviewer.forbidden') throw err;
      await managed('mine');
    }
    for await (const d of this.client.legacyDevices(token)) {
      const l = fromLegacyDevice(d);
      if (l) found.push(l);
    }
    return mergeDevices(found);
  }

  authorizationUrl(state: string, codeChallenge: string): string {
    return this.client.authorizeUrl(state, codeChallenge);
  }

  async completeAuthorization(code: string, codeVerifier: string) {
    const t = await this.client.exchangeCode(code, codeVerifier);
    const account = await this.client.account(t.access_token);
    return {
      account: { userId: account.userid, name: account.name, ...(account.email ? { email: account.email } : {}) },
      grant: { accessToken: t.access_token, refreshToken: t.refresh_token, expiresAt: new Date(this.clock.now().getTime() + t.expires_in * 1000).toISOString() },
    };
  }

  async revoke(grant: TokenGrant): Promise<void> {
    const expired = Date.parse(grant.expiresAt) - this.clock.now().getTime() < 60_000;
    const renewed = async () => (await this.client.refresh(grant.refreshToken)).access_token;
    const token = expired ? await renewed() : grant.accessToken;
    try {
      await this.client.revoke(token);
    } catch (err) {
      if (expired || !(err instanceof ConnectorError) || err.code !== 'teamviewer.auth_failed') throw err;
      await this.client.revoke(await renewed());
    }
  }

  async ensureAgentToken(agentKey: string): Promise<void> {
    await this.tokens.ensure(agentKey);
  }

  createSession(agentKey: string, input: CreateSessionInput): Promise<RemoteSessionInfo> {
    return this.tokens.withToken(agentKey, async (token, link) => {
      const body: Record<string, unknown> = {
        groupname: this.group,
        description: input.description,
        assigned_userid: link.tvUserId,
        valid_until: input.validUntil.toISOString(),
        custom_api: encodeMarker(input.marker),
        ...(input.waitingMessage ? { waiting_message: input.waitingMessage.slice(0, 200) } : {}),
        ...(input.customer
          ? { end_customer: { name: input.customer.name.slice(0, 100), ...(input.customer.email ? { email: input.customer.email.slice(0, 254) } : {}) } }
          : {}),
      };
      return toSessionInfo(await this.client.createSession(token, body));
    });
  }

  getSession(agentKey: string, code: string): Promise<RemoteSessionInfo | undefined> {
    return this.tokens.withToken(agentKey, async (token) => {
      try {
        return toSessionInfo(await this.client.getSession(token, code));
      } catch (err) {
        if (err instanceof ConnectorError && err.code === 'teamviewer.not_found') return undefined;
        throw err;
      }
    });
  }

  closeSession(agentKey: string, code: string): Promise<void> {
    return this.tokens.withToken(agentKey, async (token) => {
      try {
        await this.client.closeSession(token, code);
      } catch (err) {
        // Already gone at TeamViewer: closing is what the agent wanted.
        if (err instanceof ConnectorError && err.code === 'teamviewer.not_found') return;
        throw err;
      }
    });
  }

  findSessionByKey(agentKey: string, key: string): Promise<RemoteSessionInfo | undefined> {
    return this.tokens.withToken(agentKey, async (token) => {
      for await (const s of this.client.listOpenSessions(token)) {
        const info = toSessionInfo(s);
        if (info.marker?.key === key) return info;
      }
      return undefined;
    });
  }

  listOpenSessions(agentKey: string): Promise<RemoteSessionInfo[]> {
    // Collected inside withToken so a 401 mid-way restarts the listing with the renewed token from page one.
    return this.tokens.withToken(agentKey, async (token) => {
      const out: RemoteSessionInfo[] = [];
      for await (const s of this.client.listOpenSessions(token)) out.push(toSessionInfo(s));
      return out;
    });
  }

  connectionsForSession(agentKey: string, code: string): Promise<RemoteConnection[]> {
    return this.tokens.withToken(agentKey, async (token) => {
      const out: RemoteConnection[] = [];
      for await (const r of this.client.connectionReport(token, { session_code: code })) {
        const c = toRemoteConnection(r);
        if (c) out.push(c);
      }
      return normaliseConnections(out);
    });
  }

  async checkAgentToken(agentKey: string, aheadMs: number): Promise<'refreshed' | 'valid'> {
    const link = await this.tokens.current(agentKey);
    const remaining = Date.parse(link.expiresAt) - this.clock.now().getTime();
    // `!(>)` so an unreadable expiry counts as due: refreshing is safe, trusting a token we cannot date is not.
    if (!(remaining > aheadMs)) {
      await this.tokens.refresh(agentKey, link.accessToken);
      return 'refreshed';
    }
    let valid: boolean;
    try {
      valid = await this.client.ping(link.accessToken);
    } catch (err) {
      if (!isAuthRefusal(err)) throw err;
      valid = false;
    }
    if (valid) return 'valid';
    // One refresh: when TeamViewer refuses the refresh token too, AgentTokens marks the link broken and throws
    // auth.link_expired, which is exactly what this check exists to find out.
    await this.tokens.refresh(agentKey, link.accessToken);
    return 'refreshed';
  }
}

/** A ping refused for the token itself: 401, or 400 which TeamViewer also uses for auth problems (§9, §12 #6). */
function isAuthRefusal(err: unknown): boolean {
  if (!(err instanceof ConnectorError)) return false;
  return err.code === 'teamviewer.auth_failed' || (err.status === 400 && err.code === 'teamviewer.invalid_request');
}
