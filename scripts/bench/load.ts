/**
 * Step 3, saturated throughput: N closed-loop clients, each sending a start and waiting for its card before the
 * next, N doubled until the rate of cards stops rising. Replicas are addressed round robin (the simulator's bot URL
 * is switched per command). Every step ends with the two checks: one TeamViewer session per ticket, and every
 * acked command answered (a card, or an error reply the agent saw).
 */
import { performance } from 'node:perf_hooks';
import { dist, progress, ProcessMeter, round, sleep, type Dist, type Meter } from './util.js';
import type { Checks, StartResult, World } from './world.js';

export interface RampStep {
  clients: number;
  startsPerSec: number;
  card: Dist;
  ackP99: number;
  /** This process's CPU, in cores; the whole machine's; event-loop delay p99 (ms). */
  cpuCores: number;
  machineCores: number;
  stealCores: number;
  loopDelayP99Ms: number;
}

export interface LoadResult extends Meter {
  label: string;
  replicas: number;
  steps: RampStep[];
  /** Highest rate of cards per second seen on the ramp, and at how many clients. */
  best: number;
  bestClients: number;
  checks: Checks;
}

const CARD_TIMEOUT_MS = 15_000;

export function emptyChecks(): Checks {
  return { starts: 0, cards: 0, reported: 0, unacked: 0, lost: 0, duplicateSessions: 0, duplicateCards: 0 };
}

export function addChecks(a: Checks, b: Checks): Checks {
  return {
    starts: a.starts + b.starts,
    cards: a.cards + b.cards,
    reported: a.reported + b.reported,
    unacked: a.unacked + b.unacked,
    lost: a.lost + b.lost,
    duplicateSessions: a.duplicateSessions + b.duplicateSessions,
    duplicateCards: a.duplicateCards + b.duplicateCards,
  };
}

/** `clients` closed-loop clients for `seconds`; `targets` is read per command, so a caller may change it midway. */
export async function closedLoop(w: World, targets: () => string[], clients: number, seconds: number) {
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const results: StartResult[] = [];
  const cardMs: number[] = [];
  let inWindow = 0;
  let next = 0;
  const client = async () => {
    while (performance.now() < deadline) {
      const urls = targets();
      const r = await w.start(w.newTicket(), urls[next++ % urls.length]);
      results.push(r);
      if (r.status !== 200) continue;
      const card = await w.cards.wait(r.ticket, CARD_TIMEOUT_MS);
      if (card === undefined) continue;
      cardMs.push(card - r.sentAt);
      if (card <= deadline) inWindow += 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { results, cardMs, rate: round(inWindow / seconds, 1) };
}

export async function ramp(w: World, label: string, urls: string[], clientSteps: number[], seconds: number): Promise<LoadResult> {
  const steps: RampStep[] = [];
  let checks = emptyChecks();
  let best = 0;
  let bestClients = 0;
  const meter = new ProcessMeter();
  meter.start();
  for (const clients of clientSteps) {
    progress(`throughput ${label}: ${clients} clients for ${seconds} s`);
    const stepMeter = new ProcessMeter();
    stepMeter.start();
    const run = await closedLoop(w, () => urls, clients, seconds);
    const sm = stepMeter.stop();
    await sleep(200);
    checks = addChecks(checks, w.check(run.results));
    steps.push({
      clients,
      startsPerSec: run.rate,
      card: dist(run.cardMs),
      ackP99: dist(run.results.map((r) => r.ackMs)).p99,
      cpuCores: sm.cpuCores,
      machineCores: sm.machineCores,
      stealCores: sm.stealCores,
      loopDelayP99Ms: sm.loopDelayP99Ms,
    });
    await w.settle();
    const rising = run.rate > best * 1.05;
    if (run.rate > best) {
      best = run.rate;
      bestClients = clients;
    }
    if (!rising && steps.length >= 3) break;
  }
  const m = meter.stop();
  return { label, replicas: urls.length, steps, best, bestClients, checks, ...m };
}

export interface FaultResult {
  clients: number;
  seconds: number;
  injected: string[];
  checks: Checks;
  /** Why each unacked command got no 200. */
  unackedWhy: string[];
  /** What the agent was told for each start that ended in an error reply (first 160 characters). */
  reportedWhy: string[];
  startsPerSec: number;
}

/**
 * Two replicas under load while TeamViewer answers 429 (Retry-After 0), 503 once, times out once before and once
 * after creating the session, ServiceNow answers 500 once, and one replica is stopped halfway (new commands go to
 * the other from that instant, as a load balancer would do).
 */
export async function faultRun(w: World, clients: number, seconds: number): Promise<FaultResult> {
  const replica = await w.addReplica();
  let urls = [w.primaryUrl, replica.botUrl];
  const itsm = w.s.itsm;
  const injected: string[] = [];
  const at = (ms: number, what: string, fn: () => void | Promise<void>) =>
    sleep(ms).then(async () => {
      injected.push(`${round(ms / 1000, 1)} s: ${what}`);
      await fn();
    });
  const create = { method: 'POST', path: '/api/v1/sessions' };
  const span = seconds * 1000;
  progress(`faults: ${clients} clients for ${seconds} s on 2 replicas`);
  const [run] = await Promise.all([
    closedLoop(w, () => urls, clients, seconds),
    at(span * 0.1, 'TeamViewer create session 429 Retry-After 0, ×3', () => w.s.tv.fail({ ...create, status: 429, retryAfterSeconds: 0, times: 3 })),
    at(span * 0.2, 'ServiceNow 500, ×1', () => itsm?.fail({ status: 500, times: 1 })),
    at(span * 0.3, 'TeamViewer create session 503, ×1', () => w.s.tv.fail({ ...create, status: 503, times: 1 })),
    at(span * 0.4, 'TeamViewer create session hangs (no session made), ×1', () => w.s.tv.fail({ ...create, hang: true, times: 1 })),
    at(span * 0.45, 'TeamViewer create session hangs after creating it, ×1', () => w.s.tv.fail({ ...create, hang: true, afterHandler: true, times: 1 })),
    at(span * 0.5, 'replica 2 stopped; new commands go to replica 1', async () => {
      urls = [w.primaryUrl];
      await replica.stop();
    }),
  ]);
  await sleep(3000);
  const checks = w.check(run.results);
  const replies = new Map(w.s.slack.state.responseUrlPosts.map((p) => [p.url, p.body]));
  const reportedWhy = run.results.flatMap((r) => {
    if (r.status !== 200 || w.cards.at(r.ticket) !== undefined || !r.responseUrl || !replies.has(r.responseUrl)) return [];
    const body = replies.get(r.responseUrl);
    const text = typeof body === 'object' && body !== null && 'text' in body ? String(body.text) : JSON.stringify(body);
    return [`${r.ticket}: ${text.slice(0, 160)}`];
  });
  w.s.tv.clearFaults();
  itsm?.clearFaults();
  await w.settle();
  const unackedWhy = run.results.flatMap((r) => (r.status === 200 ? [] : [r.error ?? `HTTP ${r.status}`]));
  return { clients, seconds, injected, checks, unackedWhy, reportedWhy, startsPerSec: run.rate };
}
