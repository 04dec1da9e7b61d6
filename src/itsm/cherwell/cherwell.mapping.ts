/**
 * Everything Cherwell-specific about names, paths, search bodies and paging (style.md §3.3): the connector
 * files speak in these terms and hand domain types to the core.
 */
import { createHash } from 'node:crypto';
import type { Asset, Person, Ticket, TicketNumber } from '../../core/domain/ticket.js';
import { storedTeamViewerId } from '../../core/domain/device.js';
import { ValidationError } from '../../core/errors.js';
import type { CwErrorPart, CwField, CwFieldIn, CwRelationship } from './cherwell.api-types.js';

/** itsm-apis.md §1: Incident public ids are plain numbers. */
export const CW_NUMBER = /^\d{1,10}$/;
export const CW_HINT = 'Cherwell incident numbers are digits, like 10216.';

/** Trimmed, without a leading `#`, digits only; undefined otherwise (no I/O, so query syntax never gets near a call). */
export function parseCherwellNumber(input: string): TicketNumber | undefined {
  const v = input.trim().replace(/^#/, '');
  return CW_NUMBER.test(v) ? (v as TicketNumber) : undefined;
}

/** Out-of-the-box Incident fields (itsm-apis.md §5.3 step 3). */
export const TICKET_FIELDS = {
  title: 'ShortDescription',
  status: 'Status',
  owner: 'OwnedBy',
  ownerId: 'OwnedByID',
  team: 'OwnedByTeam',
  customer: 'CustomerDisplayName',
  customerRecId: 'CustomerRecID',
  customerTypeId: 'CustomerTypeID',
  ciRecId: 'ConfigItemRecID',
  ciTypeId: 'ConfigItemTypeID',
  ciName: 'ConfigItemDisplayName',
} as const;

/** Journal group fields set by Variant A of itsm-apis.md §5.4. */
export const JOURNAL_FIELDS = { type: 'JournalTypeID', details: 'Details' } as const;
export const JOURNAL_BUSOB = 'Journal';
export const NOTE_TYPE_DISPLAY = 'Journal - Note';
export const CUSTOMER_BUSOB = 'CustomerInternal';
/** CI fields read besides the name and TeamViewer fields, when the CI type has them. */
export const CI_SERIAL_FIELD = 'SerialNumber';
export const CI_FALLBACK_NAME_FIELD = 'FriendlyName';

const enc = encodeURIComponent;
/** Operation paths below CHERWELL_URL (itsm-apis.md §5.2); every id is URL-encoded. */
export const PATHS = {
  summary: (name: string) => `/api/V1/getbusinessobjectsummary/busobname/${enc(name)}`,
  schema: (busObId: string) => `/api/V1/getbusinessobjectschema/busobid/${enc(busObId)}?includerelationships=true`,
  byPublicId: (busObId: string, publicId: string) => `/api/V1/getbusinessobject/busobid/${enc(busObId)}/publicid/${enc(publicId)}`,
  byRecId: (busObId: string, recId: string) => `/api/V1/getbusinessobject/busobid/${enc(busObId)}/busobrecid/${enc(recId)}`,
  user: (recId: string) => `/api/V1/getuserbyrecid/recid/${enc(recId)}`,
  related: (parentBusObId: string, parentRecId: string, relationshipId: string, pageNumber: number, pageSize: number) =>
    `/api/V1/getrelatedbusinessobject/parentbusobid/${enc(parentBusObId)}/parentbusobrecid/${enc(parentRecId)}/relationshipid/${enc(relationshipId)}?pageNumber=${pageNumber}&pageSize=${pageSize}&allfields=true`,
  search: '/api/V1/getsearchresults',
  save: '/api/V1/savebusinessobject',
  saveRelated: '/api/V1/saverelatedbusinessobject',
} as const;

/** Rows per search or related-read page, and the most pages read before giving up (runaway guard). */
export const PAGE_SIZE = 200;
export const MAX_PAGES = 50;

/** The "<BO> Owns Journals" relationship, found by displayName, never by id (itsm-apis.md §5.4). */
export function journalRelationship(rels: readonly CwRelationship[], ticketBusOb: string): CwRelationship | undefined {
  const exact = `${ticketBusOb} owns journals`;
  return rels.find((r) => r.displayName?.toLowerCase() === exact) ?? rels.find((r) => /\bowns journals?$/i.test(r.displayName ?? ''));
}

/** `fields[]` as name → value, empty values dropped (the Splunk connector's `_mogrify_fields`). */
export function fieldValues(fields: readonly CwField[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of fields ?? []) if (f.name && f.value) out.set(f.name, f.value);
  return out;
}

/** E-mail of a customer or user record: `Email` on CustomerInternal (M), `EMail`/`Email` on users (M). */
export function emailOf(fields: readonly CwField[] | undefined): string | undefined {
  return (fields ?? []).find((f) => /^e-?mail(address)?$/i.test(f.name ?? '') && f.value)?.value ?? undefined;
}

/**
 * A missing record, by its HTTP-200 error code or text (itsm-apis.md §5.6). Only the record itself: a missing
 * business object, field or relationship (BUSINESSOBJECTNOTFOUND, FIELDNOTFOUND …) is a set-up problem.
 */
export function isNotFound(body: CwErrorPart): boolean {
  return /^recordnotfound$/i.test(body.errorCode ?? '') || /\brecord not found/i.test(body.errorMessage ?? '');
}

export const vendorError = (body: CwErrorPart): string => `${body.errorCode ?? 'error'}: ${body.errorMessage ?? ''}`.trim();

export function fieldIn(fieldId: string, name: string, value: string): CwFieldIn {
  return { fieldId, name, value, dirty: true };
}

export const teamViewerIdOf = storedTeamViewerId;

/**
 * Asset names go into search filter values (JSON, no query language), so nothing can be spliced; control
 * characters are still refused since no CI name has them and logs should not either.
 */
export function assertAssetName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new ValidationError('That asset name contains control characters Cherwell names cannot have.');
  if (name.length > 255) throw new ValidationError('That asset name is longer than any Cherwell CI name (255 characters).');
  return name;
}

