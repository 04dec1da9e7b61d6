import { Agent } from 'undici';
import type { Config } from '../config/load.js';
import type { Logger } from '../core/ports/logger.port.js';
import { fail, PARTS, reasonOf, type CheckLine, type CheckStatus, type DoctorCheck } from './check.js';
import { itsmCheck } from './checks/itsm.check.js';
import { publicUrlCheck } from './checks/public-url.check.js';
import { slackCheck } from './checks/slack.check.js';
import { smtpCheck } from './checks/smtp.check.js';
import { storeCheck } from './checks/store.check.js';
import { teamsCheck } from './checks/teams.check.js';
import { teamviewerCheck } from './checks/teamviewer.check.js';

export const CHECKS: readonly DoctorCheck[] = [storeCheck, slackCheck, teamsCheck, teamviewerCheck, itsmCheck, smtpCheck, publicUrlCheck];

export interface DoctorReport {
  /** Every line, grouped by part in PARTS order; within a part, in the order its check produced them. */
  lines: CheckLine[];
  counts: Record<CheckStatus, number>;
  /** 0 when nothing failed (warnings and notes allowed), 1 otherwise. */
  exitCode: 0 | 1;
}

export interface DoctorOptions {
  logger: Logger;
  ticket?: string;
  /** Tests replace the checks; the CLI runs all of them. */
  checks?: readonly DoctorCheck[];
}

/**
 * Runs every check that applies to `config`, all at once (they touch different systems), each bounded by its own
 * time limit, so one slow or failing part never stops or delays the report on the others.
 */
export async function runDoctor(config: Config, o: DoctorOptions): Promise<DoctorReport> {
  const timeoutMs = config.upstreamTimeoutMs;
  const dispatcher = new Agent({ connect: { timeout: timeoutMs }, keepAliveTimeout: 1000 });
  const ctx = { config, dispatcher, timeoutMs, logger: o.logger, ...(o.ticket ? { ticket: o.ticket } : {}) };
  try {
    const checks = (o.checks ?? CHECKS).filter((c) => c.applies(config));
    const results = await Promise.all(
      checks.map(async (c) => {
        try {
          return await c.run(ctx);
        } catch (err) {
          // A bug in a check: report it on its part rather than losing the whole report.
          return [fail(c.part, `the check itself failed: ${reasonOf(err)}`, 'please report this with the output of doctor')];
        }
      }),
    );
    const lines = results.flat().sort((a, b) => PARTS.indexOf(a.part) - PARTS.indexOf(b.part));
    const counts: Record<CheckStatus, number> = { ok: 0, info: 0, warn: 0, fail: 0 };
    for (const l of lines) counts[l.status]++;
    return { lines, counts, exitCode: counts.fail > 0 ? 1 : 0 };
  } finally {
    await dispatcher.destroy();
  }
}
