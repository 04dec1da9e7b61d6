/**
 * `npm run bench:jobs`: what the lifecycle jobs cost in the embedded store as history grows. For 1k, 10k and 100k
 * stored sessions (95 % ended with a summary, the rest open) it times the job queries (`listExpired`,
 * `listAwaitingSummary`, `listPendingManagerPosts`) with a fixed 20 due sessions, and one state change written to
 * disk. Prints a table and one JSON line. Speed lives here, never in a test.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SessionRecord } from '../src/core/domain/remote-session.js';
import { benchSession, type BenchSessionKind } from './bench/session-records.js';
import { openLowdbStore } from '../src/store/lowdb/lowdb.store.js';
import { emptyData } from '../src/store/lowdb/lowdb.schema.js';
import { SecretCipher } from '../src/store/secret-cipher.js';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const DUE = 20;
const REPEAT = 50;

const record = (i: number, kind: BenchSessionKind): SessionRecord => benchSession(i, kind, NOW);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

async function timeIt(fn: () => Promise<unknown>, n = REPEAT): Promise<number> {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

async function measure(total: number) {
  const dir = await mkdtemp(join(tmpdir(), 'tvco-bench-'));
  const data = emptyData();
  for (let i = 0; i < total; i++) {
    const kind = i < DUE ? 'expired' : i < 2 * DUE ? 'awaiting' : i % 20 === 0 ? 'open' : 'ended';
    data.sessions.push(record(i, kind));
  }
  await writeFile(join(dir, 'teamviewer-chatops.json'), JSON.stringify(data));
  const t0 = performance.now();
  const store = await openLowdbStore({ dataDir: dir, cipher: new SecretCipher(randomBytes(32)) });
  const openMs = performance.now() - t0;
  const now = new Date(NOW);
  const expired = await timeIt(() => store.sessions.listExpired(now, 200));
  const awaiting = await timeIt(() => store.sessions.listAwaitingSummary(now, 200));
  const pending = await timeIt(() => store.sessions.listPendingManagerPosts(200));
  const write = await timeIt(() => store.sessions.patch('s0', { updatedAt: new Date().toISOString() }), 10);
  const found = (await store.sessions.listExpired(now, 200)).length;
  await store.close();
  await rm(dir, { recursive: true, force: true });
  return { sessions: total, due: found, openMs, listExpiredMs: expired, listAwaitingSummaryMs: awaiting, listPendingManagerPostsMs: pending, oneWriteMs: write };
}

const rows = [];
for (const n of [1_000, 10_000, 100_000]) rows.push(await measure(n));
const f = (x: number) => x.toFixed(3).padStart(9);
process.stdout.write(`lowdb job queries, ${DUE} due sessions, median of ${REPEAT} (write: of 10), ms\n`);
process.stdout.write(`${'sessions'.padStart(9)} ${'open file'.padStart(9)} ${'expired'.padStart(9)} ${'awaiting'.padStart(9)} ${'mgr posts'.padStart(9)} ${'1 write'.padStart(9)}\n`);
for (const r of rows) process.stdout.write(`${String(r.sessions).padStart(9)} ${f(r.openMs)} ${f(r.listExpiredMs)} ${f(r.listAwaitingSummaryMs)} ${f(r.listPendingManagerPostsMs)} ${f(r.oneWriteMs)}\n`);
process.stdout.write(`${JSON.stringify({ bench: 'jobs-store', node: process.version, rows })}\n`);
