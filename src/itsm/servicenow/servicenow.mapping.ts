import type { Person, Ticket, TicketNumber } from '../../core/domain/ticket.js';
import type { SnField, SnRow } from './servicenow.api-types.js';

/** itsm-apis.md §1; unknown prefixes go through the `task` table. */
export const SN_NUMBER = /^(INC|REQ|RITM|SCTASK|CTASK|CHG|PRB|PTASK|TASK|CS)\d{7,}$/;
export const SN_HINT = 'ServiceNow numbers look like INC0010023, RITM0010001 or REQ0010001.';

const TABLE_BY_PREFIX: Record<string, string> = { INC: 'incident', RITM: 'sc_req_item', REQ: 'sc_request', SCTASK: 'sc_task', CHG: 'change_request', PRB: 'problem' };

export function tableForNumber(n: string): string | undefined {
  const prefix = /^[A-Z]+/.exec(n)?.[0] ?? '';
  return TABLE_BY_PREFIX[prefix];
}

/** Requester field per class: RITM/REQ use `requested_for`, incidents `caller_id`, other tasks `opened_by`. */
export function requesterField(table: string): string {
  if (table === 'sc_req_item' || table === 'sc_request') return 'requested_for';
  if (table === 'incident') return 'caller_id';
  return 'opened_by';
}

export function ticketFields(table: string): string {
  const r = requesterField(table);
  return [
    'sys_id',
    'number',
    'short_description',
    'state',
    'sys_class_name',
    `${r}.name`,
    `${r}.email`,
    `${r}.sys_id`,
    'assigned_to.name',
    'assigned_to.email',
    'assignment_group.name',
    'cmdb_ci',
    'cmdb_ci.name',
  ].join(',');
}

function field(row: SnRow, name: string): SnField | undefined {
  const v = row[name];
  if (v === undefined) return undefined;
  return typeof v === 'string' ? { value: v, display_value: v } : v;
}

const val = (row: SnRow, name: string) => field(row, name)?.value || undefined;
const disp = (row: SnRow, name: string) => field(row, name)?.display_value || field(row, name)?.value || undefined;

function person(row: SnRow, ref: string): Person | undefined {
  const name = disp(row, `${ref}.name`);
  if (!name) return undefined;
  const email = val(row, `${ref}.email`);
  const id = val(row, `${ref}.sys_id`);
  return { name, ...(email ? { email } : {}), ...(id ? { itsmId: id } : {}) };
}

export function toTicket(row: SnRow, table: string, baseUrl: string, number: TicketNumber): Ticket {
  const sysId = val(row, 'sys_id') ?? '';
  const requester = person(row, requesterField(table));
  const assignee = person(row, 'assigned_to');
  const group = disp(row, 'assignment_group.name');
  const ci = disp(row, 'cmdb_ci.name');
  return {
    ref: { system: 'servicenow', id: sysId, number, kind: table, url: `${baseUrl}/nav_to.do?uri=${encodeURIComponent(`${table}.do?sys_id=${sysId}`)}` },
    title: disp(row, 'short_description') ?? '(no short description)',
    state: { code: val(row, 'state') ?? '', label: disp(row, 'state') ?? '' },
    ...(requester ? { requester } : {}),
    ...(assignee ? { assignee } : {}),
    ...(group ? { assignmentGroup: group } : {}),
    ...(ci ? { asset: { name: ci } } : {}),
  };
}
