/**
 * Object-level reads and writes (`data/objects/{CI}`, itsm-apis.md §6.2) and `journal/Add` (§6.4). An object is
 * rendered keyed by DD name: single DDs as one fragment, list DDs (the journal `SPSActivityClassUnitOfWork`) as
 * arrays. A PUT that adds list rows without an ID creates them: that is the portable journal path (§6.4 path 3).
 */
import type { SimRequest, SimResponse } from '../../shared/sim-server.js';
import { badRequest, checkValues, nullBody, staleTimeStamp, type RouteContext } from './fragments.routes.js';
import { addFragment, ciName, renderFragment, type M42Object, type Value } from './matrix42.model.js';

export const JOURNAL_DD = 'SPSActivityClassUnitOfWork';

/** How this tenant's `journal/Add` behaves; the contract is disputed between public clients (§6.4, §10 q1). */
export type JournalAddContract = 'rich' | 'shell' | 'absent';

function findObject(ctx: RouteContext, rawCi: string, id: unknown): M42Object | undefined {
  const ci = ciName(ctx.store.schema, rawCi);
  const obj = typeof id === 'string' ? ctx.store.objects.get(id) : undefined;
  return ci && obj?.ci === ci ? obj : undefined;
}

export function renderObject(ctx: RouteContext, obj: M42Object): Record<string, unknown> {
  const out: Record<string, unknown> = { ID: obj.id };
  for (const part of ctx.store.schema.cis.get(obj.ci) ?? []) {
    const frags = (obj.parts.get(part.dd) ?? []).flatMap((id) => {
      const f = ctx.store.fragments.get(id);
      return f ? [renderFragment(ctx.store, f)] : [];
    });
    out[part.dd] = part.list ? frags : (frags[0] ?? null);
  }
  return out;
}

/** `GET data/objects/{CI}/{id}?full=true`; `null` for an unknown or hidden object (like fragments, §6.2). */
export function readObject(ctx: RouteContext, rawCi: string, id: string): SimResponse {
  const obj = findObject(ctx, rawCi, id);
  return obj ? { status: 200, json: renderObject(ctx, obj) } : nullBody();
}

/** Boolean-ish journal flags arrive as true/false or 1/0 depending on the client (§6.4 uses both). */
function flag(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true';
}

function journalDefaults(ctx: RouteContext, values: Record<string, Value>): Record<string, Value> {
  return {
    CreatedDate: ctx.now.toISOString(),
    Creator: ctx.actorId,
    ActivityAction: 0,
    EntryType: 0,
    ...values,
    VisibleInPortal: flag(values.VisibleInPortal),
  };
}

/**
 * `PUT data/objects/{CI}?full=true` with the whole object. Checked completely before anything changes; list
 * rows that are left out are kept (assumption: the public CLI only ever appends, §6.4).
 */
export function updateObject(ctx: RouteContext, rawCi: string, req: SimRequest): SimResponse {
  const body = req.json;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return badRequest('The request body is not valid.');
  const b = body as Record<string, unknown>;
  const obj = findObject(ctx, rawCi, b.ID);
  if (!obj) return { status: 404, json: { Message: 'Object not found.' } };
  const parts = ctx.store.schema.cis.get(obj.ci) ?? [];
  const changes: Array<() => void> = [];
  for (const [key, section] of Object.entries(b)) {
    if (key.toLowerCase() === 'id' || section === null || section === undefined) continue;
    const part = parts.find((p) => p.dd.toLowerCase() === key.toLowerCase());
    if (!part) return badRequest(`Configuration item ${obj.ci} does not contain data definition ${key}`);
    const rows = part.list ? section : [section];
    if (!Array.isArray(rows)) return badRequest(`${part.dd} must be a list.`);
    for (const row of rows) {
      if (!row || typeof row !== 'object') return badRequest(`${part.dd} rows must be objects.`);
      const r = row as Record<string, unknown>;
      const checked = checkValues(ctx.store, part.dd, r);
      if ('error' in checked) return checked.error;
      const existingId = part.list ? r.ID : obj.parts.get(part.dd)?.[0];
      const existing = typeof existingId === 'string' ? ctx.store.fragments.get(existingId) : undefined;
      if (existing && existing.objectId !== obj.id) return badRequest(`${part.dd} row ${String(existingId)} belongs to another object.`);
      if (existing) {
        const stale = staleTimeStamp(existing, r);
        if (stale) return stale;
        changes.push(() => {
          Object.assign(existing.attrs, checked.values);
          existing.version++;
        });
      } else if (part.list && (r.ID === undefined || r.ID === null)) {
        changes.push(() => void addFragment(ctx.store, obj, part.dd, part.dd === JOURNAL_DD ? journalDefaults(ctx, checked.values) : checked.values));
      } else {
        return badRequest(`${part.dd} row ${String(r.ID)} not found.`);
      }
    }
  }
  if (ctx.silentReject) return nullBody();
  for (const change of changes) change();
  return { status: 204 };
}

/**
 * `POST journal/Add`. 'rich' (sus-tech-gmbh/matrix42-mcp): {ObjectId, Comments, VisibleInPortal, Publish,
 * EntryType} → {JournalId}; where the text lands (OriginalSolutionHtml) is our assumption. 'shell' (the public CLI):
 * {TypeId, ObjectId, TargetObjectId} → an empty row to fill by fragment PUT. 'absent': the route does not exist.
 */
export function journalAdd(ctx: RouteContext, contract: JournalAddContract, req: SimRequest): SimResponse {
  if (contract === 'absent') return { status: 404, json: { Message: `No HTTP resource was found that matches the request URI '${req.path}'.` } };
  const body = req.json;
  if (!body || typeof body !== 'object' || Array.isArray(body)) return badRequest('The request body is not valid.');
  const b = body as Record<string, unknown>;
  if (contract === 'shell' && (typeof b.TypeId !== 'string' || typeof b.TargetObjectId !== 'string')) return badRequest('TypeId and TargetObjectId are required.');
  const obj = typeof b.ObjectId === 'string' ? ctx.store.objects.get(b.ObjectId) : undefined;
  if (!obj?.parts.has(JOURNAL_DD)) return badRequest('The object does not exist or has no journal.');
  if (contract === 'rich' && typeof b.Comments !== 'string') return badRequest('Comments are required.');
  if (ctx.silentReject) return nullBody();
  const values: Record<string, Value> =
    contract === 'rich'
      ? // Publish also shows the entry in the portal (matrix42-mcp sets both together; our reading, §6.4).
        { OriginalSolutionHtml: b.Comments as string, VisibleInPortal: flag(b.VisibleInPortal) || flag(b.Publish), EntryType: typeof b.EntryType === 'number' ? b.EntryType : 0 }
      : { OriginalSolutionHtml: null, VisibleInPortal: false };
  const row = addFragment(ctx.store, obj, JOURNAL_DD, journalDefaults(ctx, values));
  return { status: 200, json: { JournalId: row.ID } };
}
