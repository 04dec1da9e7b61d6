import { t, type Locale } from '../i18n/index.js';

/** "45 s", "12 min", "1 h 05 min" (German "1 Std. 05 Min."): durations as people read them in chat, notes and reports. */
export function formatDuration(ms: number, locale: Locale = 'en'): string {
  const u = t(locale).format.units;
  const s = Math.round(Math.max(0, ms) / 1000);
  if (s < 60) return `${s} ${u.s}`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} ${u.min}`;
  const h = Math.floor(min / 60);
  return `${h} ${u.h} ${String(min % 60).padStart(2, '0')} ${u.min}`;
}
