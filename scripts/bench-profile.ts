/**
 * `npm run bench:profile`: where a `/teamviewer start` spends CPU. Starts the in-process stack on PostgreSQL, links
 * the agent, then sends BENCH_PROFILE_STARTS starts at BENCH_PROFILE_RATE per second under V8's sampling profiler and
 * counts the SQL statements each start issues. It prints CPU per start by owner (bot, simulators, bench, unattributed)
 * and, for the bot, by the package that was on top of the stack; the raw profile is written for Chrome DevTools.
 * It explains the figures `npm run bench` prints; it sets no target of its own.
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { databaseProblem, withSchema } from './bench/pg.js';
import { envNumber, print, progress, sleep } from './bench/util.js';
import { startWorld } from './bench/world.js';

const STARTS = envNumber('BENCH_PROFILE_STARTS', 300);
const RATE = envNumber('BENCH_PROFILE_RATE', 10);
const OUT = process.env.BENCH_PROFILE_OUT ?? join(tmpdir(), `tvco-start-${Date.now()}.cpuprofile`);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** SQL statements by shape while `counting` is on: pg's Client.query is the one door every statement goes through. */
const statements = new Map<string, number>();
let counting = false;
const originalQuery = Reflect.get(pg.Client.prototype, 'query') as (...a: unknown[]) => unknown;
Object.assign(pg.Client.prototype, {
  query(this: pg.Client, ...args: unknown[]): unknown {
    if (counting) {
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?');
      const shape = text.replace(/\s+/g, ' ').slice(0, 80);
      statements.set(shape, (statements.get(shape) ?? 0) + 1);
    }
    return originalQuery.apply(this, args);
  },
});

const SIMULATOR_CODE = /\/src\/simulators\/|node_modules\/(smtp-server|mailparser|mailsplit)\//;
const BOT_CODE = /\/src\/|node_modules\/(@slack\/bolt|@slack\/web-api|nodemailer|pg|pg-pool|pg-protocol|undici|luxon|pino)\//;

function leafPackage(url: string): string {
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith('node:internal/deps/undici')) return 'node fetch (bundled undici)';
  if (url.startsWith('node:')) return 'node core';
  const src = /\/src\/([^/]+)/.exec(url);
  if (src?.[1]) return `src/${src[1]}`;
  return 'native (syscalls, GC)';
}

/** A sample is the simulators' if simulator code is anywhere on its stack, else the bench's, else the bot's. */
function attribute(p: Profile): { owners: Map<string, number>; botLeaves: Map<string, number> } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owners = new Map<string, number>();
  const botLeaves = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  p.samples.forEach((id, i) => {
    const leaf = byId.get(id);
    const us = p.timeDeltas[i] ?? 0;
    if (!leaf || leaf.callFrame.functionName === '(idle)') return;
    const urls: string[] = [];
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) urls.push(byId.get(x)?.callFrame.url ?? '');
    const owner = urls.some((u) => SIMULATOR_CODE.test(u))
      ? 'simulators'
      : urls.some((u) => u.includes('/scripts/'))
        ? 'bench'
        : urls.some((u) => BOT_CODE.test(u))
          ? 'bot'
          : 'unattributed (GC, timers, microtasks)';
    add(owners, owner, us);
    if (owner === 'bot') add(botLeaves, leafPackage(leaf.callFrame.url), us);
  });
  return { owners, botLeaves };
}

async function main(): Promise<void> {
  const problem = await databaseProblem();
  if (problem) throw new Error(`bench:profile needs PostgreSQL (BENCH_DATABASE_URL): ${problem}`);
  await withSchema(async (env) => {
    const w = await startWorld({ env });
    try {
      progress('linking the agent and warming up');
      for (let i = 0; i < 20; i++) {
        const t = w.newTicket();
        await w.start(t);
        await w.cards.wait(t, 15_000);
      }
      await w.settle();
      const session = new Session();
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
      counting = true;
      progress(`${STARTS} starts at ${RATE}/s under the profiler`);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const pending: Array<Promise<unknown>> = [];
      for (let i = 0; i < STARTS; i++) {
        const t = w.newTicket();
        pending.push(w.start(t).then(() => w.cards.wait(t, 15_000)));
        await sleep(1000 / RATE);
      }
      await Promise.all(pending);
      await w.s.bot.drainOutbox();
      const cpu = process.cpuUsage(cpu0);
      const wallMs = performance.now() - t0;
      counting = false;
      const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
      session.disconnect();
      writeFileSync(OUT, JSON.stringify(profile));
      report(profile, cpu, wallMs);
    } finally {
      await w.stop();
    }
  });
}

function report(profile: Profile, cpu: NodeJS.CpuUsage, wallMs: number): void {
  const per = (us: number) => (us / 1000 / STARTS).toFixed(2).padStart(6);
  const { owners, botLeaves } = attribute(profile);
  print(`${STARTS} starts at ${RATE}/s (card, e-mail, work note, card update each), ${(wallMs / 1000).toFixed(1)} s`);
  print(`whole process CPU per start: ${per(cpu.user + cpu.system)} ms (bot, simulators and load generator share it)`);
  print('\nCPU per start by owner, ms (sampled)');
  for (const [k, v] of [...owners].sort((a, b) => b[1] - a[1])) print(`  ${per(v)}  ${k}`);
  print('\nthe bot\'s share by what was on top of the stack, ms');
  for (const [k, v] of [...botLeaves].sort((a, b) => b[1] - a[1]).slice(0, 15)) print(`  ${per(v)}  ${k}`);
  const total = [...statements.values()].reduce((a, b) => a + b, 0);
  print(`\nSQL statements per start: ${(total / STARTS).toFixed(1)}`);
  for (const [k, v] of [...statements].sort((a, b) => b[1] - a[1]).slice(0, 12)) print(`  ${(v / STARTS).toFixed(2).padStart(5)}  ${k}`);
  print(`\nprofile: ${OUT} (open in Chrome DevTools → Performance, or speedscope)`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench:profile failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
