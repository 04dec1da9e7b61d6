/**
 * Table API calls on top of the shared ITSM HTTP client: list (one page or all pages), update one record. Shapes are
 * checked here, so the rest of the folder works with rows, never with raw answers.
 */
import { ConnectorError } from '../../core/errors.js';
import type { HttpResult } from '../../upstream/http.js';
import { itsmInvalid } from '../itsm.errors.js';
import type { ItsmHttp } from '../itsm.http.js';
import type { SnResult, SnRow } from './servicenow.api-types.js';
import { MAX_PAGES, PAGE_SIZE, TABLE_API, isIdentifier, nextOffset, val } from './servicenow.mapping.js';

/** Vendor key on ConnectorErrors and the name users read in messages. */
export const VENDOR = 'servicenow';
export const NAME = 'ServiceNow';

/** The Table API operations the connector uses, with answers already checked for shape. */
export interface SnTable {
  /** One page of rows; display values on (`all`), reference links off. */
  rows(table: string, params: Record<string, string>, what: string): Promise<SnRow[]>;
  /** Every row of a query, page by page (sysparm_limit / sysparm_offset, following Link rel="next"). */
  allRows(table: string, params: Record<string, string>, what: string): Promise<SnRow[]>;
  /**
   * PATCH one record; the updated record as the instance returns it, undefined when the record does not exist.
   * `idempotent` only for writes that set a value (never for work notes, which append).
   */
  patch(table: string, sysId: string, body: Record<string, string>, params: Record<string, string>, what: string, idempotent?: boolean): Promise<SnRow | undefined>;
}

function tablePath(table: string): string {
  // Table names come from our own mapping or from records the instance gave us; never from users.
  if (!isIdentifier(table)) throw new ConnectorError('itsm.invalid_response', `${NAME} named a table the bot cannot use.`, { vendor: VENDOR, reached: true, details: { table } });
  return `${TABLE_API}/${table}`;
}

/** Table API access over the shared ITSM HTTP client (which owns time limits, retries and error translation). */
export function createSnTable(http: ItsmHttp): SnTable {
  function resultOf<T>(res: HttpResult, what: string, check: (r: unknown) => r is T): T {
    const result = (res.json as SnResult<unknown> | undefined)?.result;
    if (!check(result)) throw itsmInvalid(VENDOR, NAME, what, `not a Table API result: ${res.text.slice(0, 200)}`, res.status);
    return result;
  }
  const isRows = (r: unknown): r is SnRow[] => Array.isArray(r);
  const isRow = (r: unknown): r is SnRow => typeof r === 'object' && r !== null && !Array.isArray(r);

  async function page(table: string, params: Record<string, string>, what: string): Promise<{ rows: SnRow[]; link: string | undefined }> {
    const q = new URLSearchParams({ sysparm_display_value: 'all', sysparm_exclude_reference_link: 'true', ...params });
    const res = await http.get(`${tablePath(table)}?${q.toString()}`, what);
    return { rows: resultOf(res, what, isRows), link: res.headers.link };
  }

  return {
    rows: async (table, params, what) => (await page(table, params, what)).rows,

    async allRows(table, params, what) {
      const out: SnRow[] = [];
      const seen = new Set<string>();
      let offset = 0;
      for (let n = 0; n < MAX_PAGES; n++) {
        const { rows, link } = await page(table, { ...params, sysparm_limit: String(PAGE_SIZE), sysparm_offset: String(offset) }, what);
        const fresh = rows.filter((r) => {
          const id = val(r, 'sys_id');
          return id === undefined || !seen.has(id);
        });
        // An empty page, or one that repeats rows already seen, means the instance is not paging any further.
        if (fresh.length === 0) break;
        for (const r of fresh) {
          const id = val(r, 'sys_id');
          if (id) seen.add(id);
          out.push(r);
        }
        const next = nextOffset(link);
        if (next !== undefined) {
          if (next <= offset) break;
          offset = next;
          continue;
        }
        // No Link header (suppressed by a proxy or the instance): a short page is the last one. An instance that
        // caps pages below sysparm_limit does send Link, which is why that is followed first.
        if (link !== undefined || rows.length < PAGE_SIZE) break;
        offset += rows.length;
      }
      return out;
    },

    async patch(table, sysId, body, params, what, idempotent = false) {
      const q = new URLSearchParams(params).toString();
      const res = await http.call('PATCH', `${tablePath(table)}/${encodeURIComponent(sysId)}${q ? `?${q}` : ''}`, what, { body, pass: [404], idempotent });
      if (res.status === 404) return undefined;
      return resultOf(res, what, isRow);
    },
  };
}
