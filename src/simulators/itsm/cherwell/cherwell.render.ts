/**
 * Cherwell response shapes (models of the CSM 9.3.2 Swagger as generated in `greenpau/pycherwell` docs:
 * ReadResponse, Summary, SchemaResponse, FieldTemplateItem; itsm-apis.md §5.2) and its two error styles:
 * `hasError` envelopes on HTTP 200 (§5.6) and ASP.NET Web API `{Message}` bodies for routing and auth failures.
 */
import type { SimResponse } from '../../shared/sim-server.js';
import { fullFieldId, type SimBusOb, type SimField, type SimRecord } from './cherwell.model.js';
import { busObOf, relationshipsOf, type CherwellState } from './cherwell.state.js';

export interface FieldTemplateItem {
  dirty: boolean;
  displayName: string;
  fieldId: string;
  html: string | null;
  name: string;
  value: string;
}

/** The error members every CSM response carries. */
export const NO_ERROR = { errorCode: null, errorMessage: null, hasError: false } as const;

export function fieldItem(f: SimField, value: string): FieldTemplateItem {
  return { dirty: false, displayName: f.displayName, fieldId: f.fieldId, html: null, name: f.name, value };
}

/** ReadResponse of one record; `select` limits the fields (search `fields[]`, default grid). */
export function readResponse(state: CherwellState, rec: SimRecord, select?: (f: SimField) => boolean): Record<string, unknown> {
  const bo = busObOf(state, rec);
  return {
    busObId: bo.busObId,
    busObPublicId: rec.fields[bo.publicIdField] ?? rec.recId,
    busObRecId: rec.recId,
    fields: bo.fields.filter((f) => !select || select(f)).map((f) => fieldItem(f, rec.fields[f.name] ?? '')),
    links: [],
    ...NO_ERROR,
  };
}

export function summary(bo: SimBusOb): Record<string, unknown> {
  const recIdField = bo.fields.find((f) => f.name === 'RecID');
  const stateField = bo.stateField ? bo.fields.find((f) => f.name === bo.stateField) : undefined;
  return {
    firstRecIdField: recIdField?.fieldId ?? '',
    groupSummaries: bo.members.map(summary),
    recIdFields: recIdField?.fieldId ?? '',
    stateFieldId: stateField?.fieldId ?? '',
    states: bo.states?.join(',') ?? '',
    busObId: bo.busObId,
    displayName: bo.displayName,
    group: bo.kind === 'group',
    lookup: bo.kind === 'lookup',
    major: bo.kind === 'major',
    name: bo.name,
    supporting: bo.kind === 'supporting',
  };
}

function fieldDefinition(bo: SimBusOb, f: SimField): Record<string, unknown> {
  return {
    autoFill: false,
    calculated: false,
    category: '',
    decimalDigits: 0,
    description: '',
    details: '',
    displayName: f.displayName,
    enabled: true,
    fieldId: fullFieldId(bo, f),
    hasDate: f.type === 'DateTime',
    hasTime: f.type === 'DateTime',
    isFullTextSearchable: f.type === 'Text',
    maximumSize: f.type === 'Text' ? '4000' : '',
    name: f.name,
    readOnly: f.readOnly,
    required: false,
    type: f.type,
    typeLocalized: f.type,
    validated: false,
    wholeDigits: 0,
  };
}

export function schemaResponse(state: CherwellState, bo: SimBusOb, withRelationships: boolean): Record<string, unknown> {
  const stateField = bo.stateField ? bo.fields.find((f) => f.name === bo.stateField) : undefined;
  const recId = bo.fields.find((f) => f.name === 'RecID');
  return {
    busObId: bo.busObId,
    fieldDefinitions: bo.fields.map((f) => fieldDefinition(bo, f)),
    firstRecIdField: recId ? fullFieldId(bo, recId) : '',
    gridDefinitions: [],
    name: bo.name,
    recIdFields: recId ? fullFieldId(bo, recId) : '',
    relationships: withRelationships
      ? relationshipsOf(state, bo).map((r) => ({ cardinality: r.cardinality, description: r.description, displayName: r.displayName, fieldDefinitions: [], relationshipId: r.relationshipId, target: r.target }))
      : [],
    stateFieldId: stateField ? fullFieldId(bo, stateField) : '',
    states: bo.states?.join(',') ?? '',
    ...NO_ERROR,
  };
}

/** HTTP 200 carrying a failure: the shape of the operation's response with hasError set (itsm-apis.md §5.6). */
export function failedOn200(shape: Record<string, unknown>, errorCode: string, errorMessage: string, extra: Record<string, unknown> = {}): SimResponse {
  return { status: 200, json: { ...shape, ...extra, errorCode, errorMessage, hasError: true } };
}

/** ASP.NET Web API error body, used for auth (401), unknown routes (404) and wrong methods (405). */
export function webApiError(status: number, message: string): SimResponse {
  return { status, json: { Message: message } };
}

export const ok = (json: unknown): SimResponse => ({ status: 200, json });

/** A JSON scalar as the text CSM stores; objects, arrays and null become ''. */
export function scalar(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}
