/**
 * `savebusinessobject` and `saverelatedbusinessobject` (itsm-apis.md §5.2, §5.4): fields addressed by fieldId,
 * failures reported as `hasError` + `fieldValidationErrors` on HTTP 200 (§5.6), nothing saved when any field
 * fails.
 */
import type { SimClock, SimResponse } from '../../shared/sim-server.js';
import { findField, hexId, type SimBusOb, type SimField } from './cherwell.model.js';
import { failedOn200, NO_ERROR, ok, scalar, webApiError } from './cherwell.render.js';
import { busObById, busObOf, findRecord, findRelationship, insertRecord, type CherwellState } from './cherwell.state.js';

interface FieldIn {
  fieldId?: unknown;
  name?: unknown;
  value?: unknown;
  dirty?: unknown;
}

interface FieldValidationError {
  error: string;
  errorCode: string;
  fieldId: string;
}

export interface WriteContext {
  state: CherwellState;
  clock: SimClock;
  /** The signed-in API user; becomes CreatedBy of journal entries. */
  user: string;
}

const SAVE_SHAPE = { busObPublicId: null, busObRecId: null, cacheKey: null, fieldValidationErrors: [], notificationTriggers: [] };

/** Dirty fields resolved against `bo`, or the validation errors that stop the save. */
function resolveFields(bo: SimBusOb, raw: unknown): { values: Array<[SimField, string]>; errors: FieldValidationError[] } {
  const values: Array<[SimField, string]> = [];
  const errors: FieldValidationError[] = [];
  for (const f of Array.isArray(raw) ? (raw as FieldIn[]) : []) {
    if (f.dirty === false) continue;
    const id = typeof f.fieldId === 'string' ? f.fieldId : '';
    // Assumption: a field given only by name is accepted (clients built from templates always send fieldId).
    const field = findField(bo, id) ?? (id ? undefined : findField(bo, typeof f.name === 'string' ? f.name : undefined, true));
    if (!field) errors.push({ error: `Field ${id || String(f.name)} does not exist on ${bo.name}.`, errorCode: 'FIELDNOTFOUND', fieldId: id });
    else if (field.readOnly) errors.push({ error: `Field ${field.name} is read-only.`, errorCode: 'READONLY', fieldId: field.fieldId });
    else values.push([field, scalar(f.value)]);
  }
  return { values, errors };
}

function validationFailed(shape: Record<string, unknown>, errors: FieldValidationError[]): SimResponse {
  return failedOn200(shape, 'VALIDATIONFAILED', errors.map((e) => e.error).join(' '), { fieldValidationErrors: errors });
}

export function saveBusinessObject(ctx: WriteContext, body: unknown): SimResponse {
  if (typeof body !== 'object' || body === null) return webApiError(400, 'The request is invalid.');
  const req = body as { busObId?: unknown; busObRecId?: unknown; busObPublicId?: unknown; fields?: unknown; persist?: unknown };
  const bo = busObById(ctx.state, typeof req.busObId === 'string' ? req.busObId : undefined);
  if (!bo) return failedOn200(SAVE_SHAPE, 'BUSINESSOBJECTNOTFOUND', `Business object ${String(req.busObId)} not found`);
  const recId = typeof req.busObRecId === 'string' && req.busObRecId ? req.busObRecId : undefined;
  const publicId = typeof req.busObPublicId === 'string' && req.busObPublicId ? req.busObPublicId : undefined;
  const existing = recId ? findRecord(ctx.state, bo, 'recid', recId) : publicId ? findRecord(ctx.state, bo, 'publicid', publicId) : undefined;
  if ((recId || publicId) && !existing) return failedOn200(SAVE_SHAPE, 'RECORDNOTFOUND', 'Record not found');
  const target = existing ? busObOf(ctx.state, existing) : bo;
  const { values, errors } = resolveFields(target, req.fields);
  if (errors.length > 0) return validationFailed(SAVE_SHAPE, errors);
  // Assumption: without persist:true CSM only caches the change (cacheKey) and writes nothing (§5.2 always sends it).
  if (req.persist !== true) return ok({ ...SAVE_SHAPE, cacheKey: hexId(), ...NO_ERROR });
  const rec = existing ?? insertRecord(ctx.state, target, {});
  for (const [f, v] of values) rec.fields[f.name] = v;
  if ('LastModifiedDateTime' in rec.fields) rec.fields.LastModifiedDateTime = ctx.clock.now().toISOString();
  return ok({ ...SAVE_SHAPE, busObPublicId: rec.fields[target.publicIdField] ?? rec.recId, busObRecId: rec.recId, ...NO_ERROR });
}

