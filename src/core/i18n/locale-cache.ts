import type { Locale } from './locale.js';

/**
 * The last locale seen per agent (`surface:tenant:user`), so a Slack acknowledgement, which must answer before any
 * lookup, can already speak the agent's language. Per process and bounded: a miss only means the default once.
 */
export class LocaleCache {
  private readonly entries = new Map<string, { locale: Locale; at: number }>();

  constructor(
    private readonly ttlMs = 3_600_000,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): Locale | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() - e.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.locale;
  }

  set(key: string, locale: Locale): void {
    // Re-inserting moves the key to the end of the Map's order, so the first key is always the least recently seen.
    this.entries.delete(key);
    this.entries.set(key, { locale, at: this.now() });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
