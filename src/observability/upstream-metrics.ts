import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import type { UpstreamVendor } from './metrics.js';

export type ObserveUpstream = (vendor: UpstreamVendor, status: string, seconds: number) => void;

/** Hosts the settings do not name but whose vendor is certain (Slack's response_url, Bot Framework service URLs). */
const KNOWN_HOSTS: Array<[RegExp, UpstreamVendor]> = [
  [/(^|\.)slack\.com$/i, 'slack'],
  [/(^|\.)botframework\.com$/i, 'teams'],
  [/(^|\.)trafficmanager\.net$/i, 'teams'],
];

/**
 * Maps a request origin to its vendor label from the configured base URLs (TEAMVIEWER_API_URL, the ITSM URL, …).
 * Matching by origin, not by path, keeps the label set bounded whatever the request.
 */
export function vendorResolver(entries: ReadonlyArray<readonly [url: string | undefined, vendor: UpstreamVendor]>): (origin: string) => UpstreamVendor {
  const byOrigin = new Map<string, UpstreamVendor>();
  for (const [url, vendor] of entries) {
    if (url && URL.canParse(url) && !byOrigin.has(new URL(url).origin)) byOrigin.set(new URL(url).origin, vendor);
  }
  return (origin) => {
    if (!URL.canParse(origin)) return 'other';
    const u = new URL(origin);
    return byOrigin.get(u.origin) ?? KNOWN_HOSTS.find(([re]) => re.test(u.hostname))?.[1] ?? 'other';
  };
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * The status label of a failed call: the HTTP status when the vendor answered (undici, botbuilder's RestError,
 * @slack/web-api's coded errors), else `timeout` or `error`.
 */
export function statusOfError(err: unknown): string {
  const e = (err ?? {}) as { name?: string; code?: string; statusCode?: unknown; status?: unknown; original?: unknown; cause?: unknown };
  // @slack/web-api: `ok: false` answers arrive with HTTP 200; rate limits are 429 (chat-platforms.md §5).
  if (e.code === 'slack_webapi_platform_error') return '200';
  if (e.code === 'slack_webapi_rate_limited_error') return '429';
  if (typeof e.statusCode === 'number') return String(e.statusCode);
  if (typeof e.status === 'number') return String(e.status);
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || (e.code !== undefined && TIMEOUT_CODES.has(e.code))) return 'timeout';
  const inner = e.original ?? e.cause;
  return inner !== undefined && inner !== err ? statusOfError(inner) : 'error';
}

/**
 * An undici interceptor that times every request made through the app's dispatcher (TeamViewer, the ITSM, Slack
 * response_url posts), from dispatch to the end of the response body, so retries count once per attempt.
 */
export function upstreamInterceptor(vendorOf: (origin: string) => UpstreamVendor, observe: ObserveUpstream): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const vendor = vendorOf(String(opts.origin ?? ''));
    const t0 = performance.now();
    let status: number | undefined;
    let observed = false;
    const finish = (label: string) => {
      if (observed) return;
      observed = true;
      observe(vendor, label, (performance.now() - t0) / 1000);
    };
    return dispatch(opts, {
      onRequestStart: (controller, context: unknown) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        status = statusCode;
        return handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => {
        finish(status !== undefined ? String(status) : 'error');
        return handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, err) => {
        finish(statusOfError(err));
        return handler.onResponseError?.(controller, err);
      },
    });
  };
}

/**
 * Times the promise-returning methods of an SDK client the app does not reach through its dispatcher (the Slack
 * WebClient, botbuilder's CloudAdapter): one observation per method call, its own retries included. `depth` 2
 * reaches namespaced methods (`client.chat.postMessage`); `only` limits which method names are timed.
 */
export function timedCalls<T extends object>(target: T, done: (err: unknown, seconds: number) => void, o: { depth?: number; only?: readonly string[] } = {}): T {
  const depth = o.depth ?? 1;
  return new Proxy(target, {
    get(obj, key) {
      // The target as receiver: SDK classes keep #private fields, which a getter run on the proxy cannot read.
      const value: unknown = Reflect.get(obj, key);
      if (typeof value === 'function') {
        if (o.only && !o.only.includes(String(key))) return value.bind(obj) as unknown;
        return (...args: unknown[]) => {
          const t0 = performance.now();
          const result: unknown = Reflect.apply(value, obj, args);
          if (!(result instanceof Promise)) return result;
          return result.then(
            (v: unknown) => {
              done(undefined, (performance.now() - t0) / 1000);
              return v;
            },
            (err: unknown) => {
              done(err ?? new Error('rejected'), (performance.now() - t0) / 1000);
              throw err;
            },
          );
        };
      }
      if (depth > 1 && value !== null && typeof value === 'object') return timedCalls(value, done, { ...o, depth: depth - 1 });
      return value;
    },
  });
}