interface RelatedSaveIn {
  parentBusObId?: unknown;
  parentBusObPublicId?: unknown;
  parentBusObRecId?: unknown;
  relationshipId?: unknown;
  busObId?: unknown;
  fields?: unknown;
  persist?: unknown;
}

/**
 * Creates a child over a relationship (journal notes, itsm-apis.md §5.4 Variant A). A child given as the Journal
 * group needs `JournalTypeID` = a member busObId ("Journal - Note"); a member busObId may be given directly
 * (Variant B). Assumption: a group child without a valid JournalTypeID fails validation.
 */
export function saveRelated(ctx: WriteContext, body: unknown): SimResponse {
  if (typeof body !== 'object' || body === null) return webApiError(400, 'The request is invalid.');
  const req = body as RelatedSaveIn;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const shape = { ...SAVE_SHAPE, parentBusObId: req.parentBusObId ?? null, parentBusObPublicId: req.parentBusObPublicId ?? null, parentBusObRecId: req.parentBusObRecId ?? null, relationshipId: req.relationshipId ?? null };
  const parentBo = busObById(ctx.state, str(req.parentBusObId));
  if (!parentBo) return failedOn200(shape, 'BUSINESSOBJECTNOTFOUND', 'Parent business object not found');
  const byRec = str(req.parentBusObRecId);
  const parent = byRec ? findRecord(ctx.state, parentBo, 'recid', byRec) : findRecord(ctx.state, parentBo, 'publicid', str(req.parentBusObPublicId) ?? '');
  if (!parent) return failedOn200(shape, 'RECORDNOTFOUND', 'Parent record not found');
  const rel = findRelationship(ctx.state, parentBo, str(req.relationshipId));
  if (!rel) return failedOn200(shape, 'RELATIONSHIPNOTFOUND', `Relationship ${String(req.relationshipId)} not found on ${parentBo.name}`);
  const targetBo = busObById(ctx.state, rel.target);
  const child = busObById(ctx.state, str(req.busObId));
  if (!targetBo || !rel.childKey || !child || (child !== targetBo && child.group !== targetBo)) {
    return failedOn200(shape, 'INVALIDRELATEDBUSINESSOBJECT', `Business object ${String(req.busObId)} cannot be saved over ${rel.displayName}`);
  }
  const { values, errors } = resolveFields(child, req.fields);
  let concrete = child;
  if (child.kind === 'group') {
    const typeId = values.find(([f]) => f.name === 'JournalTypeID')?.[1];
    const memberBo = child.members.find((m) => m.busObId === (typeId ?? '').toLowerCase());
    if (!memberBo) errors.push({ error: `JournalTypeID must name a ${child.name} type.`, errorCode: 'REQUIRED', fieldId: child.fields.find((f) => f.name === 'JournalTypeID')?.fieldId ?? '' });
    else concrete = memberBo;
  }
  if (errors.length > 0) return validationFailed(shape, errors);
  if (req.persist !== true) return ok({ ...shape, cacheKey: hexId(), ...NO_ERROR });
  const initial: Record<string, string> = Object.fromEntries(values.map(([f, v]) => [f.name, v]));
  initial[rel.childKey] = parent.recId;
  const auto: Record<string, string> = {
    ParentTypeID: busObOf(ctx.state, parent).busObId,
    JournalTypeID: concrete.busObId,
    JournalTypeName: concrete.displayName,
    CreatedBy: ctx.user,
    CreatedDateTime: ctx.clock.now().toISOString(),
  };
  for (const [k, v] of Object.entries(auto)) if (concrete.fields.some((f) => f.name === k)) initial[k] = v;
  const rec = insertRecord(ctx.state, concrete, initial);
  return ok({ ...shape, parentBusObPublicId: parent.fields[parentBo.publicIdField] ?? parent.recId, parentBusObRecId: parent.recId, busObPublicId: rec.recId, busObRecId: rec.recId, ...NO_ERROR });
}
