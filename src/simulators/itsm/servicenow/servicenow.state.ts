/**
 * The simulated instance's database: rows per table, number counters, attachment bytes. Rows live under their own
 * class (`incident`, `cmdb_ci_computer`); parent tables (`task`, `cmdb_ci`) are views over their family, as on an
 * instance where an incident is also a task.
 */
import { randomBytes } from 'node:crypto';
import {
  FIRST_NUMBER,
  NUMBER_PREFIX,
  defaultStateOf,
  displayFieldOf,
  familyOf,
  isClosedState,
  lineage,
  type CustomFields,
  type SnRecord,
} from './servicenow.schema.js';

export interface ServiceNowSimState {
  /** Rows keyed by their class table; every known table has an entry, parent tables usually stay empty. */
  tables: Map<string, SnRecord[]>;
  /** Last number handed out per numbered table (`incident` → 10003 means INC0010003 was the last). */
  counters: Map<string, number>;
  /** Attachment bytes by `sys_attachment` sys_id. */
  attachmentContent: Map<string, Buffer>;
  /** Admin-added columns per table (see `ServiceNowSimOptions.customFields`). */
  customFields: CustomFields;
}

/** Who writes and when: `sys_created_by` is the basic-auth user_name, times come from the sim clock. */
export interface Actor {
  userName: string;
  now: Date;
}

export function createState(tables: readonly string[], customFields: CustomFields): ServiceNowSimState {
  return { tables: new Map(tables.map((t) => [t, []])), counters: new Map(), attachmentContent: new Map(), customFields };
}

/** 32 lower-case hex characters, the shape of every ServiceNow sys_id. */
export function newSysId(): string {
  return randomBytes(16).toString('hex');
}

/** GlideDateTime's wire format: `YYYY-MM-DD HH:mm:ss` in UTC. */
export function glideDateTime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

function rowsIn(state: ServiceNowSimState, table: string): SnRecord[] {
  let rows = state.tables.get(table);
  if (!rows) {
    rows = [];
    state.tables.set(table, rows);
  }
  return rows;
}

/** Rows of the table and of every table extending it. */
export function rowsOf(state: ServiceNowSimState, table: string): SnRecord[] {
  return familyOf(table).flatMap((t) => state.tables.get(t) ?? []);
}

export function findRecord(state: ServiceNowSimState, table: string, sysId: string): SnRecord | undefined {
  return rowsOf(state, table).find((r) => r.sys_id === sysId);
}

/** Display value of a referenced row: `name` for users, groups and CIs, `number` for tasks. */
export function displayOf(record: SnRecord | undefined): string {
  if (!record) return '';
  return record[displayFieldOf(record.sys_class_name ?? '')] ?? '';
}

/** Reference lookup by display value, as the instance does when a write sets `assigned_to: "Beth Anglin"`. */
export function findByDisplay(state: ServiceNowSimState, table: string, display: string): SnRecord | undefined {
  const matches = rowsOf(state, table).filter((r) => displayOf(r) === display);
  return matches.length === 1 ? matches[0] : undefined;
}

function numberedTable(table: string): string | undefined {
  return lineage(table).find((t) => NUMBER_PREFIX[t] !== undefined);
}

export function formatNumber(prefix: string, counter: number): string {
  return `${prefix}${String(counter).padStart(7, '0')}`;
}

export function nextNumber(state: ServiceNowSimState, table: string): string {
  const prefix = NUMBER_PREFIX[table] ?? 'TASK';
  const n = (state.counters.get(table) ?? FIRST_NUMBER - 1) + 1;
  state.counters.set(table, n);
  return formatNumber(prefix, n);
}

/** An explicit number (seed, test helper) moves the counter past it so generated numbers never collide. */
function noteExplicitNumber(state: ServiceNowSimState, table: string, number: string): void {
  const prefix = NUMBER_PREFIX[table];
  if (!prefix || !number.startsWith(prefix)) return;
  const n = Number(number.slice(prefix.length));
  if (Number.isInteger(n) && n > (state.counters.get(table) ?? 0)) state.counters.set(table, n);
}

/** Keeps `active` in step with `state`, as the platform's business rules do. */
export function syncActive(record: SnRecord): void {
  const cls = record.sys_class_name ?? '';
  if (record.state !== undefined && defaultStateOf(cls) !== undefined) {
    record.active = isClosedState(cls, record.state) ? 'false' : 'true';
  }
}

/** Inserts a row with system columns, a generated number and the class's default state. Fields are not validated here. */
export function insertRecord(state: ServiceNowSimState, table: string, fields: Readonly<Record<string, string>>, actor: Actor): SnRecord {
  const at = glideDateTime(actor.now);
  const record: SnRecord = {
    sys_id: newSysId(),
    sys_created_on: at,
    sys_created_by: actor.userName,
    sys_updated_on: at,
    sys_updated_by: actor.userName,
    sys_mod_count: '0',
  };
  const numbered = numberedTable(table);
  if (numbered) {
    record.number = fields.number ?? nextNumber(state, table);
    record.state = fields.state ?? defaultStateOf(table) ?? '1';
    record.opened_at = at;
    record.opened_by = '';
    if (fields.number) noteExplicitNumber(state, table, fields.number);
  }
  if (table === 'sys_user' || table === 'sys_user_group') record.active = 'true';
  Object.assign(record, fields, { sys_class_name: table });
  syncActive(record);
  rowsIn(state, table).push(record);
  return record;
}

export function touch(record: SnRecord, actor: Actor): void {
  record.sys_updated_on = glideDateTime(actor.now);
  record.sys_updated_by = actor.userName;
  record.sys_mod_count = String(Number(record.sys_mod_count ?? '0') + 1);
}

/** A journal entry is its own `sys_journal_field` row pointing at the record (`element_id`), never a column value. */
export function appendJournal(state: ServiceNowSimState, record: SnRecord, element: string, value: string, actor: Actor): SnRecord {
  return insertRecord(
    state,
    'sys_journal_field',
    { element_id: record.sys_id ?? '', element, name: record.sys_class_name ?? '', value },
    actor,
  );
}

/** Journal rows of one record and element, oldest first. */
export function journalOf(state: ServiceNowSimState, sysId: string, element: string): SnRecord[] {
  return (state.tables.get('sys_journal_field') ?? []).filter((r) => r.element_id === sysId && r.element === element);
}
