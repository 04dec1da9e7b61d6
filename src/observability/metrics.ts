import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobName, JobReport } from '../core/jobs/job.js';
import type { CommandOutcome, CoreMetrics } from '../core/ports/metrics.port.js';

/** Who an outbound call went to; `other` for origins no setting names (a response_url host, a redirect). */
export type UpstreamVendor = 'teamviewer' | 'servicenow' | 'jira' | 'cherwell' | 'matrix42' | 'slack' | 'teams' | 'smtp' | 'other';

/** Values read from the store at each scrape, never cached: a gauge must show the state of the store, not of this process. */
export interface MetricsSources {
  openSessions(): Promise<number>;
  outboxPending(): Promise<number>;
  /** A source failed during a scrape: the gauge keeps its last value and the scrape still answers. */
  onSourceError(gauge: string, err: unknown): void;
}

/**
 * The app's Prometheus metrics (names are fixed: docs/ and dashboards use them). Each app gets its own registry,
 * because tests and the sandbox run several apps in one process. Every label is bounded: verbs, vendors, status
 * codes, job names; never tickets, users or URLs.
 */
export interface AppMetrics extends CoreMetrics {
  /** This app's own metrics; the process-wide defaults (`tvc_process_*`, `tvc_nodejs_*`) are merged in by render(). */
  readonly registry: Registry;
  /** One outbound call: `status` is the HTTP status code, `ok` (SMTP, calls without one), `timeout` or `error`. */
  upstream(vendor: UpstreamVendor, status: string, seconds: number): void;
  /** A background call pausing before its next attempt (a job or the outbox waiting out a rate limit). */
  retryWait(vendor: string, seconds: number): void;
  /** Time from a chat platform's request reaching us to our answer (Slack allows 3 s). */
  ack(surface: 'slack' | 'teams', seconds: number): void;
  /** The text exposition for GET /metrics. */
  render(): Promise<{ contentType: string; body: string }>;
  /** Drops this app's series (and the gauges' hold on its store) when the app stops. */
  close(): void;
}

const KNOWN_VENDORS = ['teamviewer', 'servicenow', 'jira', 'cherwell', 'matrix42', 'slack', 'teams', 'smtp'] as const satisfies readonly UpstreamVendor[];

/** Upstream calls: fast API answers up to a 30 s stall (UPSTREAM_TIMEOUT_MS is at most 120 s). */
const UPSTREAM_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];
/** Acks: Slack gives up after 3 s, Teams retries after about 15 s. */
const ACK_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 15];

/**
 * prom-client's default metrics describe the process, not an app, and start a GC PerformanceObserver and an
 * event-loop-delay monitor that its public API cannot stop (v15 keeps both in closure locals of
 * lib/metrics/gc.js and eventLoopLag.js). Collected per app, every app a test worker started would leave two
 * observers running; so they are collected once per process, on first use, and merged into each app's output.
 */
let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'tvc_' });
  }
  return processRegistry;
}

export function createMetrics(sources: MetricsSources): AppMetrics {
  const defaults = processMetrics();
  const registry = new Registry();

  const commands = new Counter({
    name: 'tvc_commands_total',
    help: 'Chat commands and button presses handled, by surface, verb and outcome (ok, user_error, error).',
    labelNames: ['surface', 'verb', 'outcome'] as const,
    registers: [registry],
  });
  const acks = new Histogram({
    name: 'tvc_command_ack_seconds',
    help: 'Time from a chat platform request reaching the bot to the bot answering it.',
    labelNames: ['surface'] as const,
    buckets: ACK_BUCKETS,
    registers: [registry],
  });
  const upstream = new Histogram({
    name: 'tvc_upstream_request_duration_seconds',
    help: 'Outbound calls by vendor and HTTP status (or ok, timeout, error).',
    labelNames: ['vendor', 'status'] as const,
    buckets: UPSTREAM_BUCKETS,
    registers: [registry],
  });
  const retryWaits = new Counter({
    name: 'tvc_upstream_retry_wait_seconds_total',
    help: 'Seconds that jobs and outbox deliveries spent waiting before retrying an upstream call (Retry-After or backoff), by vendor.',
    labelNames: ['vendor'] as const,
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'tvc_job_runs_total',
    help: 'Scheduled job runs by job and outcome (ok, partial, failed, skipped).',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const jobFailures = new Counter({
    name: 'tvc_job_failures_total',
    help: 'Items (sessions, agents, assets) that failed within job runs; they are retried on the next run.',
    labelNames: ['job'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'tvc_open_sessions',
    help: 'Sessions open now (requested, or created and still valid), read from the store at each scrape.',
    registers: [registry],
    async collect() {
      try {
        this.set(await sources.openSessions());
      } catch (err) {
        sources.onSourceError('tvc_open_sessions', err);
      }
    },
  });
  new Gauge({
    name: 'tvc_outbox_pending',
    help: 'E-mails and work notes waiting for delivery (due now or retrying later), read from the store at each scrape.',
    registers: [registry],
    async collect() {
      try {
        this.set(await sources.outboxPending());
      } catch (err) {
        sources.onSourceError('tvc_outbox_pending', err);
      }
    },
  });

  return {
    registry,
    commandFinished(verb: string, surface: 'slack' | 'teams', outcome: CommandOutcome) {
      commands.inc({ surface, verb, outcome });
    },
    jobFinished(job: JobName, outcome: JobReport['outcome'], failures: number) {
      jobRuns.inc({ job, outcome });
      // Touching the series with 0 makes it exist from the first run, so rate() and alerts see a zero, not a gap.
      jobFailures.inc({ job }, failures);
    },
    upstream(vendor, status, seconds) {
      upstream.observe({ vendor, status }, seconds);
    },
    ack(surface, seconds) {
      acks.observe({ surface }, seconds);
    },
    retryWait(vendor, seconds) {
      // The vendor comes from an error: keep the label to the known set.
      retryWaits.inc({ vendor: (KNOWN_VENDORS as readonly string[]).includes(vendor) ? vendor : 'other' }, seconds);
    },
    async render() {
      // Merged at each scrape, not once: a metric registered later on either side still shows.
      const merged = Registry.merge([defaults, registry]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
    close() {
      registry.clear();
    },
  };
}
