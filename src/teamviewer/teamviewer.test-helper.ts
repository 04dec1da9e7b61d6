/**
 * Test wiring for the TeamViewer adapter: a tiny in-memory AgentLinkRepo, a silent logger and the adapter stack
 * (client → AgentTokens → TeamViewerRemoteSupport) pointed at any API base. It imports nothing from the simulators
 * (src/teamviewer never does); the test files start the simulator and pass its URLs in.
 */
import { Agent } from 'undici';
import type { AgentLink } from '../core/domain/agent-link.js';
import type { Clock } from '../core/ports/clock.port.js';
import type { Logger } from '../core/ports/logger.port.js';
import type { AgentLinkRepo } from '../core/ports/store.port.js';
import { AgentTokens } from './agent-tokens.js';
import { TeamViewerClient } from './teamviewer.client.js';
import { TeamViewerRemoteSupport } from './teamviewer.remote-support.js';

export const AGENT = 'slack:T1:U1';

export class MemoryLinks implements AgentLinkRepo {
  readonly byKey = new Map<string, AgentLink>();
  async get(agentKey: string): Promise<AgentLink | undefined> {
    const l = this.byKey.get(agentKey);
    return l ? { ...l } : undefined;
  }
  async put(link: AgentLink): Promise<void> {
    this.byKey.set(link.agentKey, { ...link });
  }
  async delete(agentKey: string): Promise<AgentLink | undefined> {
    const l = this.byKey.get(agentKey);
    this.byKey.delete(agentKey);
    return l;
  }
  async list(): Promise<AgentLink[]> {
    return [...this.byKey.values()].map((l) => ({ ...l }));
  }
}

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

/** Per-name mutex, enough for one process (what the embedded store's KeyLock does). */
function namedLock(): <T>(name: string, fn: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const result = (tails.get(name) ?? Promise.resolve()).then(fn, fn);
    tails.set(name, result.catch(() => undefined));
    return result;
  };
}

export interface Wiring {
  dispatcher: Agent;
  client: TeamViewerClient;
  links: MemoryLinks;
  tokens: AgentTokens;
  remote: TeamViewerRemoteSupport;
}

export function wireTeamViewer(o: { apiUrl: string; loginUrl: string; clientId: string; clientSecret: string; redirectUri: string; clock: Clock }): Wiring {
  const dispatcher = new Agent();
  const client = new TeamViewerClient({
    config: { clientId: o.clientId, clientSecret: o.clientSecret, apiUrl: o.apiUrl, loginUrl: o.loginUrl, group: 'ChatOps', pkce: true },
    redirectUri: o.redirectUri,
    dispatcher,
    timeoutMs: 5000,
  });
  const links = new MemoryLinks();
  const tokens = new AgentTokens(client, links, namedLock(), o.clock, silent);
  return { dispatcher, client, links, tokens, remote: new TeamViewerRemoteSupport(client, tokens, 'ChatOps', o.clock) };
}

/** The link AGENT would have right after linking, from a token response. */
export function linkFrom(t: { access_token: string; refresh_token: string; expires_in: number }, now: Date, tvUserId = 'u1000001'): AgentLink {
  return {
    agentKey: AGENT,
    tvUserId,
    name: 'Ada Agent',
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: new Date(now.getTime() + t.expires_in * 1000).toISOString(),
    linkedAt: now.toISOString(),
  };
}
