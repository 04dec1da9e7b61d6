/**
 * Cherwell CSM REST ("Trebuchet") simulator on the shared sim kit (itsm-apis.md §5, style.md §3.10): OAuth
 * password/refresh grants, bearer auth, BO summaries and schemas with relationships, records by public id and
 * RecID, ad-hoc search with paging, related reads and saves (journals), saves with field validation, and
 * `hasError` on HTTP 200 for failures.
 */
import { startSimServer, systemClock, type SimRequest, type SimResponse } from '../../shared/sim-server.js';
import type { ItsmSimHandle, ItsmSimStartOptions } from '../itsm-sim.js';
import type { SimRecord } from './cherwell.model.js';
import { ok, webApiError } from './cherwell.render.js';
import { getBusinessObject, getRelated, getSchema, getSummaries, getSummary, getUser, type PathParams } from './cherwell.read.routes.js';
import { handleSearch } from './cherwell.search.js';
import { addComputer, CHERWELL_SEED, seedCherwell } from './cherwell.seed.js';
import { createState, findRecord, relatedRecords, type CherwellState } from './cherwell.state.js';
import { bearerUser, createTokenStore, handleToken, logout, type AuthMode, type TokenStore } from './cherwell.token.js';
import { saveBusinessObject, saveRelated } from './cherwell.write.routes.js';

export interface CherwellSimOptions extends ItsmSimStartOptions {
  /** REST API client key the token endpoint accepts (CHERWELL_CLIENT_ID). */
  clientId?: string;
  username?: string;
  password?: string;
  /** How the API user signs in (default Internal). */
  authMode?: AuthMode;
  /** Access-token lifetime in seconds (default 1200, assumption: CSM's usual 20 minutes). */
  tokenLifetimeSeconds?: number;
  /** Largest page any search or related read returns, whatever the client asks (forces paging in tests). */
  pageSize?: number;
  /** Whether an admin added the TeamViewer ID field to ConfigComputer (default true, itsm-apis.md §5.5). */
  withTeamViewerField?: boolean;
  /** Name of that field (default TeamViewerID). */
  teamViewerField?: string;
  /** Load the demo story (default true). */
  seed?: boolean;
}

/** A journal entry as tests read it. */
export interface SimJournal {
  recId: string;
  /** Journal kind by display name, e.g. "Journal - Note". */
  type: string;
  details: string;
  createdBy: string;
  createdAt: string;
}

export interface CherwellSim extends ItsmSimHandle {
  kind: 'cherwell';
  state: CherwellState;
  tokens: TokenStore;
  /** Journals of an incident (by public id), oldest first. */
  journals(publicId: string): SimJournal[];
  incident(publicId: string): SimRecord | undefined;
  /** Access tokens issued from now on live this long. */
  setTokenLifetime(seconds: number): void;
  /** Removes a relationship from the Incident blueprint (e.g. "Incident Owns Journals"). */
  dropRelationship(displayName: string): void;
  /** The next `times` searches that match something answer with totalRows but no rows (SR-152489). */
  emptySearchPages(times: number): void;
}

const API_PREFIX = '/cherwellapi/api/';

