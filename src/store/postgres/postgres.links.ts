import type { AgentLink } from '../../core/domain/agent-link.js';
import type { AgentLinkRepo, LinkFlowRepo, LinkTicket, OAuthStateRecord } from '../../core/ports/store.port.js';
import type { SecretCipher } from '../secret-cipher.js';
import { json, type PgDb } from './postgres.db.js';

/** The non-secret part of a link, kept as jsonb beside the sealed tokens. */
type PublicLink = Omit<AgentLink, 'accessToken' | 'refreshToken'>;
type LinkRow = { access_token_sealed: string; refresh_token_sealed: string; link: PublicLink };

const LINK_COLUMNS = 'access_token_sealed, refresh_token_sealed, link';

/** Agent links. The tokens are sealed with the agent key as associated data, exactly as the embedded store does. */
export class PgLinkRepo implements AgentLinkRepo {
  constructor(
    private readonly db: PgDb,
    private readonly cipher: SecretCipher,
    private readonly onSecret: (v: string) => void,
  ) {}

  private decode(row: LinkRow): AgentLink {
    const l = row.link;
    let accessToken: string;
    let refreshToken: string;
    try {
      accessToken = this.cipher.open(row.access_token_sealed, `link:${l.agentKey}:access`);
      refreshToken = this.cipher.open(row.refresh_token_sealed, `link:${l.agentKey}:refresh`);
    } catch {
      // ENCRYPTION_KEY changed or the row was edited: the tokens are unusable, so the agent links again.
      return {
        agentKey: l.agentKey,
        tvUserId: l.tvUserId,
        name: l.name,
        accessToken: '',
        refreshToken: '',
        expiresAt: l.expiresAt,
        linkedAt: l.linkedAt,
        brokenAt: l.brokenAt ?? l.linkedAt,
        ...(l.brokenNotifiedAt ? { brokenNotifiedAt: l.brokenNotifiedAt } : {}),
      };
    }
    this.onSecret(accessToken);
    this.onSecret(refreshToken);
    return { ...l, accessToken, refreshToken };
  }

  async get(agentKey: string) {
    const { rows } = await this.db.query<LinkRow>(`SELECT ${LINK_COLUMNS} FROM agent_links WHERE agent_key = $1`, [agentKey]);
    return rows[0] ? this.decode(rows[0]) : undefined;
  }

  async list() {
    const { rows } = await this.db.query<LinkRow>(`SELECT ${LINK_COLUMNS} FROM agent_links ORDER BY agent_key COLLATE "C"`);
    return rows.map((r) => this.decode(r));
  }

  async put(link: AgentLink) {
    this.onSecret(link.accessToken);
    this.onSecret(link.refreshToken);
    const { accessToken, refreshToken, ...rest } = link;
    // One upsert writes the rotated pair together: a reader never sees a new access token with an old refresh token.
    await this.db.query(
      `INSERT INTO agent_links (agent_key, access_token_sealed, refresh_token_sealed, link) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (agent_key) DO UPDATE SET access_token_sealed = EXCLUDED.access_token_sealed,
         refresh_token_sealed = EXCLUDED.refresh_token_sealed, link = EXCLUDED.link, updated_at = now()`,
      [
        link.agentKey,
        this.cipher.seal(accessToken, `link:${link.agentKey}:access`),
        this.cipher.seal(refreshToken, `link:${link.agentKey}:refresh`),
        json(rest),
      ],
    );
  }

  async delete(agentKey: string) {
    const { rows } = await this.db.query<LinkRow>(`DELETE FROM agent_links WHERE agent_key = $1 RETURNING ${LINK_COLUMNS}`, [agentKey]);
    return rows[0] ? this.decode(rows[0]) : undefined;
  }
}

type StoredState = Omit<OAuthStateRecord, 'codeVerifier'>;

/**
 * Link tickets and OAuth states. Consuming is a DELETE … RETURNING: of two replicas handed the same callback, one
 * gets the row and the other gets nothing. An expired row is deleted all the same, and not returned.
 */
export class PgLinkFlowRepo implements LinkFlowRepo {
  constructor(
    private readonly db: PgDb,
    private readonly cipher: SecretCipher,
    private readonly onSecret: (v: string) => void,
  ) {}

  async putTicket(ticket: LinkTicket) {
    await this.db.query(
      `INSERT INTO link_tickets (token_hash, expires_at, ticket) VALUES ($1, $2, $3::jsonb)
       ON CONFLICT (token_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at, ticket = EXCLUDED.ticket`,
      [ticket.tokenHash, ticket.expiresAt, json(ticket)],
    );
  }

  async consumeTicket(tokenHash: string, now: Date) {
    const { rows } = await this.db.query<{ ticket: LinkTicket; valid: boolean }>(
      'DELETE FROM link_tickets WHERE token_hash = $1 RETURNING ticket, expires_at > $2 AS valid',
      [tokenHash, now.toISOString()],
    );
    const row = rows[0];
    return row?.valid ? row.ticket : undefined;
  }

  async putState(state: OAuthStateRecord) {
    this.onSecret(state.codeVerifier);
    const { codeVerifier, ...rest } = state;
    await this.db.query(
      `INSERT INTO oauth_states (state_hash, expires_at, code_verifier_sealed, state) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (state_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at,
         code_verifier_sealed = EXCLUDED.code_verifier_sealed, state = EXCLUDED.state`,
      [state.stateHash, state.expiresAt, this.cipher.seal(codeVerifier, `state:${state.stateHash}`), json(rest)],
    );
  }

  async consumeState(stateHash: string, now: Date) {
    const { rows } = await this.db.query<{ state: StoredState; code_verifier_sealed: string; valid: boolean }>(
      'DELETE FROM oauth_states WHERE state_hash = $1 RETURNING state, code_verifier_sealed, expires_at > $2 AS valid',
      [stateHash, now.toISOString()],
    );
    const row = rows[0];
    if (!row?.valid) return undefined;
    const codeVerifier = this.cipher.open(row.code_verifier_sealed, `state:${row.state.stateHash}`);
    this.onSecret(codeVerifier);
    return { ...row.state, codeVerifier };
  }

  async purgeExpired(now: Date) {
    const { rows } = await this.db.query<{ n: number }>(
      `WITH t AS (DELETE FROM link_tickets WHERE expires_at <= $1 RETURNING 1),
            s AS (DELETE FROM oauth_states WHERE expires_at <= $1 RETURNING 1)
       SELECT ((SELECT count(*) FROM t) + (SELECT count(*) FROM s))::int AS n`,
      [now.toISOString()],
    );
    return rows[0]?.n ?? 0;
  }
}
