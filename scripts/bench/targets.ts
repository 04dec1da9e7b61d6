/** The result of one `npm run bench` run, and the targets of docs/performance.md checked against it. */
import type { AckRow } from './ack.js';
import type { CardRow } from './card.js';
import type { FaultResult, LoadResult } from './load.js';
import type { ProcsResult } from './procs.js';
import type { JobsRow, PrefilledRow } from './store.js';
import { fmt, type machine, ratio } from './util.js';

export type PgCard = CardRow & { transactionsPerStart: number };

export interface BenchResult {
  machine: ReturnType<typeof machine>;
  config: Record<string, unknown>;
  ack: AckRow[];
  card: CardRow[];
  derivedSequential: number;
  throughput: LoadResult[];
  replicaRatio: number;
  pgCard?: PgCard;
  faults?: FaultResult;
  procs?: ProcsResult;
  store: { jobs: JobsRow[]; prefilled: PrefilledRow[] };
  memory: { beforeStackMb: number; idleAfterStartMb: number; idleAfterLoadMb: number; peakUnderLoadMb: number };
  durationS: number;
}

export interface Verdict {
  target: string;
  value: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

export function storeEnds(rows: PrefilledRow[]): { small?: PrefilledRow; large?: PrefilledRow } {
  const sorted = [...rows].sort((a, b) => a.sessions - b.sessions);
  return sorted.length >= 2 ? { small: sorted[0], large: sorted.at(-1) } : {};
}

const noDuplicatesNoLoss = (c: { duplicateSessions: number; duplicateCards: number; lost: number }) => c.duplicateSessions === 0 && c.duplicateCards === 0 && c.lost === 0;

export function targets(r: BenchResult): Verdict[] {
  const out: Verdict[] = [];
  const worstAck = Math.max(...r.ack.map((a) => a.p99Ratio));
  out.push({ target: 'ack p99 ≤ 1.25 × bare Bolt, every rate (in-process)', value: r.ack.map((a) => `${a.rate}/s: ${fmt(a.p99Ratio, 2)}×`).join(', '), met: Number.isFinite(worstAck) ? worstAck <= 1.25 : null });
  if (r.procs) {
    const own = r.procs.ack;
    const worst = Math.max(...own.map((a) => a.p99Ratio));
    out.push({
      target: 'ack p99 ≤ 1.25 × bare Bolt, every rate (each in its own process)',
      value: own.map((a) => `${a.rate}/s: ${fmt(a.p99Ratio, 2)}× (${fmt(a.bot.p99)} vs ${fmt(a.bare.p99)} ms)`).join(', '),
      met: Number.isFinite(worst) ? worst <= 1.25 : null,
    });
  }
  const zero = r.card.find((c) => c.upstreamDelayMs === 0);
  out.push({ target: "bot's own time to card p99 < 50 ms (0 ms upstream)", value: `${fmt(zero?.botOwn.p99)} ms (p50 ${fmt(zero?.botOwn.p50)})`, met: zero ? zero.botOwn.p99 < 50 : null });
  const seq = Math.max(...r.card.map((c) => c.sequentialUpstream.max), r.pgCard?.sequentialUpstream.max ?? 0);
  out.push({ target: '≤ 3 sequential upstream calls before the card', value: `max ${seq} (timed journal), ${fmt(r.derivedSequential, 2)} (derived from +50 ms)`, met: Number.isFinite(seq) ? seq <= 3 : null });
  const two = r.throughput.find((t) => t.replicas === 2);
  out.push({
    target: 'two replicas ≥ 1.7 × one, zero duplicates, zero lost (in-process)',
    value: two ? `${fmt(r.replicaRatio, 2)}×, duplicates ${two.checks.duplicateSessions}, lost ${two.checks.lost}` : 'not run',
    met: two ? r.replicaRatio >= 1.7 && noDuplicatesNoLoss(two.checks) : null,
  });
  if (r.procs) {
    const p = r.procs;
    out.push({
      target: 'two replicas ≥ 1.7 × one, zero duplicates, zero lost (own processes)',
      value: `${fmt(p.ratio, 2)}×, duplicates ${p.two.checks.duplicateSessions}, lost ${p.two.checks.lost}`,
      met: p.ratio >= 1.7 && noDuplicatesNoLoss(p.two.checks) && noDuplicatesNoLoss(p.one.checks),
    });
  }
  if (r.faults) {
    const c = r.faults.checks;
    out.push({ target: 'faults + a replica stopped: zero duplicates, zero lost', value: `duplicates ${c.duplicateSessions}, lost ${c.lost} (reported errors ${c.reported}, unacked ${c.unacked})`, met: noDuplicatesNoLoss(c) });
  }
  const { small, large } = storeEnds(r.store.prefilled);
  if (small && large) {
    const cardRatio = ratio(large.card.p99, small.card.p99);
    const ackRatio = ratio(large.ack.p99, small.ack.p99);
    out.push({ target: `lowdb latency at ${large.sessions} sessions ≤ 2 × at ${small.sessions} (p99)`, value: `card ${fmt(cardRatio, 2)}×, ack ${fmt(ackRatio, 2)}×`, met: cardRatio <= 2 && ackRatio <= 2 });
  }
  return out;
}
