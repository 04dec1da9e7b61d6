/**
 * ServiceNow instance simulator (Table API + Attachment API) on the shared sim kit: basic auth, ACL denials,
 * rate limiting and the kit's fault injection (itsm-apis.md §3, style.md §3.10).
 */
import { startSimServer, systemClock, type FaultSpec, type SimClock, type SimRequest, type SimResponse } from '../../shared/sim-server.js';
import { downloadAttachment, uploadAttachment } from './attachment.routes.js';
import { notAuthenticated, tooManyRequestsBody, unknownResource } from './servicenow.errors.js';
import { KNOWN_TABLES, columnsOf, type CustomFields, type SnRecord, type TaskTable } from './servicenow.schema.js';
import { seedServiceNow } from './servicenow.seed.js';
import { createState, insertRecord, journalOf, rowsOf, type Actor, type ServiceNowSimState } from './servicenow.state.js';
import { handleTable, type AclState, type TableContext } from './table.routes.js';
import type { ItsmSimHandle, ItsmSimStartOptions } from '../itsm-sim.js';
import { itsmFace, type Credentials, type ItsmFace } from './servicenow.itsm-face.js';

export type { SnRecord, TaskTable } from './servicenow.schema.js';
export type { ServiceNowSimState } from './servicenow.state.js';
export { SERVICENOW_SEED } from './servicenow.seed.js';

export interface ServiceNowSimOptions {
  host?: string;
  port?: number;
  clock?: SimClock;
  /** The integration user's basic-auth credentials; its user_name becomes `sys_created_by` of journal entries. */
  username: string;
  password: string;
  /** Load SERVICENOW_SEED (default true). */
  seed?: boolean;
  /**
   * Admin-added columns per table. Default `{ cmdb_ci_computer: ['u_teamviewer_id'] }`; the real column name is a
   * per-customer fact (itsm-apis.md §10 q4). Pass `{}` to simulate an instance where nobody added it.
   */
  customFields?: CustomFields;
  /** Instance property `glide.invalid_query.returns_no_rows` (default false: unknown query fields are ignored). */
  invalidQueryReturnsNoRows?: boolean;
  /**
   * Most rows one list page returns whatever `sysparm_limit` asks (default none beyond sysparm_limit's own default
   * of 10000). Tests set it small to make the client page.
   */
  maxPageSize?: number;
}

/** A journal entry (`sys_journal_field` row) as tests read it. */
export interface JournalEntry {
  value: string;
  sys_created_by: string;
  sys_created_on: string;
}

export interface StoredAttachment {
  sys_id: string;
  file_name: string;
  content_type: string;
  content: Buffer;
}

/** Extra columns for the helpers, checked against the table's dictionary so a typo fails the test loudly. */
type ExtraFields = { sys_id?: string; fields?: Record<string, string> };

/** The vendor-shaped simulator; it also offers the common ITSM face (itsm-sim.ts) the contract suite uses. */
export interface ServiceNowSim extends ItsmSimHandle {
  /** Instance base, e.g. `http://127.0.0.1:PORT`; the client appends `/api/now/table/...`. */
  url: string;
  requests: SimRequest[];
  fail(spec: FaultSpec): void;
  clearFaults(): void;
  stop(): Promise<void>;
  state: ServiceNowSimState;
  addUser(u: { name: string; email?: string; user_name?: string } & ExtraFields): SnRecord;
  addGroup(g: { name: string; email?: string } & ExtraFields): SnRecord;
  addTicket(
    t: {
      table: TaskTable;
      number?: string;
      short_description: string;
      state?: string;
      /** sys_user sys_id → `caller_id` (incident only). */
      caller?: string;
      /** sys_user sys_id → `requested_for` (sc_req_item, sc_request). */
      requestedFor?: string;
      assignedTo?: string;
      assignmentGroup?: string;
      /** cmdb_ci sys_id → `cmdb_ci`. */
      ci?: string;
    } & ExtraFields,
  ): SnRecord;
  addComputer(c: { name: string; serial_number?: string; u_teamviewer_id?: string; assigned_to?: string } & ExtraFields): SnRecord;
  /** Any task-family row by number, case-insensitive like the instance. */
  findTicket(number: string): SnRecord | undefined;
  /** Internal journal (`work_notes`) of a record, oldest first. */
  workNotes(sysId: string): JournalEntry[];
  /** Customer-visible journal (`comments`) of a record, oldest first. */
  comments(sysId: string): JournalEntry[];
  attachments(sysId: string): StoredAttachment[];
  /** Table-level ACL: that operation on that table answers 403 (write covers insert, update and delete). */
  denyAcl(table: string, op: 'read' | 'write'): void;
  allowAcl(table: string, op: 'read' | 'write'): void;
  /** Field-level write ACL: writes to that column are dropped silently with 200, e.g. `('incident', 'work_notes')`. */
  denyFieldWrite(table: string, field: string): void;
  /** The next `times` API calls answer 429 with Retry-After and the X-RateLimit-* headers of an instance rule. */
  rateLimit(times: number, retryAfterSeconds: number): void;
}

