import { z } from 'zod';
import { httpUrl } from '../../config/env-helpers.js';

/** An ASQL attribute name we put into queries unquoted (bracketed), so it must be a plain identifier. */
const attributeName = (fallback: string, what: string) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() || fallback)
    .refine((v) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(v), { message: `must be a Matrix42 attribute name (letters, digits, _): ${what}` });

/**
 * `https://esm.example.com`, `…/m42Services`, `…/m42Services/` and `…/m42Services/api` all mean the same server;
 * the result ends in `/m42Services` exactly once (itsm-apis.md §6).
 */
export function normaliseMatrix42Url(url: string): string {
  return `${url.replace(/\/+$/, '').replace(/\/m42services(\/api)?$/i, '')}/m42Services`;
}

export const matrix42EnvSchema = z.object({
  MATRIX42_URL: z
    .string({ message: 'is required with ITSM_PROVIDER=matrix42: your ESM server, e.g. https://esm.example.com/m42Services' })
    .pipe(httpUrl('Matrix42 ESM server'))
    .transform(normaliseMatrix42Url),
  MATRIX42_API_TOKEN: z
    .string({ message: 'is required with ITSM_PROVIDER=matrix42: an API token an admin creates in Administration → Integration → API Tokens' })
    .trim()
    .min(1, 'is empty'),
  ITSM_ASSET_TEAMVIEWER_FIELD: attributeName('Ud_TeamViewerId', 'the SPSComputerClassBase attribute that holds TeamViewer IDs'),
  MATRIX42_JOURNAL_MODE: z
    .string()
    .optional()
    .transform((v) => v?.trim().toLowerCase() || 'auto')
    .pipe(z.enum(['auto', 'journal-add', 'object-update'], { message: 'must be auto, journal-add or object-update' })),
  MATRIX42_TICKET_ASSET_ATTRIBUTE: z
    .string()
    .optional()
    .transform((v) => v?.trim() || 'Asset')
    .refine((v) => v.toLowerCase() === 'none' || /^[A-Za-z_][A-Za-z0-9_]*$/.test(v), {
      message: 'must be the SPSActivityClassBase attribute linking a ticket to its asset, or none',
    }),
  MATRIX42_LANGUAGE: z
    .string()
    .optional()
    .transform((v) => v?.trim() || 'en-US')
    .refine((v) => /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v), { message: 'must be a language tag such as en-US or de-DE' }),
});

/** How journal entries are written (itsm-apis.md §6.4, whose `journal/Add` contract is disputed). */
export type Matrix42JournalMode = 'auto' | 'journal-add' | 'object-update';

export interface Matrix42Config {
  provider: 'matrix42';
  /** Server base ending in `/m42Services`; API calls go to `<url>/api/…`. */
  url: string;
  /** The long-lived API token; only ever sent to the token exchange. */
  apiToken: string;
  /** SPSComputerClassBase attribute with the TeamViewer ID (default `Ud_TeamViewerId`). */
  assetField: string;
  /**
   * `auto`: try `journal/Add` (rich form) and fall back to the object update when the tenant says the contract
   * does not fit; `journal-add` / `object-update`: only that path.
   */
  journalMode: Matrix42JournalMode;
  /** SPSActivityClassBase relation to the ticket's asset (default `Asset`, unverified: §6.3); undefined = none. */
  ticketAssetAttribute: string | undefined;
  /** `Explicit-Language` of every call, so state labels come back in this language. */
  language: string;
}

export function toMatrix42Config(v: z.infer<typeof matrix42EnvSchema>): Matrix42Config {
  return {
    provider: 'matrix42',
    url: v.MATRIX42_URL,
    apiToken: v.MATRIX42_API_TOKEN,
    assetField: v.ITSM_ASSET_TEAMVIEWER_FIELD,
    journalMode: v.MATRIX42_JOURNAL_MODE,
    ticketAssetAttribute: v.MATRIX42_TICKET_ASSET_ATTRIBUTE.toLowerCase() === 'none' ? undefined : v.MATRIX42_TICKET_ASSET_ATTRIBUTE,
    language: v.MATRIX42_LANGUAGE,
  };
}
