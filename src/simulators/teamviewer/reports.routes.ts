/**
 * Connection reports (teamviewer-api.md §6): `GET /reports/connections` with its filters and `offset_id` paging,
 * and `PUT /reports/connections/{id}` for billing state and notes.
 */
import type { SimResponse } from '../shared/sim-server.js';
import {
  API_PREFIX,
  invalidRequest,
  jsonObject,
  notFound,
  pageFrom,
  parseBoolParam,
  parseDateParam,
  type Route,
  type TvDeps,
} from './teamviewer.http.js';
import type { BillingState, ConnectionRecord, TvUser } from './teamviewer.model.js';
import { canSeeSession, findSession, normaliseCode } from './teamviewer.state.js';

type Filter = (record: ConnectionRecord) => boolean;

/** A user token sees its own connections and those made on sessions it can see. */
function visibleTo(deps: TvDeps, record: ConnectionRecord, caller: TvUser): boolean {
  if (record.userid === caller.userid) return true;
  const session = record.session_code ? findSession(deps.state, record.session_code) : undefined;
  return session !== undefined && canSeeSession(session, caller.userid);
}

function buildFilters(query: URLSearchParams): Filter[] | string {
  const filters: Filter[] = [];
  const code = query.get('session_code');
  // Assumption: teamviewer-api.md §14.7 (VERIFY) — session_code matches with or without dashes.
  if (code) filters.push((r) => r.session_code !== undefined && normaliseCode(r.session_code) === normaliseCode(code));
  const userid = query.get('userid');
  if (userid) filters.push((r) => r.userid === userid);
  const username = query.get('username');
  if (username) filters.push((r) => r.username.toLowerCase() === username.toLowerCase());
  const groupid = query.get('groupid');
  if (groupid) filters.push((r) => r.groupid === groupid);
  const deviceid = query.get('deviceid');
  if (deviceid) filters.push((r) => r.deviceid === deviceid);
  const devicename = query.get('devicename');
  if (devicename) {
    filters.push((r) => (devicename === 'unnamed_device' ? r.devicename === '' : r.devicename.toLowerCase() === devicename.toLowerCase()));
  }
  for (const [key, keep] of [
    ['from_date', (start: number, bound: number) => start >= bound],
    ['to_date', (start: number, bound: number) => start < bound],
  ] as const) {
    const text = query.get(key);
    if (!text) continue;
    const bound = parseDateParam(text);
    if (!bound) return `${key} must be an ISO-8601 date or date-time.`;
    filters.push((r) => keep(Date.parse(r.start_date), bound.getTime()));
  }
  const hasCode = parseBoolParam(query.get('has_code'));
  if (hasCode === 'invalid') return 'has_code must be true or false.';
  if (hasCode !== undefined) filters.push((r) => (r.session_code !== undefined) === hasCode);
  const type = query.get('support_session_type');
  if (type) {
    if (!/^[123]$/.test(type)) return 'support_session_type must be 1, 2 or 3.';
    filters.push((r) => r.support_session_type === Number(type));
  }
  return filters;
}

function listConnections(deps: TvDeps, query: URLSearchParams, caller: TvUser): SimResponse {
  const filters = buildFilters(query);
  if (typeof filters === 'string') return invalidRequest(filters);
  const matching = deps.state.connections
    .map((record, index) => ({ record, index }))
    .filter(({ record }) => visibleTo(deps, record, caller) && filters.every((f) => f(record)))
    // Oldest first, so a paging loop sees a stable order while new connections are appended.
    .sort((a, b) => a.record.start_date.localeCompare(b.record.start_date) || a.index - b.index)
    .map(({ record }) => record);
  let start = 0;
  const offsetId = query.get('offset_id');
  if (offsetId) {
    const at = matching.findIndex((r) => r.id === offsetId);
    if (at < 0) return invalidRequest(`offset_id ${offsetId} is not a record in this report.`);
    start = at + 1;
  }
  const { page, remaining } = pageFrom(matching, start, deps.config.pageSize);
  const last = page.at(-1);
  let next = remaining > 0 && last ? last.id : undefined;
  // The cursor-loop quirk (teamviewer-api.md §9, §12 #9): hand back the cursor we were asked with, so a client
  // that does not stop on a repeated cursor asks for the same page again and again.
  if (offsetId && deps.quirks.repeatReportCursor > 0) {
    deps.quirks.repeatReportCursor -= 1;
    next = offsetId;
  }
  return {
    status: 200,
    json: { records: page, records_remaining: remaining, ...(next !== undefined ? { next_offset: next } : {}) },
  };
}

const BILLING_STATES: readonly BillingState[] = ['Bill', 'Billed', 'DoNotBill'];

function updateConnection(record: ConnectionRecord, body: Record<string, unknown>): SimResponse {
  const billing = body.billing_state;
  const notes = body.notes;
  if (billing !== undefined && !BILLING_STATES.includes(billing as BillingState)) {
    return invalidRequest('billing_state must be Bill, Billed or DoNotBill.');
  }
  if (notes !== undefined && typeof notes !== 'string') return invalidRequest('notes must be a string.');
  if (billing !== undefined) record.billing_state = billing as BillingState;
  if (notes !== undefined) record.notes = notes;
  return { status: 204 };
}

export function reportRoutes(deps: TvDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: `${API_PREFIX}/reports/connections`,
      handle: ({ req, user }) => listConnections(deps, req.query, user),
    },
    {
      method: 'PUT',
      pattern: `${API_PREFIX}/reports/connections/:id`,
      handle: ({ req, params, user }) => {
        const record = deps.state.connections.find((r) => r.id === params.id && visibleTo(deps, r, user));
        if (!record) return notFound('Connection record not found.');
        const body = jsonObject(req);
        return body ? updateConnection(record, body) : invalidRequest('The request body must be a JSON object.');
      },
    },
  ];
}
