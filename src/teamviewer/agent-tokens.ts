import { runInteractive } from '../upstream/retry-context.js';
import type { AgentLink } from '../core/domain/agent-link.js';
import { ConnectorError, PermissionError } from '../core/errors.js';
import type { Clock } from '../core/ports/clock.port.js';
import type { Logger } from '../core/ports/logger.port.js';
import type { AgentLinkRepo } from '../core/ports/store.port.js';
import type { TeamViewerClient } from './teamviewer.client.js';

/** Refresh this long before expiry (teamviewer-api.md §3.5: about 2 minutes). */
const REFRESH_MARGIN_MS = 120_000;

/**
 * Keeps each agent's access token usable: refreshes shortly before expiry and after a 401, one refresh at a time
 * per agent (refresh tokens rotate and are single-use, §3.5), persisting the new pair in one write. A refresh that
 * TeamViewer refuses marks the link broken; the core then DMs the agent a re-link button.
 */
export class AgentTokens {
  constructor(
    private readonly client: TeamViewerClient,
    private readonly links: AgentLinkRepo,
    private readonly withLock: <T>(name: string, fn: () => Promise<T>) => Promise<T>,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  private fresh(link: AgentLink): boolean {
    return Date.parse(link.expiresAt) - this.clock.now().getTime() > REFRESH_MARGIN_MS;
  }

  /** The stored link as is (no refresh); throws like `ensure` when there is none or it is broken. */
  async current(agentKey: string): Promise<AgentLink> {
    const link = await this.links.get(agentKey);
    if (!link) throw new PermissionError('auth.link_required', 'Link your TeamViewer account first.');
    if (link.brokenAt) throw new PermissionError('auth.link_expired', 'Your TeamViewer link has expired. Please link again.');
    return link;
  }

  async ensure(agentKey: string): Promise<AgentLink> {
    const link = await this.current(agentKey);
    return this.fresh(link) ? link : this.refresh(agentKey, link.accessToken);
  }

  /** Refreshes unless another caller already replaced `staleAccessToken` while we waited for the lock. */
  refresh(agentKey: string, staleAccessToken: string): Promise<AgentLink> {
    return this.withLock(`tv-refresh:${agentKey}`, async () => {
      const current = await this.links.get(agentKey);
      if (!current) throw new PermissionError('auth.link_required', 'Link your TeamViewer account first.');
      if (current.brokenAt) throw new PermissionError('auth.link_expired', 'Your TeamViewer link has expired. Please link again.');
      if (current.accessToken !== staleAccessToken && this.fresh(current)) return current;
      let grant;
      try {
        // Interactive patience under the lock: an agent's chat command may be queued behind a job's refresh.
        grant = await runInteractive(() => this.client.refresh(current.refreshToken));
      } catch (err) {
        if (err instanceof ConnectorError && !err.retryable) {
          await this.links.put({ ...current, brokenAt: this.clock.now().toISOString() });
          this.logger.warn({ agentKey, code: err.code, status: err.status }, 'TeamViewer refused the refresh token; link marked broken');
          throw new PermissionError('auth.link_expired', 'TeamViewer no longer accepts your link (it was revoked or expired). Please link again.', { cause: err });
        }
        throw err;
      }
      const next: AgentLink = {
        ...current,
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: new Date(this.clock.now().getTime() + grant.expires_in * 1000).toISOString(),
      };
      await this.links.put(next);
      this.logger.info({ agentKey }, 'refreshed TeamViewer access token');
      return next;
    });
  }

  /** Runs `fn` with a valid token; on a 401 refreshes once and retries once (teamviewer-api.md §9). */
  async withToken<T>(agentKey: string, fn: (token: string, link: AgentLink) => Promise<T>): Promise<T> {
    const link = await this.ensure(agentKey);
    try {
      return await fn(link.accessToken, link);
    } catch (err) {
      if (!(err instanceof ConnectorError) || err.code !== 'teamviewer.auth_failed') throw err;
      const renewed = await this.refresh(agentKey, link.accessToken);
      return fn(renewed.accessToken, renewed);
    }
  }
}