/** Starts the simulator on loopback (port 0 unless given) with the demo story seeded. */
export async function startCherwellSim(opts: CherwellSimOptions = {}): Promise<CherwellSim> {
  const clock = opts.clock ?? systemClock;
  const tvField = opts.withTeamViewerField === false ? undefined : (opts.teamViewerField ?? 'TeamViewerID');
  const state = createState(tvField);
  const tokens = createTokenStore({
    clientId: opts.clientId ?? '2f8c6d1e-7b4a-4f0e-9c3d-5a6b7c8d9e0f',
    username: opts.username ?? 'svc.teamviewer',
    password: opts.password ?? 'Sim-Cherwell-Pass1',
    authMode: opts.authMode ?? 'Internal',
    accessSeconds: opts.tokenLifetimeSeconds ?? 1200,
    refreshSeconds: 1440 * 60,
  });

  function route(req: SimRequest, user: string): SimResponse {
    let segments: string[];
    try {
      segments = req.path.slice(API_PREFIX.length).split('/').map(decodeURIComponent);
    } catch {
      return webApiError(400, 'The request is invalid.');
    }
    const [version = '', op = '', ...rest] = segments;
    const p: PathParams = {};
    for (let i = 0; i + 1 < rest.length; i += 2) p[(rest[i] ?? '').toLowerCase()] = rest[i + 1] ?? '';
    const notFound = webApiError(404, `No HTTP resource was found that matches the request URI '${req.path}'.`);
    if (!/^v\d$/i.test(version)) return notFound;
    const write = { state, clock, user };
    switch (`${req.method} ${op.toLowerCase()}`) {
      case 'GET getbusinessobjectsummary':
        return p.busobname !== undefined ? getSummary(state, p.busobname) : notFound;
      case 'GET getbusinessobjectsummaries':
        return getSummaries(state, p.type ?? 'All');
      case 'GET getbusinessobjectschema':
        return p.busobid !== undefined ? getSchema(state, p.busobid, req) : notFound;
      case 'GET getbusinessobject':
        return p.busobid !== undefined && (p.publicid !== undefined || p.busobrecid !== undefined) ? getBusinessObject(state, p) : notFound;
      case 'GET getuserbyrecid':
        return p.recid !== undefined ? getUser(state, p.recid) : notFound;
      case 'POST getsearchresults':
        return handleSearch(state, req.json, opts.pageSize);
      case 'GET getrelatedbusinessobject':
      case 'POST getrelatedbusinessobject':
        return getRelated(state, p, req, opts.pageSize);
      case 'POST savebusinessobject':
        return saveBusinessObject(write, req.json);
      case 'POST saverelatedbusinessobject':
        return saveRelated(write, req.json);
      case 'DELETE logout':
        logout(tokens, req);
        return ok(null);
      default:
        return notFound;
    }
  }

  const handler = (req: SimRequest): SimResponse => {
    const lower = req.path.toLowerCase();
    if (lower === '/cherwellapi/token') return handleToken(tokens, clock, req);
    if (!lower.startsWith(API_PREFIX)) return { status: 404, text: 'Not Found' };
    const user = bearerUser(tokens, clock, req);
    if (!user) return webApiError(401, 'Authorization has been denied for this request.');
    return route(req, user);
  };

  const server = await startSimServer(handler, { host: opts.host, port: opts.port, clock, name: 'cherwell' });
  if (opts.seed !== false) seedCherwell(state, tvField, clock.now());
  const seeded = new Set(state.records.map((r) => r.recId));
  const { incident, journalNote, computer } = state.catalog;
  const notesRel = () => incident.relationships.find((r) => r.displayName === 'Incident Owns Journals');
  const journalRecords = (publicId: string): SimRecord[] => {
    const inc = findRecord(state, incident, 'publicid', publicId);
    const rel = notesRel();
    return inc && rel ? relatedRecords(state, inc, rel) : [];
  };
  const computerNamed = (name: string) => state.records.find((r) => r.busObId === computer.busObId && (r.fields.HostName ?? '').toLowerCase() === name.toLowerCase());
  const url = `${server.url}/CherwellAPI`;
  const s = tokens.settings;

  return {
    kind: 'cherwell',
    url,
    env: {
      ITSM_PROVIDER: 'cherwell',
      CHERWELL_URL: url,
      CHERWELL_CLIENT_ID: s.clientId,
      CHERWELL_USERNAME: s.username,
      CHERWELL_PASSWORD: s.password,
      CHERWELL_AUTH_MODE: s.authMode,
      ...(opts.teamViewerField ? { ITSM_ASSET_TEAMVIEWER_FIELD: opts.teamViewerField } : {}),
    },
    numbers: { ...CHERWELL_SEED.incidents, unknown: CHERWELL_SEED.unknown, malformed: CHERWELL_SEED.malformed },
    state,
    tokens,
    journals: (publicId) =>
      journalRecords(publicId).map((r) => ({ recId: r.recId, type: r.fields.JournalTypeName ?? '', details: r.fields.Details ?? '', createdBy: r.fields.CreatedBy ?? '', createdAt: r.fields.CreatedDateTime ?? '' })),
    incident: (publicId) => findRecord(state, incident, 'publicid', publicId),
    internalNotes: (number) => journalRecords(number).filter((r) => r.busObId === journalNote.busObId).map((r) => r.fields.Details ?? ''),
    // Any journal kind other than the internal note counts as customer-facing (mail history, portal entries).
    publicNotes: (number) => journalRecords(number).filter((r) => r.busObId !== journalNote.busObId && !seeded.has(r.recId)).map((r) => r.fields.Details ?? ''),
    assetTeamViewerId: (name) => {
      const rec = computerNamed(name);
      if (!rec) return undefined;
      return tvField ? (rec.fields[tvField] ?? '') : '';
    },
    addAsset: (name, teamViewerId) => void addComputer(state, tvField, name, teamViewerId),
    rateLimit: (times, retryAfterSeconds) =>
      // Cherwell documents no rate limiting (itsm-apis.md §5.6, L): a test-only fault so the bot's 429 handling
      // can be exercised against this simulator too.
      server.fail({ path: /^\/CherwellAPI\/api\//i, status: 429, times, retryAfterSeconds, body: { Message: 'Too many requests.' } }),
    expireTokens: () => tokens.access.clear(),
    revokeCredentials: () => {
      s.password = `${s.password}-rotated`;
      tokens.refresh.clear();
    },
    setTokenLifetime: (seconds) => {
      s.accessSeconds = seconds;
    },
    dropRelationship: (displayName) => {
      for (const r of incident.relationships) if (r.displayName.toLowerCase() === displayName.toLowerCase()) state.dropped.add(r.relationshipId);
    },
    emptySearchPages: (times) => {
      state.emptyPages = times;
    },
    journalWrite: { method: 'POST', path: '/CherwellAPI/api/V1/saverelatedbusinessobject' },
    fail: (spec) => server.fail(spec),
    clearFaults: () => server.clearFaults(),
    requests: server.requests,
    stop: () => server.stop(),
  };
}
