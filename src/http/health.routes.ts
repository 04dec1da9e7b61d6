import type { Store } from '../core/ports/store.port.js';
import { send, type Route } from './server.js';

/**
 * Liveness says the process answers; readiness also needs the store (config was valid or we would not run), and
 * turns 503 `stopping` the moment a shutdown begins, so a load balancer drains this replica while it finishes.
 */
export function healthRoutes(store: Store, stopping: () => boolean = () => false): Route[] {
  const json = { 'content-type': 'application/json; charset=utf-8' };
  return [
    { method: 'GET', path: '/healthz', handler: (_req, res) => send(res, 200, JSON.stringify({ status: 'ok' }), json) },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req, res) => {
        if (stopping()) return send(res, 503, JSON.stringify({ status: 'stopping' }), json);
        try {
          await store.ping();
          send(res, 200, JSON.stringify({ status: 'ready', checks: { store: 'ok', config: 'ok' } }), json);
        } catch {
          send(res, 503, JSON.stringify({ status: 'not ready', checks: { store: 'unreachable', config: 'ok' } }), json);
        }
      },
    },
  ];
}
