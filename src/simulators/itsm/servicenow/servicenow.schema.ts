/**
 * The slice of the ServiceNow data dictionary the simulator knows: tables and their inheritance, columns, reference
 * targets, choice labels and number prefixes (itsm-apis.md §1, §3). Everything here is vendor fact or an assumption
 * marked as such; nothing is borrowed from the bot's connector.
 */

/** Every row value is a string on the wire and in the database, as in ServiceNow (booleans are "true"/"false"). */
export type SnRecord = Record<string, string>;

/** Child → parent. `task` and `cmdb_ci` are real parent tables: querying them returns rows of every child class. */
const TABLE_PARENT: Readonly<Record<string, string | null>> = {
  task: null,
  incident: 'task',
  sc_req_item: 'task',
  sc_request: 'task',
  sc_task: 'task',
  change_request: 'task',
  problem: 'task',
  cmdb_ci: null,
  cmdb_ci_computer: 'cmdb_ci',
  sys_user: null,
  sys_user_group: null,
  sys_journal_field: null,
  sys_attachment: null,
};

export const KNOWN_TABLES: readonly string[] = Object.keys(TABLE_PARENT);

export const TASK_TABLES = ['incident', 'sc_req_item', 'sc_request', 'sc_task', 'change_request', 'problem'] as const;
export type TaskTable = (typeof TASK_TABLES)[number];

/** Written through the table record but stored as `sys_journal_field` rows, never on the record itself. */
export const JOURNAL_FIELDS: ReadonlySet<string> = new Set(['work_notes', 'comments']);

const SYSTEM_COLUMNS = ['sys_id', 'sys_class_name', 'sys_created_on', 'sys_created_by', 'sys_updated_on', 'sys_updated_by', 'sys_mod_count'];

/** Columns declared on each table itself; inherited ones come from the parent chain. */
const OWN_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  task: [
    ...SYSTEM_COLUMNS, 'number', 'short_description', 'description', 'state', 'active', 'priority', 'impact', 'urgency',
    'assigned_to', 'assignment_group', 'cmdb_ci', 'opened_by', 'opened_at', 'closed_at', 'parent',
  ],
  incident: ['caller_id', 'category', 'subcategory', 'close_code', 'close_notes', 'resolved_at'],
  sc_req_item: ['request', 'requested_for', 'cat_item', 'quantity'],
  sc_request: ['requested_for', 'request_state', 'approval'],
  sc_task: ['request', 'request_item'],
  change_request: ['type', 'requested_by', 'start_date', 'end_date'],
  problem: ['known_error', 'cause_notes'],
  cmdb_ci: [...SYSTEM_COLUMNS, 'name', 'serial_number', 'asset_tag', 'assigned_to', 'install_status', 'operational_status', 'ip_address'],
  cmdb_ci_computer: ['os', 'os_version', 'ram', 'cpu_type'],
  sys_user: [...SYSTEM_COLUMNS, 'user_name', 'name', 'first_name', 'last_name', 'email', 'phone', 'title', 'active', 'manager'],
  sys_user_group: [...SYSTEM_COLUMNS, 'name', 'description', 'email', 'manager', 'active'],
  sys_journal_field: [...SYSTEM_COLUMNS, 'element_id', 'element', 'name', 'value'],
  sys_attachment: [...SYSTEM_COLUMNS, 'file_name', 'table_name', 'table_sys_id', 'content_type', 'size_bytes'],
};

/** Reference column → the table it points at (as declared in the dictionary, so `cmdb_ci` points at the base class). */
const REFERENCE_TARGET: Readonly<Record<string, string>> = {
  caller_id: 'sys_user',
  requested_for: 'sys_user',
  requested_by: 'sys_user',
  opened_by: 'sys_user',
  assigned_to: 'sys_user',
  manager: 'sys_user',
  assignment_group: 'sys_user_group',
  cmdb_ci: 'cmdb_ci',
  request: 'sc_request',
  request_item: 'sc_req_item',
  parent: 'task',
};

/** The display field of each table family: what a reference shows as its display value. */
const DISPLAY_FIELD: Readonly<Record<string, string>> = { task: 'number', cmdb_ci: 'name', sys_user: 'name', sys_user_group: 'name' };

