/**
 * `teamviewer-chatops jobs run <job>` and `jobs list`. With the embedded store the running bot owns DATA_DIR, so
 * the CLI asks it (control socket) to run the job; with no bot running it opens the store itself, runs one pass,
 * delivers the notes and messages that pass queued, and exits. The exit status is 0 for ok (or skipped because a
 * run was already in progress), 1 when the run failed or any item failed, 2 for usage or settings errors.
 */
import { Agent, request } from 'undici';
import { createApp } from '../app.js';
import type { Config } from '../config/load.js';
import { isJobName, JOB_NAMES, type JobName, type JobReport } from '../core/jobs/job.js';
import { StoreBusyError } from '../store/lowdb/data-dir-lock.js';

export const JOBS_USAGE = `  jobs run <job>   Run one pass of a scheduled job now and exit (${JOB_NAMES.join(', ')})
  jobs list        Show each job's schedule and last run`;

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export function exitCodeOf(report: JobReport): number {
  return report.outcome === 'ok' || report.outcome === 'skipped' ? 0 : 1;
}

async function viaControlSocket(socketPath: string, method: 'GET' | 'POST', path: string): Promise<unknown> {
  const dispatcher = new Agent({ connect: { socketPath }, headersTimeout: 0, bodyTimeout: 0 });
  try {
    const res = await request(`http://localhost${path}`, { method, dispatcher });
    const body: unknown = await res.body.json();
    if (res.statusCode !== 200) throw new Error(`the running bot answered ${res.statusCode}: ${JSON.stringify(body)}`);
    return body;
  } finally {
    await dispatcher.close();
  }
}

/** Runs `fn` in this process, or on the running bot when it holds the embedded store. */
async function onBotOrHere<T>(config: Config, io: CliIo, here: (app: Awaited<ReturnType<typeof createApp>>) => Promise<T>, there: (socket: string) => Promise<T>): Promise<T | undefined> {
  let app;
  try {
    app = await createApp(config, { mode: 'oneshot' });
  } catch (err) {
    if (!(err instanceof StoreBusyError)) throw err;
    if (!err.controlSocket) {
      io.err(`${err.message}\nThe running bot has no control socket (DATA_DIR path too long?), so stop it to run a job by hand.\n`);
      return undefined;
    }
    return there(err.controlSocket);
  }
  try {
    return await here(app);
  } finally {
    await app.stop();
  }
}

export async function jobsCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  const [sub, name, ...extra] = args;
  if (sub === 'list' && name === undefined) return listJobs(config, io);
  if (sub !== 'run' || !name || extra.length > 0) {
    io.err(`Usage:\n${JOBS_USAGE}\n`);
    return 2;
  }
  if (!isJobName(name)) {
    io.err(`Unknown job "${name}". Jobs: ${JOB_NAMES.join(', ')}.\n`);
    return 2;
  }
  const job: JobName = name;
  const report = await onBotOrHere(
    config,
    io,
    async (app) => {
      const r = await app.core.runJob(job);
      await app.drainOutbox();
      return r;
    },
    async (socket) => (await viaControlSocket(socket, 'POST', `/jobs/${job}`)) as JobReport,
  );
  if (!report) return 1;
  (exitCodeOf(report) === 0 ? io.out : io.err)(`${report.summary}\n`);
  return exitCodeOf(report);
}

interface JobStatus {
  job: string;
  schedule?: string;
  next?: string | null;
  lastFinishedAt?: string;
  lastOutcome?: string;
  lastSummary?: string;
}

async function listJobs(config: Config, io: CliIo): Promise<number> {
  const rows = await onBotOrHere(
    config,
    io,
    (app) => app.jobStatus(),
    async (socket) => (await viaControlSocket(socket, 'GET', '/jobs')) as JobStatus[],
  );
  if (!rows) return 1;
  for (const r of rows) {
    const schedule = r.schedule ?? 'off';
    const last = r.lastFinishedAt ? `last ${r.lastFinishedAt}: ${r.lastSummary ?? r.lastOutcome ?? ''}` : 'never run';
    io.out(`${r.job.padEnd(10)} ${schedule.padEnd(16)} ${r.next ? `next ${r.next}  ` : ''}${last}\n`);
  }
  return 0;
}
