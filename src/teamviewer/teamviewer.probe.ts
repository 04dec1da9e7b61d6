/**
 * Read-only probes of the TeamViewer Web API for `teamviewer-chatops doctor`: they prove reachability and the OAuth
 * app's credentials without linking anyone or creating anything.
 */
import { randomBytes } from 'node:crypto';
import type { Dispatcher } from 'undici';
import { httpCall } from '../upstream/http.js';
import type { TvError } from './teamviewer.api-types.js';
import type { TeamViewerConfig } from './teamviewer.schema.js';

export interface ProbeDeps {
  config: TeamViewerConfig;
  dispatcher: Dispatcher;
  timeoutMs: number;
}

export type PingProbe = { status: number; tokenValid: boolean | undefined };

/**
 * `GET /ping` (teamviewer-api.md §4), with `token` or without any. Without one it still answers (200 `false`), which
 * proves the API is reachable. UnreachableError when no HTTP answer came back.
 */
export async function probePing(d: ProbeDeps, token?: string): Promise<PingProbe> {
  const res = await httpCall(d.dispatcher, { method: 'GET', url: `${d.config.apiUrl}/ping`, headers: token ? { authorization: `Bearer ${token}` } : {}, timeoutMs: d.timeoutMs });
  const v: unknown = typeof res.json === 'object' && res.json !== null ? (res.json as { token_valid?: unknown }).token_valid : undefined;
  const tokenValid = v === true || v === 'true' ? true : v === false || v === 'false' ? false : undefined;
  return { status: res.status, tokenValid };
}

/**
 * `accepted`: the token endpoint got past client authentication and refused only the made-up code (`invalid_grant`).
 * `client_rejected`: `invalid_client`, the id or secret is wrong. `other`: anything else, with what TeamViewer said.
 */
export type ClientProbe = { verdict: 'accepted' | 'client_rejected' | 'other'; status: number; error: string; description: string };

/**
 * Exchanges a made-up authorization code with the configured client id, secret and redirect URI (§3.4). The code
 * cannot be valid, so nothing is issued; what matters is which check fails first. RFC 6749 §5.2 authenticates the
 * client before it looks at the grant, so `invalid_client` means the credentials and `invalid_grant` means only
 * the code was refused. Assumption (teamviewer-api.md §3.4, error shape M): TeamViewer follows that order.
 */
export async function probeOAuthClient(d: ProbeDeps, redirectUri: string): Promise<ClientProbe> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: `doctor-${randomBytes(8).toString('hex')}`,
    redirect_uri: redirectUri,
    client_id: d.config.clientId,
    client_secret: d.config.clientSecret,
  });
  if (d.config.pkce) form.set('code_verifier', randomBytes(32).toString('base64url'));
  const res = await httpCall(d.dispatcher, {
    method: 'POST',
    url: `${d.config.apiUrl}/oauth2/token`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    timeoutMs: d.timeoutMs,
  });
  // Error bodies may be plain text (§9): fall back to it.
  const body = (typeof res.json === 'object' && res.json !== null ? res.json : {}) as TvError;
  const error = typeof body.error === 'string' ? body.error : '';
  const description = (typeof body.error_description === 'string' ? body.error_description : res.text).slice(0, 200);
  const verdict = error === 'invalid_grant' ? 'accepted' : error === 'invalid_client' || error === 'unauthorized_client' ? 'client_rejected' : 'other';
  return { verdict, status: res.status, error, description };
}
