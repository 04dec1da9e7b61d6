/**
 * Matrix42 names, queries and row → domain mapping (itsm-apis.md §6.3–§6.5). Everything vendor-shaped the
 * connector sends or reads is spelled here; values go through matrix42.asql.ts.
 */
import { storedTeamViewerId } from '../../core/domain/device.js';
import { createHash } from 'node:crypto';
import type { Asset, Person, Ticket, TicketNumber } from '../../core/domain/ticket.js';
import type { M42ComputerRow, M42Fragment, M42TicketRow } from './matrix42.api-types.js';
import { asqlIn, asqlName, asqlString } from './matrix42.asql.js';

/** Prefix letters + digits, no hyphen (§1); prefixes are tenant-specific, so any letters are accepted. */
export const M42_NUMBER = /^[A-Z]+\d+$/;
export const M42_HINT = 'Matrix42 ticket numbers look like TCK00012345 (prefix and digits).';

export const DD = {
  activity: 'SPSActivityClassBase',
  journal: 'SPSActivityClassUnitOfWork',
  asset: 'SPSAssetClassBase',
  computer: 'SPSComputerClassBase',
} as const;

/** The CI of computers (§6.5): where the TeamViewer ID attribute lives. */
export const COMPUTER_CI = 'SPSComputerType';

