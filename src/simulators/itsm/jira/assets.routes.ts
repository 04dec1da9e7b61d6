/**
 * Jira Assets REST API v1 under `…/jsm/assets/workspace/{workspaceId}/v1/` (itsm-apis.md §4.2): AQL search with
 * startAt/maxResults/isLast paging, one object (GET, PUT), an object type's attributes. Served on the site gateway
 * path `/gateway/api/jsm/assets/…` and on the api.atlassian.com form `/jsm/assets/…` alike.
 */
import type { SimRequest, SimResponse } from '../../shared/sim-server.js';
import { AqlError, attributesOf, matchesAql, parseAql } from './aql.js';
import { jiraError, methodNotAllowed, notFoundPath } from './jira.errors.js';
import { intParam, labelOf, objectValues, type JiraContext, type SimObject, type SimObjectType } from './jira.state.js';

export const ASSETS_PATH = /^\/(?:gateway\/api\/)?jsm\/assets\/workspace\/([^/]+)\/v1(\/.*)$/;
const SPECIAL = new Set(['objecttype', 'objecttypeid', 'objectid']);

function renderType(ctx: JiraContext, t: SimObjectType): Record<string, unknown> {
  const ws = ctx.state.workspaceId;
  const count = [...ctx.state.objects.values()].filter((o) => o.typeId === t.id).length;
  return { workspaceId: ws, globalId: `${ws}:${t.id}`, id: t.id, name: t.name, type: 0, description: '', icon: { id: '1', name: t.name }, position: 0, objectCount: count, objectSchemaId: t.schemaId, inherited: false, abstractObjectType: false, parentObjectTypeInherited: false };
}

function renderAttributeDef(ctx: JiraContext, t: SimObjectType, index: number): Record<string, unknown> {
  const a = t.attributes[index];
  if (!a) return {};
  const ws = ctx.state.workspaceId;
  return {
    workspaceId: ws,
    globalId: `${ws}:${a.id}`,
    id: a.id,
    objectType: renderType(ctx, t),
    name: a.name,
    label: a.label === true,
    type: 0,
    defaultType: { id: a.name === 'Created' || a.name === 'Updated' ? 6 : 0, name: a.name === 'Created' || a.name === 'Updated' ? 'DateTime' : 'Text' },
    editable: !a.system,
    system: a.system === true,
    sortable: true,
    summable: false,
    indexed: true,
    minimumCardinality: a.label ? 1 : 0,
    maximumCardinality: 1,
    removable: !a.system && !a.label,
    hidden: false,
    includeChildObjectTypes: false,
    uniqueAttribute: false,
    options: '',
    position: index,
  };
}

export function renderObject(ctx: JiraContext, obj: SimObject, withAttributes = true): Record<string, unknown> {
  const ws = ctx.state.workspaceId;
  const type = ctx.state.objectTypes.get(obj.typeId);
  const attributes = (type?.attributes ?? []).flatMap((a) => {
    const values = objectValues(ctx.state, obj, a.name) ?? [];
    if (values.length === 0) return [];
    const id = `${obj.id}${a.id}`;
    return [{ workspaceId: ws, globalId: `${ws}:${id}`, id, objectTypeAttributeId: a.id, objectAttributeValues: values.map((v) => ({ value: v, searchValue: v, referencedType: false, displayValue: v })), objectId: obj.id }];
  });
  return {
    workspaceId: ws,
    globalId: `${ws}:${obj.id}`,
    id: obj.id,
    label: labelOf(ctx.state, obj),
    objectKey: obj.objectKey,
    avatar: { workspaceId: ws, globalId: `${ws}:${obj.id}`, objectId: obj.id },
    ...(type ? { objectType: renderType(ctx, type) } : {}),
    created: obj.created.toISOString(),
    updated: obj.updated.toISOString(),
    hasAvatar: false,
    timestamp: obj.updated.getTime(),
    ...(withAttributes ? { attributes } : {}),
    _links: { self: `${ctx.base}/jira/servicedesk/assets/object-schema/${type?.schemaId ?? ''}?objectId=${obj.id}` },
  };
}

/**
 * Unknown attribute names and object type names are refused with 400 rather than matching nothing (assumption:
 * Assets validates AQL against the schema; the exact wording is ours).
 */
