/**
 * What every sandbox page route shares: the Host and Origin checks, JSON in and out, and the page CSP. Both the
 * Slack view (/sandbox) and the Teams view (/sandbox/teams) hold customer links and act as Beth, so both refuse
 * other sites the same way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../../http/body.js';
import { send, type Route, type RouteHandler } from '../../http/server.js';

/** The bot's CSP forbids scripts; this page needs its own script and nothing from anywhere else. */
export const PAGE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const MAX_BODY_BYTES = 16 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The page is reachable as PUBLIC_URL and, for loopback, under the other loopback name too. */
export function allowedOrigins(publicUrl: string): string[] {
  const u = new URL(publicUrl);
  const out = [u.origin];
  const alias = u.hostname === '127.0.0.1' ? 'localhost' : u.hostname === 'localhost' ? '127.0.0.1' : undefined;
  if (alias) out.push(`${u.protocol}//${alias}${u.port ? `:${u.port}` : ''}`);
  return out;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8' });
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  let text: string;
  try {
    text = await readBody(req, MAX_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new HttpError(413, 'request body too large');
    throw err;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not JSON');
  }
}

export type GuardKind = 'page' | 'read' | 'write';
export type Guard = (kind: GuardKind, handler: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void) => RouteHandler;

/**
 * Host and Origin checks: another site in the same browser (or one that rebinds its DNS name to 127.0.0.1) must
 * not read the page's state (it holds customer links) nor type commands as Beth. POSTs must be JSON, which a
 * cross-site form cannot send without a CORS preflight this server never answers.
 */
export function pageGuard(publicUrl: string, path: string): Guard {
  const origins = allowedOrigins(publicUrl);
  const hosts = new Set(origins.map((o) => new URL(o).host));
  return (kind, handler) => async (req, res, url) => {
    try {
      if (!hosts.has(req.headers.host ?? '')) throw new HttpError(403, `the sandbox page answers only at ${origins[0]}${path}`);
      if (kind === 'write') {
        if (!origins.includes(req.headers.origin ?? '')) throw new HttpError(403, 'cross-origin request refused');
        if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'send application/json');
      }
      await handler(req, res, url);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      if (kind === 'page') send(res, err.status, err.message);
      else json(res, err.status, { ok: false, error: err.message });
    }
  };
}

/** A static page asset under the page CSP. */
export function pageAsset(guard: Guard, body: string, type: string): RouteHandler {
  return guard('page', (_req, res) => send(res, 200, body, { 'content-type': type, 'content-security-policy': PAGE_CSP }));
}

/**
 * A view's page, script, styles and polled state at `base`, `base/app.js`, `base/app.css`, `base/api/state`: both
 * views serve the same four. `?since=<version>` answers `unchanged` when nothing moved, so the poll stays cheap.
 */
export function viewRoutes(guard: Guard, base: string, view: { html: string; js: string; css: string; snapshot: () => { version: string } }): Route[] {
  return [
    { method: 'GET', path: base, handler: pageAsset(guard, view.html, 'text/html; charset=utf-8') },
    { method: 'GET', path: `${base}/app.js`, handler: pageAsset(guard, view.js, 'text/javascript; charset=utf-8') },
    { method: 'GET', path: `${base}/app.css`, handler: pageAsset(guard, view.css, 'text/css; charset=utf-8') },
    {
      method: 'GET',
      path: `${base}/api/state`,
      handler: guard('read', (_req, res, url) => {
        const s = view.snapshot();
        json(res, 200, url.searchParams.get('since') === s.version ? { version: s.version, unchanged: true } : s);
      }),
    },
  ];
}
