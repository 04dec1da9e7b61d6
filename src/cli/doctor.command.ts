/**
 * `teamviewer-chatops doctor [--json] [--ticket <number>]`: checks every configured part against the real systems
 * and prints one line per check with the fix for each ✗. Exit 0 when nothing failed, 1 when something did, 2 for
 * usage errors (invalid settings are reported by the caller, as for every command).
 */
import { registerConfigSecrets } from '../observability/config-secrets.js';
import type { Config } from '../config/load.js';
import { runDoctor } from '../doctor/doctor.js';
import { formatJson, formatText } from '../doctor/format.js';
import { createLogger, SecretScrubber } from '../observability/logger.js';
import type { CliIo } from './jobs.command.js';

export const DOCTOR_USAGE = `  doctor [--json] [--ticket <number>]
                   Check every configured credential and endpoint; print ✓/✗ per check with the fix
                   (--json: one JSON object; --ticket: also look that ticket up in the service desk)`;

interface DoctorArgs {
  json: boolean;
  ticket?: string;
}

function parseArgs(args: string[]): DoctorArgs | string {
  const out: DoctorArgs = { json: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--json') out.json = true;
    else if (a === '--ticket' || a.startsWith('--ticket=')) {
      const v = a === '--ticket' ? args[++i] : a.slice('--ticket='.length);
      if (!v || v.startsWith('--')) return '--ticket needs a ticket number, e.g. --ticket INC0010023';
      out.ticket = v;
    } else return `Unknown option "${a}".`;
  }
  return out;
}

export async function doctorCommand(args: string[], config: Config, io: CliIo & { colour: boolean }): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`Usage:\n${DOCTOR_USAGE}\n`);
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(`${parsed}\n\nUsage:\n${DOCTOR_USAGE}\n`);
    return 2;
  }
  // The report is the output: connector log lines would only repeat it, on the terminal, between its lines.
  const scrubber = new SecretScrubber();
  registerConfigSecrets(scrubber, config);
  const logger = createLogger({ level: 'silent', scrubber });
  const report = await runDoctor(config, { logger, ...(parsed.ticket ? { ticket: parsed.ticket } : {}) });
  // Check lines quote vendor and connection errors: the same net as the logs, in case one ever echoes a secret.
  io.out(scrubber.scrub(parsed.json ? formatJson(report) : formatText(report, io.colour)));
  return report.exitCode;
}
