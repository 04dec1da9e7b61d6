/** ServiceNow Table API shapes with `sysparm_display_value=all` (itsm-apis.md §3.2). */
export interface SnField {
  value: string;
  display_value: string;
}

export type SnRow = Record<string, SnField | string | undefined>;

export interface SnResult<T> {
  result?: T;
}
