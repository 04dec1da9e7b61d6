import { AsyncLocalStorage } from 'node:async_hooks';
import { BACKGROUND_RETRY, INTERACTIVE_RETRY, withRetry, type RetryLimits, type RetryPolicy, type RetryWait } from './http.js';

/**
 * How patient upstream calls may be is a property of who is waiting, which only the composition root knows: app.ts
 * runs jobs and outbox passes inside `runInBackground`, and the vendor clients read the policy at call time. The
 * core never sees any of it.
 */
interface RetryScope extends RetryLimits {
  policy: RetryPolicy;
}

const scope = new AsyncLocalStorage<RetryScope>();

/** How long all the pauses of one background run may take together, counted from its start. */
export const BACKGROUND_RUN_BUDGET_MS = {
  /** A job holds a 15-minute lease (core/jobs/job-runner.ts): 5 minutes of waiting leave 10 for the work. */
  job: 5 * 60_000,
  /**
   * An outbox pass claims its items for 2 minutes (core/use-cases/deliver-outbox.ts) and has its own schedule of
   * later attempts (OUTBOX_RETRY_DELAYS): one minute of waiting leaves room for the calls before the claim lapses.
   */
  outbox: 60_000,
} as const;

export interface BackgroundRun {
  /** Aborted when the app stops: a pause under way ends at once and its call fails with the last error. */
  signal?: AbortSignal;
  /** See BACKGROUND_RUN_BUDGET_MS. */
  budgetMs: number;
  /** Default BACKGROUND_RETRY; tests pass a shorter one. */
  policy?: RetryPolicy;
  /** Told before each pause of a call in this run (the app logs it and counts it in /metrics). */
  onWait?: (wait: RetryWait) => void;
}

/** Runs `fn` (and everything it starts) with the background retry policy, bounded by `run`. */
export function runInBackground<T>(fn: () => Promise<T>, run: BackgroundRun): Promise<T> {
  const deadline = Date.now() + run.budgetMs;
  return scope.run({ policy: run.policy ?? BACKGROUND_RETRY, deadline, ...(run.signal ? { signal: run.signal } : {}), ...(run.onWait ? { onWait: run.onWait } : {}) }, fn);
}

/**
 * Runs `fn` with the interactive policy even inside a background run: for work others may queue behind (a token
 * refresh under its per-agent lock), where a job's minute-long Retry-After wait would hold up an agent in chat.
 * The app-stopping signal still applies.
 */
export function runInteractive<T>(fn: () => Promise<T>): Promise<T> {
  const current = scope.getStore();
  if (!current) return fn();
  return scope.run({ policy: INTERACTIVE_RETRY, ...(current.signal ? { signal: current.signal } : {}) }, fn);
}

/** The policy for a call made now: BACKGROUND_RETRY inside `runInBackground`, INTERACTIVE_RETRY elsewhere. */
export function currentRetryPolicy(): RetryPolicy {
  return scope.getStore()?.policy ?? INTERACTIVE_RETRY;
}

/**
 * `withRetry` under the current context's policy and limits. `override` replaces the policy only (a client built
 * with an explicit one, in tests): the app stopping and the run's budget still bound it.
 */
export function withCurrentRetry<T>(fn: () => Promise<T>, retryable: (err: unknown) => { retry: boolean; afterSeconds?: number }, override?: RetryPolicy): Promise<T> {
  const current = scope.getStore();
  const limits: RetryLimits = {
    ...(current?.signal ? { signal: current.signal } : {}),
    ...(current?.deadline !== undefined ? { deadline: current.deadline } : {}),
    ...(current?.onWait ? { onWait: current.onWait } : {}),
  };
  return withRetry(fn, override ?? current?.policy ?? INTERACTIVE_RETRY, retryable, limits);
}
