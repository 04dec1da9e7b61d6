/**
 * Everything ServiceNow-specific about names: number formats, tables, field lists, encoded-query syntax, paging
 * headers, and turning rows into domain objects (style.md §3.3: none of this leaves the folder).
 */
import { createHash } from 'node:crypto';
import type { Asset, Person, Ticket, TicketNumber } from '../../core/domain/ticket.js';
import { storedTeamViewerId } from '../../core/domain/device.js';
import { ValidationError } from '../../core/errors.js';
import type { SnField, SnRow } from './servicenow.api-types.js';

/** itsm-apis.md §1; unknown prefixes go through the `task` table. */
export const SN_NUMBER = /^(INC|REQ|RITM|SCTASK|CTASK|CHG|PRB|PTASK|TASK|CS)\d{7,}$/;
export const SN_HINT = 'ServiceNow numbers look like INC0010023, RITM0010001 or REQ0010001.';

/** Table API base path and the tables the connector reads and writes (itsm-apis.md §3.2). */
export const TABLE_API = '/api/now/table';
export const TASK_TABLE = 'task';
export const COMPUTER_TABLE = 'cmdb_ci_computer';
export const JOURNAL_TABLE = 'sys_journal_field';
/** Rows per page when listing computers; 50 names rarely match more, paging covers the rest. */
export const PAGE_SIZE = 100;
/** Safety stop for paging loops (an instance that ignores sysparm_offset would otherwise loop forever). */
export const MAX_PAGES = 100;

const TABLE_BY_PREFIX: Record<string, string> = { INC: 'incident', RITM: 'sc_req_item', REQ: 'sc_request', SCTASK: 'sc_task', CHG: 'change_request', PRB: 'problem' };

