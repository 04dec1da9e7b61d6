import type { Clock } from '../../core/ports/clock.port.js';

/**
 * One discovered fact per site (Assets field id, workspace id; itsm-apis.md §9 "discovery cache per tenant").
 * Failures are not kept, so the next call asks again; a value is kept for `ttlMs(value)` (Infinity = for good),
 * so "not set up yet" is noticed again once an admin sets it up, without a restart.
 */
export function discovered<T>(clock: Clock, load: () => Promise<T>, ttlMs: (value: T) => number): () => Promise<T> {
  let entry: { value: Promise<T>; until: number } | undefined;
  return () => {
    const now = clock.now().getTime();
    if (entry && now < entry.until) return entry.value;
    const value = load();
    const mine = { value, until: Number.POSITIVE_INFINITY };
    entry = mine;
    void value.then(
      (v) => {
        mine.until = now + ttlMs(v);
      },
      () => {
        if (entry === mine) entry = undefined;
      },
    );
    return value;
  };
}

/** Per-key variant for facts such as an object type's attributes; `forget` drops one so it is asked again. */
export function discoveredBy<T>(load: (key: string) => Promise<T>): ((key: string) => Promise<T>) & { forget(key: string): void } {
  const entries = new Map<string, Promise<T>>();
  const get = (key: string): Promise<T> => {
    const hit = entries.get(key);
    if (hit) return hit;
    const value = load(key);
    entries.set(key, value);
    void value.catch(() => entries.delete(key));
    return value;
  };
  return Object.assign(get, { forget: (key: string) => void entries.delete(key) });
}

/** How long "this site has no Assets (field, workspace)" is believed before asking again. */
export const ABSENT_TTL_MS = 10 * 60_000;
