/**
 * Matrix42 API-token exchange (itsm-apis.md §6.1): the long-lived API token is traded for a short-lived access
 * token (`RawToken`, valid until `LifeTime`), which every other call carries. Re-exchanged 60 s before expiry and
 * once after a 401; one exchange at a time. An answer of HTTP 200 with the body `null` means the API token itself
 * is invalid or expired: that is a credentials problem, not a glitch.
 */
import type { Dispatcher } from 'undici';
import { ConnectorError } from '../../core/errors.js';
import type { Clock } from '../../core/ports/clock.port.js';
import { createItsmHttp } from '../itsm.http.js';
import { itsmInvalid, type ErrorHints } from '../itsm.errors.js';
import type { M42AccessToken } from './matrix42.api-types.js';

export const VENDOR = 'matrix42';
export const NAME = 'Matrix42';

const NEW_TOKEN = 'An admin needs to create a new API token in Matrix42 (Administration → Integration → API Tokens) and set MATRIX42_API_TOKEN.';

export const M42_HINTS: ErrorHints = {
  auth: NEW_TOKEN,
  forbidden: "An admin needs to give the API token's user the roles for that in Matrix42 (and allow its API audience).",
};

/** Renew this long before `LifeTime` (§6.1: "re-exchange ~1 min before"). */
const MARGIN_MS = 60_000;
/** When `LifeTime` is missing or unreadable: assume a short life rather than trusting the token for long. */
const FALLBACK_LIFETIME_MS = 5 * 60_000;

export interface TokenManager {
  /** `Bearer <access token>`, exchanging first when there is none or it is about to expire. */
  authorization(): Promise<string>;
  /** After a 401: drop the access token and exchange again. Throws `itsm.auth_failed` when the API token is bad. */
  renew(): Promise<boolean>;
}

export interface TokenManagerOptions {
  /** `<MATRIX42_URL>/api`. */
  apiBase: string;
  apiToken: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  clock: Clock;
  headers: Record<string, string>;
}

export function invalidApiToken(): ConnectorError {
  return new ConnectorError('itsm.auth_failed', `${NAME} rejected the bot's API token (it is invalid, expired or revoked). ${NEW_TOKEN}`, {
    vendor: VENDOR,
    status: 200,
    reached: true,
    details: { what: 'exchange the API token', body: 'null' },
  });
}

/** What the exchange answered, without any value: member names of an object, else the JSON type. */
function answerShape(json: unknown): string {
  if (json === undefined) return 'not JSON';
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) return `members: ${Object.keys(json).join(', ').slice(0, 200) || 'none'}`;
  return Array.isArray(json) ? 'an array' : typeof json;
}

export function createTokenManager(o: TokenManagerOptions): TokenManager {
  // The exchange is the only call that carries the API token itself; repeating it is harmless, so it may retry.
  const http = createItsmHttp({ vendor: VENDOR, displayName: NAME, baseUrl: o.apiBase, dispatcher: o.dispatcher, timeoutMs: o.timeoutMs, authorization: async () => `Bearer ${o.apiToken}`, hints: M42_HINTS, headers: o.headers });
  let current: { raw: string; renewAt: number } | undefined;
  let inflight: Promise<{ raw: string; renewAt: number }> | undefined;

  async function exchange(): Promise<{ raw: string; renewAt: number }> {
    const what = 'exchange the API token for an access token';
    const res = await http.call('POST', '/ApiToken/GenerateAccessTokenFromApiToken', what, { body: '', idempotent: true });
    if (res.json === null) throw invalidApiToken();
    const body: M42AccessToken = typeof res.json === 'object' && !Array.isArray(res.json) ? res.json : {};
    // Only the shape goes into the error: the body may hold the access token under another name (or be it).
    if (typeof body.RawToken !== 'string' || !body.RawToken) throw itsmInvalid(VENDOR, NAME, what, `no RawToken in the answer (${answerShape(res.json)})`, res.status);
    const now = o.clock.now().getTime();
    const expires = Date.parse(body.LifeTime ?? '');
    const life = Number.isNaN(expires) ? FALLBACK_LIFETIME_MS : expires - now;
    // A token living less than twice the margin is used for half its life instead of not at all.
    return { raw: body.RawToken, renewAt: now + (life > 2 * MARGIN_MS ? life - MARGIN_MS : Math.max(0, life / 2)) };
  }

  function fresh(): Promise<{ raw: string; renewAt: number }> {
    inflight ??= exchange()
      .then((t) => {
        current = t;
        return t;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  }

  return {
    async authorization() {
      const t = current && o.clock.now().getTime() < current.renewAt ? current : await fresh();
      return `Bearer ${t.raw}`;
    },
    async renew() {
      current = undefined;
      await fresh();
      return true;
    },
  };
}
