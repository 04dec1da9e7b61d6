/**
 * Read operations of the CSM REST API (itsm-apis.md §5.2): BO summaries, schema with relationships, records by
 * public id or RecID, related records, users by RecID.
 */
import type { SimRequest, SimResponse } from '../../shared/sim-server.js';
import { failedOn200, NO_ERROR, ok, readResponse, schemaResponse, summary } from './cherwell.render.js';
import { page } from './cherwell.search.js';
import { busObById, busObByName, busObOf, findRecord, findRelationship, relatedRecords, type CherwellState } from './cherwell.state.js';

/** Path segments after the operation name, read as key/value pairs: `busobid/{id}/publicid/{n}`. */
export type PathParams = Record<string, string>;

const EMPTY_READ = { busObId: null, busObPublicId: null, busObRecId: null, fields: [], links: [] };

/**
 * Unknown BO names answer with an empty array. Assumption: itsm-apis.md §5.2 shows only the success shape
 * (an array whose [0] is the summary); an empty list is what a client must already handle.
 */
export function getSummary(state: CherwellState, name: string): SimResponse {
  const bo = busObByName(state, name);
  return ok(bo ? [summary(bo)] : []);
}

export function getSummaries(state: CherwellState, type: string): SimResponse {
  const t = type.toLowerCase();
  const wanted = state.catalog.topLevel.filter((bo) => t === 'all' || (t === 'groups' ? bo.kind === 'group' : bo.kind === t));
  return ok(wanted.map(summary));
}

export function getSchema(state: CherwellState, busObId: string, req: SimRequest): SimResponse {
  const bo = busObById(state, busObId);
  const withRels = (req.query.get('includerelationships') ?? req.query.get('includeRelationships') ?? '').toLowerCase() === 'true';
  if (!bo) return failedOn200({ busObId, fieldDefinitions: [], relationships: [] }, 'BUSINESSOBJECTNOTFOUND', `Business object ${busObId} not found`);
  return ok(schemaResponse(state, bo, withRels));
}

/**
 * A missing record answers HTTP 200 with `hasError: true` and `errorCode: RECORDNOTFOUND`. Assumption:
 * itsm-apis.md §5.6 says failures arrive with `hasError` "even with HTTP 200" but not which status a missing
 * record gets; the connector also accepts a 404.
 */
export function getBusinessObject(state: CherwellState, p: PathParams): SimResponse {
  const bo = busObById(state, p.busobid);
  if (!bo) return failedOn200(EMPTY_READ, 'BUSINESSOBJECTNOTFOUND', `Business object ${p.busobid ?? ''} not found`);
  const by = p.publicid !== undefined ? 'publicid' : 'recid';
  const id = p.publicid ?? p.busobrecid ?? '';
  const rec = findRecord(state, bo, by, id);
  if (!rec) return failedOn200({ ...EMPTY_READ, busObId: bo.busObId }, 'RECORDNOTFOUND', 'Record not found');
  return ok(readResponse(state, rec));
}

interface RelatedQuery {
  parentBusObId?: unknown;
  parentBusObRecId?: unknown;
  relationshipId?: unknown;
  pageNumber?: unknown;
  pageSize?: unknown;
  allFields?: unknown;
}

const int = (v: string | null): number | undefined => (v !== null && /^\d+$/.test(v) ? Number(v) : undefined);

/** GET form (path params + query) and POST form (request object) of getrelatedbusinessobject. */
export function getRelated(state: CherwellState, p: PathParams, req: SimRequest, pageSizeCap: number | undefined): SimResponse {
  const q: RelatedQuery =
    req.method === 'POST'
      ? (req.json ?? {})
      : {
          parentBusObId: p.parentbusobid,
          parentBusObRecId: p.parentbusobrecid,
          relationshipId: p.relationshipid,
          pageNumber: int(req.query.get('pageNumber')),
          pageSize: int(req.query.get('pageSize')),
          // allfields defaults to true when not supplied (CSM REST client docs for this operation).
          allFields: (req.query.get('allfields') ?? 'true').toLowerCase() === 'true',
        };
  const shape = { parentBusObId: q.parentBusObId ?? null, parentBusObPublicId: null, parentBusObRecId: q.parentBusObRecId ?? null, relationshipId: q.relationshipId ?? null, relatedBusinessObjects: [], totalRecords: 0, pageNumber: 1, pageSize: 0, links: [] };
  const parentBo = busObById(state, typeof q.parentBusObId === 'string' ? q.parentBusObId : undefined);
  if (!parentBo) return failedOn200(shape, 'BUSINESSOBJECTNOTFOUND', 'Parent business object not found');
  const parent = findRecord(state, parentBo, 'recid', typeof q.parentBusObRecId === 'string' ? q.parentBusObRecId : '');
  if (!parent) return failedOn200(shape, 'RECORDNOTFOUND', 'Parent record not found');
  const rel = findRelationship(state, parentBo, typeof q.relationshipId === 'string' ? q.relationshipId : undefined);
  if (!rel) return failedOn200(shape, 'RELATIONSHIPNOTFOUND', `Relationship ${String(q.relationshipId)} not found on ${parentBo.name}`);
  const all = relatedRecords(state, parent, rel);
  const { rows, pageNumber, pageSize } = page(all, q.pageNumber, q.pageSize, pageSizeCap);
  const grid = (name: string) => ['RecID', 'JournalTypeName', 'CreatedDateTime', 'CreatedBy'].includes(name);
  return ok({
    ...shape,
    parentBusObPublicId: parent.fields[busObOf(state, parent).publicIdField] ?? parent.recId,
    relatedBusinessObjects: rows.map((r) => readResponse(state, r, q.allFields === false ? (f) => grid(f.name) : undefined)),
    totalRecords: all.length,
    pageNumber,
    pageSize,
    ...NO_ERROR,
  });
}

/** `getuserbyrecid/recid/{id}`: the User model (pycherwell `docs/User.md`), e-mail among `fields[]` (M). */
export function getUser(state: CherwellState, recId: string): SimResponse {
  const bo = state.catalog.user;
  const rec = findRecord(state, bo, 'recid', recId);
  if (!rec) return { status: 200, json: { fields: [], error: 'User not found', errorCode: 'RECORDNOTFOUND', hasError: true } };
  const read = readResponse(state, rec);
  return ok({
    accountLocked: false,
    createDateTime: '2024-01-08T09:00:00',
    displayName: rec.fields.FullName,
    error: null,
    errorCode: null,
    fields: read.fields,
    hasError: false,
    lastPasswordResetDate: '2024-01-08T09:00:00',
    lastResetDateTime: '2024-01-08T09:00:00',
    ldapRequired: false,
    passwordNeverExpires: true,
    publicId: rec.fields.LoginID,
    recordId: rec.recId,
    securityGroupId: '',
    shortDisplayName: rec.fields.FullName,
    userCannotChangePassword: false,
    userMustResetPasswordAtNextLogin: false,
  });
}
