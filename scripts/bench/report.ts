/** The `npm run bench` table. */
import type { CardRow } from './card.js';
import type { LoadResult } from './load.js';
import type { BenchResult, Verdict } from './targets.js';
import { fmt, print } from './util.js';

export type { BenchResult, PgCard, Verdict } from './targets.js';
export { targets } from './targets.js';

const pad = (v: string | number, w: number) => String(v).padStart(w);

/**
 * Phases run on lowdb in this one process, where the machine's busy cores should equal this process's: a gap of
 * more than 0.3 cores means something else on the machine (another build, a test run) competed for the CPU.
 */
export function otherLoad(r: BenchResult): string[] {
  const phases = [...r.ack.map((a) => ({ name: `ack ${a.rate}/s`, m: a })), ...(r.throughput.find((t) => t.label.includes('lowdb'))?.steps ?? []).map((s) => ({ name: `lowdb ${s.clients} clients`, m: s }))];
  return phases.filter((p) => p.m.machineCores - p.m.cpuCores > 0.3).map((p) => `${p.name} (${fmt(p.m.machineCores - p.m.cpuCores, 2)} cores)`);
}

function printAck(r: BenchResult): void {
  print('1. ack latency, open loop (Slack simulator → POST /slack/events → 200), ms');
  print(`${'rate/s'.padEnd(22)}${pad('bot p50', 9)}${pad('bot p99', 9)}${pad('bare p50', 10)}${pad('bare p99', 10)}${pad('p99 ratio', 11)}${pad('non-200', 9)}${pad('no card', 9)}${pad('loop p99', 10)}${pad('CPU', 6)}${pad('machine', 9)}`);
  for (const a of r.ack) {
    print(
      `${`${a.rate} (in-process)`.padEnd(22)}${pad(fmt(a.bot.p50), 9)}${pad(fmt(a.bot.p99), 9)}${pad(fmt(a.bare.p50), 10)}${pad(fmt(a.bare.p99), 10)}${pad(fmt(a.p99Ratio, 2), 11)}${pad(a.botNon200, 9)}${pad(a.botLost, 9)}${pad(fmt(a.loopDelayP99Ms), 10)}${pad(fmt(a.cpuCores, 2), 6)}${pad(fmt(a.machineCores, 2), 9)}`,
    );
  }
  for (const a of r.procs?.ack ?? []) {
    print(`${`${a.rate} (own processes)`.padEnd(22)}${pad(fmt(a.bot.p50), 9)}${pad(fmt(a.bot.p99), 9)}${pad(fmt(a.bare.p50), 10)}${pad(fmt(a.bare.p99), 10)}${pad(fmt(a.p99Ratio, 2), 11)}${pad('', 9)}${pad(a.botLost, 9)}`);
  }
  if (r.procs) {
    print(`bot process CPU per start (ack, card, e-mail, work note, card update): ${r.procs.ack.map((a) => `${fmt(a.botCpuMsPerStart)} ms at ${a.rate}/s`).join(', ')}`);
    print(`bot process event-loop delay p99/max: ${r.procs.ack.map((a) => `${fmt(a.botLoopDelayP99Ms)}/${fmt(a.botLoopDelayMaxMs)} ms at ${a.rate}/s`).join(', ')}`);
  }
}

function printCard(r: BenchResult): void {
  print('2. command → card, one start at a time, ms');
  print(`(sessions already stored: ${[...r.card, ...(r.pgCard ? [r.pgCard] : [])].map((c) => c.storedSessions).join(' / ')})`);
  print(`${'upstream'.padEnd(10)}${pad('p50', 7)}${pad('p99', 7)}${pad('from bot p50', 14)}${pad('p99', 7)}${pad('sims p50', 10)}${pad('own p50', 9)}${pad('own p99', 9)}${pad('seq p50/max', 13)}${pad('slack calls', 13)}`);
  const rows: Array<readonly [string, CardRow]> = [...r.card.map((c) => [`+${c.upstreamDelayMs}`, c] as const), ...(r.pgCard ? [['+0 (PG)', r.pgCard] as const] : [])];
  for (const [label, c] of rows) {
    print(
      `${label.padEnd(10)}${pad(fmt(c.latency.p50), 7)}${pad(fmt(c.latency.p99), 7)}${pad(fmt(c.fromBot.p50), 14)}${pad(fmt(c.fromBot.p99), 7)}${pad(fmt(c.simulatorTime.p50), 10)}${pad(fmt(c.botOwn.p50), 9)}${pad(fmt(c.botOwn.p99), 9)}${pad(`${c.sequentialUpstream.p50}/${c.sequentialUpstream.max}`, 13)}${pad(c.slackCallsBeforeCard, 13)}`,
    );
  }
  const late = r.card.find((c) => c.upstreamDelayMs > 0);
  print(`derived sequential calls: (p50 at +${late?.upstreamDelayMs ?? 0} − p50 at +0) / delay = ${fmt(r.derivedSequential, 2)}`);
  if (late) print(`longest chain: ${late.longestChain.join(' → ') || '—'}`);
  if (r.pgCard) print(`PostgreSQL transactions per start (card, e-mail, work note, card update): ${fmt(r.pgCard.transactionsPerStart)}`);
}

