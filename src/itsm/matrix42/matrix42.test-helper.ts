/** A scripted Matrix42 server on undici's MockAgent (no network) that records every request, for the unit tests. */
import { MockAgent } from 'undici';
import type { Logger } from '../../core/ports/logger.port.js';
import { createMatrix42Connector } from './matrix42.connector.js';
import type { Matrix42Config } from './matrix42.schema.js';

export const ORIGIN = 'https://esm.example.com';
export const API_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJVc2VyRnJhZ21lbnRJZCI6IngifQ.c2ln';

export interface Call {
  method: string;
  /** Path without the query, e.g. `/m42Services/api/journal/Add`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
  rawBody: string;
}

export interface Reply {
  status: number;
  json?: unknown;
  /** Sent as is (e.g. `null`). */
  text?: string;
}

export type Route = (call: Call) => Reply | undefined;

export const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

export function config(over: Partial<Matrix42Config> = {}): Matrix42Config {
  return { provider: 'matrix42', url: `${ORIGIN}/m42Services`, apiToken: API_TOKEN, assetField: 'Ud_TeamViewerId', journalMode: 'auto', ticketAssetAttribute: 'Asset', language: 'en-US', ...over };
}

/** Answers the token exchange with a token valid for an hour after `now`. */
export function exchangeOk(now: () => Date, raw = 'access-1'): Route {
  return (c) => (c.path.endsWith('/ApiToken/GenerateAccessTokenFromApiToken') ? { status: 200, json: { RawToken: raw, LifeTime: new Date(now().getTime() + 3600_000).toISOString() } } : undefined);
}

function headerRecord(h: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (h instanceof Headers) {
    h.forEach((v, k) => (out[k.toLowerCase()] = v));
    return out;
  }
  if (Array.isArray(h)) {
    for (let i = 0; i + 1 < h.length; i += 2) out[String(h[i]).toLowerCase()] = String(h[i + 1]);
    return out;
  }
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

/** Routes are tried in order; the first that answers wins; nothing answering is a 599 so a test fails loudly. */
export function mockMatrix42(...routes: Route[]) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const calls: Call[] = [];
  agent
    .get(ORIGIN)
    .intercept({ path: () => true, method: () => true })
    .reply((opts) => {
      const url = new URL(opts.path, ORIGIN);
      const rawBody = typeof opts.body === 'string' ? opts.body : opts.body instanceof Buffer ? opts.body.toString('utf8') : '';
      let body: unknown;
      try {
        body = rawBody ? (JSON.parse(rawBody) as unknown) : undefined;
      } catch {
        body = undefined;
      }
      const call: Call = { method: opts.method, path: url.pathname, query: url.searchParams, headers: headerRecord(opts.headers), body, rawBody };
      calls.push(call);
      const reply = routes.reduce<Reply | undefined>((found, r) => found ?? r(call), undefined) ?? { status: 599, json: { unscripted: `${call.method} ${call.path}` } };
      const data = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
      return { statusCode: reply.status, data, responseOptions: { headers: { 'content-type': 'application/json; charset=utf-8' } } };
    })
    .persist();
  return { agent, calls };
}

export function connectorWith(agent: MockAgent, over: Partial<Matrix42Config> = {}, now: () => Date = () => new Date()) {
  return createMatrix42Connector(config(over), { dispatcher: agent, timeoutMs: 500, logger: silent, clock: { now } });
}

/** Calls to data endpoints (everything but the token exchange). */
export const dataCalls = (calls: Call[]) => calls.filter((c) => !c.path.endsWith('/GenerateAccessTokenFromApiToken'));
