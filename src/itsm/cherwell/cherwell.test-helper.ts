/**
 * A scripted Cherwell behind undici's MockAgent (no network) for the connector's unit tests: fixed ids, a small
 * router tests can override per route, and a journal of every request with its parsed body.
 */
import { MockAgent } from 'undici';
import type { Logger } from '../../core/ports/logger.port.js';
import type { CherwellConfig } from './cherwell.schema.js';

export const ORIGIN = 'https://cw.example.com';

export const IDS = {
  incident: 'a1incident0000000000000000000001',
  customer: 'a1customer0000000000000000000001',
  journal: 'a1journal00000000000000000000001',
  note: 'a1note0000000000000000000000001',
  history: 'a1history000000000000000000000001',
  computer: 'a1computer0000000000000000000001',
  journalRel: 'a1reljournal000000000000000000001',
  linksRel: 'a1rellinks0000000000000000000001',
  incRec: 'rec-incident-10216',
  abelRec: 'rec-customer-abel',
  bethRec: 'rec-user-beth',
  pcAbelRec: 'rec-ci-pc-abel',
} as const;

export const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

export function config(over: Partial<CherwellConfig> = {}): CherwellConfig {
  return { provider: 'cherwell', url: `${ORIGIN}/CherwellAPI`, clientId: 'client-key', username: 'svc.tv', password: 'pw', authMode: 'Internal', assetField: 'TeamViewerID', ticketBusOb: 'Incident', ciType: 'ConfigComputer', assetNameField: 'HostName', ...over };
}

export interface Seen {
  method: string;
  /** Path without query. */
  path: string;
  query: URLSearchParams;
  json: unknown;
  form: URLSearchParams;
}

export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

/** Undefined falls through to the next route. */
export type Route = (req: Seen) => Reply | undefined;

export const ok = (json: unknown): Reply => ({ status: 200, json });

export function record(busObId: string, recId: string, publicId: string, values: Record<string, string>) {
  return { busObId, busObPublicId: publicId, busObRecId: recId, fields: Object.entries(values).map(([name, value]) => ({ name, value, fieldId: `FI:${name}` })), hasError: false, errorCode: null, errorMessage: null };
}

export const notFound = { busObId: null, fields: [], hasError: true, errorCode: 'RECORDNOTFOUND', errorMessage: 'Record not found' };

const fieldDefs = (bo: string, names: string[]) => names.map((name) => ({ fieldId: `BO:${bo},FI:${name}`, name, displayName: name }));

