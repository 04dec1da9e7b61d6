/**
 * In-memory records of the Cherwell simulator and the lookups every route shares. Records of group members
 * (journal kinds, CI types) are stored under the member's busObId; asking the group finds them all.
 */
import { buildCatalog, newRecId, type Catalog, type SimBusOb, type SimRecord, type SimRelationship } from './cherwell.model.js';

export interface CherwellState {
  catalog: Catalog;
  records: SimRecord[];
  /** relationshipIds an admin "removed from the blueprint" (dropRelationship). */
  dropped: Set<string>;
  /** Searches left that answer with the totalRows-but-no-rows bug (itsm-apis.md §5.6, SR-152489). */
  emptyPages: number;
  nextIncidentId: number;
}

export function createState(teamViewerField: string | undefined): CherwellState {
  return { catalog: buildCatalog(teamViewerField), records: [], dropped: new Set(), emptyPages: 0, nextIncidentId: 10300 };
}

export function allBusObs(state: CherwellState): SimBusOb[] {
  return state.catalog.topLevel.flatMap((bo) => [bo, ...bo.members]);
}

/** busObIds compare case-insensitively (they are GUID hex on the server). */
export function busObById(state: CherwellState, id: string | undefined): SimBusOb | undefined {
  const lower = (id ?? '').toLowerCase();
  return allBusObs(state).find((bo) => bo.busObId === lower);
}

export function busObByName(state: CherwellState, name: string): SimBusOb | undefined {
  const lower = name.toLowerCase();
  return allBusObs(state).find((bo) => bo.name.toLowerCase() === lower);
}

export function recordsOf(state: CherwellState, bo: SimBusOb): SimRecord[] {
  const ids = new Set([bo.busObId, ...bo.members.map((m) => m.busObId)]);
  return state.records.filter((r) => ids.has(r.busObId));
}

export function findRecord(state: CherwellState, bo: SimBusOb, by: 'recid' | 'publicid', id: string): SimRecord | undefined {
  const lower = id.toLowerCase();
  return recordsOf(state, bo).find((r) => (by === 'recid' ? r.recId.toLowerCase() : (r.fields[busObOf(state, r).publicIdField] ?? '').toLowerCase()) === lower);
}

/** The concrete BO a record belongs to (a member for journals and CIs). */
export function busObOf(state: CherwellState, rec: SimRecord): SimBusOb {
  const bo = busObById(state, rec.busObId);
  if (!bo) throw new Error(`Cherwell sim: record ${rec.recId} has an unknown busObId`);
  return bo;
}

/** Relationships still on the blueprint. */
export function relationshipsOf(state: CherwellState, bo: SimBusOb): SimRelationship[] {
  return bo.relationships.filter((r) => !state.dropped.has(r.relationshipId));
}

export function findRelationship(state: CherwellState, bo: SimBusOb, relationshipId: string | undefined): SimRelationship | undefined {
  const lower = (relationshipId ?? '').toLowerCase();
  return relationshipsOf(state, bo).find((r) => r.relationshipId === lower);
}

/** Adds a record; unknown field names are a bug in the caller (seed or helper), so they throw. */
export function insertRecord(state: CherwellState, bo: SimBusOb, values: Record<string, string>): SimRecord {
  const recId = newRecId();
  const fields: Record<string, string> = Object.fromEntries(bo.fields.map((f) => [f.name, '']));
  for (const [name, value] of Object.entries(values)) {
    if (!(name in fields)) throw new Error(`Cherwell sim: ${bo.name} has no field ${name}`);
    fields[name] = value;
  }
  fields.RecID = recId;
  if (bo.publicIdField === 'IncidentID' && !fields.IncidentID) fields.IncidentID = String(state.nextIncidentId++);
  const rec: SimRecord = { busObId: bo.busObId, recId, fields };
  state.records.push(rec);
  return rec;
}

/** Children of `parent` over a relationship that stores the parent's RecID on the child. */
export function relatedRecords(state: CherwellState, parent: SimRecord, rel: SimRelationship): SimRecord[] {
  const target = busObById(state, rel.target);
  if (!target || !rel.childKey) return [];
  const key = rel.childKey;
  return recordsOf(state, target).filter((r) => r.fields[key] === parent.recId);
}
