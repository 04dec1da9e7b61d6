/**
 * The server half of OAuth2 under the API base (teamviewer-api.md §3.4–§3.6): `POST /oauth2/token` for the code
 * exchange and refresh, `POST /oauth2/revoke` for unlinking.
 */
import { createHash } from 'node:crypto';
import type { SimResponse } from '../shared/sim-server.js';
import { API_PREFIX, apiError, isForm, type Route, type TvDeps } from './teamviewer.http.js';
import type { AccessTokenRecord, RefreshTokenRecord } from './teamviewer.model.js';
import { issueTokens, revokeGrant } from './teamviewer.state.js';

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

function oauthError(status: number, error: string, description: string): SimResponse {
  const response = apiError(status, error, description);
  return { ...response, headers: { ...NO_STORE } };
}

const invalidGrant = (description: string): SimResponse => oauthError(400, 'invalid_grant', description);

function tokenResponse(deps: TvDeps, access: AccessTokenRecord, refresh: RefreshTokenRecord): SimResponse {
  return {
    status: 200,
    headers: { ...NO_STORE },
    json: {
      access_token: access.token,
      token_type: 'bearer',
      expires_in: deps.config.accessTokenTtlSeconds,
      refresh_token: refresh.token,
    },
  };
}

function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function exchangeCode(deps: TvDeps, form: URLSearchParams): SimResponse {
  const code = form.get('code');
  if (!code) return oauthError(400, 'invalid_request', 'The code parameter is missing.');
  const now = deps.clock.now();
  const record = deps.state.authorizationCodes.find((c) => c.code === code);
  if (!record) return invalidGrant('The authorization code is invalid.');
  if (record.used) return invalidGrant('The authorization code has already been used.');
  if (now.getTime() >= record.expiresAt.getTime()) return invalidGrant('The authorization code has expired.');
  if (record.clientId !== form.get('client_id')) return invalidGrant('The authorization code was issued to another client.');
  // Clients that omit redirect_uri still work in production (teamviewer-api.md §3.4); a different one never does.
  const redirectUri = form.get('redirect_uri');
  if (redirectUri !== null && redirectUri !== record.redirectUri) {
    return invalidGrant('redirect_uri does not match the one used to authorize.');
  }
  if (record.codeChallenge !== undefined) {
    const verifier = form.get('code_verifier');
    if (!verifier) return invalidGrant('code_verifier is required for this authorization code.');
    // Assumption: teamviewer-api.md §14.5 (VERIFY) — a wrong verifier is rejected rather than silently ignored.
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier) || s256(verifier) !== record.codeChallenge) {
      return invalidGrant('The code_verifier does not match the code_challenge.');
    }
  }
  record.used = true;
  const { access, refresh } = issueTokens(deps.state, {
    userid: record.userid,
    clientId: record.clientId,
    ttlSeconds: deps.config.accessTokenTtlSeconds,
    now,
  });
  return tokenResponse(deps, access, refresh);
}

function refresh(deps: TvDeps, form: URLSearchParams): SimResponse {
  const token = form.get('refresh_token');
  if (!token) return oauthError(400, 'invalid_request', 'The refresh_token parameter is missing.');
  const record = deps.state.refreshTokens.find((t) => t.token === token);
  if (!record) return invalidGrant('The refresh_token is invalid.');
  if (record.revoked) return invalidGrant('The refresh_token has been revoked.');
  // Assumption: teamviewer-api.md §14.2 (VERIFY) — rotating, single-use, no timed expiry; reuse fails without revoking the successor.
  if (record.used) return invalidGrant('The refresh_token has already been used.');
  if (record.clientId !== form.get('client_id')) return invalidGrant('The refresh_token was issued to another client.');
  const now = deps.clock.now();
  // Assumption: teamviewer-api.md §14.2 (VERIFY) — the previous access token stays valid until its own expiry.
  const next = issueTokens(deps.state, {
    userid: record.userid,
    clientId: record.clientId,
    grantId: record.grantId,
    ttlSeconds: deps.config.accessTokenTtlSeconds,
    now,
  });
  Object.assign(record, { used: true, usedAt: now, replacedBy: next.refresh.token });
  return tokenResponse(deps, next.access, next.refresh);
}

function authenticateClient(deps: TvDeps, form: URLSearchParams, authorization: string | undefined): SimResponse | undefined {
  const clientId = form.get('client_id');
  const secret = form.get('client_secret');
  if (!clientId || !secret) {
    const hint = authorization?.toLowerCase().startsWith('basic ') ? ' HTTP Basic client authentication is not supported.' : '';
    return oauthError(400, 'invalid_client', `client_id and client_secret must be sent in the request body.${hint}`);
  }
  if (clientId !== deps.config.clientId || secret !== deps.config.clientSecret) {
    return oauthError(400, 'invalid_client', 'Client authentication failed.');
  }
  return undefined;
}

export function tokenRoutes(deps: TvDeps): Route[] {
  return [
    {
      method: 'POST',
      pattern: `${API_PREFIX}/oauth2/token`,
      public: true,
      handle: ({ req }) => {
        if (!isForm(req)) {
          return oauthError(400, 'invalid_request', 'The token endpoint accepts application/x-www-form-urlencoded bodies only.');
        }
        // Client first, then the grant (RFC 6749 §5.2): `doctor` tells a wrong secret (invalid_client) from a right
        // one by sending a made-up code (invalid_grant). Assumption: teamviewer-api.md §3.4 (errors M) — same order.
        const clientProblem = authenticateClient(deps, req.form, req.headers.authorization);
        if (clientProblem) return clientProblem;
        const grantType = req.form.get('grant_type');
        if (grantType === 'authorization_code') return exchangeCode(deps, req.form);
        if (grantType === 'refresh_token') return refresh(deps, req.form);
        return oauthError(400, 'unsupported_grant_type', `grant_type "${grantType ?? ''}" is not supported.`);
      },
    },
    {
      // Assumption: teamviewer-api.md §14.3 (VERIFY) — 200, empty body, ends the whole grant (refresh too); bad bearer → 401.
      method: 'POST',
      pattern: `${API_PREFIX}/oauth2/revoke`,
      handle: ({ token }) => {
        revokeGrant(deps.state, token.grantId, deps.clock.now());
        return { status: 200 };
      },
    },
  ];
}
