import type { Logger } from './core/ports/logger.port.js';

export interface OutboxRunnerDeps {
  /** One delivery pass over the due items; resolves to how many it handled. */
  deliver(): Promise<number>;
  logger: Logger;
  /** Registers a background drain as in-flight work, so a graceful stop waits for it. */
  track: (p: Promise<unknown>, what: string) => void;
}

/** The outbox runs right after each enqueue (`kick`) and then on a short poll for retries that come due. */
export class OutboxRunner {
  private draining = false;
  private again = false;
  private drainRun: Promise<unknown> = Promise.resolve();
  private poll: NodeJS.Timeout | undefined;

  constructor(private readonly deps: OutboxRunnerDeps) {}

  /** Starts a background drain, or marks the running one to go round once more. Never throws. */
  readonly kick = (): void => {
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    const p = (async () => {
      try {
        // Drain until a pass finds nothing; `again` catches a kick that arrived while the last pass was finishing.
        do {
          this.again = false;
          while ((await this.deps.deliver()) > 0);
        } while (this.again);
      } catch (err) {
        this.deps.logger.error({ err }, 'outbox delivery failed');
      } finally {
        this.draining = false;
      }
    })();
    this.drainRun = p;
    this.deps.track(p, 'outbox delivery');
  };

  /** Polls every `pollMs` (the timer does not keep the process alive) and drains once now. */
  start(pollMs: number): void {
    this.poll = setInterval(this.kick, pollMs);
    this.poll.unref();
    this.kick(); // items left by a previous run (crash between two steps) go out now
  }

  /** Stops polling; a drain already running finishes (the graceful stop waits for it as in-flight work). */
  stop(): void {
    if (this.poll) clearInterval(this.poll);
  }

  /** Delivers every item that is due now (the CLI calls this before it exits). */
  async drain(): Promise<void> {
    // The background drain may hold claimed items; wait for it, then take whatever is still due, until both are idle.
    for (;;) {
      await this.drainRun;
      const delivered = await this.deps.deliver();
      if (delivered === 0 && !this.draining) return;
    }
  }
}