export function normaliseTicketNumber(input: string): TicketNumber | undefined {
  const v = input.trim().replace(/^#/, '').toUpperCase();
  return M42_NUMBER.test(v) ? (v as TicketNumber) : undefined;
}

type Params = Record<string, string>;

/** One GET for the ticket with aliased dot-walk columns (§6.3); the asset relation only when configured. */
export function ticketQuery(number: string, assetAttribute: string | undefined): Params {
  const columns = [
    'ID',
    'TicketNumber',
    'Subject',
    'Initiator.ID as InitiatorId',
    'Initiator.DisplayName as InitiatorName',
    'Initiator.MailAddress as InitiatorMail',
    'Recipient.ID as RecipientId',
    'Recipient.DisplayName as RecipientName',
    'Recipient.MailAddress as RecipientMail',
    'T(SPSCommonClassBase).State.Value as StatusValue',
    'T(SPSCommonClassBase).State.DisplayString as Status',
    '[Expression-ObjectID] as ObjectId',
  ];
  if (assetAttribute) columns.push(`${asqlName(assetAttribute)}.ID as AssetId`, `${asqlName(assetAttribute)}.Name as AssetName`);
  return { where: `TicketNumber=${asqlString(number)}`, columns: columns.join(','), pageSize: '1' };
}

/**
 * Computers are queried on SPSComputerClassBase, pivoting to the shared asset DD for name and serial (§6.5):
 * the TeamViewer attribute and the fragment id a write needs come back in the same row.
 */
export function computerColumns(field: string | undefined): string {
  const cols = ['ID', 'T(SPSAssetClassBase).ID as AssetId', 'T(SPSAssetClassBase).Name as Name', 'T(SPSAssetClassBase).SerialNumber as SerialNumber', '[Expression-ObjectID] as ObjectId'];
  if (field) cols.push(`${asqlName(field)} as TeamViewerId`);
  return cols.join(',');
}

/**
 * Longest `where` (URL-encoded) one name query may carry. Matrix42 runs on IIS, whose default query-string limit
 * is 2048 bytes, and the columns need room too (our assumption; §6.6 says nothing about limits).
 */
export const MAX_WHERE_CHARS = 1200;

/** `T(SPSAssetClassBase).Name IN (…)` clauses, split so each stays under MAX_WHERE_CHARS once URL-encoded. */
export function computersByName(names: readonly string[]): string[] {
  const clauses: string[] = [];
  let batch: string[] = [];
  for (const name of names) {
    const next = asqlIn('T(SPSAssetClassBase).Name', [...batch, name]);
    if (batch.length > 0 && encodeURIComponent(next).length > MAX_WHERE_CHARS) {
      clauses.push(asqlIn('T(SPSAssetClassBase).Name', batch));
      batch = [name];
    } else {
      batch.push(name);
    }
  }
  if (batch.length > 0) clauses.push(asqlIn('T(SPSAssetClassBase).Name', batch));
  return clauses;
}
export const computerByAssetId = (assetFragmentId: string): string => `T(SPSAssetClassBase).ID=${asqlString(assetFragmentId)}`;

/** Journal rows of a ticket carrying our marker (§6.3 "Journal history"); the marker is `tvc:` + letters/digits. */
export function markerQuery(number: string, marker: string): Params {
  return { where: `T(SPSActivityClassBase).TicketNumber=${asqlString(number)} AND OriginalSolutionHtml LIKE ${asqlString(`%${marker}%`)}`, columns: 'ID', pageSize: '1' };
}

/** The owning CI from a fragment's one non-empty `UsedInType<CI>` pointer (§6.3). */
export function ciOf(fragment: M42Fragment): string | undefined {
  for (const [key, value] of Object.entries(fragment)) {
    if (/^UsedInType/i.test(key) && typeof value === 'string' && value) return key.slice('UsedInType'.length);
  }
  return undefined;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

function person(id: unknown, name: unknown, mail: unknown): Person | undefined {
  const n = str(name);
  if (!str(id) && !n) return undefined;
  const email = str(mail);
  const itsmId = str(id);
  return { name: n ?? '(unnamed user)', ...(email ? { email } : {}), ...(itsmId ? { itsmId } : {}) };
}

export const teamViewerIdOf = storedTeamViewerId;

export function toAsset(row: M42ComputerRow): Asset {
  const tv = teamViewerIdOf(row.TeamViewerId);
  const serial = str(row.SerialNumber);
  return {
    ...(row.ID ? { ref: { system: 'matrix42', id: row.ID, type: COMPUTER_CI } } : {}),
    name: str(row.Name) ?? '(unnamed asset)',
    ...(serial ? { serial } : {}),
    ...(tv ? { teamViewerId: tv } : {}),
  };
}

/** The ticket page in the web client (`/wm/object-details/<CI>/<objectId>`, from matrix42-mcp's deep links, M). */
export function ticketUrl(base: string, ci: string | undefined, objectId: string): string | undefined {
  if (!ci) return undefined;
  return `${base.replace(/\/m42Services$/, '')}/wm/object-details/${encodeURIComponent(ci)}/${encodeURIComponent(objectId)}`;
}

/** Ticket ref id = the object id (`[Expression-ObjectID]`): what `journal/Add` and the objects API take. */
export function toTicket(row: M42TicketRow, number: TicketNumber, ci: string | undefined, asset: Asset | undefined, base: string): Ticket {
  const objectId = str(row.ObjectId) ?? '';
  const requester = person(row.InitiatorId, row.InitiatorName, row.InitiatorMail);
  const assignee = person(row.RecipientId, row.RecipientName, row.RecipientMail);
  const url = ticketUrl(base, ci, objectId);
  return {
    ref: { system: 'matrix42', id: objectId, number, ...(ci ? { kind: ci } : {}), ...(url ? { url } : {}) },
    title: str(row.Subject) ?? '(no subject)',
    state: { code: str(row.StatusValue) ?? '', label: str(row.Status) ?? str(row.StatusValue) ?? '' },
    ...(requester ? { requester } : {}),
    ...(assignee ? { assignee } : {}),
    ...(asset ? { asset } : {}),
  };
}

/**
 * The marker appended to every entry so a lost answer can be checked before writing again: a hash of the key,
 * so it is never empty, never collides by truncation and holds no LIKE wildcard or quote.
 */
export function markerOf(dedupeKey: string): string {
  return `tvc:${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 16)}`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Journal text as HTML (`OriginalSolutionHtml` / `Comments` take HTML, §6.4): escaped, line breaks kept. */
export function journalHtml(text: string, marker: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c).replace(/\r?\n/g, '<br>');
  return `${escaped}<br>(${marker})`;
}
