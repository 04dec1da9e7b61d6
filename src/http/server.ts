import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../core/ports/logger.port.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
}

/** Headers every page and answer carries: nothing cached, no referrer (callback URLs hold an OAuth code). */
export const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
};

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

/** The one HTTP server on PORT (interface.md "HTTP routes"). */
export function createHttpServer(routes: Route[], logger: Logger): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = routes.find((r) => r.path === url.pathname && r.method === req.method);
    if (!route) {
      const allowed = routes.filter((r) => r.path === url.pathname).map((r) => r.method);
      if (allowed.length) return send(res, 405, 'method not allowed', { allow: allowed.join(', ') });
      return send(res, 404, 'not found');
    }
    Promise.resolve(route.handler(req, res, url)).catch((err: unknown) => {
      logger.error({ err, path: url.pathname }, 'HTTP handler failed');
      send(res, 500, 'internal error');
    });
  });
}
