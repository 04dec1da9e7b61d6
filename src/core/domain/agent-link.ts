/** An agent's linked TeamViewer account. Tokens are plaintext here; stores encrypt them at rest. */
export interface AgentLink {
  /** Chat identity: `slack:<team>:<user>` or `teams:<tenant>:<aadObjectId>`. */
  agentKey: string;
  tvUserId: string;
  name: string;
  email?: string;
  accessToken: string;
  refreshToken: string;
  /** ISO-8601 UTC instant the access token stops working. */
  expiresAt: string;
  linkedAt: string;
  /** Set when a refresh failed for good: the agent must link again. */
  brokenAt?: string;
  /** When the agent was told (once) that the link broke and how to renew it. */
  brokenNotifiedAt?: string;
}

/** The command that made us ask for a link, replayed once the link exists (product.md pain point 2). */
export interface PendingCommand {
  text: string;
  conversationId: string;
  responseUrl?: string;
  threadId?: string;
}

/** A chat identity as the surfaces see it. */
export interface ChatIdentity {
  surface: 'slack' | 'teams';
  /** Workspace (Slack team id) or tenant id. */
  tenantId: string;
  userId: string;
}

export function agentKeyOf(id: ChatIdentity): string {
  return `${id.surface}:${id.tenantId}:${id.userId}`;
}

/** The chat identity back from an agent key (`surface:tenant:user`); user ids contain no colon on either platform. */
export function identityOf(agentKey: string): ChatIdentity {
  const [surface, tenantId = '', ...rest] = agentKey.split(':');
  return { surface: surface === 'teams' ? 'teams' : 'slack', tenantId, userId: rest.join(':') };
}
