/** ServiceNow Table API shapes (itsm-apis.md §3.2, §3.3). Never leave this folder. */

/** One column with `sysparm_display_value=all`: the stored value and what the UI shows (state code vs label). */
export interface SnField {
  value: string;
  display_value: string;
}

/**
 * One record. Keys are the requested `sysparm_fields`, dot-walked ones included (`assigned_to.email`); a field the
 * instance does not know is simply absent (ServiceNow drops unknown `sysparm_fields` without an error).
 */
export type SnRow = Record<string, SnField | string | undefined>;

/** Every Table API answer wraps its payload in `result` (a list for queries, one record for reads and writes). */
export interface SnResult<T> {
  result?: T;
}
