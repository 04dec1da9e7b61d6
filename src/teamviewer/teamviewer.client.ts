import type { Dispatcher } from 'undici';
import { ConnectorError } from '../core/errors.js';
import { httpCall, UnreachableError, type HttpCall, type HttpResult, type RetryPolicy } from '../upstream/http.js';
import { withCurrentRetry } from '../upstream/retry-context.js';
import type { TvAccount, TvConnectionList, TvConnectionRecord, TvLegacyDevice, TvLegacyDeviceList, TvManagedDevice, TvManagedDeviceList, TvPing, TvSession, TvSessionList, TvTokenResponse } from './teamviewer.api-types.js';
import { retryableTv, retryableTvCreate, teamviewerError, teamviewerUnreachable } from './teamviewer.errors.js';
import type { TeamViewerConfig } from './teamviewer.schema.js';

export interface TeamViewerClientOptions {
  config: TeamViewerConfig;
  redirectUri: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  /**
   * Replaces the policy of the call's context (retry-context.ts: background for jobs and the outbox, interactive
   * otherwise) for every call; tests use it. The context's shutdown signal and run budget still apply.
   */
  retry?: RetryPolicy;
}

/**
 * The TeamViewer Web API, token-explicit (teamviewer-api.md §2–§5). It knows nothing of agents or storage;
 * AgentTokens binds calls to an agent's current token.
 */
export class TeamViewerClient {
  constructor(private readonly o: TeamViewerClientOptions) {}

  /** The policy is read per call, not fixed here: one client serves chat commands and jobs alike. */
  private retrying<T>(fn: () => Promise<T>, retryable: (err: unknown) => { retry: boolean; afterSeconds?: number }): Promise<T> {
    return withCurrentRetry(fn, retryable, this.o.retry);
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

  /** Form-encoded, client credentials in the body (§3.4). Only a 429 is retried: a code or refresh token is single-use. */
  private async token(form: Record<string, string>, what: string): Promise<TvTokenResponse> {
    const res = await this.retrying(
      () => this.send({ method: 'POST', url: `${this.o.config.apiUrl}/oauth2/token`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() }, what),
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
    const res = await this.retrying(() => this.api(token, 'GET', '/account', 'read your account'), retryableTv);
    return res.json as TvAccount;
  }

  async createSession(token: string, body: Record<string, unknown>): Promise<TvSession> {
    const res = await this.retrying(() => this.api(token, 'POST', '/sessions', 'create a session', body), retryableTvCreate);
    return res.json as TvSession;
  }

  async getSession(token: string, code: string): Promise<TvSession> {
    const res = await this.retrying(() => this.api(token, 'GET', `/sessions/${encodeURIComponent(code)}`, 'read the session'), retryableTv);
    return res.json as TvSession;
  }

  /** Close = `PUT {"state":"closed"}` → 204 (§5.5); idempotent, so retried. */
  async closeSession(token: string, code: string): Promise<void> {
    await this.retrying(() => this.api(token, 'PUT', `/sessions/${encodeURIComponent(code)}`, 'close the session', { state: 'closed' }), retryableTv);
  }

  /**
   * Follows a cursor until it is missing, repeats, or a page comes back empty (§9, §12 #9). A real tenant has been
   * seen to hand back a cursor it already gave (a public client tests for it); without this the loop never ends.
   */
  private async *paged<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; next: string | undefined }>): AsyncGenerator<T> {
    const seen = new Set<string>();
    let cursor: string | undefined;
    for (;;) {
      const { items, next } = await fetchPage(cursor);
      yield* items;
      if (!next || seen.has(next) || items.length === 0) return;
      seen.add(next);
      cursor = next;
    }
  }

  /** Open sessions of the token's user, newest first (§5.3: cursor in `offset`, out `next_offset`). */
  listOpenSessions(token: string): AsyncGenerator<TvSession> {
    return this.paged(async (offset) => {
      const q = new URLSearchParams({ state: 'open', full_list: 'true' });
      if (offset) q.set('offset', offset);
      const res = await this.retrying(() => this.api(token, 'GET', `/sessions?${q.toString()}`, 'list sessions'), retryableTv);
      const page = (res.json ?? {}) as TvSessionList;
      return { items: Array.isArray(page.sessions) ? page.sessions : [], next: cursorOf(page.next_offset) };
    });
  }

  /**
   * Connection-report records matching `query` (§6.1: cursor out `next_offset`, in `offset_id`), across every page.
   * A record repeated across pages (the report shifting under us) is yielded once.
   */
  async *connectionReport(token: string, query: Record<string, string>): AsyncGenerator<TvConnectionRecord> {
    const ids = new Set<string>();
    const records = this.paged(async (offsetId) => {
      const q = new URLSearchParams(query);
      if (offsetId) q.set('offset_id', offsetId);
      const res = await this.retrying(() => this.api(token, 'GET', `/reports/connections?${q.toString()}`, 'read the connection report'), retryableTv);
      const page = (res.json ?? {}) as TvConnectionList;
      const items = Array.isArray(page.records) ? page.records.filter((r): r is TvConnectionRecord => typeof r === 'object' && r !== null) : [];
      return { items, next: cursorOf(page.next_offset) };
    });
    for await (const r of records) {
      if (typeof r.id === 'string' && r.id) {
        if (ids.has(r.id)) continue;
        ids.add(r.id);
      }
      yield r;
    }
  }

  /** Legacy Computers & Contacts devices (§7.2); follows a `continuation_token` if a tenant sends one (§14.8). */
  legacyDevices(token: string): AsyncGenerator<TvLegacyDevice> {
    return this.paged(async (cursor) => {
      const q = cursor ? `?${new URLSearchParams({ continuation_token: cursor }).toString()}` : '';
      const res = await this.retrying(() => this.api(token, 'GET', `/devices${q}`, 'list devices'), retryableTv);
      const page = (res.json ?? {}) as TvLegacyDeviceList;
      return { items: Array.isArray(page.devices) ? page.devices : [], next: cursorOf(page.continuation_token) };
    });
  }

  /** Managed devices (§7.3), `paginationToken` paging; `company` lists every company device (admin only). */
  managedDevices(token: string, scope: 'mine' | 'company'): AsyncGenerator<TvManagedDevice> {
    const path = scope === 'company' ? '/managed/devices/company' : '/managed/devices';
    return this.paged(async (cursor) => {
      const q = cursor ? `?${new URLSearchParams({ paginationToken: cursor }).toString()}` : '';
      const res = await this.retrying(() => this.api(token, 'GET', `${path}${q}`, 'list managed devices'), retryableTv);
      const page = (res.json ?? {}) as TvManagedDeviceList;
      return { items: Array.isArray(page.resources) ? page.resources : [], next: cursorOf(page.nextPaginationToken) };
    });
  }

  /**
   * `GET /ping` (§4): true only when TeamViewer says `token_valid: true`. A bad token usually answers 200 with
   * `false`; a 401/400 is thrown as the mapped ConnectorError so the caller can decide to refresh.
   */
  async ping(token: string): Promise<boolean> {
    const res = await this.retrying(() => this.api(token, 'GET', '/ping', 'check your sign-in'), retryableTv);
    const body = res.json as TvPing | { token_valid?: unknown } | undefined;
    const v: unknown = typeof body === 'object' && body !== null ? body.token_valid : undefined;
    // Anything but an explicit yes (missing field, text body, "false") is "not proven valid": the caller refreshes,
    // which is the authoritative test of the link anyway.
    return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
  }
}

/** A usable cursor: a non-empty string (numbers are tolerated and stringified). */
function cursorOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}
