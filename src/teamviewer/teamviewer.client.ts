import type { Dispatcher } from 'undici';
import { ConnectorError } from '../core/errors.js';
import { httpCall, INTERACTIVE_RETRY, UnreachableError, withRetry, type HttpCall, type HttpResult, type RetryPolicy } from '../upstream/http.js';
import type { TvAccount, TvSession, TvSessionList, TvTokenResponse } from './teamviewer.api-types.js';
import { retryableTv, retryableTvCreate, teamviewerError, teamviewerUnreachable } from './teamviewer.errors.js';
import type { TeamViewerConfig } from './teamviewer.schema.js';

export interface TeamViewerClientOptions {
  config: TeamViewerConfig;
  redirectUri: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  retry?: RetryPolicy;
}

/**
 * The TeamViewer Web API, token-explicit (teamviewer-api.md §2–§5). It knows nothing of agents or storage;
 * AgentTokens binds calls to an agent's current token.
 */
export class TeamViewerClient {
  private readonly retry: RetryPolicy;
  constructor(private readonly o: TeamViewerClientOptions) {
    this.retry = o.retry ?? INTERACTIVE_RETRY;
  }

  authorizeUrl(state: string, codeChallenge: string): string {
    const q = new URLSearchParams({ response_type: 'code', client_id: this.o.config.clientId, redirect_uri: this.o.redirectUri, state });
    if (this.o.config.pkce) {
      q.set('code_challenge', codeChallenge);
      q.set('code_challenge_method', 'S256');
    }
    return `${this.o.config.loginUrl}/oauth2/authorize?${q.toString()}`;
  }

  private async send(call: Omit<HttpCall, 'timeoutMs'>, what: string): Promise<HttpResult> {
    let res: HttpResult;
    try {
      res = await httpCall(this.o.dispatcher, { ...call, timeoutMs: this.o.timeoutMs });
    } catch (err) {
      if (err instanceof UnreachableError) throw teamviewerUnreachable(err, what);
      throw err;
    }
    if (res.status >= 200 && res.status < 300) return res;
    throw teamviewerError(res, what);
  }

  private api(token: string, method: HttpCall['method'], path: string, what: string, body?: unknown): Promise<HttpResult> {
    return this.send({ method, url: `${this.o.config.apiUrl}${path}`, headers: { authorization: `Bearer ${token}` }, ...(body !== undefined ? { body } : {}) }, what);
  }

  /** Form-encoded, client credentials in the body (§3.4). Not retried: a code is single-use. */
  private async token(form: Record<string, string>, what: string): Promise<TvTokenResponse> {
    const res = await withRetry(
      () => this.send({ method: 'POST', url: `${this.o.config.apiUrl}/oauth2/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() }, what),
      this.retry,
      retryableTvCreate,
    );
    const t = res.json as Partial<TvTokenResponse> | undefined;
    if (!t?.access_token || !t.refresh_token) {
      throw new ConnectorError('teamviewer.invalid_request', 'TeamViewer returned no usable token.', { vendor: 'teamviewer', status: res.status, reached: true });
    }
    return { access_token: t.access_token, refresh_token: t.refresh_token, token_type: t.token_type ?? 'bearer', expires_in: t.expires_in ?? 86400 };
  }

  exchangeCode(code: string, codeVerifier: string): Promise<TvTokenResponse> {
    const form: Record<string, string> = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.o.redirectUri,
      client_id: this.o.config.clientId,
      client_secret: this.o.config.clientSecret,
    };
    if (this.o.config.pkce) form.code_verifier = codeVerifier;
    return this.token(form, 'link your account');
  }

  refresh(refreshToken: string): Promise<TvTokenResponse> {
    return this.token({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: this.o.config.clientId, client_secret: this.o.config.clientSecret }, 'renew your sign-in');
  }

  async revoke(accessToken: string): Promise<void> {
    await this.api(accessToken, 'POST', '/oauth2/revoke', 'revoke the link');
  }

  async account(token: string): Promise<TvAccount> {
    const res = await withRetry(() => this.api(token, 'GET', '/account', 'read your account'), this.retry, retryableTv);
    return res.json as TvAccount;
  }

  async createSession(token: string, body: Record<string, unknown>): Promise<TvSession> {
    const res = await withRetry(() => this.api(token, 'POST', '/sessions', 'create a session', body), this.retry, retryableTvCreate);
    return res.json as TvSession;
  }

  async getSession(token: string, code: string): Promise<TvSession> {
    const res = await withRetry(() => this.api(token, 'GET', `/sessions/${encodeURIComponent(code)}`, 'read the session'), this.retry, retryableTv);
    return res.json as TvSession;
  }

  /** Close = `PUT {"state":"closed"}` → 204 (§5.5); idempotent, so retried. */
  async closeSession(token: string, code: string): Promise<void> {
    await withRetry(() => this.api(token, 'PUT', `/sessions/${encodeURIComponent(code)}`, 'close the session', { state: 'closed' }), this.retry, retryableTv);
  }

  /** Open sessions of the token's user, newest first, following `next_offset` until it is missing or repeats (§9). */
  async *listOpenSessions(token: string): AsyncGenerator<TvSession> {
    const seen = new Set<string>();
    let offset: string | undefined;
    for (;;) {
      const q = new URLSearchParams({ state: 'open', full_list: 'true' });
      if (offset) q.set('offset', offset);
      const res = await withRetry(() => this.api(token, 'GET', `/sessions?${q.toString()}`, 'list sessions'), this.retry, retryableTv);
      const page = (res.json ?? {}) as TvSessionList;
      for (const s of page.sessions ?? []) yield s;
      const next = page.next_offset;
      if (!next || seen.has(next) || (page.sessions ?? []).length === 0) return;
      seen.add(next);
      offset = next;
    }
  }
}
