#!/usr/bin/env node
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig, type Config } from '../config/load.js';
import { ConfigError } from '../core/errors.js';
import { wantsColour } from '../doctor/format.js';
import { DOCTOR_USAGE, doctorCommand } from './doctor.command.js';
import { JOBS_USAGE, jobsCommand } from './jobs.command.js';

const USAGE = `Usage: teamviewer-chatops <command>

Commands:
  serve            Start the bot (same as npm start): settings from the environment or ./.env
${JOBS_USAGE}
${DOCTOR_USAGE}
  version          Print the version
  help             Show this text

Exit status: 0 done, 1 a job or check failed, 2 usage or settings errors.
`;

/** Settings as `npm start` reads them; undefined (after printing every problem) when they are invalid. */
function settings(): Config | undefined {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.publicMessage}\n`);
    return undefined;
  }
}

/** The `teamviewer-chatops` bin. */
async function main(argv: string[]): Promise<number> {
  const [cmd = 'help', ...rest] = argv;
  switch (cmd) {
    case 'serve':
      await import('../main.js');
      return -1;
    case 'version':
    case '--version':
    case '-v': {
      const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      process.stdout.write(`${pkg.version}\n`);
      return 0;
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    case 'jobs': {
      const config = settings();
      if (!config) return 2;
      return jobsCommand(rest, config, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) });
    }
    case 'doctor': {
      const config = settings();
      if (!config) return 2;
      return doctorCommand(rest, config, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), colour: wantsColour(process.stdout, process.env) });
    }
    default:
      process.stderr.write(`Unknown command "${cmd}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