/** Ad-hoc search: one eq filter per name on the same field, which CSM ORs (CSM REST docs, "Using Search Operations"). */
export function nameSearch(busObId: string, nameFieldId: string, names: readonly string[], fields: readonly string[], pageNumber: number): Record<string, unknown> {
  return {
    busObId,
    filters: names.map((value) => ({ fieldId: nameFieldId, operator: 'eq', value })),
    fields,
    pageNumber,
    pageSize: PAGE_SIZE,
  };
}

/**
 * Marker appended to every note so an ambiguous write can be recognised later (same idea as ServiceNow's
 * `tvc:` marker); a hash, so keys sharing a long prefix never collide.
 */
export function noteMarker(dedupeKey: string): string {
  return `tvc:${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 16)}`;
}

export const noteText = (text: string, marker: string): string => `${text}\n(${marker})`;

export interface TicketParts {
  number: TicketNumber;
  recId: string;
  ticketBusOb: string;
  values: Map<string, string>;
  requester?: Person;
  assignee?: Person;
  asset?: Asset;
}

/** Incident fields → domain Ticket; Status is both code and label (CSM states are plain text). */
export function toTicket(p: TicketParts): Ticket {
  const v = p.values;
  const status = v.get(TICKET_FIELDS.status) ?? '';
  const team = v.get(TICKET_FIELDS.team);
  return {
    ref: { system: 'cherwell', id: p.recId, number: p.number, kind: p.ticketBusOb },
    title: v.get(TICKET_FIELDS.title) ?? '(no short description)',
    state: { code: status, label: status },
    ...(p.requester ? { requester: p.requester } : {}),
    ...(p.assignee ? { assignee: p.assignee } : {}),
    ...(team ? { assignmentGroup: team } : {}),
    ...(p.asset ? { asset: p.asset } : {}),
  };
}
