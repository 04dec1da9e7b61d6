import { describeInFlight } from './shutdown.js';

/** Everything a graceful stop waits for, named for the log line when it does not finish in time. */
export class InFlight {
  /** Running work by what it is; entries leave when their promise settles. */
  readonly work = new Map<Promise<unknown>, string>();

  /** Registers `p` until it settles and hands it back unchanged. */
  tracked<T>(p: Promise<T>, what: string): Promise<T> {
    this.work.set(p, what);
    const done = () => this.work.delete(p);
    void p.then(done, done);
    return p;
  }

  /** `tracked` for callers that do not wait (chat surfaces, the outbox): the default names a chat interaction. */
  readonly track = (p: Promise<unknown>, what = 'chat interaction'): void => void this.tracked(p, what);

  /** "2 × chat interaction, job logs". */
  describe(): string[] {
    return describeInFlight(this.work);
  }
}
