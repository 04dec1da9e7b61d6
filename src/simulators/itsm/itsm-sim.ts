/**
 * What every ITSM simulator offers the sandbox and the tests, whatever the vendor: settings that point the bot at
 * it, one shared demo story in that vendor's own numbers, and ways to read what the bot wrote (style.md §3.10).
 * The vendor simulators keep their full, vendor-shaped APIs; this is the common face the contract suite and the
 * integration tests use.
 */
import type { FaultSpec, SimClock, SimRequest } from '../shared/sim-server.js';

export type ItsmSimKind = 'servicenow' | 'jira' | 'cherwell' | 'matrix42';

/**
 * The people and devices every simulator seeds (names and e-mails identical everywhere, numbers per vendor):
 * - `printer`: "Printer offline on 3rd floor", requester Abel Tuter <abel.tuter@example.com>, assigned to Beth
 *   Anglin <beth.anglin@example.com>, asset PC-ABEL-01 whose TeamViewer ID is 123456789.
 * - `vpn`: "VPN drops every few minutes", requester Bow Ruggeri with no (or a hidden) e-mail, unassigned, no asset.
 * - `laptop`: "New laptop for Fred Luddy", requester Fred Luddy <fred.luddy@example.com>, assigned to Beth Anglin,
 *   asset PC-FRED-01 with no TeamViewer ID yet.
 */
export const ITSM_STORY = {
  people: {
    abel: { name: 'Abel Tuter', email: 'abel.tuter@example.com' },
    beth: { name: 'Beth Anglin', email: 'beth.anglin@example.com' },
    fred: { name: 'Fred Luddy', email: 'fred.luddy@example.com' },
    bow: { name: 'Bow Ruggeri' },
  },
  titles: {
    printer: 'Printer offline on 3rd floor',
    vpn: 'VPN drops every few minutes',
    laptop: 'New laptop for Fred Luddy',
  },
  assets: {
    pcAbel: { name: 'PC-ABEL-01', teamViewerId: '123456789' },
    pcFred: { name: 'PC-FRED-01' },
  },
} as const;

export interface ItsmSimHandle {
  kind: ItsmSimKind;
  /** The base URL the bot's `<VENDOR>_URL` setting takes. */
  url: string;
  /** Every setting the bot needs to use this simulator (ITSM_PROVIDER, the vendor URL, credentials). */
  env: Record<string, string>;
  /** The seeded story's ticket numbers as an agent would type them in this system. */
  numbers: {
    printer: string;
    vpn: string;
    laptop: string;
    /** Well-formed for this system but not present. */
    unknown: string;
    /** Refused by this system's number format. */
    malformed: string;
  };
  /** Internal journal texts of a ticket (work notes, internal comments, non-portal journal), oldest first. */
  internalNotes(number: string): string[];
  /** Customer-visible texts added to a ticket after seeding (comments, public replies, portal journal). */
  publicNotes(number: string): string[];
  /**
   * The TeamViewer ID stored on the asset with that name ('' when the field is empty), or undefined when no such
   * asset exists.
   */
  assetTeamViewerId(name: string): string | undefined;
  /** Adds a computer asset (not linked to any ticket), optionally with a TeamViewer ID. */
  addAsset(name: string, teamViewerId?: string): void;
  /** The next `times` API calls answer 429 with Retry-After (and the vendor's own rate-limit headers). */
  rateLimit(times: number, retryAfterSeconds: number): void;
  /** Every access token issued so far stops working (401 on next use); stored credentials stay valid. */
  expireTokens(): void;
  /** From now on the bot's credentials are wrong (rotated password / revoked API token). */
  revokeCredentials(): void;
  /** Method and path of the call that writes a journal entry, for faults that hit exactly that write. */
  journalWrite: { method: string; path: string | RegExp };
  fail(spec: FaultSpec): void;
  clearFaults(): void;
  requests: SimRequest[];
  stop(): Promise<void>;
}

export interface ItsmSimStartOptions {
  host?: string;
  port?: number;
  clock?: SimClock;
}
