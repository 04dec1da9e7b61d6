import type { Logger } from '../core/ports/logger.port.js';
import type { AppMetrics } from '../observability/metrics.js';
import { send, type Route } from './server.js';

/** GET /metrics (interface.md "HTTP routes"): Prometheus text format; off with METRICS_ENABLED=false. */
export function metricsRoutes(metrics: AppMetrics, logger: Logger): Route[] {
  return [
    {
      method: 'GET',
      path: '/metrics',
      handler: async (_req, res) => {
        try {
          const { contentType, body } = await metrics.render();
          send(res, 200, body, { 'content-type': contentType });
        } catch (err) {
          logger.error({ err }, 'could not render the metrics');
          send(res, 500, 'metrics unavailable');
        }
      },
    },
  ];
}