const HELPER_USER = 'admin';
const TABLE_PATH = /^\/api\/now(?:\/v[12])?\/table\/([^/]+)(?:\/([^/]+))?\/?$/;
const ATTACHMENT_UPLOAD = /^\/api\/now(?:\/v1)?\/attachment\/file\/?$/;
const ATTACHMENT_FILE = /^\/api\/now(?:\/v1)?\/attachment\/([0-9a-f]{32})\/file\/?$/;

/** Basic auth only (the bot's settings describe it, itsm-apis.md §3.1); returns the user_name when it matches. */
function authenticate(req: SimRequest, opts: Credentials): string | undefined {
  const header = req.headers.authorization ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const user = decoded.slice(0, colon);
  return user === opts.username && decoded.slice(colon + 1) === opts.password ? user : undefined;
}

function requireColumns(table: string, values: Record<string, string | undefined>, custom: CustomFields): Record<string, string> {
  const columns = columnsOf(table, custom);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (!columns.has(key)) throw new Error(`ServiceNow sim: ${table} has no column ${key}`);
    out[key] = value;
  }
  return out;
}

export async function startServiceNowSim(opts: ServiceNowSimOptions): Promise<ServiceNowSim> {
  const clock = opts.clock ?? systemClock;
  const customFields: CustomFields = opts.customFields ?? { cmdb_ci_computer: ['u_teamviewer_id'] };
  const state = createState(KNOWN_TABLES, customFields);
  const acl: AclState = { denied: new Set(), deniedFields: new Set() };
  // Mutable so revokeCredentials() can rotate the password under a running bot.
  const creds: Credentials = { username: opts.username, password: opts.password };
  let baseUrl = '';

  const handler = (req: SimRequest): SimResponse => {
    if (!req.path.startsWith('/api/')) return { status: 404, text: 'Not Found' };
    const userName = authenticate(req, creds);
    if (!userName) return notAuthenticated();
    const ctx: TableContext = {
      state,
      baseUrl,
      acl,
      actor: { userName, now: clock.now() },
      invalidQueryReturnsNoRows: opts.invalidQueryReturnsNoRows ?? false,
      ...(opts.maxPageSize !== undefined ? { maxPageSize: opts.maxPageSize } : {}),
    };
    const table = TABLE_PATH.exec(req.path);
    if (table?.[1]) return handleTable(ctx, req, decodeURIComponent(table[1]), table[2] === undefined ? undefined : decodeURIComponent(table[2]));
    if (ATTACHMENT_UPLOAD.test(req.path) && req.method === 'POST') return uploadAttachment(ctx, req);
    const file = ATTACHMENT_FILE.exec(req.path);
    if (file?.[1] && req.method === 'GET') return downloadAttachment(ctx, file[1]);
    return unknownResource();
  };

  const server = await startSimServer(handler, { host: opts.host, port: opts.port, clock, name: 'servicenow' });
  baseUrl = server.url;
  const actor = (): Actor => ({ userName: HELPER_USER, now: clock.now() });
  const insert = (table: string, values: Record<string, string | undefined>, extra: ExtraFields): SnRecord => {
    const fields = requireColumns(table, { ...values, ...extra.fields }, customFields);
    return insertRecord(state, table, extra.sys_id ? { ...fields, sys_id: extra.sys_id } : fields, actor());
  };
  const journal = (sysId: string, element: string): JournalEntry[] =>
    journalOf(state, sysId, element).map((r) => ({
      value: r.value ?? '',
      sys_created_by: r.sys_created_by ?? '',
      sys_created_on: r.sys_created_on ?? '',
    }));

  const core: Omit<ServiceNowSim, keyof ItsmFace> = {
    url: server.url,
    requests: server.requests,
    fail: (spec) => server.fail(spec),
    clearFaults: () => server.clearFaults(),
    stop: () => server.stop(),
    state,
    addUser: ({ name, email, user_name, ...extra }) => {
      const [first = '', ...rest] = name.split(' ');
      const userName = user_name ?? name.toLowerCase().replace(/\s+/g, '.');
      return insert('sys_user', { name, email: email ?? '', user_name: userName, first_name: first, last_name: rest.join(' ') }, extra);
    },
    addGroup: ({ name, email, ...extra }) => insert('sys_user_group', { name, email: email ?? '' }, extra),
    addTicket: ({ table, number, short_description, state: st, caller, requestedFor, assignedTo, assignmentGroup, ci, ...extra }) =>
      insert(
        table,
        {
          number,
          short_description,
          state: st,
          caller_id: caller,
          requested_for: requestedFor,
          assigned_to: assignedTo,
          assignment_group: assignmentGroup,
          cmdb_ci: ci,
        },
        extra,
      ),
    addComputer: ({ name, serial_number, u_teamviewer_id, assigned_to, ...extra }) =>
      insert('cmdb_ci_computer', { name, serial_number: serial_number ?? '', u_teamviewer_id, assigned_to: assigned_to ?? '' }, extra),
    findTicket: (number) => rowsOf(state, 'task').find((r) => r.number?.toLowerCase() === number.toLowerCase()),
    workNotes: (sysId) => journal(sysId, 'work_notes'),
    comments: (sysId) => journal(sysId, 'comments'),
    attachments: (sysId) =>
      rowsOf(state, 'sys_attachment')
        .filter((r) => r.table_sys_id === sysId)
        .map((r) => ({
          sys_id: r.sys_id ?? '',
          file_name: r.file_name ?? '',
          content_type: r.content_type ?? '',
          content: state.attachmentContent.get(r.sys_id ?? '') ?? Buffer.alloc(0),
        })),
    denyAcl: (table, op) => void acl.denied.add(`${table}:${op}`),
    allowAcl: (table, op) => void acl.denied.delete(`${table}:${op}`),
    denyFieldWrite: (table, field) => void acl.deniedFields.add(`${table}.${field}`),
    rateLimit: (times, retryAfterSeconds) => {
      const limit = 1000;
      // X-RateLimit-Reset is epoch seconds; X-RateLimit-Rule is the sys_id of the sys_rate_limit_rules row (§3.3).
      const reset = Math.floor(clock.now().getTime() / 1000) + retryAfterSeconds;
      server.fail({
        path: '/api/now/*',
        status: 429,
        times,
        retryAfterSeconds,
        headers: { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Reset': String(reset), 'X-RateLimit-Rule': '8f2d3a1e1b3a10104b6a0f0e6e4bcb6f' },
        body: tooManyRequestsBody(opts.username, limit),
      });
    },
  };
  const hasTeamViewerColumn = columnsOf('cmdb_ci_computer', customFields).has('u_teamviewer_id');
  const sim: ServiceNowSim = { ...core, ...itsmFace(core, creds, hasTeamViewerColumn) };
  if (opts.seed !== false) seedServiceNow(sim, hasTeamViewerColumn);
  return sim;
}

/** Fixed, fake credentials of the simulator started for the ITSM contract suite and the common tests. */
export const SERVICENOW_ITSM_CREDENTIALS = { username: 'chatops.integration', password: 'sn-sim-password' } as const;

/**
 * The simulator with the shared ITSM story seeded and fixed credentials, for code that only needs the common face
 * (the contract suite); `maxPageSize` makes list pages short so clients must page.
 */
export function startServiceNowItsmSim(opts: ItsmSimStartOptions & Pick<ServiceNowSimOptions, 'maxPageSize' | 'customFields'> = {}): Promise<ServiceNowSim> {
  return startServiceNowSim({ ...opts, ...SERVICENOW_ITSM_CREDENTIALS });
}
