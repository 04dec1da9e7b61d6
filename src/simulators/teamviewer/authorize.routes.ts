/**
 * The browser half of OAuth2 (teamviewer-api.md §3.2, §3.3): `GET {login}/oauth2/authorize`, the sandbox consent
 * page and its decision POST. Errors that would leak to an unregistered URI are shown as HTML, never redirected
 * (RFC 6749 §4.1.2.1).
 */
import type { SimResponse } from '../shared/sim-server.js';
import { API_PREFIX, escapeHtml, htmlPage, isForm, type Route, type TvDeps } from './teamviewer.http.js';
import type { AuthorizationCodeRecord, TvUser } from './teamviewer.model.js';
import { consentUser, findUser, newAuthorizationCode, newGuid } from './teamviewer.state.js';

const CODE_LIFETIME_MS = 10 * 60 * 1000;
const PENDING_LIFETIME_MS = 10 * 60 * 1000;
/** base64url(SHA-256(x)) without padding is always 43 characters (RFC 7636 §4.2). */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

interface PendingConsent {
  request: AuthorizeRequest;
  expiresAt: Date;
}

function redirectWith(uri: string, params: Record<string, string | undefined>): SimResponse {
  const target = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) target.searchParams.set(key, value);
  return { status: 302, redirect: target.toString() };
}

function errorRedirect(request: AuthorizeRequest, error: string, description: string): SimResponse {
  return redirectWith(request.redirectUri, { error, error_description: description, state: request.state });
}

function errorPage(title: string, message: string): SimResponse {
  return htmlPage(400, title, `<p>${escapeHtml(message)}</p>`);
}

function validate(deps: TvDeps, q: URLSearchParams): { request: AuthorizeRequest } | { response: SimResponse } {
  const clientId = q.get('client_id');
  if (!clientId || clientId !== deps.config.clientId) {
    return { response: errorPage('Unknown application', 'The client_id does not belong to a registered TeamViewer app.') };
  }
  const redirectUri = q.get('redirect_uri');
  if (!redirectUri || !deps.config.redirectUris.includes(redirectUri)) {
    return { response: errorPage('Invalid redirect URI', 'The redirect_uri is not registered for this app.') };
  }
  const request: AuthorizeRequest = {
    clientId,
    redirectUri,
    state: q.get('state') ?? undefined,
    codeChallenge: q.get('code_challenge') || undefined,
    codeChallengeMethod: q.get('code_challenge_method') || undefined,
  };
  if (q.get('response_type') !== 'code') {
    return { response: errorRedirect(request, 'unsupported_response_type', 'Only response_type=code is supported.') };
  }
  // Assumption: teamviewer-api.md §14.5 (VERIFY) — S256 challenges are honoured; "plain" and stray methods are refused.
  const { codeChallenge, codeChallengeMethod } = request;
  if (codeChallenge === undefined) {
    if (codeChallengeMethod !== undefined) {
      return { response: errorRedirect(request, 'invalid_request', 'code_challenge_method given without code_challenge.') };
    }
    if (deps.config.requirePkce) {
      return { response: errorRedirect(request, 'invalid_request', 'code_challenge (S256) is required.') };
    }
  } else {
    if (codeChallengeMethod !== 'S256') {
      return { response: errorRedirect(request, 'invalid_request', 'code_challenge_method must be S256.') };
    }
    if (!S256_CHALLENGE.test(codeChallenge)) {
      return { response: errorRedirect(request, 'invalid_request', 'code_challenge is not a base64url SHA-256 value.') };
    }
  }
  return { request };
}

function issueCode(deps: TvDeps, request: AuthorizeRequest, user: TvUser): SimResponse {
  const now = deps.clock.now();
  const record: AuthorizationCodeRecord = {
    code: newAuthorizationCode(deps.state),
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    userid: user.userid,
    issuedAt: now,
    expiresAt: new Date(now.getTime() + CODE_LIFETIME_MS),
    used: false,
  };
  deps.state.authorizationCodes.push(record);
  return redirectWith(request.redirectUri, { code: record.code, state: request.state });
}

const noUsersPage = (): SimResponse =>
  errorPage('No TeamViewer account', 'The simulator has no users to log in as; add one with addUser() first.');

function consentPage(deps: TvDeps, requestId: string): SimResponse {
  const selected = consentUser(deps.state)?.userid;
  const options = deps.state.users
    .map((u) => {
      const label = `${u.name} <${u.email}> (${u.userid})`;
      return `<option value="${escapeHtml(u.userid)}"${u.userid === selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
    })
    .join('');
  const body =
    `<p><strong>${escapeHtml(deps.config.appName)}</strong> wants to access your TeamViewer account.</p>` +
    `<form method="post" action="/oauth2/authorize/decision">` +
    `<input type="hidden" name="request_id" value="${escapeHtml(requestId)}">` +
    `<p><label>Sign in as <select name="userid">${options}</select></label></p>` +
    `<p><button type="submit" name="decision" value="allow">Allow</button> ` +
    `<button type="submit" name="decision" value="deny">Deny</button></p></form>`;
  return htmlPage(200, 'TeamViewer: authorize app', body);
}

export function authorizeRoutes(deps: TvDeps): Route[] {
  const pending = new Map<string, PendingConsent>();

  return [
    {
      method: 'GET',
      pattern: '/oauth2/authorize',
      public: true,
      handle: ({ req }) => {
        const result = validate(deps, req.query);
        if ('response' in result) return result.response;
        if (deps.state.users.length === 0) return noUsersPage();
        if (deps.config.autoConsent) {
          const user = consentUser(deps.state);
          if (!user) return errorPage('Unknown consenting user', 'consentAs() names a user that does not exist.');
          return issueCode(deps, result.request, user);
        }
        const requestId = newGuid();
        pending.set(requestId, { request: result.request, expiresAt: new Date(deps.clock.now().getTime() + PENDING_LIFETIME_MS) });
        return consentPage(deps, requestId);
      },
    },
    {
      method: 'POST',
      pattern: '/oauth2/authorize/decision',
      public: true,
      handle: ({ req }) => {
        if (!isForm(req)) return errorPage('Bad request', 'The consent form must be posted as a form.');
        const requestId = req.form.get('request_id') ?? '';
        const entry = pending.get(requestId);
        // Single use: a second submit of the same page must not mint a second code.
        pending.delete(requestId);
        if (!entry || entry.expiresAt.getTime() <= deps.clock.now().getTime()) {
          return errorPage('Authorization expired', 'This consent page is no longer valid; start linking again.');
        }
        if (req.form.get('decision') !== 'allow') {
          return errorRedirect(entry.request, 'access_denied', 'The user denied access to the app.');
        }
        const user = findUser(deps.state, req.form.get('userid') ?? '');
        if (!user) return errorPage('Unknown user', 'Pick one of the listed TeamViewer accounts.');
        return issueCode(deps, entry.request, user);
      },
    },
    {
      // The old API-host alias only forwards to the login page (teamviewer-api.md §3.2 "Legacy alias").
      method: 'GET',
      pattern: `${API_PREFIX}/oauth2/authorize`,
      public: true,
      handle: ({ req }) => ({
        status: 302,
        redirect: `http://${req.headers.host ?? '127.0.0.1'}/oauth2/authorize?${req.query.toString()}`,
      }),
    },
  ];
}
