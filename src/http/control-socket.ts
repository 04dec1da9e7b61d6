/**
 * The running bot's local control channel: an HTTP server on a Unix socket inside DATA_DIR (mode 0700, so only the
 * bot's own OS user reaches it). `teamviewer-chatops jobs run <job>` uses it when the bot holds the embedded
 * store: two processes must never write one lowdb file, so the CLI asks the bot to run the job instead.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { chmod, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobName, JobReport } from '../core/jobs/job.js';
import { isJobName } from '../core/jobs/job.js';
import type { Logger } from '../core/ports/logger.port.js';

/** Unix socket paths are limited to about 104–108 bytes; beyond that the control channel is off. */
const MAX_SOCKET_PATH = 100;

export interface ControlHandlers {
  runJob(name: JobName): Promise<JobReport>;
  available(): JobName[];
  status(): Promise<unknown>;
}

export function controlSocketPath(dataDir: string): string | undefined {
  const p = join(dataDir, 'control.sock');
  return Buffer.byteLength(p) <= MAX_SOCKET_PATH ? p : undefined;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startControlSocket(path: string, h: ControlHandlers, logger: Logger): Promise<Server> {
  await rm(path, { force: true }); // left by a killed process; the data-dir lock already proved nobody else runs
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://control');
    const m = /^\/jobs\/([a-z]+)$/.exec(url.pathname);
    if (req.method === 'GET' && url.pathname === '/jobs') {
      h.status().then(
        (s) => json(res, 200, s),
        (err: unknown) => json(res, 500, { error: String(err) }),
      );
      return;
    }
    if (req.method !== 'POST' || !m?.[1]) return json(res, 404, { error: 'not found' });
    const name = m[1];
    if (!isJobName(name) || !h.available().includes(name)) return json(res, 404, { error: `unknown job ${name}` });
    logger.info({ job: name }, 'job requested through the control socket');
    h.runJob(name).then(
      (report) => json(res, 200, report),
      (err: unknown) => json(res, 500, { error: err instanceof Error ? err.message : String(err) }),
    );
  });
  // Jobs may take minutes; the defaults would cut the CLI off.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  await chmod(path, 0o600);
  return server;
}
