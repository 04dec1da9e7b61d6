/**
 * Step 4, store cost: `scripts/bench-jobs.ts` run as it is (its JSON line is read back), then the bot with a lowdb
 * file pre-filled with N past sessions: sequential starts for ack and card latency, as in step 2.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { SessionRecord } from '../../src/core/domain/remote-session.js';
import { emptyData } from '../../src/store/lowdb/lowdb.schema.js';
import { dist, progress, round, type Dist } from './util.js';
import { startWorld } from './world.js';
import { benchSession } from './session-records.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface JobsRow {
  sessions: number;
  openMs: number;
  listExpiredMs: number;
  oneWriteMs: number;
}

/** Runs `tsx scripts/bench-jobs.ts` and returns its rows. */
export async function runBenchJobs(): Promise<JobsRow[]> {
  progress('store: running scripts/bench-jobs.ts');
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bench-jobs.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => {
      text += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`bench-jobs exited with ${code}`))));
  });
  const line = out.trim().split('\n').at(-1) ?? '';
  const parsed = JSON.parse(line) as { rows: JobsRow[] };
  return parsed.rows.map((r) => ({ sessions: r.sessions, openMs: round(r.openMs, 2), listExpiredMs: round(r.listExpiredMs, 3), oneWriteMs: round(r.oneWriteMs, 2) }));
}

/** A session of the past (one in 20 still open); ticket numbers never collide with the simulator's. */
function pastSession(i: number, now: number): SessionRecord {
  return benchSession(i, i % 20 === 0 ? 'open' : 'ended', now, { id: `past${i}`, number: `INC9${String(i).padStart(6, '0')}` });
}

export interface PrefilledRow {
  sessions: number;
  fileMb: number;
  /** startStack (reading the file included) and linking the agent. */
  bootMs: number;
  /** RSS of the whole process right after boot (the file is held in memory). */
  rssMb: number;
  ack: Dist;
  card: Dist;
  lost: number;
}

/** Up to `count` starts per size, but no more than `budgetS` seconds of them (at least 3). */
export async function measurePrefilled(sizes: number[], count: number, budgetS: number): Promise<PrefilledRow[]> {
  const rows: PrefilledRow[] = [];
  for (const sessions of sizes) {
    const dir = await mkdtemp(join(tmpdir(), 'tvco-bench-store-'));
    const data = emptyData();
    const now = Date.now();
    for (let i = 0; i < sessions; i++) data.sessions.push(pastSession(i, now));
    const file = join(dir, 'teamviewer-chatops.json');
    await writeFile(file, JSON.stringify(data));
    const fileMb = round((await stat(file)).size / (1024 * 1024), 1);
    progress(`store: lowdb pre-filled with ${sessions} sessions (${fileMb} MB), up to ${count} sequential starts or ${budgetS} s`);
    const t0 = performance.now();
    const w = await startWorld({ dataDir: dir });
    const bootMs = round(performance.now() - t0, 0);
    const rssMb = Math.round(process.memoryUsage().rss / (1024 * 1024));
    try {
      if (sessions < 50_000) {
        // Warm-up start; at 100k one start takes seconds of file writes, so the first measured one warms instead.
        const warm = w.newTicket();
        await w.start(warm);
        await w.cards.wait(warm, 30_000);
      }
      await w.settle();
      const ack: number[] = [];
      const card: number[] = [];
      let lost = 0;
      const until = performance.now() + budgetS * 1000;
      for (let i = 0; i < count && (i < 3 || performance.now() < until); i++) {
        const ticket = w.newTicket();
        const r = await w.start(ticket);
        const at = await w.cards.wait(ticket, 30_000);
        ack.push(r.ackMs);
        if (at === undefined) lost += 1;
        else card.push(at - r.sentAt);
        await w.s.bot.drainOutbox();
      }
      rows.push({ sessions, fileMb, bootMs, rssMb, ack: dist(ack), card: dist(card), lost });
    } finally {
      await w.stop();
      // steno may still be renaming its last temporary file into place: retry instead of failing the run.
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => progress(`could not remove ${dir}`));
    }
  }
  return rows;
}