function printLoad(t: LoadResult): void {
  print(`${t.label.padEnd(30)} best ${fmt(t.best)}/s at ${t.bestClients} clients; peak RSS ${t.peakRssMb} MB`);
  for (const s of t.steps) {
    print(`${''.padEnd(30)} ${pad(s.clients, 3)} clients ${pad(fmt(s.startsPerSec), 6)}/s  card p50 ${pad(fmt(s.card.p50, 0), 5)} p99 ${pad(fmt(s.card.p99, 0), 5)}  CPU this process ${fmt(s.cpuCores, 2)}, machine ${fmt(s.machineCores, 2)} (steal ${fmt(s.stealCores, 2)}) cores, loop p99 ${fmt(s.loopDelayP99Ms, 0)}`);
  }
  const c = t.checks;
  print(`${''.padEnd(30)} ${c.starts} starts: ${c.cards} cards, ${c.reported} reported errors, ${c.unacked} unacked, ${c.lost} lost; duplicate sessions ${c.duplicateSessions}, duplicate cards ${c.duplicateCards}`);
}

function printThroughput(r: BenchResult): void {
  print('3. saturated throughput, closed loop (cards per second)');
  for (const t of r.throughput) printLoad(t);
  print(`two replicas / one (PostgreSQL, in-process): ${fmt(r.replicaRatio, 2)}×`);
  if (r.procs) {
    printLoad(r.procs.one);
    printLoad(r.procs.two);
    print(`two bot processes / one: ${fmt(r.procs.ratio, 2)}×`);
  }
  if (r.faults) {
    const f = r.faults;
    const c = f.checks;
    print(`faults (${f.clients} clients, ${f.seconds} s, ${fmt(f.startsPerSec)}/s): ${c.starts} starts, ${c.cards} cards, ${c.reported} reported errors, ${c.unacked} unacked, ${c.lost} lost; duplicate sessions ${c.duplicateSessions}, duplicate cards ${c.duplicateCards}`);
    for (const i of f.injected) print(`  ${i}`);
    if (f.unackedWhy.length) print(`  unacked: ${f.unackedWhy.join('; ')}`);
    for (const why of f.reportedWhy) print(`  reported: ${why}`);
  }
}

function printStore(r: BenchResult): void {
  print('4. store: scripts/bench-jobs.ts (lowdb, median ms)');
  print(`${'sessions'.padEnd(10)}${pad('open file', 11)}${pad('listExpired', 13)}${pad('one write', 11)}`);
  for (const j of r.store.jobs) print(`${String(j.sessions).padEnd(10)}${pad(fmt(j.openMs), 11)}${pad(fmt(j.listExpiredMs, 3), 13)}${pad(fmt(j.oneWriteMs), 11)}`);
  print('   the bot on a pre-filled lowdb file, one start at a time, ms');
  print(`${'sessions'.padEnd(10)}${pad('file MB', 9)}${pad('boot', 8)}${pad('RSS MB', 8)}${pad('starts', 8)}${pad('ack p50', 9)}${pad('ack p99', 9)}${pad('card p50', 10)}${pad('card p99', 10)}${pad('lost', 6)}`);
  for (const p of r.store.prefilled) {
    print(`${String(p.sessions).padEnd(10)}${pad(fmt(p.fileMb), 9)}${pad(p.bootMs, 8)}${pad(p.rssMb, 8)}${pad(p.ack.n, 8)}${pad(fmt(p.ack.p50), 9)}${pad(fmt(p.ack.p99), 9)}${pad(fmt(p.card.p50), 10)}${pad(fmt(p.card.p99), 10)}${pad(p.lost, 6)}`);
  }
}

export function printReport(r: BenchResult, verdicts: Verdict[]): void {
  const m = r.machine;
  print(`machine: ${m.cpuModel} ×${m.cpuCount}, ${m.totalMemoryMb} MB, Node ${m.node}, ${m.os}; run took ${r.durationS} s`);
  print('bot, replicas, simulators and load generator share this one process unless a row says "own process(es)"');
  print();
  printAck(r);
  print();
  printCard(r);
  print();
  printThroughput(r);
  print();
  printStore(r);
  print();
  const mem = r.memory;
  print(`5. RSS of this whole process (bot + simulators + load generator): ${mem.beforeStackMb} MB before the stack, ${mem.idleAfterStartMb} MB idle after start, ${mem.peakUnderLoadMb} MB peak under load, ${mem.idleAfterLoadMb} MB idle after load`);
  if (r.procs) {
    const p = r.procs;
    print(`   a bot in its own process (PostgreSQL): ${p.idle.rssMb} MB idle after start (${fmt(p.idle.cpuCores, 3)} cores idle CPU), ${p.atStop.map((s) => `${s.rssMb} MB`).join(' / ')} when stopped after the load`);
  }
  print();
  const noisy = otherLoad(r);
  print(noisy.length ? `WARNING: other processes used the CPU during ${noisy.join(', ')}: those figures are pessimistic` : 'the machine had no other CPU load during the in-process lowdb phases');
  print();
  print('targets');
  for (const v of verdicts) print(`  ${v.met === null ? 'n/a ' : v.met ? 'MET ' : 'MISS'} ${v.target}: ${v.value}`);
}