function search(ctx: JiraContext, req: SimRequest): SimResponse {
  const qlQuery = (req.json as { qlQuery?: unknown } | undefined)?.qlQuery;
  if (typeof qlQuery !== 'string') return jiraError(400, [], { qlQuery: 'qlQuery is required' });
  let tree;
  try {
    tree = parseAql(qlQuery);
  } catch (err) {
    if (err instanceof AqlError) return jiraError(400, [`AQL: ${err.message}`]);
    throw err;
  }
  const types = [...ctx.state.objectTypes.values()];
  for (const name of attributesOf(tree)) {
    const lower = name.toLowerCase();
    if (!SPECIAL.has(lower) && !types.some((t) => t.attributes.some((a) => a.name.toLowerCase() === lower))) return jiraError(400, [`AQL: No attribute with the name "${name}" exists`]);
  }
  const typeNames = (node: typeof tree): string[] =>
    node.kind === 'term' ? (node.attribute.toLowerCase() === 'objecttype' ? node.values : []) : [...typeNames(node.left), ...typeNames(node.right)];
  for (const t of typeNames(tree)) if (!types.some((x) => x.name.toLowerCase() === t.toLowerCase())) return jiraError(400, [`AQL: Object type "${t}" does not exist`]);

  const matching = [...ctx.state.objects.values()].filter((o) => matchesAql(tree, (attr) => objectValues(ctx.state, o, attr))).sort((a, b) => Number(a.id) - Number(b.id));
  const startAt = intParam(req.query, 'startAt', 0);
  const maxResults = Math.max(1, Math.min(intParam(req.query, 'maxResults', 25), ctx.pageSize));
  const withAttributes = req.query.get('includeAttributes') !== 'false';
  const page = matching.slice(startAt, startAt + maxResults);
  const pageTypes = [...new Set(page.map((o) => o.typeId))].flatMap((id) => {
    const t = ctx.state.objectTypes.get(id);
    return t ? t.attributes.map((_, i) => renderAttributeDef(ctx, t, i)) : [];
  });
  const isLast = startAt + page.length >= matching.length;
  return { status: 200, json: { startAt, maxResults, total: matching.length, isLast, values: page.map((o) => renderObject(ctx, o, withAttributes)), objectTypeAttributes: pageTypes, hasMoreResults: !isLast, last: isLast } };
}

/** `{objectTypeId, attributes:[{objectTypeAttributeId, objectAttributeValues:[{value}]}]}`; `[]` clears a value. */
function update(ctx: JiraContext, obj: SimObject, req: SimRequest): SimResponse {
  const body = req.json as { objectTypeId?: unknown; attributes?: unknown } | undefined;
  const type = ctx.state.objectTypes.get(obj.typeId);
  if (!body || !type) return jiraError(400, ['Invalid request payload.']);
  if (String(body.objectTypeId) !== obj.typeId) return jiraError(400, [], { objectTypeId: `The object type ${String(body.objectTypeId)} is not the type of object ${obj.objectKey}` });
  if (!Array.isArray(body.attributes)) return jiraError(400, [], { attributes: 'attributes must be a list' });
  const changes = new Map<string, string[]>();
  for (const raw of body.attributes as unknown[]) {
    const a = raw as { objectTypeAttributeId?: unknown; objectAttributeValues?: unknown } | null;
    const def = type.attributes.find((d) => d.id === String(a?.objectTypeAttributeId));
    if (!def) return jiraError(400, [], { [String(a?.objectTypeAttributeId)]: 'No such attribute on this object type' });
    if (def.system) return jiraError(400, [], { [def.id]: `The attribute ${def.name} cannot be changed` });
    if (!Array.isArray(a?.objectAttributeValues)) return jiraError(400, [], { [def.id]: 'objectAttributeValues must be a list' });
    const values = (a.objectAttributeValues as Array<{ value?: unknown } | null>).map((v) => v?.value).filter((v) => v !== undefined && v !== null && v !== '').map(String);
    if (def.label && values.length === 0) return jiraError(400, [], { [def.id]: `${def.name} is required` });
    changes.set(def.id, values);
  }
  for (const [id, values] of changes) {
    if (values.length) obj.values.set(id, values);
    else obj.values.delete(id);
  }
  obj.updated = ctx.now;
  return { status: 200, json: renderObject(ctx, obj) };
}

export function handleAssets(ctx: JiraContext, req: SimRequest, workspaceId: string, rest: string): SimResponse {
  if (!ctx.assets || decodeURIComponent(workspaceId) !== ctx.state.workspaceId) return jiraError(404, ['Workspace not found or Assets is not available on this site.']);
  if (/^\/object\/aql\/?$/.test(rest)) return req.method === 'POST' ? search(ctx, req) : methodNotAllowed();
  const object = /^\/object\/([^/]+)\/?$/.exec(rest);
  if (object?.[1]) {
    const obj = ctx.state.objects.get(decodeURIComponent(object[1]));
    if (!obj) return jiraError(404, [`The object with id ${decodeURIComponent(object[1])} was not found`]);
    if (req.method === 'GET') return { status: 200, json: renderObject(ctx, obj) };
    if (req.method === 'PUT') return update(ctx, obj, req);
    return methodNotAllowed();
  }
  const attrs = /^\/objecttype\/([^/]+)\/attributes\/?$/.exec(rest);
  if (attrs?.[1]) {
    const type = ctx.state.objectTypes.get(decodeURIComponent(attrs[1]));
    if (!type) return jiraError(404, [`The object type with id ${decodeURIComponent(attrs[1])} was not found`]);
    return req.method === 'GET' ? { status: 200, json: type.attributes.map((_, i) => renderAttributeDef(ctx, type, i)) } : methodNotAllowed();
  }
  return notFoundPath();
}
