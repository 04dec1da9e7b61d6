import type { JobName, JobReport } from '../jobs/job.js';

/**
 * How a handled command ended, as operators count it: `ok`; `user_error`, the agent was shown a BotError of kind
 * `user` (unknown ticket, not allowed, bad arguments, words the bot does not know); `error`, an operational or
 * unexpected failure (upstream down, timeout, bug).
 */
export type CommandOutcome = 'ok' | 'user_error' | 'error';

/**
 * What the core tells an observer (Prometheus in production, nothing in unit tests) when a command or a job run
 * finishes. Labels stay bounded: a verb from the fixed grammar (or `unknown`), never ticket numbers or user ids.
 * Implementations must not throw and must not block: they are called on the command's own path.
 */
export interface CoreMetrics {
  /** `verb`: a grammar verb (`start`, `close`, …), or `unknown` for words and buttons the bot does not know. */
  commandFinished(verb: string, surface: 'slack' | 'teams', outcome: CommandOutcome): void;
  /** `failures`: items that failed in this run (they are retried next run); 0 for a skipped or failed run. */
  jobFinished(job: JobName, outcome: JobReport['outcome'], failures: number): void;
}
