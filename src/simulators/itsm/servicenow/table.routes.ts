/**
 * `/api/now/table/{table}[/{sys_id}]`: list with encoded query, paging and display values; read, create, update
 * (PATCH and PUT alike) and delete one row (itsm-apis.md §3.2, §3.3).
 */
import type { SimRequest, SimResponse } from '../../shared/sim-server.js';
import { fieldsOf, matchesQuery, parseEncodedQuery, sortByOrder, withoutFields } from './encoded-query.js';
import { compilePath, parseDisplayMode, parseFieldList, readPath, renderRecord, type FieldPath, type RenderOptions } from './record.render.js';
import { coerceBody, createRecord, updateRecord } from './record.write.js';
import { aclDenied, invalidPayload, invalidTable, methodNotSupported, noRecord, type AclOperation } from './servicenow.errors.js';
import { isKnownTable, lineage, type SnRecord } from './servicenow.schema.js';
import { findRecord, rowsOf, type Actor, type ServiceNowSimState } from './servicenow.state.js';

export const DEFAULT_LIMIT = 10_000;

/** Table-level denials (`${table}:read|write`) and silent field-level write denials (`${table}.${column}`). */
export interface AclState {
  denied: Set<string>;
  deniedFields: Set<string>;
}

export interface TableContext {
  state: ServiceNowSimState;
  baseUrl: string;
  actor: Actor;
  acl: AclState;
  /** `glide.invalid_query.returns_no_rows`: true → a query naming an unknown field matches nothing. */
  invalidQueryReturnsNoRows: boolean;
  /** Cap on rows per page below what sysparm_limit asks (see ServiceNowSimOptions.maxPageSize). */
  maxPageSize?: number;
}

function denies(ctx: TableContext, table: string, op: 'read' | 'write'): boolean {
  return ctx.acl.denied.has(`${table}:${op}`);
}

/** A row whose own class is denied stays invisible through parent tables too (row-level ACLs). */
function classDenied(ctx: TableContext, record: SnRecord, op: 'read' | 'write'): boolean {
  return lineage(record.sys_class_name ?? '').some((t) => denies(ctx, t, op));
}

function renderOptions(ctx: TableContext, query: URLSearchParams): RenderOptions {
  return {
    mode: parseDisplayMode(query.get('sysparm_display_value')),
    excludeReferenceLink: query.get('sysparm_exclude_reference_link')?.toLowerCase() === 'true',
    fields: parseFieldList(query.get('sysparm_fields')),
    baseUrl: ctx.baseUrl,
  };
}

function intParam(query: URLSearchParams, name: string, fallback: number, min: number): number {
  const raw = query.get(name);
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n >= min ? n : fallback;
}

function matchingRows(ctx: TableContext, table: string, sysparmQuery: string): SnRecord[] {
  const query = parseEncodedQuery(sysparmQuery);
  const paths = new Map<string, FieldPath>();
  const invalid = new Set<string>();
  for (const field of fieldsOf(query)) {
    const path = compilePath(table, field, ctx.state.customFields);
    if (path) paths.set(field, path);
    else invalid.add(field);
  }
  if (ctx.invalidQueryReturnsNoRows && (invalid.size > 0 || query.unparsable.length > 0)) return [];
  const effective = withoutFields(query, invalid);
  const read = (record: SnRecord, field: string): string => {
    const path = paths.get(field);
    return path ? readPath(ctx.state, record, path).value : '';
  };
  const rows = rowsOf(ctx.state, table).filter((r) => !classDenied(ctx, r, 'read') && matchesQuery(effective, (f) => read(r, f)));
  return sortByOrder(rows, effective.orderBy, read);
}

/** RFC 5988 links as the instance sends them: first, prev, next, last, each keeping the caller's other parameters. */
function linkHeader(ctx: TableContext, req: SimRequest, limit: number, offset: number, total: number): string {
  const at = (o: number): string => {
    const q = new URLSearchParams(req.query);
    q.set('sysparm_limit', String(limit));
    q.set('sysparm_offset', String(o));
    return `<${ctx.baseUrl}${req.path}?${q.toString()}>`;
  };
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links = [`${at(0)};rel="first"`];
  if (offset > 0) links.push(`${at(Math.max(0, offset - limit))};rel="prev"`);
  if (offset + limit < total) links.push(`${at(offset + limit)};rel="next"`);
  links.push(`${at(lastOffset)};rel="last"`);
  return links.join(',');
}