function defaults(withTeamViewerField: boolean): Route[] {
  let tokens = 0;
  const summaries: Record<string, unknown> = {
    incident: [{ busObId: IDS.incident, name: 'Incident', displayName: 'Incident', group: false, groupSummaries: [] }],
    customerinternal: [{ busObId: IDS.customer, name: 'CustomerInternal' }],
    journal: [{ busObId: IDS.journal, name: 'Journal', group: true, groupSummaries: [{ busObId: IDS.history, name: 'JournalHistory', displayName: 'Journal - History' }, { busObId: IDS.note, name: 'JournalNote', displayName: 'Journal - Note' }] }],
    configcomputer: [{ busObId: IDS.computer, name: 'ConfigComputer', displayName: 'Config - Computer' }],
  };
  const schemas: Record<string, unknown> = {
    [IDS.incident]: {
      busObId: IDS.incident,
      name: 'Incident',
      fieldDefinitions: fieldDefs(IDS.incident, ['RecID', 'IncidentID', 'ShortDescription', 'Status']),
      relationships: [
        { relationshipId: IDS.linksRel, displayName: 'Incident Links Configuration Items', target: 'x' },
        { relationshipId: IDS.journalRel, displayName: 'Incident Owns Journals', target: IDS.journal },
      ],
      hasError: false,
    },
    [IDS.journal]: { busObId: IDS.journal, name: 'Journal', fieldDefinitions: fieldDefs(IDS.journal, ['RecID', 'JournalTypeID', 'Details']), relationships: [], hasError: false },
    [IDS.computer]: { busObId: IDS.computer, name: 'ConfigComputer', fieldDefinitions: fieldDefs(IDS.computer, ['RecID', 'HostName', 'FriendlyName', 'SerialNumber', ...(withTeamViewerField ? ['TeamViewerID'] : [])]), relationships: [], hasError: false },
  };
  const incident = record(IDS.incident, IDS.incRec, '10216', {
    IncidentID: '10216',
    ShortDescription: 'Printer offline on 3rd floor',
    Status: 'In Progress',
    OwnedBy: 'Beth Anglin',
    OwnedByID: IDS.bethRec,
    OwnedByTeam: 'Service Desk',
    CustomerDisplayName: 'Abel Tuter',
    CustomerRecID: IDS.abelRec,
    CustomerTypeID: IDS.customer,
    ConfigItemRecID: IDS.pcAbelRec,
    ConfigItemTypeID: IDS.computer,
    ConfigItemDisplayName: 'PC-ABEL-01',
  });
  const records: Record<string, unknown> = {
    [`${IDS.incident}/publicid/10216`]: incident,
    [`${IDS.customer}/busobrecid/${IDS.abelRec}`]: record(IDS.customer, IDS.abelRec, IDS.abelRec, { FullName: 'Abel Tuter', Email: 'abel.tuter@example.com' }),
    [`${IDS.computer}/busobrecid/${IDS.pcAbelRec}`]: record(IDS.computer, IDS.pcAbelRec, IDS.pcAbelRec, { HostName: 'PC-ABEL-01', SerialNumber: 'SN-1', ...(withTeamViewerField ? { TeamViewerID: '123 456 789' } : {}) }),
  };
  return [
    (r) => (r.path === '/CherwellAPI/token' ? ok({ access_token: `at-${++tokens}`, token_type: 'bearer', expires_in: 1200, refresh_token: `rt-${tokens}` }) : undefined),
    (r) => {
      const m = /getbusinessobjectsummary\/busobname\/(.+)$/.exec(r.path);
      return m?.[1] ? ok(summaries[m[1].toLowerCase()] ?? []) : undefined;
    },
    (r) => {
      const m = /getbusinessobjectschema\/busobid\/(.+)$/.exec(r.path);
      return m?.[1] ? ok(schemas[m[1]] ?? { hasError: true, errorCode: 'BUSINESSOBJECTNOTFOUND', errorMessage: 'no' }) : undefined;
    },
    (r) => {
      const m = /getbusinessobject\/busobid\/(.+)$/.exec(r.path);
      return m?.[1] ? ok(records[m[1]] ?? notFound) : undefined;
    },
    (r) => (r.path.includes('getuserbyrecid/recid/') ? ok({ displayName: 'Beth Anglin', fields: [{ name: 'Email', value: 'beth.anglin@example.com' }], hasError: false }) : undefined),
    (r) => (r.path.includes('getrelatedbusinessobject') ? ok({ relatedBusinessObjects: [], totalRecords: 0, hasError: false }) : undefined),
    (r) => (r.path.endsWith('saverelatedbusinessobject') || r.path.endsWith('savebusinessobject') ? ok({ busObRecId: 'saved', hasError: false, fieldValidationErrors: [] }) : undefined),
    (r) => (r.path.endsWith('getsearchresults') ? ok({ businessObjects: [], totalRows: 0, hasError: false }) : undefined),
  ];
}

export interface FakeCherwell {
  agent: MockAgent;
  seen: Seen[];
  /** Adds a route in front of the others (later calls win). */
  on(route: Route): void;
  /** Requests whose path contains `fragment`. */
  calls(fragment: string): Seen[];
}

export function fakeCherwell(opts: { withTeamViewerField?: boolean } = {}): FakeCherwell {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const routes = defaults(opts.withTeamViewerField ?? true);
  const seen: Seen[] = [];
  agent
    .get(ORIGIN)
    .intercept({ path: () => true, method: () => true })
    .reply((o) => {
      const url = new URL(o.path, ORIGIN);
      const text = typeof o.body === 'string' ? o.body : '';
      let json: unknown;
      try {
        json = text ? (JSON.parse(text) as unknown) : undefined;
      } catch {
        json = undefined;
      }
      const req: Seen = { method: o.method, path: url.pathname, query: url.searchParams, json, form: new URLSearchParams(json === undefined ? text : '') };
      seen.push(req);
      for (const route of routes) {
        const r = route(req);
        if (r) return { statusCode: r.status, data: r.json === undefined ? '' : JSON.stringify(r.json), responseOptions: { headers: { 'content-type': 'application/json', ...(r.headers ?? {}) } } };
      }
      return { statusCode: 404, data: JSON.stringify({ Message: 'No HTTP resource' }) };
    })
    .persist();
  return { agent, seen, on: (route) => routes.unshift(route), calls: (fragment) => seen.filter((s) => s.path.includes(fragment)) };
}
