/**
 * `npm run bench:assets`: what one `assets` run costs against each simulated service desk. For every system it
 * starts the sandbox stack, gives TeamViewer N managed devices (read with a company script token, 1000 per page) and
 * the service desk N computers of the same names (half already carrying the right ID), then times two runs through
 * the job entry point: the first writes the missing half, the second finds nothing to change. Prints a table and
 * one JSON line. The simulators answer in microseconds, so the figures show the bot's own cost and its request
 * count; against a real service desk, multiply the requests by its round-trip time.
 */
import { performance } from 'node:perf_hooks';
import type { SandboxItsm } from '../src/sandbox/itsm-sims.js';
import { startStack } from '../src/sandbox/stack.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

const SIZES = (process.env.BENCH_ASSETS_SIZES ?? '200,2000').split(',').map(Number);
const SYSTEMS: SandboxItsm[] = ['servicenow', 'jira', 'cherwell', 'matrix42'];

interface Row {
  system: string;
  devices: number;
  firstMs: number;
  secondMs: number;
  updated: number;
  unchanged: number;
  itsmRequests: number;
}

async function measure(system: SandboxItsm, n: number): Promise<Row> {
  const s = await startStack({ itsm: system, logLevel: 'silent', env: { JOBS_EXPIRE_CRON: 'off', JOBS_LOGS_CRON: 'off', JOBS_TOKENS_CRON: 'off', JOBS_RECONCILE_CRON: 'off', JOBS_ASSETS_CRON: 'off' } });
  try {
    const itsm = s.itsm;
    if (!itsm) throw new Error('no service desk');
    s.tv.addUser({ userid: 'u1000077', name: 'Device Admin', email: 'devices@example.com', companyAdmin: true });
    for (let i = 0; i < n; i++) {
      const name = `BENCH-${String(i).padStart(5, '0')}`;
      const id = 600_000_000 + i;
      s.tv.addManagedDevice({ name, teamviewerId: id, managerUserids: ['u1000077'] });
      itsm.addAsset(name, i % 2 === 0 ? String(id) : undefined);
    }
    await s.restartBot({ env: { TEAMVIEWER_API_TOKEN: s.tv.issueScriptToken('u1000077') } });
    const before = itsm.requests.length;
    let t = performance.now();
    const first = await s.bot.core.runJob('assets');
    const firstMs = performance.now() - t;
    const itsmRequests = itsm.requests.length - before;
    t = performance.now();
    const second = await s.bot.core.runJob('assets');
    const secondMs = performance.now() - t;
    if (first.outcome !== 'ok' || second.outcome !== 'ok') throw new Error(`${system}: ${first.summary} / ${second.summary}`);
    return { system, devices: n, firstMs, secondMs, updated: first.counts.updated ?? 0, unchanged: second.counts.unchanged ?? 0, itsmRequests };
  } finally {
    await s.stop();
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const n of SIZES) for (const system of SYSTEMS) rows.push(await measure(system, n));
  const pad = (v: string | number, w: number) => String(v).padStart(w);
  print(`${'system'.padEnd(11)}${pad('devices', 8)}${pad('1st run ms', 12)}${pad('updated', 9)}${pad('2nd run ms', 12)}${pad('unchanged', 11)}${pad('ITSM reqs (1st)', 17)}`);
  for (const r of rows) {
    print(`${r.system.padEnd(11)}${pad(r.devices, 8)}${pad(Math.round(r.firstMs), 12)}${pad(r.updated, 9)}${pad(Math.round(r.secondMs), 12)}${pad(r.unchanged, 11)}${pad(r.itsmRequests, 17)}`);
  }
  print(JSON.stringify({ bench: 'assets', rows: rows.map((r) => ({ ...r, firstMs: Math.round(r.firstMs), secondMs: Math.round(r.secondMs) })) }));
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? (err.stack ?? err.message) : err)}\n`);
  process.exit(1);
});
