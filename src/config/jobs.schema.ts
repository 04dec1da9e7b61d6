import { Cron } from 'croner';
import { z } from 'zod';
import type { JobName } from '../core/jobs/job.js';
import { isoDuration } from './env-helpers.js';

const DEFAULT_SCHEDULES: Record<JobName, string> = {
  expire: '*/5 * * * *',
  logs: '*/5 * * * *',
  tokens: '0 * * * *',
  assets: '0 0 * * *',
  reconcile: '*/30 * * * *',
};

/**
 * A cron setting: blank means the default, `off` disables the job (→ undefined).
 * Parsed by croner itself, so what passes here is exactly what the scheduler accepts; the mode refuses
 * croner's 7-field (year) form, which operators would not expect from "cron".
 */
const cronSetting = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx): string | undefined => {
      const text = v?.trim() || fallback;
      if (text.toLowerCase() === 'off') return undefined;
      let cron: Cron;
      try {
        // No callback: croner then arms no timer, so this instance is only a parser.
        cron = new Cron(text, { paused: true, mode: '5-or-6-parts' });
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be a cron expression such as "${fallback}" or "off", got "${text}"` });
        return z.NEVER;
      }
      // Valid syntax can still name a date that never comes (30 2 *), which would silently disable the job.
      if (cron.nextRun() === null) {
        ctx.addIssue({ code: 'custom', message: `never fires ("${text}" names no date that exists): fix it, or write "off" to disable the job` });
        return z.NEVER;
      }
      return text;
    });

export const jobsEnvSchema = z.object({
  JOBS_EXPIRE_CRON: cronSetting(DEFAULT_SCHEDULES.expire),
  JOBS_LOGS_CRON: cronSetting(DEFAULT_SCHEDULES.logs),
  JOBS_TOKENS_CRON: cronSetting(DEFAULT_SCHEDULES.tokens),
  JOBS_ASSETS_CRON: cronSetting(DEFAULT_SCHEDULES.assets),
  JOBS_RECONCILE_CRON: cronSetting(DEFAULT_SCHEDULES.reconcile),
  LOGS_WAIT: isoDuration('PT2H'),
  LOGS_RETRY_INTERVAL: isoDuration('PT5M'),
  RETENTION: isoDuration('P90D'),
  TOKENS_REFRESH_AHEAD: isoDuration('PT2H'),
});

export interface JobsConfig {
  /** Cron expression per job, read in DEFAULT_TIMEZONE; undefined = the job is off. */
  schedules: Record<JobName, string | undefined>;
  /** How long after a session ends the logs job keeps looking for late connection-report records (LOGS_WAIT). */
  logsWaitMs: number;
  /** Least time between two looks at one session (LOGS_RETRY_INTERVAL). */
  logsRetryMs: number;
  /** Session records and summaries older than this are deleted by the tokens job (RETENTION). */
  retentionMs: number;
  /** The tokens job refreshes access tokens expiring within this (TOKENS_REFRESH_AHEAD). */
  tokensRefreshAheadMs: number;
}

export function toJobsConfig(v: z.infer<typeof jobsEnvSchema>): JobsConfig {
  return {
    schedules: {
      expire: v.JOBS_EXPIRE_CRON,
      logs: v.JOBS_LOGS_CRON,
      tokens: v.JOBS_TOKENS_CRON,
      assets: v.JOBS_ASSETS_CRON,
      reconcile: v.JOBS_RECONCILE_CRON,
    },
    logsWaitMs: v.LOGS_WAIT,
    logsRetryMs: v.LOGS_RETRY_INTERVAL,
    retentionMs: v.RETENTION,
    tokensRefreshAheadMs: v.TOKENS_REFRESH_AHEAD,
  };
}
