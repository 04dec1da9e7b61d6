/**
 * Slack → bot transport: POSTs a (normally signed) request to the bot's Request URL and measures the ack.
 * Slack waits 3 s (chat-platforms.md §0 fact 1); past that it gives up, which the Delivery reports as `timedOut`.
 */
import { performance } from 'node:perf_hooks';
import type { SimClock } from '../shared/sim-server.js';
import { slackSignatureHeaders } from './signing.js';
import type { Delivery } from './slack.types.js';
import { describeError, tryJson } from '../shared/delivery-util.js';

export const DEFAULT_ACK_TIMEOUT_MS = 3000;
/** Slack's crawler-style user agent on outbound requests. */
export const SLACK_USER_AGENT = 'Slackbot 1.0 (+https://api.slack.com/robots)';

export interface DeliveryTarget {
  botUrl: () => string | undefined;
  signingSecret: string;
  clock: SimClock;
  ackTimeoutMs: number;
}

export interface OutboundRequest {
  body: string;
  contentType: string;
  sign?: boolean;
  /** Unix seconds; defaults to the clock. Lets tests send stale or future timestamps. */
  timestamp?: number;
  /** Replaces the computed signature (bad-signature tests). */
  signature?: string;
  headers?: Record<string, string>;
}

export function unixSeconds(clock: SimClock): number {
  return Math.floor(clock.now().getTime() / 1000);
}

export async function deliver(target: DeliveryTarget, out: OutboundRequest): Promise<Delivery> {
  const url = target.botUrl();
  if (!url) throw new Error('Slack simulator: no bot URL; call setBotUrl("http://127.0.0.1:<port>/slack/events") first');
  const headers: Record<string, string> = { 'content-type': out.contentType, 'user-agent': SLACK_USER_AGENT };
  if (out.sign !== false) {
    const ts = out.timestamp ?? unixSeconds(target.clock);
    Object.assign(headers, slackSignatureHeaders(target.signingSecret, ts, out.body));
    if (out.signature !== undefined) headers['x-slack-signature'] = out.signature;
  } else {
    if (out.timestamp !== undefined) headers['x-slack-request-timestamp'] = String(out.timestamp);
    if (out.signature !== undefined) headers['x-slack-signature'] = out.signature;
  }
  Object.assign(headers, out.headers ?? {});

  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), target.ackTimeoutMs);
  const started = performance.now();
  try {
    const res = await fetch(url, { method: 'POST', headers, body: out.body, signal: abort.signal, redirect: 'manual' });
    const body = await res.text();
    const ackMs = performance.now() - started;
    const resHeaders: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      resHeaders[k] = v;
    });
    const delivery: Delivery = { status: res.status, body, headers: resHeaders, ackMs, timedOut: ackMs > target.ackTimeoutMs };
    const json = tryJson(body);
    if (json !== undefined) delivery.json = json;
    return delivery;
  } catch (err: unknown) {
    const ackMs = performance.now() - started;
    if (abort.signal.aborted) return { status: 0, body: '', headers: {}, ackMs, timedOut: true };
    return { status: 0, body: '', headers: {}, ackMs, timedOut: false, networkError: describeError(err) };
  } finally {
    clearTimeout(timer);
  }
}

