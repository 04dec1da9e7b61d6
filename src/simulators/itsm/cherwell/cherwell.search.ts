/**
 * `POST /api/V1/getsearchresults` (ad-hoc search): filters on the same field are ORed, filters on different
 * fields ANDed (CSM REST docs, "Using Search Operations"), operators eq/gt/lt/contains/startswith, 1-based
 * `pageNumber` + `pageSize`, `totalRows` (itsm-apis.md §5.2, §5.6).
 */
import type { SimResponse } from '../../shared/sim-server.js';
import { findField, type SimBusOb, type SimField, type SimRecord } from './cherwell.model.js';
import { failedOn200, NO_ERROR, ok, readResponse, scalar, webApiError } from './cherwell.render.js';
import { busObById, recordsOf, type CherwellState } from './cherwell.state.js';

/**
 * Page size when the request names none. Assumption: the docs do not give CSM's default; 200 keeps demo
 * searches on one page while `pageSize` (simulator option) can force small pages.
 */
export const DEFAULT_PAGE_SIZE = 200;

interface FilterInfo {
  fieldId?: unknown;
  operator?: unknown;
  value?: unknown;
}

const OPERATORS = ['eq', 'gt', 'lt', 'contains', 'startswith'] as const;
type Operator = (typeof OPERATORS)[number];

const asNumber = (v: string): number | undefined => (/^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : undefined);

/**
 * Text comparisons ignore case. Assumption: CSM runs on SQL Server with its default case-insensitive collation
 * (itsm-apis.md is silent). Values are literal: `%` or `'` in a value match those characters, nothing more.
 */
function test(op: Operator, actual: string, wanted: string): boolean {
  const a = actual.toLowerCase();
  const w = wanted.toLowerCase();
  if (op === 'eq') return a === w;
  if (op === 'contains') return a.includes(w);
  if (op === 'startswith') return a.startsWith(w);
  const an = asNumber(actual);
  const wn = asNumber(wanted);
  const cmp = an !== undefined && wn !== undefined ? an - wn : a.localeCompare(w);
  return op === 'gt' ? cmp > 0 : cmp < 0;
}

/** Pages a list the way search and related reads do; `cap` is the simulator's forced maximum page size. */
export function page<T>(items: T[], pageNumber: unknown, pageSize: unknown, cap: number | undefined): { rows: T[]; pageNumber: number; pageSize: number } {
  const num = typeof pageNumber === 'number' && pageNumber >= 1 ? Math.floor(pageNumber) : 1;
  let size = typeof pageSize === 'number' && pageSize >= 1 ? Math.floor(pageSize) : DEFAULT_PAGE_SIZE;
  if (cap !== undefined) size = Math.min(size, cap);
  return { rows: items.slice((num - 1) * size, num * size), pageNumber: num, pageSize: size };
}

const EMPTY_RESULT = { businessObjects: [], hasPrompts: false, links: [], prompts: [], searchResultsFields: [], simpleResults: null, totalRows: 0 };

export function handleSearch(state: CherwellState, body: unknown, pageSizeCap: number | undefined): SimResponse {
  if (typeof body !== 'object' || body === null) return webApiError(400, 'The request is invalid.');
  const req = body as { busObId?: unknown; filters?: unknown; fields?: unknown; includeAllFields?: unknown; pageNumber?: unknown; pageSize?: unknown; sorting?: unknown };
  const bo = busObById(state, typeof req.busObId === 'string' ? req.busObId : undefined);
  if (!bo) return failedOn200(EMPTY_RESULT, 'BUSINESSOBJECTNOTFOUND', `Business object ${String(req.busObId)} not found`);

  const groups = new Map<SimField, Array<{ op: Operator; value: string }>>();
  for (const raw of Array.isArray(req.filters) ? (req.filters as FilterInfo[]) : []) {
    const field = findField(bo, typeof raw.fieldId === 'string' ? raw.fieldId : undefined);
    if (!field) return failedOn200(EMPTY_RESULT, 'FIELDNOTFOUND', `Field ${String(raw.fieldId)} not found on ${bo.name}`);
    const op = OPERATORS.find((o) => o === String(raw.operator).toLowerCase());
    if (!op) return failedOn200(EMPTY_RESULT, 'INVALIDFILTER', `Operator ${String(raw.operator)} is not supported`);
    groups.set(field, [...(groups.get(field) ?? []), { op, value: scalar(raw.value) }]);
  }
  let matches = recordsOf(state, bo).filter((rec) => [...groups].every(([f, conds]) => conds.some((c) => test(c.op, rec.fields[f.name] ?? '', c.value))));
  matches = sortRecords(bo, matches, req.sorting);

  const select = selection(bo, req.fields, req.includeAllFields === true);
  const { rows } = page(matches, req.pageNumber, req.pageSize, pageSizeCap);
  let out = rows;
  if (state.emptyPages > 0 && matches.length > 0) {
    // CSM bug SR-152489 (itsm-apis.md §5.6, M): totalRows > 0 while businessObjects comes back empty.
    state.emptyPages -= 1;
    out = [];
  }
  return ok({ ...EMPTY_RESULT, businessObjects: out.map((r) => readResponse(state, r, select)), totalRows: matches.length, ...NO_ERROR });
}

function selection(bo: SimBusOb, fields: unknown, all: boolean): ((f: SimField) => boolean) | undefined {
  if (all) return undefined;
  if (Array.isArray(fields) && fields.length > 0) {
    const wanted = new Set(fields.map((k) => (typeof k === 'string' ? findField(bo, k)?.fieldId : undefined)).filter(Boolean));
    return (f) => wanted.has(f.fieldId);
  }
  // Neither fields nor includeAllFields: the BO's default grid, here its first few columns.
  const grid = new Set(bo.fields.slice(0, 5).map((f) => f.fieldId));
  return (f) => grid.has(f.fieldId);
}

function sortRecords(bo: SimBusOb, recs: SimRecord[], sorting: unknown): SimRecord[] {
  if (!Array.isArray(sorting)) return recs;
  const keys = (sorting as Array<{ fieldId?: unknown; sortDirection?: unknown }>)
    .map((s) => ({ field: findField(bo, typeof s.fieldId === 'string' ? s.fieldId : undefined), dir: s.sortDirection === -1 ? -1 : 1 }))
    .filter((k): k is { field: SimField; dir: 1 | -1 } => k.field !== undefined);
  return [...recs].sort((a, b) => {
    for (const k of keys) {
      const c = (a.fields[k.field.name] ?? '').localeCompare(b.fields[k.field.name] ?? '');
      if (c !== 0) return c * k.dir;
    }
    return 0;
  });
}