const TASK_STATES = { '-5': 'Pending', '1': 'Open', '2': 'Work in Progress', '3': 'Closed Complete', '4': 'Closed Incomplete', '7': 'Closed Skipped' };
/** Choice labels per table and column; a child inherits its parent's list unless it overrides it (incident does). */
const CHOICES: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
  task: {
    state: TASK_STATES,
    priority: { '1': '1 - Critical', '2': '2 - High', '3': '3 - Moderate', '4': '4 - Low', '5': '5 - Planning' },
    impact: { '1': '1 - High', '2': '2 - Medium', '3': '3 - Low' },
    urgency: { '1': '1 - High', '2': '2 - Medium', '3': '3 - Low' },
  },
  incident: { state: { '1': 'New', '2': 'In Progress', '3': 'On Hold', '6': 'Resolved', '7': 'Closed', '8': 'Canceled' } },
  change_request: {
    state: { '-5': 'New', '-4': 'Assess', '-3': 'Authorize', '-2': 'Scheduled', '-1': 'Implement', '0': 'Review', '3': 'Closed', '4': 'Canceled' },
  },
  problem: {
    state: { '101': 'New', '102': 'Assess', '103': 'Root Cause Analysis', '104': 'Fix in Progress', '106': 'Resolved', '107': 'Closed' },
  },
};

/** Number Maintenance defaults: prefix + 7-digit counter starting at 0010001 (itsm-apis.md §1). */
export const NUMBER_PREFIX: Readonly<Record<string, string>> = {
  task: 'TASK',
  incident: 'INC',
  sc_req_item: 'RITM',
  sc_request: 'REQ',
  sc_task: 'SCTASK',
  change_request: 'CHG',
  problem: 'PRB',
};
export const FIRST_NUMBER = 10001;

const DEFAULT_STATE: Readonly<Record<string, string>> = { task: '1', incident: '1', change_request: '-5', problem: '101' };
const CLOSED_STATES: Readonly<Record<string, readonly string[]>> = {
  task: ['3', '4', '7'],
  incident: ['7', '8'],
  change_request: ['3', '4'],
  problem: ['107'],
};

export function isKnownTable(table: string): boolean {
  return Object.hasOwn(TABLE_PARENT, table);
}

/** The table itself first, then its parent chain up to the root. */
export function lineage(table: string): string[] {
  const out: string[] = [];
  for (let t: string | null | undefined = table; t; t = TABLE_PARENT[t]) out.push(t);
  return out;
}

/** The table and every table that extends it, directly or not. */
export function familyOf(table: string): string[] {
  return Object.keys(TABLE_PARENT).filter((t) => lineage(t).includes(table));
}

/** Custom columns an admin added, e.g. `{ cmdb_ci_computer: ['u_teamviewer_id'] }` (itsm-apis.md §3.2, §10 q4). */
export type CustomFields = Partial<Record<string, readonly string[]>>;

export function columnsOf(table: string, custom: CustomFields): Set<string> {
  const cols = new Set<string>();
  for (const t of lineage(table)) {
    for (const c of OWN_COLUMNS[t] ?? []) cols.add(c);
    for (const c of custom[t] ?? []) cols.add(c);
  }
  return cols;
}

export function referenceTarget(column: string): string | undefined {
  return REFERENCE_TARGET[column];
}

export function displayFieldOf(table: string): string {
  for (const t of lineage(table)) {
    const f = DISPLAY_FIELD[t];
    if (f) return f;
  }
  return 'sys_id';
}

/** Labels of table names, which is what `sys_class_name` shows as its display value. */
const TABLE_LABEL: Readonly<Record<string, string>> = {
  task: 'Task',
  incident: 'Incident',
  sc_req_item: 'Requested Item',
  sc_request: 'Request',
  sc_task: 'Catalog Task',
  change_request: 'Change Request',
  problem: 'Problem',
  cmdb_ci: 'Configuration Item',
  cmdb_ci_computer: 'Computer',
  sys_user: 'User',
  sys_user_group: 'Group',
  sys_journal_field: 'Journal Entry',
  sys_attachment: 'Attachment',
};

export function choiceLabel(table: string, column: string, value: string): string | undefined {
  if (column === 'sys_class_name') return TABLE_LABEL[value];
  for (const t of lineage(table)) {
    const list = CHOICES[t]?.[column];
    if (list) return list[value];
  }
  return undefined;
}

function inherited<T>(map: Readonly<Record<string, T>>, table: string): T | undefined {
  for (const t of lineage(table)) if (map[t] !== undefined) return map[t];
  return undefined;
}

export function defaultStateOf(table: string): string | undefined {
  return inherited(DEFAULT_STATE, table);
}

/** `active` follows the state as ServiceNow's business rules keep it: false once the task is closed or canceled. */
export function isClosedState(table: string, state: string): boolean {
  return (inherited(CLOSED_STATES, table) ?? []).includes(state);
}
