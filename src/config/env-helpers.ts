import { Duration } from 'luxon';
import { z } from 'zod';

/** `true/false/1/0/yes/no`, case-insensitive; anything else is an error rather than a silent false. */
export const boolish = (fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return fallback;
      const t = v.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(t)) return true;
      if (['false', '0', 'no', 'off'].includes(t)) return false;
      ctx.addIssue({ code: 'custom', message: `must be true or false, got "${v}"` });
      return z.NEVER;
    });

/** ISO-8601 duration (P1D, PT4H) → milliseconds. */
export const isoDuration = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = v?.trim() || fallback;
      const d = Duration.fromISO(text);
      if (!d.isValid || d.toMillis() <= 0) {
        ctx.addIssue({ code: 'custom', message: `must be a positive ISO-8601 duration such as P1D or PT8H, got "${text}"` });
        return z.NEVER;
      }
      return d.toMillis();
    });

export const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), { message: `must be an http(s) URL (${what})` })
    .transform((v) => v.replace(/\/+$/, ''));

export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));
