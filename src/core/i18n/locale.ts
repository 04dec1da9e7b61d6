/** The languages the bot speaks. Adding one means a catalog next to `en.ts` typed as `Catalog`. */
export const LOCALES = ['en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/**
 * A platform's language tag (BCP-47 `de-DE`, Slack's `de-DE`, POSIX-ish `de_AT`, bare `de`) → a locale we speak;
 * anything else, or nothing, → `fallback`.
 */
export function pickLocale(tag: string | undefined, fallback: Locale): Locale {
  const lang = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return isLocale(lang) ? lang : fallback;
}

/** An HTTP `Accept-Language` header → the best locale we speak (by q-value, then order), else `fallback`. */
export function pickFromAcceptLanguage(header: string | undefined, fallback: Locale): Locale {
  const ranked = (header ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((e) => e.tag && e.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const e of ranked) {
    const lang = e.tag.toLowerCase().split(/[-_]/)[0];
    if (isLocale(lang)) return lang;
  }
  return fallback;
}
