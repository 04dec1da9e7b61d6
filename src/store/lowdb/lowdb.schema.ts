import type { RemoteDevice } from '../../core/domain/device.js';
import type { SessionRecord } from '../../core/domain/remote-session.js';
import type { JobRunRecord, LinkTicket, OAuthStateRecord, OutboxItem } from '../../core/ports/store.port.js';

/** A link as written to disk: the token fields hold SecretCipher output, never plaintext. */
export interface StoredLink {
  agentKey: string;
  tvUserId: string;
  name: string;
  email?: string;
  accessTokenSealed: string;
  refreshTokenSealed: string;
  expiresAt: string;
  linkedAt: string;
  brokenAt?: string;
  brokenNotifiedAt?: string;
}

export type StoredOAuthState = Omit<OAuthStateRecord, 'codeVerifier'> & { codeVerifierSealed: string };

/** The JSON document under DATA_DIR. `version` lets a later release migrate the file in place. */
export interface LowdbData {
  version: 1;
  sessions: SessionRecord[];
  links: StoredLink[];
  linkTickets: LinkTicket[];
  oauthStates: StoredOAuthState[];
  /** key → ISO expiry. */
  idempotency: Record<string, string>;
  outbox: OutboxItem[];
  /** Added after the first release: the loader fills it in for older files. */
  jobRuns: JobRunRecord[];
  /** Added with the `assets` job: the TeamViewer device list of its last run. */
  devices: { syncedAt?: string; list: RemoteDevice[] };
  /** Added with Teams: conversation references by key (`conv:<id>`, `user:<id>`). */
  conversationRefs: Record<string, Record<string, unknown>>;
}

export function emptyData(): LowdbData {
  return { version: 1, sessions: [], links: [], linkTickets: [], oauthStates: [], idempotency: {}, outbox: [], jobRuns: [], devices: { list: [] }, conversationRefs: {} };
}
