/**
 * `POST /CherwellAPI/token` (OWIN OAuth server: password and refresh_token grants) and bearer checks on
 * `/api/*` (itsm-apis.md §5.1). Error bodies and wording follow the CSM REST "Errors" page (400 with
 * `{error, error_description}` for a wrong client id or wrong credentials).
 */
import { randomBytes } from 'node:crypto';
import type { SimClock, SimRequest, SimResponse } from '../../shared/sim-server.js';

export type AuthMode = 'Internal' | 'LDAP' | 'SAML' | 'Windows';
export const AUTH_MODES: readonly AuthMode[] = ['Internal', 'LDAP', 'SAML', 'Windows'];

export interface TokenSettings {
  clientId: string;
  username: string;
  password: string;
  /** How the API user signs in; a token request with another `auth_mode` fails like a wrong password. */
  authMode: AuthMode;
  /** Access-token lifetime in seconds. */
  accessSeconds: number;
  /** Refresh-token lifetime in seconds. */
  refreshSeconds: number;
}

interface Grant {
  username: string;
  expiresAt: number;
}

export interface TokenStore {
  settings: TokenSettings;
  access: Map<string, Grant>;
  refresh: Map<string, Grant>;
  /** Token requests answered, by grant type (tests assert on refresh vs. new sign-in). */
  issued: { password: number; refresh_token: number };
}

export function createTokenStore(settings: TokenSettings): TokenStore {
  return { settings, access: new Map(), refresh: new Map(), issued: { password: 0, refresh_token: 0 } };
}

const oauthError = (error: string, description: string): SimResponse => ({ status: 400, json: { error, error_description: description } });
const token = (): string => randomBytes(24).toString('base64url');

function issue(store: TokenStore, clock: SimClock, username: string): SimResponse {
  const now = clock.now();
  const { accessSeconds, refreshSeconds, clientId } = store.settings;
  const access = token();
  const refresh = token();
  store.access.set(access, { username, expiresAt: now.getTime() + accessSeconds * 1000 });
  store.refresh.set(refresh, { username, expiresAt: now.getTime() + refreshSeconds * 1000 });
  return {
    status: 200,
    headers: { 'cache-control': 'no-cache' },
    json: {
      access_token: access,
      token_type: 'bearer',
      expires_in: accessSeconds,
      refresh_token: refresh,
      'as:client_id': clientId,
      username,
      '.issued': now.toUTCString(),
      '.expires': new Date(now.getTime() + accessSeconds * 1000).toUTCString(),
    },
  };
}

export function handleToken(store: TokenStore, clock: SimClock, req: SimRequest): SimResponse {
  if (req.method !== 'POST') return { status: 405, json: { Message: `The requested resource does not support http method '${req.method}'.` } };
  const form = req.form;
  const s = store.settings;
  const clientId = form.get('client_id') ?? req.query.get('api_key') ?? '';
  if (clientId !== s.clientId) return oauthError('invalid_client_id', `Client ${clientId} is not registered in the system.`);
  const grantType = form.get('grant_type');
  if (grantType === 'password') {
    // auth_mode is optional and defaults to Internal (itsm-apis.md §5.1, pycherwell / Toolbox.Cherwell send it).
    const mode = (req.query.get('auth_mode') ?? 'Internal').toLowerCase();
    const known = AUTH_MODES.find((m) => m.toLowerCase() === mode);
    if (!known) return oauthError('invalid_request', `Unsupported auth_mode ${mode}.`);
    if (known !== s.authMode || form.get('username') !== s.username || form.get('password') !== s.password) {
      return oauthError('invalid_grant', 'Could not login to system with the provided user ID and password.');
    }
    store.issued.password += 1;
    return issue(store, clock, s.username);
  }
  if (grantType === 'refresh_token') {
    const presented = form.get('refresh_token') ?? '';
    const grant = store.refresh.get(presented);
    // Assumption (itsm-apis.md §5.1 is silent): refresh tokens are single-use and rotate, as OWIN's default
    // refresh-token provider does; a client that keeps the old one gets invalid_grant on the next refresh.
    store.refresh.delete(presented);
    if (!grant || grant.expiresAt <= clock.now().getTime()) return oauthError('invalid_grant', 'The refresh token is invalid or has expired.');
    store.issued.refresh_token += 1;
    return issue(store, clock, grant.username);
  }
  return oauthError('unsupported_grant_type', `grant_type ${grantType ?? '(missing)'} is not supported.`);
}

/** The signed-in user of a `Bearer` call, or undefined (missing, unknown or expired token → 401). */
export function bearerUser(store: TokenStore, clock: SimClock, req: SimRequest): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  const grant = m?.[1] ? store.access.get(m[1]) : undefined;
  if (!grant) return undefined;
  if (grant.expiresAt <= clock.now().getTime()) return undefined;
  return grant.username;
}

/** `DELETE /api/V1/logout`: the presented access token stops working. */
export function logout(store: TokenStore, req: SimRequest): void {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (m?.[1]) store.access.delete(m[1]);
}
