/**
 * The HTTP kit every simulator is built on: a loopback server, a request journal that tests assert on,
 * and fault injection (429 + Retry-After, 5xx, slow or hanging responses) as style.md §3.10 asks.
 * Simulators import nothing from the bot; this kit is theirs alone.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Time source shared with the bot in tests so token expiry and session validity can be moved forward. */
export interface SimClock {
  now(): Date;
}
export const systemClock: SimClock = { now: () => new Date() };

export interface SimRequest {
  method: string;
  /** Path without the query string, e.g. `/api/v1/sessions/s123-456-789`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: Buffer;
  text: string;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  json: unknown;
  /** Parsed form body (`application/x-www-form-urlencoded`), empty when not a form. */
  form: URLSearchParams;
  at: Date;
}

export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  html?: string;
  /** Location for a 302. */
  redirect?: string;
}

export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/** One injected failure. Matches by method and path; applies `times` times (default 1). */
export interface FaultSpec {
  method?: string;
  /** Exact path, a path prefix ending in `*`, or a RegExp. Omitted: every request. */
  path?: string | RegExp;
  /** HTTP status to answer with instead of the real response (e.g. 429, 500, 503). */
  status?: number;
  /** Adds `Retry-After: <seconds>` (with 429 or 503). */
  retryAfterSeconds?: number;
  /** Waits this long before answering (the real response, or the fault's status if set). */
  delayMs?: number;
  /**
   * Never answers: the connection stays open until the client gives up or the server stops. With `afterHandler`
   * the real handler runs first (a write that happened but whose answer never came).
   */
  hang?: boolean;
  /** Body for the fault response (JSON when an object, text when a string). */
  body?: unknown;
  /** Extra headers for the fault response. */
  headers?: Record<string, string>;
  /** Let the real handler run first, then answer with the fault (a write that succeeded but looked failed). */
  afterHandler?: boolean;
  times?: number;
}

export interface SimServer {
  url: string;
  /** Every request received, in order, including faulted ones. */
  requests: SimRequest[];
  fail(spec: FaultSpec): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

export interface SimServerOptions {
  host?: string;
  port?: number;
  clock?: SimClock;
  /** Redacted from nothing: simulators hold fake secrets only. Used for the startup line in the sandbox. */
  name: string;
}

function matches(spec: FaultSpec, req: SimRequest): boolean {
  if (spec.method && spec.method.toUpperCase() !== req.method) return false;
  if (spec.path === undefined) return true;
  if (spec.path instanceof RegExp) return spec.path.test(req.path);
  if (spec.path.endsWith('*')) return req.path.startsWith(spec.path.slice(0, -1));
  return spec.path === req.path;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJson(text: string, contentType: string | undefined): unknown {
  if (!text) return undefined;
  if (contentType && !contentType.includes('json') && !/^[\s]*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, out: SimResponse): void {
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  let body = '';
  if (out.redirect) headers.location = out.redirect;
  if (out.json !== undefined) {
    headers['content-type'] ??= 'application/json; charset=utf-8';
    body = JSON.stringify(out.json);
  } else if (out.html !== undefined) {
    headers['content-type'] ??= 'text/html; charset=utf-8';
    body = out.html;
  } else if (out.text !== undefined) {
    headers['content-type'] ??= 'text/plain; charset=utf-8';
    body = out.text;
  }
  res.writeHead(out.status, headers);
  res.end(body);
}

function faultResponse(spec: FaultSpec): SimResponse {
  const headers: Record<string, string> = { ...(spec.headers ?? {}) };
  if (spec.retryAfterSeconds !== undefined) headers['retry-after'] = String(spec.retryAfterSeconds);
  const status = spec.status ?? 500;
  if (typeof spec.body === 'string') return { status, headers, text: spec.body };
  return { status, headers, json: spec.body ?? { error: 'simulated_failure', status } };
}

export async function startSimServer(handler: SimHandler, options: SimServerOptions): Promise<SimServer> {
  const clock = options.clock ?? systemClock;
  const requests: SimRequest[] = [];
  let faults: Array<FaultSpec & { left: number }> = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://sim.local');
      const text = raw.toString('utf8');
      const contentType = req.headers['content-type'];
      const simReq: SimRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        rawBody: raw,
        text,
        json: parseJson(text, contentType),
        form: contentType?.includes('application/x-www-form-urlencoded') ? new URLSearchParams(text) : new URLSearchParams(),
        at: clock.now(),
      };
      requests.push(simReq);
      const fault = faults.find((f) => f.left > 0 && matches(f, simReq));
      if (fault) {
        fault.left -= 1;
        faults = faults.filter((f) => f.left > 0);
        if (fault.hang && !fault.afterHandler) return; // leave the socket open; stop() destroys it
        if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
        if (fault.afterHandler) await handler(simReq);
        if (fault.hang) return;
        if (fault.status !== undefined) return send(res, faultResponse(fault));
      }
      send(res, await handler(simReq));
    })().catch((err: unknown) => {
      if (!res.headersSent) send(res, { status: 500, json: { error: 'simulator_crash', detail: String(err) } });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${addr.address}:${addr.port}`,
    requests,
    fail(spec) {
      faults.push({ ...spec, left: spec.times ?? 1 });
    },
    clearFaults() {
      faults = [];
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Random id helpers so simulators produce realistic, unique identifiers. */
export function randomDigits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(Math.random() * 10).toString();
  return s;
}

export function randomAlnum(n: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}
