/** Plain-fetch client for the Cherwell simulator's own tests: sign in once, then call /api/V1 with JSON. */
import type { CherwellSim } from './cherwell.simulator.js';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** The response shapes the tests read (a subset of what the simulator sends). */
export interface FieldItem {
  name: string;
  value: string;
  fieldId: string;
}
export interface Rec {
  busObId: string;
  busObPublicId: string;
  busObRecId: string;
  fields: FieldItem[];
  hasError: boolean;
}
export interface Summary {
  busObId: string;
  name: string;
  displayName: string;
  group: boolean;
  groupSummaries: Summary[];
}
export interface Schema {
  busObId: string;
  fieldDefinitions: Array<{ name: string; fieldId: string }>;
  relationships: Array<{ displayName: string; relationshipId: string }>;
}
export interface SearchResults {
  businessObjects: Rec[];
  totalRows: number;
}
export interface Related {
  relatedBusinessObjects: Rec[];
  totalRecords: number;
}

export type Call = <T = Record<string, unknown>>(method: string, path: string, body?: unknown, auth?: string | null) => Promise<Answer<T>>;

export async function tokenRequest(sim: CherwellSim, form: Record<string, string>, query = ''): Promise<Answer> {
  const res = await fetch(`${sim.url}/token${query}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Answer['body'] };
}

export async function signIn(sim: CherwellSim): Promise<string> {
  const { CHERWELL_CLIENT_ID: client_id = '', CHERWELL_USERNAME: username = '', CHERWELL_PASSWORD: password = '' } = sim.env;
  const res = await tokenRequest(sim, { grant_type: 'password', client_id, username, password });
  return String(res.body.access_token);
}

export function client(sim: CherwellSim, token: () => string): Call {
  return async <T,>(method: string, path: string, body?: unknown, auth: string | null = `Bearer ${token()}`): Promise<Answer<T>> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth) headers.authorization = auth;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${sim.url}/api/V1/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as T };
  };
}

/** `fields[]` of a ReadResponse as name → value. */
export function valuesOf(rec: { fields?: FieldItem[] | Array<{ name: string; value: string }> }): Record<string, string> {
  return Object.fromEntries((rec.fields ?? []).map((f) => [f.name, f.value]));
}
