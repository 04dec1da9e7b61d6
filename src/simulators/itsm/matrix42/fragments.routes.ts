/**
 * The generic fragments data service (itsm-apis.md §6.2): list with `where`/`columns`/`sort`/`pageSize`/
 * `pageNumber`, read one fragment, update a fragment. Parameter names are case-insensitive like ASP.NET's.
 */
import type { SimRequest, SimResponse } from '../../shared/sim-server.js';
import { compileWhere, project, sortRows, type Language } from './asql.eval.js';
import { AsqlError, parseColumns, parseSort, parseWhere } from './asql.parser.js';
import { attrDef, ddName, fragmentsOf, renderFragment, timeStampOf, type Fragment, type Store, type Value } from './matrix42.model.js';

export interface RouteContext {
  store: Store;
  lang: Language;
  now: Date;
  /** SPSUserClassBase id of the API token's owner: the `Creator` of what the bot writes. */
  actorId: string;
  /** Writes answer 200 + `null` and change nothing (a tenant refusing a write silently, §6.6). */
  silentReject: boolean;
  /** Largest page the server hands out (undefined: as asked). */
  maxPageSize?: number;
  /** The server ignores pageSize/pageNumber and returns every row each time (§6.6: "some servers ignore paging"). */
  ignorePaging: boolean;
}

/** ASQL and server errors carry no useful detail on a real tenant (§6.6); neither do ours. */
export function serverError(): SimResponse {
  return { status: 500, json: { Message: 'An error has occurred.' } };
}

export function badRequest(message: string): SimResponse {
  return { status: 400, json: { Message: message } };
}

export const nullBody = (): SimResponse => ({ status: 200, text: 'null', headers: { 'content-type': 'application/json; charset=utf-8' } });

export function param(q: URLSearchParams, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of q) if (k.toLowerCase() === lower) return v;
  return undefined;
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const raw = param(q, name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) throw new AsqlError(`${name} is not a number`);
  return Number(raw);
}

export function listFragments(ctx: RouteContext, rawDd: string, q: URLSearchParams): SimResponse {
  const dd = ddName(ctx.store.schema, rawDd);
  if (!dd) return serverError();
  try {
    const where = param(q, 'where');
    const test = where?.trim() ? compileWhere(ctx.store, dd, parseWhere(where), ctx.lang) : () => true;
    const columnsText = param(q, 'columns');
    const columns = columnsText?.trim() ? parseColumns(columnsText) : [];
    // Default order is by ID, which keeps paging stable (Matrix42 sorts by ID, itsm-apis.md §6.6).
    const matching = fragmentsOf(ctx.store, dd)
      .filter(test)
      .sort((a, b) => (a.ID < b.ID ? -1 : a.ID > b.ID ? 1 : 0));
    const projected = project(ctx.store, dd, columns, matching, ctx.lang);
    let rows = projected.rows;
    const sort = param(q, 'sort');
    if (sort?.trim()) rows = sortRows(rows, parseSort(sort), projected.keys);
    const pageSize = intParam(q, 'pageSize');
    // pageNumber counts from 0 (assumption, itsm-apis.md §6.6 only names the parameters).
    const pageNumber = intParam(q, 'pageNumber') ?? 0;
    if (ctx.ignorePaging) return { status: 200, json: rows };
    const size = Math.min(pageSize ?? rows.length, ctx.maxPageSize ?? Number.MAX_SAFE_INTEGER);
    return { status: 200, json: size > 0 ? rows.slice(pageNumber * size, pageNumber * size + size) : [] };
  } catch (err) {
    if (err instanceof AsqlError) return serverError();
    throw err;
  }
}

/** `GET data/fragments/{DD}/{id}`: the whole fragment, or `null` when it does not exist or is hidden. */
export function readFragment(ctx: RouteContext, rawDd: string, id: string): SimResponse {
  const dd = ddName(ctx.store.schema, rawDd);
  const frag = ctx.store.fragments.get(id);
  if (!dd || frag?.dd !== dd) return nullBody();
  return { status: 200, json: renderFragment(ctx.store, frag) };
}

const SYSTEM_KEYS = new Set(['id', 'timestamp']);

/**
 * Checks a body of attribute values for one fragment; returns the error to answer, or the values keyed by the
 * schema's spelling. `UsedInType…` pointers are read-only and ignored.
 */
export function checkValues(store: Store, dd: string, body: Record<string, unknown>): { error: SimResponse } | { values: Record<string, Value> } {
  const out: Record<string, Value> = {};
  for (const [k, raw] of Object.entries(body)) {
    if (SYSTEM_KEYS.has(k.toLowerCase()) || /^UsedInType/i.test(k)) continue;
    const def = attrDef(store.schema, dd, k);
    if (!def) return { error: badRequest(`Class ${dd} does not contain attribute ${k}`) };
    if (raw !== null && !['string', 'number', 'boolean'].includes(typeof raw)) return { error: badRequest(`The value of ${def.name} is not valid.`) };
    if (def.kind === 'ref' && raw !== null && typeof raw !== 'string') return { error: badRequest(`The value of ${def.name} must be an id.`) };
    out[def.name] = raw as Value;
  }
  return { values: out };
}

/** A stale TimeStamp in an update is refused (optimistic concurrency; the status is our assumption, §6.2). */
export function staleTimeStamp(frag: Fragment, body: Record<string, unknown>): SimResponse | undefined {
  const key = Object.keys(body).find((k) => k.toLowerCase() === 'timestamp');
  const given = key ? body[key] : undefined;
  if (given === undefined || given === null || given === timeStampOf(frag)) return undefined;
  return { status: 409, json: { Message: 'The object has been changed by another user. Reload it and try again.' } };
}

/** `PUT data/fragments/{DD}` {ID, TimeStamp?, attr…}: changes only the attributes given. */
export function updateFragment(ctx: RouteContext, rawDd: string, req: SimRequest): SimResponse {
  const dd = ddName(ctx.store.schema, rawDd);
  if (!dd) return serverError();
  const body = req.json;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return badRequest('The request body is not valid.');
  const b = body as Record<string, unknown>;
  const idKey = Object.keys(b).find((k) => k.toLowerCase() === 'id');
  const frag = idKey && typeof b[idKey] === 'string' ? ctx.store.fragments.get(b[idKey]) : undefined;
  if (!frag || frag.dd !== dd) return { status: 404, json: { Message: `Fragment of ${dd} not found.` } };
  const checked = checkValues(ctx.store, dd, b);
  if ('error' in checked) return checked.error;
  const stale = staleTimeStamp(frag, b);
  if (stale) return stale;
  if (ctx.silentReject) return nullBody();
  Object.assign(frag.attrs, checked.values);
  frag.version++;
  return { status: 204 };
}
