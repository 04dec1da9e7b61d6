import { z } from 'zod';
import { LOCALES } from '../core/i18n/locale.js';
import { boolish, isoDuration, optionalString } from './env-helpers.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Settings that belong to the process, not to one adapter (interface.md "Settings"). */
export const baseEnvSchema = z.object({
  PORT: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? Number(v) : 3000))
    .refine((n) => Number.isInteger(n) && n >= 0 && n <= 65535, { message: 'must be a port number between 0 and 65535' }),
  PUBLIC_URL: optionalString,
  DATA_DIR: z.string().optional().transform((v) => v?.trim() || './data'),
  DATABASE_URL: optionalString,
  /** PostgreSQL schema the bot's tables live in (created if missing); lets several bots or test runs share one database. */
  DATABASE_SCHEMA: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || /^[a-z_][a-z0-9_]{0,62}$/.test(v), { message: 'must be a lower-case PostgreSQL identifier (letters, digits, _)' }),
  ENCRYPTION_KEY: z
    .string({ message: 'is required: 32 random bytes as base64 or hex, e.g. `openssl rand -base64 32`' })
    .transform((v, ctx) => {
      const key = decodeKey(v.trim());
      if (!key) {
        ctx.addIssue({ code: 'custom', message: 'must be exactly 32 bytes, base64 (44 chars) or hex (64 chars): generate one with `openssl rand -base64 32`' });
        return z.NEVER;
      }
      return key;
    }),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v) => v?.trim().toLowerCase() || 'info')
    .refine((v) => (LOG_LEVELS as readonly string[]).includes(v), { message: `must be one of ${LOG_LEVELS.join(', ')}` }),
  DEFAULT_TIMEZONE: z
    .string()
    .optional()
    .transform((v) => v?.trim() || 'UTC')
    .refine(isValidZone, { message: 'must be an IANA time zone such as Europe/Berlin or America/New_York' }),
  /** Language of e-mails, journal entries and channel posts, and of agents whose own language is unknown. */
  DEFAULT_LOCALE: z
    .string()
    .optional()
    .transform((v) => v?.trim().toLowerCase() || 'en')
    .pipe(z.enum(LOCALES, { message: `must be one of ${LOCALES.join(', ')}` })),
  SESSION_VALIDITY: isoDuration('P1D'),
  REQUIRE_ASSIGNEE: boolish(false),
  ITSM_PROVIDER: z
    .string()
    .optional()
    .transform((v) => v?.trim().toLowerCase() || 'none')
    .pipe(z.enum(['none', 'servicenow', 'jira', 'cherwell', 'matrix42'], { message: 'must be one of servicenow, jira, cherwell, matrix42, none' })),
  /** Retry schedule for invitation e-mails and work notes (comma-separated ISO-8601 durations). */
  OUTBOX_RETRY_DELAYS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const parts = (v?.trim() || 'PT5S,PT30S,PT2M').split(',').map((p) => p.trim());
      const ms = parts.map((p) => isoDuration(p).safeParse(p));
      if (ms.some((r) => !r.success)) {
        ctx.addIssue({ code: 'custom', message: 'must be comma-separated ISO-8601 durations, e.g. PT5S,PT30S,PT2M' });
        return z.NEVER;
      }
      return ms.map((r) => (r.success ? r.data : 0));
    }),
  /** Per-call time limit for TeamViewer and ITSM requests (ms). */
  UPSTREAM_TIMEOUT_MS: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? Number(v) : 10_000))
    .refine((n) => Number.isInteger(n) && n >= 100 && n <= 120_000, { message: 'must be a whole number of milliseconds between 100 and 120000' }),
  /** Serve Prometheus metrics on GET /metrics. */
  METRICS_ENABLED: boolish(true),
  /**
   * How long SIGTERM waits for in-flight work (commands, jobs, outbox) before the process exits 1 anyway, in ms or
   * as an ISO-8601 duration. Keep it under the orchestrator's grace period (Kubernetes: 30 s).
   */
  SHUTDOWN_TIMEOUT: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = v?.trim() || 'PT25S';
      const iso = /^\d+$/.test(text) ? undefined : isoDuration(text).safeParse(text);
      const ms = iso ? (iso.success ? iso.data : NaN) : Number(text);
      if (!(ms >= 100 && ms <= 600_000)) {
        ctx.addIssue({ code: 'custom', message: `must be milliseconds or an ISO-8601 duration between 100 ms and 10 minutes, e.g. PT25S or 25000, got "${text}"` });
        return z.NEVER;
      }
      return ms;
    }),
});

function decodeKey(v: string): Buffer | undefined {
  if (/^[0-9a-f]{64}$/i.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(v)) {
    const b = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) return b;
  }
  return undefined;
}

function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
