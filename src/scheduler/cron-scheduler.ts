import { Cron } from 'croner';

/** One recurring job; what it does belongs to the core, the scheduler only decides when. */
export interface ScheduledJob {
  name: string;
  /** 5 fields, or 6 with seconds first; config/jobs.schema.ts has validated it with croner already. */
  cron: string;
  /**
   * `slot` is the tick this run was scheduled for (ISO-8601 UTC): every replica's scheduler fires for the same tick,
   * and the store lets one run per tick (clocks a few seconds apart still agree on it).
   */
  run: (slot: string) => Promise<unknown>;
}

export interface SchedulerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const DEFAULT_GRACE_MS = 30_000;

/**
 * The tick a run belongs to. croner's currentRun() is when its timer actually fired (whole seconds), not the tick,
 * so a replica whose event loop was busy at the tick would name the next second and run the tick again: floor to
 * the pattern's unit (the minute, unless it has a seconds field), which every replica's late timer still agrees on.
 */
function slotOf(self: Cron, pattern: string): string {
  const unit = pattern.trim().split(/\s+/).length >= 6 ? 1000 : 60_000;
  const at = (self.currentRun() ?? new Date()).getTime();
  return new Date(Math.floor(at / unit) * unit).toISOString();
}

/** Runs jobs on their cron schedules (croner) in one time zone, never two runs of one job at a time. */
export class CronScheduler {
  private readonly timezone: string;
  private readonly logger: SchedulerLogger;
  private readonly crons: Array<{ name: string; cron: Cron }> = [];
  /** Start time of the busy run a skip was last logged for, per job: croner re-reports one skip every 30 s. */
  private readonly skipLoggedFor = new Map<ScheduledJob, number>();
  private readonly inFlight = new Map<Promise<void>, string>();
  private state: 'idle' | 'started' | 'stopped' = 'idle';

  constructor(opts: { timezone: string; logger: SchedulerLogger }) {
    this.timezone = opts.timezone;
    this.logger = opts.logger;
  }

  start(jobs: ScheduledJob[]): void {
    if (this.state !== 'idle') throw new Error(`CronScheduler.start() called on a ${this.state} scheduler`);
    this.state = 'started';
    try {
      for (const job of jobs) this.crons.push({ name: job.name, cron: this.schedule(job) });
    } catch (err) {
      // A bad pattern or zone must not leave the jobs before it ticking behind a failed start.
      for (const { cron } of this.crons) cron.stop();
      this.state = 'stopped';
      throw err;
    }
    this.logger.info({ timezone: this.timezone, jobs: this.nextRuns() }, 'scheduler started');
  }

  nextRuns(): Array<{ name: string; next: Date | null }> {
    return this.crons.map(({ name, cron }) => ({ name, next: cron.nextRun() }));
  }

  /** Stops scheduling; resolves when runs in progress have finished (or after `graceMs`). */
  async stop(graceMs: number = DEFAULT_GRACE_MS): Promise<void> {
    this.state = 'stopped';
    for (const { cron } of this.crons) cron.stop();
    if (this.inFlight.size === 0) return;

    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<true>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    });
    // The race bounds shutdown when a run hangs (a stuck upstream call must not block SIGTERM forever).
    const gaveUp = await Promise.race([Promise.allSettled([...this.inFlight.keys()]).then(() => false), timedOut]);
    clearTimeout(timer);
    if (gaveUp) this.logger.warn({ graceMs, running: [...new Set(this.inFlight.values())] }, 'scheduler stopped while jobs were still running');
  }

  private schedule(job: ScheduledJob): Cron {
    return new Cron(
      job.cron,
      {
        timezone: this.timezone,
        // A job that outlives its interval (slow TeamViewer, big ITSM) must not start again over the same rows.
        // croner 11.0.1 does not drop the missed tick, though: it starts it at its first 30-second wake-up after
        // the busy run ends, so any number of missed ticks become one prompt, off-schedule catch-up run.
        protect: (self) => this.skipped(job, self),
        // runOnce already catches; this is the net for anything that escapes it (a throwing logger), because
        // croner starts runs without awaiting them and an unhandled rejection would end the process.
        catch: (err: unknown) => this.logger.error({ job: job.name, err }, 'scheduled job failed outside its run'),
        // Deliberately no `name`: croner keeps named jobs in a process-wide registry and refuses duplicates,
        // which would break a second scheduler in the same process (tests, an in-process restart).
      },
      (self: Cron) => this.runOnce(job, slotOf(self, job.cron)),
    );
  }

  /** Resolves when the run is over and never rejects, so croner's protect flag covers the whole run. */
  private runOnce(job: ScheduledJob, slot: string): Promise<void> {
    const started = Date.now();
    const run = (async () => {
      try {
        const result = await job.run(slot);
        this.logger.info({ job: job.name, durationMs: Date.now() - started, ...(result === undefined ? {} : { result }) }, 'scheduled job finished');
      } catch (err) {
        this.logger.error({ job: job.name, durationMs: Date.now() - started, err }, 'scheduled job failed');
      }
    })();
    this.inFlight.set(run, job.name);
    return run.finally(() => this.inFlight.delete(run));
  }

  private skipped(job: ScheduledJob, cron: Cron): void {
    // croner reports a skip on a later timer tick, which can land after stop(); by then it is no news.
    if (this.state === 'stopped') return;
    const busySince = cron.currentRun();
    // After a skip croner keeps re-checking that same missed tick on its 30-second wake-ups and calls protect
    // each time (croner 11.0.1), so one slow run would otherwise log a warning twice a minute.
    const key = busySince?.getTime() ?? 0;
    if (this.skipLoggedFor.get(job) === key) return;
    this.skipLoggedFor.set(job, key);
    this.logger.warn({ job: job.name, busySince }, 'scheduled job skipped: its previous run is still going');
  }
}
