import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CronScheduler, type SchedulerLogger } from './cron-scheduler.js';

type Line = { level: 'info' | 'warn' | 'error'; obj: Record<string, unknown>; msg: string };

function recordingLogger(): SchedulerLogger & { lines: Line[] } {
  const lines: Line[] = [];
  const at = (level: Line['level']) => (obj: object, msg: string) => {
    lines.push({ level, obj: obj as Record<string, unknown>, msg });
  };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** A promise the test settles by hand, to hold a run open across ticks. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

const iso = (d: Date | null | undefined) => d?.toISOString();

describe('CronScheduler', () => {
  let scheduler: CronScheduler | undefined;
  let logger: ReturnType<typeof recordingLogger>;

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-21T09:59:59Z') });
    logger = recordingLogger();
  });

  afterEach(async () => {
    // A run left hanging by a test makes stop() wait out its grace timer, which only fake time can move.
    if (scheduler) await Promise.all([scheduler.stop(0), vi.advanceTimersByTimeAsync(0)]);
    scheduler = undefined;
    vi.useRealTimers();
  });

  it('fires a */5 job on the five-minute marks', async () => {
    const runs: string[] = [];
    scheduler = new CronScheduler({ timezone: 'UTC', logger });
    scheduler.start([{ name: 'expire', cron: '*/5 * * * *', run: async () => void runs.push(new Date().toISOString()) }]);
    expect(scheduler.nextRuns()).toEqual([{ name: 'expire', next: new Date('2026-11-21T10:00:00Z') }]);

    await vi.advanceTimersByTimeAsync(999);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual(['2026-11-21T10:00:00.000Z']);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(runs).toEqual(['2026-11-21T10:00:00.000Z', '2026-11-21T10:05:00.000Z']);
    expect(iso(scheduler.nextRuns()[0]?.next)).toBe('2026-11-21T10:10:00.000Z');
    expect(logger.lines.filter((l) => l.msg === 'scheduled job finished').map((l) => l.obj.job)).toEqual(['expire', 'expire']);
  });

  it('hands each run the tick it was scheduled for (the key the store runs once per tick across replicas)', async () => {
    const slots: string[] = [];
    scheduler = new CronScheduler({ timezone: 'UTC', logger });
    scheduler.start([{ name: 'logs', cron: '*/5 * * * *', run: async (slot) => void slots.push(slot) }]);
    await vi.advanceTimersByTimeAsync(2_500);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(slots).toEqual(['2026-11-21T10:00:00.000Z', '2026-11-21T10:05:00.000Z']);
  });

  it('names the same tick when a busy event loop fires it late: the minute of a 5-field pattern, the second of a 6-field one', async () => {
    const slots: string[] = [];
    scheduler = new CronScheduler({ timezone: 'UTC', logger });
    scheduler.start([
      { name: 'logs', cron: '*/5 * * * *', run: async (slot) => void slots.push(slot) },
      { name: 'assets', cron: '30 * * * * *', run: async (slot) => void slots.push(slot) },
    ]);
    await vi.advanceTimersByTimeAsync(999);
    // The event loop was blocked: the wall clock moves past the tick before the timers get to run.
    vi.setSystemTime(new Date('2026-11-21T10:00:01.600Z'));
    await vi.advanceTimersByTimeAsync(1);
    // A pattern with seconds keeps second precision.
    await vi.advanceTimersByTimeAsync(30_000);
    expect(slots).toEqual(['2026-11-21T10:00:00.000Z', '2026-11-21T10:00:30.000Z']);
  });

  it('reads the pattern in its time zone: 09:00 Berlin is 08:00Z in winter', async () => {
    const runs: string[] = [];
    scheduler = new CronScheduler({ timezone: 'Europe/Berlin', logger });
    scheduler.start([{ name: 'assets', cron: '0 9 * * *', run: async () => void runs.push(new Date().toISOString()) }]);
    expect(iso(scheduler.nextRuns()[0]?.next)).toBe('2026-11-22T08:00:00.000Z');

    await vi.advanceTimersByTimeAsync(new Date('2026-11-22T07:59:59Z').getTime() - Date.now());
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toEqual(['2026-11-22T08:00:00.000Z']);
  });

  it('does not start a job again while its previous run is busy, and logs the skip once', async () => {
    const slow = gate();
    const starts: string[] = [];
    scheduler = new CronScheduler({ timezone: 'UTC', logger });
    scheduler.start([
      {
        name: 'logs',
        cron: '*/5 * * * *',
        run: async () => {
          starts.push(new Date().toISOString());
          if (starts.length === 1) await slow.promise;
        },
      },
    ]);

    await vi.advanceTimersByTimeAsync(1000); // 10:00:00 run starts and hangs
    await vi.advanceTimersByTimeAsync(5 * 60_000 + 1000); // 10:05 tick finds it busy; croner reports that 1 ms later
    expect(starts).toEqual(['2026-11-21T10:00:00.000Z']);
    const skip = { level: 'warn', obj: { job: 'logs', busySince: new Date('2026-11-21T10:00:00Z') }, msg: 'scheduled job skipped: its previous run is still going' };
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([skip]);

    // croner calls protect again on each 30 s wake-up while the run lasts; that is still one skip.
    await vi.advanceTimersByTimeAsync(2 * 60_000); // 10:07:01
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([skip]);

    // Pins croner 11.0.1's catch-up: the missed 10:05 tick runs at the next 30 s wake-up after the busy run.
    slow.open();
    await vi.advanceTimersByTimeAsync(3 * 60_000); // 10:10:01
    expect(starts).toEqual(['2026-11-21T10:00:00.000Z', '2026-11-21T10:07:30.000Z', '2026-11-21T10:10:00.000Z']);
    expect(logger.lines.filter((l) => l.msg === 'scheduled job finished').map((l) => l.obj.durationMs)).toEqual([7 * 60_000 + 1000, 0, 0]);
  });

  it('logs a failing run and keeps the schedule', async () => {
    const failure = new Error('TeamViewer said 503');
    let calls = 0;
    scheduler = new CronScheduler({ timezone: 'UTC', logger });
    scheduler.start([
      {
        name: 'tokens',
        cron: '*/5 * * * *',
        run: async () => {
          calls++;
          if (calls === 1) throw failure;
          return { refreshed: 3 };
        },
      },
    ]);

    await vi.advanceTimersByTimeAsync(1000);
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([{ level: 'error', obj: { job: 'tokens', durationMs: 0, err: failure }, msg: 'scheduled job failed' }]);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(calls).toBe(2);
    expect(logger.lines.at(-1)).toEqual({ level: 'info', obj: { job: 'tokens', durationMs: 0, result: { refreshed: 3 } }, msg: 'scheduled job finished' });
  });

  it('stop() waits for a run in progress and schedules nothing after it', async () => {
    const slow = gate();
    let started = 0;
    let finished = false;
    scheduler = new CronScheduler({ timezone: 'UTC', logger });
    scheduler.start([
      {
        name: 'reconcile',
        cron: '*/5 * * * *',
        run: async () => {
          started++;
          await slow.promise;
          finished = true;
        },
      },
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(1);

    let stopped = false;
    const stopping = scheduler.stop(60_000).then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(stopped).toBe(false);

    slow.open();
    await stopping;
    expect(finished).toBe(true);
    expect(logger.lines.some((l) => l.level === 'warn')).toBe(false);

    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(started).toBe(1);
    expect(scheduler.nextRuns()).toEqual([{ name: 'reconcile', next: null }]);
  });

  it('stop() gives up after the grace time on a run that hangs, and says which', async () => {
    scheduler = new CronScheduler({ timezone: 'UTC', logger });
    scheduler.start([{ name: 'assets', cron: '*/5 * * * *', run: () => new Promise(() => {}) }]);
    await vi.advanceTimersByTimeAsync(1000);

    const stopping = scheduler.stop(10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    await stopping;
    expect(logger.lines.at(-1)).toEqual({ level: 'warn', obj: { graceMs: 10_000, running: ['assets'] }, msg: 'scheduler stopped while jobs were still running' });
  });

  it('starts nothing when one pattern is bad', async () => {
    const run = vi.fn(async () => {});
    scheduler = new CronScheduler({ timezone: 'UTC', logger });
    expect(() =>
      scheduler!.start([
        { name: 'expire', cron: '*/5 * * * *', run },
        { name: 'logs', cron: 'every now and then', run },
      ]),
    ).toThrow();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(run).not.toHaveBeenCalled();
  });
});
