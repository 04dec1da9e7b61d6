/** Small helpers shared by the `npm run bench` steps: output, settings from the environment, statistics, sampling. */
import { readFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';

export const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

/** A progress line on stderr, so stdout stays the table and the JSON line. */
const began = performance.now();
export const progress = (line: string): void => {
  process.stderr.write(`[bench ${Math.round((performance.now() - began) / 1000)} s] ${line}\n`);
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return n;
}

export function envList(name: string, fallback: number[]): number[] {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const list = raw.split(',').map((p) => Number(p.trim()));
  if (list.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`${name} must be comma-separated positive numbers, not "${raw}"`);
  return list;
}

/** Nearest-rank percentile (p in 0..100) of an unsorted list; NaN when empty. */
export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(rank, s.length) - 1] ?? Number.NaN;
}

export interface Dist {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export function dist(xs: number[]): Dist {
  return { n: xs.length, p50: round(pct(xs, 50)), p99: round(pct(xs, 99)), max: round(xs.length ? Math.max(...xs) : Number.NaN) };
}

export function round(x: number, digits = 1): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function ratio(a: number, b: number): number {
  return b > 0 && Number.isFinite(a) ? round(a / b, 2) : Number.NaN;
}

export function mb(bytes: number): number {
  return Math.round(bytes / (1024 * 1024));
}

export function machine() {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cpuCount: list.length,
    totalMemoryMb: mb(totalmem()),
    node: process.version,
    os: `${platform()} ${release()}`,
  };
}

/** Machine CPU counters from /proc/stat (Linux): busy, steal (time the hypervisor gave our vCPUs to others), total. */
function cpuTicks(): { busy: number; steal: number; total: number } {
  try {
    const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f;
    return { busy: user + nice + system + irq + softirq, steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
  } catch {
    let busy = 0;
    let total = 0;
    for (const c of cpus()) {
      const t = c.times;
      busy += t.user + t.nice + t.sys + t.irq;
      total += t.user + t.nice + t.sys + t.irq + t.idle;
    }
    return { busy, steal: 0, total };
  }
}

const pageFaults = () => {
  const u = process.resourceUsage();
  return u.minorPageFault + u.majorPageFault;
};

export interface Meter {
  peakRssMb: number;
  /** CPU time of this process as a share of one core (1.0 = one core busy all the time). */
  cpuCores: number;
  /** Whole machine (PostgreSQL included) busy, in cores. */
  machineCores: number;
  /** CPU time the hypervisor took from this VM, in cores (Linux /proc/stat steal). */
  stealCores: number;
  /** Page faults of this process per second (a VM that backs memory lazily makes first touches slow). */
  pageFaultsPerSec: number;
  /** Event-loop delay of this process (the one JavaScript thread bot and simulators share), p99 and max, ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/**
 * Samples `process.memoryUsage().rss` of this process (bot, simulators and load generator together: the bot runs
 * in-process), its CPU use, the whole machine's CPU use and the event-loop delay, between `start()` and `stop()`.
 */
export class ProcessMeter {
  private timer: NodeJS.Timeout | undefined;
  private peak = 0;
  private cpu = process.cpuUsage();
  private wall = performance.now();
  private ticks = cpuTicks();
  private faults = pageFaults();
  private loop: IntervalHistogram | undefined;

  start(): void {
    this.peak = process.memoryUsage().rss;
    this.cpu = process.cpuUsage();
    this.wall = performance.now();
    this.ticks = cpuTicks();
    this.faults = pageFaults();
    this.loop = monitorEventLoopDelay({ resolution: 10 });
    this.loop.enable();
    this.timer = setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage().rss);
    }, 200);
    this.timer.unref();
  }

  stop(): Meter {
    if (this.timer) clearInterval(this.timer);
    this.loop?.disable();
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    const used = process.cpuUsage(this.cpu);
    const wallMs = performance.now() - this.wall;
    const t = cpuTicks();
    const span = Math.max(t.total - this.ticks.total, 1);
    const machineShare = (t.busy - this.ticks.busy) / span;
    return {
      stealCores: round(((t.steal - this.ticks.steal) / span) * cpus().length, 2),
      pageFaultsPerSec: Math.round((pageFaults() - this.faults) / Math.max(wallMs / 1000, 0.001)),
      peakRssMb: mb(this.peak),
      cpuCores: round((used.user + used.system) / 1000 / Math.max(wallMs, 1), 2),
      machineCores: round(machineShare * cpus().length, 2),
      loopDelayP99Ms: round((this.loop?.percentile(99) ?? 0) / 1e6),
      loopDelayMaxMs: round((this.loop?.max ?? 0) / 1e6),
    };
  }
}

/** Fires `fn(i)` at `rate` per second for `count` calls without waiting for earlier calls (open loop). */
export async function openLoop<T>(rate: number, count: number, fn: (i: number) => Promise<T>): Promise<{ results: T[]; maxLagMs: number }> {
  const started = performance.now();
  const pending: Promise<T>[] = [];
  let maxLagMs = 0;
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    maxLagMs = Math.max(maxLagMs, performance.now() - due);
    pending.push(fn(i));
  }
  return { results: await Promise.all(pending), maxLagMs: round(maxLagMs) };
}

export function fmt(x: number | undefined, digits = 1): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  return x.toFixed(digits);
}
