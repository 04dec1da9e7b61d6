/** The bot's languages: `t(locale)` returns the catalog every reply, note and e-mail takes its words from. */
import type { Reply } from '../ports/chat.port.js';
import { de } from './de.js';
import { en, type Catalog } from './en.js';
import type { Locale } from './locale.js';

export type { Catalog } from './en.js';
export { errorText, type ErrorKey, type ErrorText } from './error-text.js';
export { LocaleCache } from './locale-cache.js';
export { isLocale, LOCALES, pickFromAcceptLanguage, pickLocale, type Locale } from './locale.js';

const CATALOGS: Record<Locale, Catalog> = { en, de };

export function t(locale: Locale): Catalog {
  return CATALOGS[locale];
}

/**
 * Marks a reply with its language, for what the chat platform renders itself: Adaptive Cards localise DATE()/TIME()
 * by `lang`, and Slack's date tokens need the word between a date and a time.
 */
export function inLocale(reply: Reply, locale: Locale): Reply {
  return { ...reply, lang: locale, dateTimeJoiner: t(locale).format.dateTimeJoiner };
}
