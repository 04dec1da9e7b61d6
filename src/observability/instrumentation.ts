import { performance } from 'node:perf_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { Config } from '../config/load.js';
import { createMetrics, type AppMetrics, type MetricsSources, type UpstreamVendor } from './metrics.js';
import { statusOfError, timedCalls, upstreamInterceptor, vendorResolver } from './upstream-metrics.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** The composition root's metrics toolkit: each piece is a pass-through when METRICS_ENABLED=false. */
export interface Instrumentation {
  metrics: AppMetrics | undefined;
  /** The app's one dispatcher, timing every request by vendor and status. */
  dispatcher(d: Dispatcher): Dispatcher;
  /** Times an SDK client that does not use the dispatcher; `okStatus` labels its successful calls. */
  client<T extends object>(client: T, vendor: UpstreamVendor, okStatus: string, o?: { depth?: number; only?: readonly string[] }): T;
  /** For the SMTP mailer: one observation per sendMail. */
  mailSent: ((ok: boolean, seconds: number) => void) | undefined;
  /** A chat platform's route: its time to the HTTP answer is the ack time. */
  ack(surface: 'slack' | 'teams', handler: Handler): Handler;
}

/** Which configured base URL is which vendor in tvc_upstream_request_duration_seconds; other origins are `other`. */
export function upstreamVendors(c: Config): Array<readonly [string | undefined, UpstreamVendor]> {
  const itsm = c.itsm;
  return [
    [c.teamviewer.apiUrl, 'teamviewer'],
    [c.teamviewer.loginUrl, 'teamviewer'],
    ...(itsm.provider !== 'none' ? [[itsm.url, itsm.provider] as const] : []),
    ...(itsm.provider === 'jira' ? [[itsm.assetsApiUrl, 'jira'] as const] : []),
    [c.slack?.apiUrl, 'slack'],
  ];
}

export function instrument(config: Config, sources: MetricsSources): Instrumentation {
  if (!config.metricsEnabled) {
    return { metrics: undefined, dispatcher: (d) => d, client: (c) => c, mailSent: undefined, ack: (_s, h) => h };
  }
  const metrics = createMetrics(sources);
  const vendorOf = vendorResolver(upstreamVendors(config));
  return {
    metrics,
    dispatcher: (d) => d.compose(upstreamInterceptor(vendorOf, (v, status, s) => metrics.upstream(v, status, s))),
    client: (client, vendor, okStatus, o = {}) => timedCalls(client, (err, s) => metrics.upstream(vendor, err === undefined ? okStatus : statusOfError(err), s), o),
    mailSent: (ok, s) => metrics.upstream('smtp', ok ? 'ok' : 'error', s),
    ack: (surface, handler) => (req, res) => {
      const t0 = performance.now();
      res.once('finish', () => metrics.ack(surface, (performance.now() - t0) / 1000));
      return handler(req, res);
    },
  };
}
