/**
 * Inserts and updates as the Table API applies them: unknown and system columns are ignored without an error,
 * references accept a sys_id or a unique display value, and `work_notes` / `comments` become journal rows.
 */
import { JOURNAL_FIELDS, columnsOf, lineage, referenceTarget, type SnRecord } from './servicenow.schema.js';
import {
  appendJournal,
  findByDisplay,
  findRecord,
  insertRecord,
  syncActive,
  touch,
  type Actor,
  type ServiceNowSimState,
} from './servicenow.state.js';

/** Field-level write denials: `${table}.${column}` where table is the row's class or an ancestor. */
export type DeniedFields = ReadonlySet<string>;

/**
 * JSON body → column values as strings; numbers and booleans are stringified like the instance does, null clears.
 * undefined when the body is not a JSON object.
 */
export function coerceBody(json: unknown): Record<string, string> | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(json as Record<string, unknown>)) {
    if (typeof value === 'string') out[key] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value);
    else if (value === null) out[key] = '';
  }
  return out;
}

function isDenied(denied: DeniedFields, table: string, column: string): boolean {
  return lineage(table).some((t) => denied.has(`${t}.${column}`));
}

function resolveReference(state: ServiceNowSimState, column: string, value: string): string {
  const target = referenceTarget(column);
  if (!target || value === '' || findRecord(state, target, value)) return value;
  // A value that is no sys_id is looked up by display value; failing that it is stored as a dangling sys_id.
  return findByDisplay(state, target, value)?.sys_id ?? value;
}

interface SplitBody {
  columns: Record<string, string>;
  journal: Array<[element: string, value: string]>;
}

/**
 * Keeps what the caller may write. A field-level ACL denial drops the field silently and still answers 200,
 * which is how a missing work_notes write ACL shows up on an instance (itsm-apis.md §3.3 "Work-note ACL").
 */
function splitBody(
  state: ServiceNowSimState,
  viewTable: string,
  cls: string,
  body: Record<string, string>,
  denied: DeniedFields,
): SplitBody {
  const columns = columnsOf(viewTable, state.customFields);
  const out: SplitBody = { columns: {}, journal: [] };
  for (const [key, value] of Object.entries(body)) {
    if (isDenied(denied, cls, key)) continue;
    if (JOURNAL_FIELDS.has(key)) {
      // An empty journal input adds nothing, as in the form.
      if (value.trim() !== '') out.journal.push([key, value]);
    } else if (columns.has(key) && !key.startsWith('sys_')) {
      out.columns[key] = resolveReference(state, key, value);
    }
  }
  return out;
}

export function createRecord(
  state: ServiceNowSimState,
  table: string,
  body: Record<string, string>,
  actor: Actor,
  denied: DeniedFields,
): SnRecord {
  const { columns, journal } = splitBody(state, table, table, body, denied);
  const record = insertRecord(state, table, columns, actor);
  for (const [element, value] of journal) appendJournal(state, record, element, value, actor);
  return record;
}

/** `viewTable` is the table in the URL: writing through `task` can only set task columns. */
export function updateRecord(
  state: ServiceNowSimState,
  viewTable: string,
  record: SnRecord,
  body: Record<string, string>,
  actor: Actor,
  denied: DeniedFields,
): SnRecord {
  const { columns, journal } = splitBody(state, viewTable, record.sys_class_name ?? viewTable, body, denied);
  Object.assign(record, columns);
  syncActive(record);
  for (const [element, value] of journal) appendJournal(state, record, element, value, actor);
  touch(record, actor);
  return record;
}
