/**
 * Field paths and the three `sysparm_display_value` shapes of a record (itsm-apis.md §3.2).
 * Dot-walking follows references by their declared target table, so `cmdb_ci.u_teamviewer_id` is invalid when the
 * custom column lives on `cmdb_ci_computer`; `cmdb_ci.ref_cmdb_ci_computer.u_teamviewer_id` is the instance's
 * downcast syntax for that case.
 */
import { JOURNAL_FIELDS, choiceLabel, columnsOf, isKnownTable, lineage, referenceTarget, type CustomFields, type SnRecord } from './servicenow.schema.js';
import { displayOf, findRecord, journalOf, rowsOf, type ServiceNowSimState } from './servicenow.state.js';

type Step = { deref: string } | { downcast: string };

/** A validated (possibly dot-walked) field of a table. */
export interface FieldPath {
  steps: Step[];
  /** Table declaring the final column when no row is reached (empty reference). */
  table: string;
  column: string;
}

/** undefined when the path names a column the table (or a referenced table) doesn't have. */
export function compilePath(table: string, path: string, custom: CustomFields): FieldPath | undefined {
  const segments = path.split('.');
  const steps: Step[] = [];
  let current = table;
  for (const [i, segment] of segments.entries()) {
    const last = i === segments.length - 1;
    if (!last && segment.startsWith('ref_')) {
      const sub = segment.slice('ref_'.length);
      if (!isKnownTable(sub) || !lineage(sub).includes(current)) return undefined;
      steps.push({ downcast: sub });
      current = sub;
      continue;
    }
    if (!columnsOf(current, custom).has(segment)) return undefined;
    if (last) return { steps, table: current, column: segment };
    const target = referenceTarget(segment);
    if (!target) return undefined;
    steps.push({ deref: segment });
    current = target;
  }
  return undefined;
}

export interface ResolvedValue {
  value: string;
  /** Class of the row the value came from (choice labels depend on it), or the declaring table. */
  table: string;
  column: string;
}

export function readPath(state: ServiceNowSimState, record: SnRecord, path: FieldPath): ResolvedValue {
  let row: SnRecord | undefined = record;
  for (const step of path.steps) {
    if (!row) break;
    if ('downcast' in step) {
      if (!lineage(row.sys_class_name ?? '').includes(step.downcast)) row = undefined;
      continue;
    }
    const target = referenceTarget(step.deref) ?? '';
    const id = row[step.deref] ?? '';
    row = id ? findRecord(state, target, id) : undefined;
  }
  return { value: row?.[path.column] ?? '', table: row?.sys_class_name ?? path.table, column: path.column };
}

export type DisplayMode = 'false' | 'true' | 'all';

/** `sysparm_display_value` is case-insensitive on the instance; anything unknown means the default, raw values. */
export function parseDisplayMode(raw: string | null): DisplayMode {
  const v = (raw ?? '').toLowerCase();
  return v === 'true' || v === 'all' ? v : 'false';
}

export interface RenderOptions {
  mode: DisplayMode;
  /** `sysparm_exclude_reference_link=true`: references lose their `link`. */
  excludeReferenceLink: boolean;
  /** `sysparm_fields`; undefined means every column of the viewed table. */
  fields: readonly string[] | undefined;
  /** Instance base URL, for reference links. */
  baseUrl: string;
}

export type RenderedField = string | { display_value?: string; link?: string; value?: string };

function renderValue(state: ServiceNowSimState, v: ResolvedValue, opts: RenderOptions): RenderedField {
  const target = referenceTarget(v.column);
  if (target) {
    // An empty reference is a bare "" (or an empty pair with display_value=all), never a link object.
    if (v.value === '') return opts.mode === 'all' ? { display_value: '', value: '' } : '';
    const link = `${opts.baseUrl}/api/now/table/${target}/${v.value}`;
    const display = displayOf(findRecord(state, target, v.value));
    if (opts.mode === 'false') return opts.excludeReferenceLink ? v.value : { link, value: v.value };
    // With display_value=true a reference is {display_value, link}, not a plain string, unless links are excluded.
    if (opts.mode === 'true') return opts.excludeReferenceLink ? display : { display_value: display, link };
    return opts.excludeReferenceLink ? { display_value: display, value: v.value } : { display_value: display, link, value: v.value };
  }
  const display = choiceLabel(v.table, v.column, v.value) ?? v.value;
  if (opts.mode === 'false') return v.value;
  if (opts.mode === 'true') return display;
  return { display_value: display, value: v.value };
}

const JOURNAL_LABEL: Readonly<Record<string, string>> = { work_notes: 'Work notes', comments: 'Additional comments' };

/**
 * A journal field named in `sysparm_fields`: its value is always empty (journal input is write-only), its display
 * value the entries newest first, each headed "<time> - <user> (<label>)", as the activity stream shows them.
 * Assumption (L, not in itsm-apis.md §3): instances render journal history this way with sysparm_display_value;
 * the connector double-checks against sys_journal_field before it calls a note dropped.
 */
function renderJournal(state: ServiceNowSimState, record: SnRecord, element: string, mode: DisplayMode): RenderedField {
  if (mode === 'false') return '';
  const history = journalOf(state, record.sys_id ?? '', element)
    .slice()
    .reverse()
    .map((j) => {
      const by = j.sys_created_by ?? '';
      const name = rowsOf(state, 'sys_user').find((u) => u.user_name === by)?.name ?? by;
      return `${j.sys_created_on ?? ''} - ${name} (${JOURNAL_LABEL[element] ?? element})\n${j.value ?? ''}\n\n`;
    })
    .join('');
  return mode === 'true' ? history : { display_value: history, value: '' };
}

export function renderRecord(state: ServiceNowSimState, viewTable: string, record: SnRecord, opts: RenderOptions): Record<string, RenderedField> {
  const out: Record<string, RenderedField> = {};
  // Read through a parent table, a row shows only the parent's columns: no `caller_id` on `task`.
  const names = opts.fields ?? [...columnsOf(viewTable, state.customFields)];
  for (const name of names) {
    if (JOURNAL_FIELDS.has(name) && lineage(viewTable).includes('task')) {
      out[name] = renderJournal(state, record, name, opts.mode);
      continue;
    }
    const path = compilePath(viewTable, name, state.customFields);
    // Unknown names in sysparm_fields are dropped silently, as the instance does.
    if (path) out[name] = renderValue(state, readPath(state, record, path), opts);
  }
  return out;
}

/** `sysparm_fields=a, b,,c` → ['a','b','c']; absent or empty → undefined (all columns). */
export function parseFieldList(raw: string | null): string[] | undefined {
  const list = (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  return list.length > 0 ? list : undefined;
}
