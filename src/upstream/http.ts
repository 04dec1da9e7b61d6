import { request, type Dispatcher } from 'undici';

/**
 * One outbound HTTP call with explicit time limits (undici's defaults are 300 s). Every vendor adapter goes
 * through here, taking an injected Dispatcher so tests can use MockAgent and the sandbox its simulators.
 */
export interface HttpCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** JSON-encoded when an object; sent as is when a string (set content-type yourself). */
  body?: unknown;
  timeoutMs: number;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

/** The vendor could not be reached or did not answer in time: no HTTP status exists. */
export class UnreachableError extends Error {
  constructor(
    readonly url: string,
    readonly reason: 'timeout' | 'network',
    cause: unknown,
  ) {
    super(`${reason === 'timeout' ? 'timed out' : 'network error'} calling ${new URL(url).origin}`, { cause });
    this.name = 'UnreachableError';
  }
}

function headerMap(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export async function httpCall(dispatcher: Dispatcher, call: HttpCall): Promise<HttpResult> {
  const headers: Record<string, string> = { accept: 'application/json', ...(call.headers ?? {}) };
  let body: string | undefined;
  if (typeof call.body === 'string') body = call.body;
  else if (call.body !== undefined) {
    body = JSON.stringify(call.body);
    headers['content-type'] ??= 'application/json';
  }
  try {
    const res = await request(call.url, {
      dispatcher,
      method: call.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      headersTimeout: call.timeoutMs,
      bodyTimeout: call.timeoutMs,
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    const text = await res.body.text();
    let json: unknown;
    if (text) {
      try {
        json = JSON.parse(text) as unknown;
      } catch {
        json = undefined; // vendors send text error bodies too (teamviewer-api.md §9): callers fall back to `text`
      }
    }
    return { status: res.statusCode, headers: headerMap(res.headers), text, json };
  } catch (err) {
    const name = (err as { name?: string; code?: string }).name ?? '';
    const code = (err as { code?: string }).code ?? '';
    const timeout = name === 'TimeoutError' || name === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT';
    throw new UnreachableError(call.url, timeout ? 'timeout' : 'network', err);
  }
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date); undefined when absent or unusable. */
export function retryAfterSeconds(headers: Record<string, string>, now = Date.now()): number | undefined {
  const v = headers['retry-after'];
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

export interface RetryPolicy {
  /** Total attempts including the first. */
  attempts: number;
  /** First backoff pause when the vendor gives no Retry-After; doubles per attempt, with ±25 % jitter. */
  baseDelayMs: number;
  /** Never wait longer than this in one pause (a longer Retry-After gives up at once), nor past `budgetMs`. */
  maxDelayMs: number;
  /** All pauses of one call together, counted from its first attempt. */
  budgetMs: number;
}

/** A user is waiting in chat: give up quickly and let them see the reason (and the Retry-After) instead. */
export const INTERACTIVE_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4000, budgetMs: 12_000 };

/**
 * Jobs and the outbox: nobody is waiting, and failing an item costs a whole schedule interval, so a rate limit is
 * waited out. One pause honours a Retry-After up to 60 s (TeamViewer and ServiceNow answer 429 with tens of
 * seconds); 5 attempts ride out a limit that is still on after the first wait. Without Retry-After the vendor gave
 * no hint and the next run retries anyway, so backoff stays short (0.25 → 2 s, about 4 s in all). 3 minutes per
 * call; the run-wide bound that keeps a job inside its lease is the context's (retry-context.ts).
 */
export const BACKGROUND_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 60_000, budgetMs: 180_000 };

/** What bounds the pauses of a call beyond its policy: the app stopping, and the run it belongs to. */
export interface RetryLimits {
  /** Aborted when the app stops: a pause under way ends at once and the call fails with its last error. */
  signal?: AbortSignal;
  /** Epoch ms no pause may run past: all the calls of one background run share it. */
  deadline?: number;
  /** Told before each pause (for logs and metrics: operators should see a job waiting out a rate limit). */
  onWait?: (wait: RetryWait) => void;
}

export interface RetryWait {
  waitMs: number;
  /** The attempt that failed (1 for the first call). */
  attempt: number;
  /** Whether the vendor set the pause (Retry-After) or our backoff did. */
  retryAfter: boolean;
  err: unknown;
}

/** Resolves after `ms`, or as soon as `signal` aborts (the caller checks which). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Retries `fn` while `retryable(err)` says so, with exponential backoff and jitter, honouring the vendor's
 * Retry-After when it fits the policy and `limits`; otherwise the last error is thrown as is.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  retryable: (err: unknown) => { retry: boolean; afterSeconds?: number },
  limits: RetryLimits = {},
): Promise<T> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const verdict = retryable(err);
      if (!verdict.retry || attempt >= policy.attempts || limits.signal?.aborted) throw err;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
      const wait = verdict.afterSeconds !== undefined ? verdict.afterSeconds * 1000 : backoff;
      const now = Date.now();
      if (wait > policy.maxDelayMs || now - started + wait > policy.budgetMs) throw err;
      if (limits.deadline !== undefined && now + wait > limits.deadline) throw err;
      limits.onWait?.({ waitMs: wait, attempt, retryAfter: verdict.afterSeconds !== undefined, err });
      await pause(wait, limits.signal);
      if (limits.signal?.aborted) throw err;
    }
  }
}
