import type { AgentLink } from '../../core/domain/agent-link.js';
import type { AgentLinkRepo, LinkFlowRepo, LinkTicket, OAuthStateRecord } from '../../core/ports/store.port.js';
import type { SecretCipher } from '../secret-cipher.js';
import type { StoredLink } from './lowdb.schema.js';
import type { LowdbHandle } from './lowdb.store.js';

export class LowdbLinkRepo implements AgentLinkRepo {
  constructor(
    private readonly h: LowdbHandle,
    private readonly cipher: SecretCipher,
    private readonly onSecret: (v: string) => void,
  ) {}

  private decode(s: StoredLink): AgentLink {
    let accessToken: string;
    let refreshToken: string;
    try {
      accessToken = this.cipher.open(s.accessTokenSealed, `link:${s.agentKey}:access`);
      refreshToken = this.cipher.open(s.refreshTokenSealed, `link:${s.agentKey}:refresh`);
    } catch {
      // ENCRYPTION_KEY changed or the file was edited: the tokens are unusable, so the agent links again.
      return {
        agentKey: s.agentKey,
        tvUserId: s.tvUserId,
        name: s.name,
        accessToken: '',
        refreshToken: '',
        expiresAt: s.expiresAt,
        linkedAt: s.linkedAt,
        brokenAt: s.brokenAt ?? s.linkedAt,
        ...(s.brokenNotifiedAt ? { brokenNotifiedAt: s.brokenNotifiedAt } : {}),
      };
    }
    this.onSecret(accessToken);
    this.onSecret(refreshToken);
    return {
      agentKey: s.agentKey,
      tvUserId: s.tvUserId,
      name: s.name,
      ...(s.email ? { email: s.email } : {}),
      accessToken,
      refreshToken,
      expiresAt: s.expiresAt,
      linkedAt: s.linkedAt,
      ...(s.brokenAt ? { brokenAt: s.brokenAt } : {}),
      ...(s.brokenNotifiedAt ? { brokenNotifiedAt: s.brokenNotifiedAt } : {}),
    };
  }

  async get(agentKey: string) {
    const s = this.h.data.links.find((l) => l.agentKey === agentKey);
    return s ? this.decode(s) : undefined;
  }

  async list() {
    return this.h.data.links.map((s) => this.decode(s));
  }

  async put(link: AgentLink) {
    this.onSecret(link.accessToken);
    this.onSecret(link.refreshToken);
    const stored: StoredLink = {
      agentKey: link.agentKey,
      tvUserId: link.tvUserId,
      name: link.name,
      ...(link.email ? { email: link.email } : {}),
      accessTokenSealed: this.cipher.seal(link.accessToken, `link:${link.agentKey}:access`),
      refreshTokenSealed: this.cipher.seal(link.refreshToken, `link:${link.agentKey}:refresh`),
      expiresAt: link.expiresAt,
      linkedAt: link.linkedAt,
      ...(link.brokenAt ? { brokenAt: link.brokenAt } : {}),
      ...(link.brokenNotifiedAt ? { brokenNotifiedAt: link.brokenNotifiedAt } : {}),
    };
    const links = this.h.data.links;
    const i = links.findIndex((l) => l.agentKey === link.agentKey);
    if (i >= 0) links[i] = stored;
    else links.push(stored);
    await this.h.save();
  }

  async delete(agentKey: string) {
    const i = this.h.data.links.findIndex((l) => l.agentKey === agentKey);
    if (i < 0) return undefined;
    const [removed] = this.h.data.links.splice(i, 1);
    await this.h.save();
    return removed ? this.decode(removed) : undefined;
  }
}

export class LowdbLinkFlowRepo implements LinkFlowRepo {
  constructor(
    private readonly h: LowdbHandle,
    private readonly cipher: SecretCipher,
    private readonly onSecret: (v: string) => void,
  ) {}

  async putTicket(ticket: LinkTicket) {
    this.h.data.linkTickets.push(structuredClone(ticket));
    await this.h.save();
  }

  async consumeTicket(tokenHash: string, now: Date) {
    const i = this.h.data.linkTickets.findIndex((t) => t.tokenHash === tokenHash);
    if (i < 0) return undefined;
    const [t] = this.h.data.linkTickets.splice(i, 1);
    await this.h.save();
    return t && Date.parse(t.expiresAt) > now.getTime() ? t : undefined;
  }

  async putState(state: OAuthStateRecord) {
    this.onSecret(state.codeVerifier);
    const { codeVerifier, ...rest } = state;
    this.h.data.oauthStates.push({ ...structuredClone(rest), codeVerifierSealed: this.cipher.seal(codeVerifier, `state:${state.stateHash}`) });
    await this.h.save();
  }

  async consumeState(stateHash: string, now: Date) {
    const i = this.h.data.oauthStates.findIndex((s) => s.stateHash === stateHash);
    if (i < 0) return undefined;
    const [s] = this.h.data.oauthStates.splice(i, 1);
    await this.h.save();
    if (!s || Date.parse(s.expiresAt) <= now.getTime()) return undefined;
    const { codeVerifierSealed, ...rest } = s;
    const codeVerifier = this.cipher.open(codeVerifierSealed, `state:${s.stateHash}`);
    this.onSecret(codeVerifier);
    return { ...rest, codeVerifier };
  }

  async purgeExpired(now: Date) {
    const t = now.getTime();
    const before = this.h.data.linkTickets.length + this.h.data.oauthStates.length;
    this.h.data.linkTickets = this.h.data.linkTickets.filter((x) => Date.parse(x.expiresAt) > t);
    this.h.data.oauthStates = this.h.data.oauthStates.filter((x) => Date.parse(x.expiresAt) > t);
    const removed = before - this.h.data.linkTickets.length - this.h.data.oauthStates.length;
    if (removed > 0) await this.h.save();
    return removed;
  }
}
