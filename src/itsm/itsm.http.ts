import type { Dispatcher } from 'undici';
import { ConnectorError } from '../core/errors.js';
import { httpCall, UnreachableError, type HttpResult } from '../upstream/http.js';
import { withCurrentRetry } from '../upstream/retry-context.js';
import { itsmError, itsmUnreachable, retryableItsm, type ErrorHints } from './itsm.errors.js';

export interface ItsmHttpOptions {
  vendor: string;
  displayName: string;
  /** Prefix of every path, without a trailing slash. */
  baseUrl: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  /** The Authorization header value for the next call (may fetch or renew a token). */
  authorization(): Promise<string>;
  /**
   * Called once after a 401: renew the credentials (refresh token, new password grant, token re-exchange).
   * Resolve true to repeat the call once with the new authorization; the second 401 is final.
   */
  renewAuth?(): Promise<boolean>;
  hints?: ErrorHints;
  /** Extra headers on every call (e.g. Matrix42 `Explicit-Language`). */
  headers?: Record<string, string>;
}

export interface CallOptions {
  /** JSON-encoded when an object; sent as is when a string (then pass content-type in `headers`). */
  body?: unknown;
  headers?: Record<string, string>;
  /** These statuses are returned to the caller instead of thrown (typically 404 for "no such record"). */
  pass?: readonly number[];
  /**
   * Repeat on 429 / 5xx / timeout, as patiently as the call's context allows (upstream/retry-context.ts: jobs and
   * the outbox wait longer than chat commands). On by default for GET; set it for POSTs that only read (Cherwell
   * search). Never for writes that create journal entries (itsm-apis.md §9).
   */
  idempotent?: boolean;
}

export interface ItsmHttp {
  call(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, what: string, opts?: CallOptions): Promise<HttpResult>;
  get(path: string, what: string, opts?: Omit<CallOptions, 'body'>): Promise<HttpResult>;
}

/**
 * The one HTTP client every ITSM connector uses: time limits, the 401 → renew → repeat-once dance, retries for
 * idempotent calls honouring Retry-After, and every failure translated into a ConnectorError (style.md §3.3).
 */
export function createItsmHttp(o: ItsmHttpOptions): ItsmHttp {
  async function once(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, what: string, opts: CallOptions): Promise<HttpResult> {
    const send = async (): Promise<HttpResult> => {
      try {
        return await httpCall(o.dispatcher, {
          method,
          url: `${o.baseUrl}${path}`,
          headers: { ...(o.headers ?? {}), authorization: await o.authorization(), ...(opts.headers ?? {}) },
          timeoutMs: o.timeoutMs,
          ...(opts.body !== undefined ? { body: opts.body } : {}),
        });
      } catch (err) {
        if (err instanceof UnreachableError) throw itsmUnreachable(o.vendor, o.displayName, err, what);
        throw err;
      }
    };
    let res = await send();
    if (res.status === 401 && o.renewAuth && (await o.renewAuth())) res = await send();
    if ((res.status >= 200 && res.status < 300) || opts.pass?.includes(res.status)) return res;
    throw itsmError(o.vendor, o.displayName, res, what, o.hints);
  }

  const http: ItsmHttp = {
    call(method, path, what, opts = {}) {
      const idempotent = opts.idempotent ?? method === 'GET';
      return idempotent ? withCurrentRetry(() => once(method, path, what, opts), retryableItsm) : once(method, path, what, opts);
    },
    get: (path, what, opts = {}) => http.call('GET', path, what, opts),
  };
  return http;
}

/** The JSON body of a 2xx answer, or an `itsm.invalid_response` when it is missing or not JSON. */
export function jsonOf<T>(res: HttpResult, vendor: string, displayName: string, what: string): T {
  if (res.json === undefined || res.json === null) {
    throw new ConnectorError('itsm.invalid_response', `${displayName} gave an empty answer when trying to ${what}.`, { vendor, status: res.status, reached: true, details: { what, body: res.text.slice(0, 300) } });
  }
  return res.json as T;
}
