/**
 * Channel → bot transport: POSTs an activity as JSON to the bot's messaging endpoint, with the channel's JWT when
 * auth is on, and measures the answer. CloudAdapter awaits the whole turn before answering (chat-platforms.md
 * §9.3), so `ms` is the turn's duration; past `timeoutMs` the channel has given up and the delivery says `timedOut`.
 */
import { performance } from 'node:perf_hooks';
import type { JsonObject, TeamsDelivery } from './teams.types.js';
import { describeError, tryJson } from '../shared/delivery-util.js';

/** The Bot Connector service's user agent on deliveries. */
export const CONNECTOR_USER_AGENT = 'Microsoft-SkypeBotApi (Microsoft-BotFramework/3.0)';

/** POSTs one activity; never throws for HTTP or network failures (they become `status: 0` + details). */
export async function deliverActivity(url: string | undefined, activity: JsonObject, token: string | undefined, timeoutMs: number): Promise<TeamsDelivery> {
  if (!url) throw new Error('Teams simulator: no bot URL; call setBotUrl("http://127.0.0.1:<port>/api/messages") first');
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': CONNECTOR_USER_AGENT };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const started = performance.now();
  try {
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(activity), signal: abort.signal, redirect: 'manual' });
    const body = await res.text();
    const ms = performance.now() - started;
    const json = tryJson(body);
    return { status: res.status, body, ms, timedOut: false, activity, ...(json !== undefined ? { json } : {}) };
  } catch (err: unknown) {
    const ms = performance.now() - started;
    if (abort.signal.aborted) return { status: 0, body: '', ms, timedOut: true, activity };
    return { status: 0, body: '', ms, timedOut: false, networkError: describeError(err), activity };
  } finally {
    clearTimeout(timer);
  }
}