/** Upper case, no `#`, no surrounding blanks, and the §1 pattern; anything else (query syntax included) is refused. */
export function parseNumber(input: string): TicketNumber | undefined {
  const v = input.trim().replace(/^#/, '').toUpperCase();
  return SN_NUMBER.test(v) ? (v as TicketNumber) : undefined;
}

/** The class table a known prefix lives in; undefined sends the lookup through `task`. */
export function tableForNumber(n: string): string | undefined {
  const prefix = /^[A-Z]+/.exec(n)?.[0] ?? '';
  return TABLE_BY_PREFIX[prefix];
}

/** Table and column names as the dictionary spells them; checked before they go into a path or `sysparm_fields`. */
export function isIdentifier(name: string): boolean {
  return /^[a-z][a-z0-9_]*$/.test(name);
}

/**
 * `^` separates encoded-query terms and cannot be escaped, so a value containing it could add conditions (n8n's
 * ServiceNow test rejects it before any request; itsm-apis.md §3.3). Line breaks are refused for the same reason,
 * and a leading `javascript:` because the instance evaluates such values as server-side script.
 */
export function assertQueryValue(v: string): string {
  if (/[\^\r\n]/.test(v) || /^\s*javascript:/i.test(v)) {
    throw new ValidationError('That value contains characters ServiceNow queries cannot take (^, a line break or a script prefix).');
  }
  return v;
}

/** Asset names additionally may not hold commas (list syntax of `IN`), so a name is always one plain value. */
export function assertAssetName(name: string): string {
  if (/[\^,\r\n]/.test(name)) throw new ValidationError(`"${name.slice(0, 60)}" cannot be a computer name here: ServiceNow names used by the bot may not contain ^, commas or line breaks.`);
  return assertQueryValue(name);
}

/** `number=<n>`: the human number as an encoded-query term (checked). */
export const numberQuery = (number: string): string => `number=${assertQueryValue(number)}`;

/** `name=A^ORname=B…`, ordered by sys_id so pages stay stable while paging. */
export function namesQuery(names: readonly string[]): string {
  return `${names.map((n) => `name=${assertAssetName(n)}`).join('^OR')}^ORDERBYsys_id`;
}

/** The tag appended to every work note, searched after an ambiguous failure; a hash, so any key fits. */
export function journalMarker(dedupeKey: string): string {
  return `tvc:${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 16)}`;
}

/** The sys_journal_field query for one ticket's work note carrying `marker`. */
export function markerQuery(sysId: string, marker: string): string {
  return `element_id=${assertQueryValue(sysId)}^element=work_notes^valueLIKE${assertQueryValue(marker)}`;
}

/** Requester field per class: RITM/REQ use `requested_for`, incidents `caller_id`, other tasks `opened_by`. */
export function requesterField(table: string): string {
  if (table === 'sc_req_item' || table === 'sc_request') return 'requested_for';
  if (table === 'incident') return 'caller_id';
  return 'opened_by';
}

const personFields = (ref: string): string[] => [`${ref}.name`, `${ref}.email`, `${ref}.sys_id`];

/**
 * Ticket fields with dot-walks to people and the CI. The TeamViewer column usually lives on `cmdb_ci_computer`
 * while `cmdb_ci` points at the base class, so it is read through the `ref_<class>` downcast as well as directly
 * (when an admin put it on `cmdb_ci`); the instance drops whichever path does not exist.
 */
export function ticketFields(table: string, assetField: string): string {
  const r = requesterField(table);
  return [
    'sys_id',
    'number',
    'short_description',
    'state',
    'sys_class_name',
    ...personFields(r),
    ...(table === 'sc_req_item' ? personFields('request.requested_for') : []),
    ...personFields('assigned_to'),
    'assignment_group.name',
    'cmdb_ci',
    'cmdb_ci.name',
    'cmdb_ci.sys_class_name',
    `cmdb_ci.${assetField}`,
    `cmdb_ci.ref_${COMPUTER_TABLE}.${assetField}`,
  ].join(',');
}

/** `sysparm_fields` of a computer lookup. */
export const assetFields = (assetField: string): string => ['sys_id', 'name', 'serial_number', 'sys_class_name', assetField].join(',');

function field(row: SnRow, name: string): SnField | undefined {
  const v = row[name];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? { value: v, display_value: v } : v;
}

/** The stored value of a column (`value` with display_value=all), undefined when empty or absent. */
export const val = (row: SnRow, name: string): string | undefined => field(row, name)?.value || undefined;
const disp = (row: SnRow, name: string): string | undefined => field(row, name)?.display_value || field(row, name)?.value || undefined;
/** True when the answer carries the column at all (the instance drops unknown columns silently). */
export const hasField = (row: SnRow, name: string): boolean => row[name] !== undefined;

/** Digits only (blanks allowed in between, as people type them); anything else is not a TeamViewer ID. */
export const teamViewerIdOf = storedTeamViewerId;

function person(row: SnRow, ref: string): Person | undefined {
  const name = disp(row, `${ref}.name`);
  if (!name) return undefined;
  const email = val(row, `${ref}.email`);
  const id = val(row, `${ref}.sys_id`);
  return { name, ...(email ? { email } : {}), ...(id ? { itsmId: id } : {}) };
}

function linkedAsset(row: SnRow, assetField: string): Asset | undefined {
  const id = val(row, 'cmdb_ci');
  const name = disp(row, 'cmdb_ci.name') ?? disp(row, 'cmdb_ci');
  if (!name) return undefined;
  const type = val(row, 'cmdb_ci.sys_class_name');
  const tv = teamViewerIdOf(val(row, `cmdb_ci.${assetField}`) ?? val(row, `cmdb_ci.ref_${COMPUTER_TABLE}.${assetField}`));
  return {
    ...(id ? { ref: { system: 'servicenow' as const, id, ...(type ? { type } : {}) } } : {}),
    name,
    ...(tv ? { teamViewerId: tv } : {}),
  };
}

/** A ticket row (fields of `ticketFields`) as the domain Ticket. */
export function toTicket(row: SnRow, table: string, baseUrl: string, number: TicketNumber, assetField: string): Ticket {
  const sysId = val(row, 'sys_id') ?? '';
  const requester = person(row, requesterField(table)) ?? (table === 'sc_req_item' ? person(row, 'request.requested_for') : undefined);
  const assignee = person(row, 'assigned_to');
  const group = disp(row, 'assignment_group.name');
  const asset = linkedAsset(row, assetField);
  return {
    ref: { system: 'servicenow', id: sysId, number, kind: table, url: `${baseUrl}/nav_to.do?uri=${encodeURIComponent(`${table}.do?sys_id=${sysId}`)}` },
    title: disp(row, 'short_description') ?? '(no short description)',
    state: { code: val(row, 'state') ?? '', label: disp(row, 'state') ?? '' },
    ...(requester ? { requester } : {}),
    ...(assignee ? { assignee } : {}),
    ...(group ? { assignmentGroup: group } : {}),
    ...(asset ? { asset } : {}),
  };
}

/** A computer row (fields of `assetFields`) as the domain Asset. */
export function toAsset(row: SnRow, assetField: string): Asset {
  const type = val(row, 'sys_class_name');
  const serial = val(row, 'serial_number');
  const tv = teamViewerIdOf(val(row, assetField));
  return {
    ref: { system: 'servicenow', id: val(row, 'sys_id') ?? '', ...(type ? { type } : {}) },
    name: disp(row, 'name') ?? '',
    ...(serial ? { serial } : {}),
    ...(tv ? { teamViewerId: tv } : {}),
  };
}

/**
 * The `sysparm_offset` of the `rel="next"` link (itsm-apis.md §3.3, pysnow), undefined when there is none. Only the
 * offset is taken: the bot never follows a URL the vendor hands it.
 */
export function nextOffset(link: string | undefined): number | undefined {
  const href = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(link ?? '')?.[1];
  if (!href || !URL.canParse(href)) return undefined;
  const raw = new URL(href).searchParams.get('sysparm_offset');
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
