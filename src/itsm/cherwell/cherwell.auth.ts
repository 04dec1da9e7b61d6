/**
 * Cherwell's OAuth token manager (itsm-apis.md §5.1, §9): password grant at `<url>/token`, the access token
 * cached until shortly before `expires_in`, renewed with the refresh token on expiry or a 401, and a new
 * password grant when the refresh is refused (the Splunk connector's pattern). One token request at a time.
 */
import type { Dispatcher } from 'undici';
import { ConnectorError } from '../../core/errors.js';
import type { Clock } from '../../core/ports/clock.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { httpCall, UnreachableError, type HttpResult } from '../../upstream/http.js';
import { itsmError, itsmInvalid, itsmUnreachable } from '../itsm.errors.js';
import { NAME, VENDOR } from './cherwell.api.js';
import type { CwToken, CwTokenError } from './cherwell.api-types.js';
import type { CherwellConfig } from './cherwell.schema.js';

export interface CherwellAuth {
  /** `Bearer <token>` for the next call, signing in or refreshing first when needed. */
  authorization(): Promise<string>;
  /** After a 401: renew (refresh, else sign in again). Throws `itsm.auth_failed` when the credentials are refused. */
  renew(): Promise<boolean>;
}

interface Held {
  access: string;
  /** Epoch ms after which the token is treated as expired. */
  renewAt: number;
}

/** Lifetime assumed when the answer has no usable `expires_in` (CSM's usual 20 minutes). */
const DEFAULT_LIFETIME_S = 1200;

/** Renew a minute early, or a quarter of the lifetime for short-lived tokens. */
export function renewAfterMs(expiresInSeconds: number): number {
  return Math.max(0, expiresInSeconds - Math.min(60, expiresInSeconds / 4)) * 1000;
}

/** Token-endpoint refusals are OAuth-style `{error, error_description}` (M); CSM's docs show them JSON-in-a-string. */
function tokenError(res: HttpResult): CwTokenError {
  let body: unknown = res.json;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      body = undefined;
    }
  }
  return typeof body === 'object' && body !== null ? body : {};
}

/** `clientId` is masked in the vendor's description, which echoes it ("Client <key> is not registered …"). */
export function credentialsRefused(res: HttpResult, clientId: string): ConnectorError {
  const { error, error_description: raw } = tokenError(res);
  const description = typeof raw === 'string' && clientId ? raw.split(clientId).join('[CHERWELL_CLIENT_ID]') : raw;
  const fix = /client/i.test(error ?? '')
    ? 'An admin needs to check CHERWELL_CLIENT_ID: the REST API client key from CSM Administrator → Security → REST API client settings.'
    : 'An admin needs to check CHERWELL_USERNAME and CHERWELL_PASSWORD (and CHERWELL_AUTH_MODE, CHERWELL_CLIENT_ID).';
  return new ConnectorError('itsm.auth_failed', `${NAME} rejected the bot's credentials (${error ?? `HTTP ${res.status}`}). ${fix}`, {
    vendor: VENDOR,
    status: res.status,
    reached: true,
    details: { error, description },
  });
}

export function createCherwellAuth(cfg: CherwellConfig, deps: { dispatcher: Dispatcher; timeoutMs: number; clock: Clock; logger: Logger }): CherwellAuth {
  let held: Held | undefined;
  let refreshToken: string | undefined;
  let inflight: Promise<Held> | undefined;
  // api_key and auth_mode travel in the query (pycherwell, Toolbox.Cherwell); client_id in the form.
  const tokenUrl = `${cfg.url}/token?${new URLSearchParams({ auth_mode: cfg.authMode, api_key: cfg.clientId }).toString()}`;

  async function grant(form: Record<string, string>): Promise<Held> {
    const what = 'sign in';
    let res: HttpResult;
    try {
      res = await httpCall(deps.dispatcher, {
        method: 'POST',
        url: tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form, client_id: cfg.clientId }).toString(),
        timeoutMs: deps.timeoutMs,
      });
    } catch (err) {
      if (err instanceof UnreachableError) throw itsmUnreachable(VENDOR, NAME, err, what);
      throw err;
    }
    if (res.status === 400 || res.status === 401) throw credentialsRefused(res, cfg.clientId);
    if (res.status < 200 || res.status >= 300) throw itsmError(VENDOR, NAME, res, what);
    const body = (res.json ?? {}) as CwToken;
    if (typeof body.access_token !== 'string' || body.access_token === '') throw itsmInvalid(VENDOR, NAME, what, 'token answer without access_token', res.status);
    const lifetime = Number(body.expires_in);
    refreshToken = typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined;
    const seconds = Number.isFinite(lifetime) && lifetime > 0 ? lifetime : DEFAULT_LIFETIME_S;
    return { access: body.access_token, renewAt: deps.clock.now().getTime() + renewAfterMs(seconds) };
  }

  /** Refresh when we can; a refused refresh falls back to a new password grant. */
  async function obtain(): Promise<Held> {
    const refresh = refreshToken;
    if (refresh) {
      try {
        return await grant({ grant_type: 'refresh_token', refresh_token: refresh });
      } catch (err) {
        if (!(err instanceof ConnectorError && err.code === 'itsm.auth_failed')) throw err;
        refreshToken = undefined;
        deps.logger.debug({ vendor: VENDOR }, 'refresh token refused; signing in again');
      }
    }
    return grant({ grant_type: 'password', username: cfg.username, password: cfg.password });
  }

  /** Concurrent callers share one token request. */
  function single(): Promise<Held> {
    inflight ??= obtain()
      .then((h) => (held = h))
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  }

  return {
    async authorization() {
      const h = held && deps.clock.now().getTime() < held.renewAt ? held : await single();
      return `Bearer ${h.access}`;
    },
    async renew() {
      held = undefined;
      await single();
      return true;
    },
  };
}
