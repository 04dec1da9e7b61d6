import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKGROUND_RETRY, INTERACTIVE_RETRY, type RetryPolicy } from './http.js';
import { currentRetryPolicy, runInBackground, runInteractive, withCurrentRetry } from './retry-context.js';

class RateLimited extends Error {
  constructor(readonly afterSeconds?: number) {
    super('429');
  }
}

const retryable = (err: unknown) => (err instanceof RateLimited ? { retry: true, ...(err.afterSeconds !== undefined ? { afterSeconds: err.afterSeconds } : {}) } : { retry: false });

/** A call answering 429 with `afterSeconds` for its first `limited` attempts, then "ok"; counts its attempts. */
function upstream(limited: number, afterSeconds?: number) {
  const o = { attempts: 0, call: async () => (++o.attempts <= limited ? Promise.reject(new RateLimited(afterSeconds)) : 'ok') };
  return o;
}

/** The outcome of `p` without an unhandled rejection while fake time is advanced. */
function outcome<T>(p: Promise<T>): Promise<T | Error> {
  return p.catch((e: unknown) => e as Error);
}

const forever = 24 * 3_600_000;

describe('currentRetryPolicy', () => {
  it('is interactive outside a background run and background inside, across awaits, timers and promises it starts', async () => {
    expect(currentRetryPolicy()).toBe(INTERACTIVE_RETRY);
    const seen = await runInBackground(async () => {
      const first = currentRetryPolicy();
      await new Promise((r) => setTimeout(r, 1));
      const afterTimer = currentRetryPolicy();
      const started = Promise.resolve().then(() => currentRetryPolicy());
      return [first, afterTimer, await started];
    }, { budgetMs: forever });
    expect(seen).toEqual([BACKGROUND_RETRY, BACKGROUND_RETRY, BACKGROUND_RETRY]);
    expect(currentRetryPolicy()).toBe(INTERACTIVE_RETRY);
  });

  it('does not leak into interactive work running at the same time', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job = runInBackground(async () => {
      await gate;
      return currentRetryPolicy();
    }, { budgetMs: forever });
    const chat = (async () => {
      await Promise.resolve();
      return currentRetryPolicy();
    })();
    release();
    expect(await chat).toBe(INTERACTIVE_RETRY);
    expect(await job).toBe(BACKGROUND_RETRY);
  });

  it('is interactive again inside runInteractive (a token refresh under its lock), and background after it', async () => {
    const seen: RetryPolicy[] = [];
    await runInBackground(async () => {
      await runInteractive(async () => {
        await Promise.resolve();
        seen.push(currentRetryPolicy());
      });
      seen.push(currentRetryPolicy());
    }, { budgetMs: 60_000 });
    expect(seen).toEqual([INTERACTIVE_RETRY, BACKGROUND_RETRY]);
  });

  it('takes a given policy for the run', async () => {
    const short: RetryPolicy = { attempts: 2, baseDelayMs: 1, maxDelayMs: 10, budgetMs: 20 };
    expect(await runInBackground(async () => currentRetryPolicy(), { budgetMs: forever, policy: short })).toBe(short);
  });
});

describe('withCurrentRetry', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits out a Retry-After of 30 s in the background that an interactive call gives up on at once', async () => {
    const chat = upstream(1, 30);
    expect(await outcome(withCurrentRetry(chat.call, retryable))).toBeInstanceOf(RateLimited);
    expect(chat.attempts).toBe(1);

    const job = upstream(3, 30);
    const result = outcome(runInBackground(() => withCurrentRetry(job.call, retryable), { budgetMs: forever }));
    await vi.advanceTimersByTimeAsync(89_000);
    expect(job.attempts).toBe(3);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await result).toBe('ok');
    expect(job.attempts).toBe(4);
  });

  it('gives up at once on a Retry-After longer than one background pause may be (60 s)', async () => {
    const job = upstream(1, 61);
    expect(await outcome(runInBackground(() => withCurrentRetry(job.call, retryable), { budgetMs: forever }))).toBeInstanceOf(RateLimited);
    expect(job.attempts).toBe(1);
  });

  it('stops after BACKGROUND_RETRY.attempts and throws the last error', async () => {
    const job = upstream(99, 1);
    const result = outcome(runInBackground(() => withCurrentRetry(job.call, retryable), { budgetMs: forever }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toBeInstanceOf(RateLimited);
    expect(job.attempts).toBe(BACKGROUND_RETRY.attempts);
  });

  it('retries nothing the caller calls not retryable, in the background too', async () => {
    let attempts = 0;
    const call = async () => {
      attempts++;
      throw new Error('400');
    };
    expect(await outcome(runInBackground(() => withCurrentRetry(call, retryable), { budgetMs: forever }))).toMatchObject({ message: '400' });
    expect(attempts).toBe(1);
  });

  it('ends a pause under way when the signal aborts, rejecting with the last error and leaving no timer', async () => {
    const stop = new AbortController();
    const job = upstream(1, 50);
    const result = outcome(runInBackground(() => withCurrentRetry(job.call, retryable), { budgetMs: forever, signal: stop.signal }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(vi.getTimerCount()).toBe(1);
    stop.abort();
    const err = await result;
    expect(err).toBeInstanceOf(RateLimited);
    expect(job.attempts).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('does not pause at all once the signal has aborted, but still makes the call', async () => {
    const stop = new AbortController();
    stop.abort();
    const job = upstream(1, 1);
    expect(await outcome(runInBackground(() => withCurrentRetry(job.call, retryable), { budgetMs: forever, signal: stop.signal }))).toBeInstanceOf(RateLimited);
    expect(job.attempts).toBe(1);
  });

  it('shares one run budget between the calls of a run: a pause that would end past it is not taken', async () => {
    const result = outcome(
      runInBackground(async () => {
        const first = upstream(1, 30);
        await withCurrentRetry(first.call, retryable); // waits 30 of the run's 40 s
        const second = upstream(1, 30);
        const e = await outcome(withCurrentRetry(second.call, retryable));
        return { first: first.attempts, second: second.attempts, e };
      }, { budgetMs: 40_000 }),
    );
    await vi.advanceTimersByTimeAsync(30_000);
    expect(await result).toEqual({ first: 2, second: 1, e: expect.any(RateLimited) as unknown });
  });

  it('lets a client override the policy, still bounded by the stop signal', async () => {
    const stop = new AbortController();
    const patient: RetryPolicy = { attempts: 2, baseDelayMs: 1, maxDelayMs: 600_000, budgetMs: 600_000 };
    const chat = upstream(1, 300);
    const result = outcome(withCurrentRetry(chat.call, retryable, patient));
    await vi.advanceTimersByTimeAsync(300_000);
    expect(await result).toBe('ok');

    const job = upstream(1, 300);
    const stopped = outcome(runInBackground(() => withCurrentRetry(job.call, retryable, patient), { budgetMs: forever, signal: stop.signal }));
    await vi.advanceTimersByTimeAsync(1_000);
    stop.abort();
    expect(await stopped).toBeInstanceOf(RateLimited);
    expect(job.attempts).toBe(1);
  });
});