function list(ctx: TableContext, req: SimRequest, table: string): SimResponse {
  if (denies(ctx, table, 'read')) return aclDenied('read');
  const rows = matchingRows(ctx, table, req.query.get('sysparm_query') ?? '');
  // sysparm_limit defaults to 10000 (itsm-apis.md §3.3, pysnow); the Link header carries the capped page size.
  const limit = Math.min(intParam(req.query, 'sysparm_limit', DEFAULT_LIMIT, 1), ctx.maxPageSize ?? Infinity);
  const offset = intParam(req.query, 'sysparm_offset', 0, 0);
  const opts = renderOptions(ctx, req.query);
  const headers: Record<string, string> = {};
  if (req.query.get('sysparm_no_count') !== 'true') headers['x-total-count'] = String(rows.length);
  if (req.query.get('sysparm_suppress_pagination_header') !== 'true') {
    headers.link = linkHeader(ctx, req, limit, offset, rows.length);
  }
  const result = rows.slice(offset, offset + limit).map((r) => renderRecord(ctx.state, table, r, opts));
  // No match is 200 with an empty array, never 404 (itsm-apis.md §3.3, §9 "HTTP 200 but failed").
  return { status: 200, headers, json: { result } };
}

function getOne(ctx: TableContext, req: SimRequest, table: string, sysId: string): SimResponse {
  if (denies(ctx, table, 'read')) return aclDenied('read');
  const record = findRecord(ctx.state, table, sysId);
  if (!record || classDenied(ctx, record, 'read')) return noRecord();
  return { status: 200, json: { result: renderRecord(ctx.state, table, record, renderOptions(ctx, req.query)) } };
}

function writeDenied(ctx: TableContext, table: string, record: SnRecord | undefined, op: AclOperation): SimResponse | undefined {
  if (denies(ctx, table, 'write') || (record && classDenied(ctx, record, 'write'))) return aclDenied(op);
  return undefined;
}

function create(ctx: TableContext, req: SimRequest, table: string): SimResponse {
  const denied = writeDenied(ctx, table, undefined, 'insert');
  if (denied) return denied;
  const body = coerceBody(req.json);
  if (!body) return invalidPayload();
  const record = createRecord(ctx.state, table, body, ctx.actor, ctx.acl.deniedFields);
  return { status: 201, json: { result: renderRecord(ctx.state, table, record, renderOptions(ctx, req.query)) } };
}

function update(ctx: TableContext, req: SimRequest, table: string, sysId: string): SimResponse {
  const record = findRecord(ctx.state, table, sysId);
  const denied = writeDenied(ctx, table, record, 'update');
  if (denied) return denied;
  if (!record || classDenied(ctx, record, 'read')) return noRecord();
  const body = coerceBody(req.json);
  if (!body) return invalidPayload();
  updateRecord(ctx.state, table, record, body, ctx.actor, ctx.acl.deniedFields);
  return { status: 200, json: { result: renderRecord(ctx.state, table, record, renderOptions(ctx, req.query)) } };
}

function remove(ctx: TableContext, table: string, sysId: string): SimResponse {
  const record = findRecord(ctx.state, table, sysId);
  const denied = writeDenied(ctx, table, record, 'delete');
  if (denied) return denied;
  if (!record) return noRecord();
  const rows = ctx.state.tables.get(record.sys_class_name ?? table) ?? [];
  rows.splice(rows.indexOf(record), 1);
  return { status: 204 };
}

export function handleTable(ctx: TableContext, req: SimRequest, table: string, sysId: string | undefined): SimResponse {
  if (!isKnownTable(table)) return invalidTable(table);
  if (sysId === undefined) {
    if (req.method === 'GET') return list(ctx, req, table);
    if (req.method === 'POST') return create(ctx, req, table);
    return methodNotSupported();
  }
  switch (req.method) {
    case 'GET':
      return getOne(ctx, req, table, sysId);
    case 'PATCH':
    case 'PUT':
      return update(ctx, req, table, sysId);
    case 'DELETE':
      return remove(ctx, table, sysId);
    default:
      return methodNotSupported();
  }
}
