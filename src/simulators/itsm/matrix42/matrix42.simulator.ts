/**
 * Matrix42 ESM simulator ("m42Services", itsm-apis.md §6) on the shared sim kit: API-token exchange with its
 * quirks, the fragments and objects data services with a real ASQL parser, `journal/Add` in the tenant's contract,
 * silent write refusals and the kit's fault injection (style.md §3.10).
 */
import { startSimServer, systemClock, type FaultSpec, type SimClock, type SimRequest, type SimResponse } from '../../shared/sim-server.js';
import type { ItsmSimHandle } from '../itsm-sim.js';
import type { Language } from './asql.eval.js';
import { listFragments, readFragment, serverError, updateFragment, type RouteContext } from './fragments.routes.js';
import { buildSchema, createStore, htmlToText, sibling, fragmentsOf, type Store } from './matrix42.model.js';
import { addComputer, MATRIX42_NUMBERS, seedMatrix42 } from './matrix42.seed.js';
import { createTokenDesk, fakeJwt } from './matrix42.tokens.js';
import { JOURNAL_DD, journalAdd, readObject, updateObject, type JournalAddContract } from './objects.routes.js';

export interface Matrix42SimOptions {
  host?: string;
  port?: number;
  clock?: SimClock;
  /** The API token an admin created (default: a fixed fake JWT, MATRIX42_SIM_API_TOKEN). */
  apiToken?: string;
  /** Seconds an access token lives (default 3600). */
  tokenLifetimeSeconds?: number;
  /** This tenant's `journal/Add` contract (default 'rich'). */
  journalAdd?: JournalAddContract;
  /** The computer attribute for TeamViewer IDs (default `Ud_TeamViewerId`); false: nobody added one. */
  teamViewerAttribute?: string | false;
  /** Ticket → asset relation attribute (default `Asset`, itsm-apis.md §6.3 L); false: the tenant has none. */
  ticketAssetAttribute?: string | false;
  /** Largest page the server hands out, whatever pageSize asks for. */
  maxPageSize?: number;
  /** Ignore pageSize/pageNumber and return every row on every page (§6.6). */
  ignorePaging?: boolean;
}

/** One journal row of a ticket as tests read it, oldest first. */
export interface Matrix42JournalRow {
  id: string;
  html: string;
  /** The HTML as an agent reads it (tags stripped, entities decoded). */
  text: string;
  visibleInPortal: boolean;
  creatorId: string | null;
  createdDate: string;
  seeded: boolean;
}

export interface Matrix42Sim extends ItsmSimHandle {
  kind: 'matrix42';
  apiToken: string;
  store: Store;
  /** Every journal row of a ticket (internal and portal-visible), oldest first. */
  journal(number: string): Matrix42JournalRow[];
  /** The ticket's object id and CI, or undefined. */
  ticket(number: string): { objectId: string; ci: string } | undefined;
  /** From now on writes (fragment PUT, object PUT, journal/Add) answer 200 + `null` and change nothing (§6.6). */
  rejectWritesSilently(on: boolean): void;
  /** Access tokens issued so far. */
  tokensIssued(): number;
}

/** A fixed fake API token, JWT-shaped like the real ones (§6.1). */
export const MATRIX42_SIM_API_TOKEN = fakeJwt({ sub: 'svc-teamviewer', UserFragmentId: 'sim', kind: 'ApiToken' });

const API = /^\/m42services\/api\/(.*)$/i;
const ROUTES = {
  exchange: /^apitoken\/generateaccesstokenfromapitoken\/?$/i,
  fragmentList: /^data\/fragments\/([^/]+)\/?$/i,
  fragmentOne: /^data\/fragments\/([^/]+)\/([^/]+)\/?$/i,
  objectOne: /^data\/objects\/([^/]+)\/([^/]+)\/?$/i,
  objectList: /^data\/objects\/([^/]+)\/?$/i,
  journalAdd: /^journal\/add\/?$/i,
};

export async function startMatrix42Sim(opts: Matrix42SimOptions = {}): Promise<Matrix42Sim> {
  const clock = opts.clock ?? systemClock;
  const apiToken = opts.apiToken ?? MATRIX42_SIM_API_TOKEN;
  const tvAttr = opts.teamViewerAttribute ?? 'Ud_TeamViewerId';
  const assetAttr = opts.ticketAssetAttribute ?? 'Asset';
  const contract = opts.journalAdd ?? 'rich';
  const store = createStore(buildSchema({ teamViewerAttribute: tvAttr, ticketAssetAttribute: assetAttr }));
  const ids = seedMatrix42(store, { teamViewerAttribute: tvAttr, ticketAssetAttribute: assetAttr, now: clock.now() });
  const desk = createTokenDesk({ apiToken, clock, lifetimeSeconds: opts.tokenLifetimeSeconds ?? 3600, userFragmentId: () => ids.serviceUser });
  let silentReject = false;

  const route = (req: SimRequest): SimResponse => {
    const rest = API.exec(req.path)?.[1];
    if (rest === undefined) return { status: 404, text: 'Not Found' };
    if (ROUTES.exchange.test(rest)) return req.method === 'POST' ? desk.exchange(req) : { status: 405, json: { Message: 'Method not allowed.' } };
    const refused = desk.check(req);
    if (refused) return refused;
    const ctx: RouteContext = {
      store,
      lang: languageOf(req),
      now: clock.now(),
      actorId: ids.serviceUser,
      silentReject,
      ...(opts.maxPageSize !== undefined ? { maxPageSize: opts.maxPageSize } : {}),
      ignorePaging: opts.ignorePaging ?? false,
    };
    const m = (re: RegExp) => re.exec(rest)?.slice(1).map(decodeURIComponent);
    const one = m(ROUTES.fragmentOne);
    if (one && req.method === 'GET') return readFragment(ctx, one[0] ?? '', one[1] ?? '');
    const list = m(ROUTES.fragmentList);
    if (list && req.method === 'GET') return listFragments(ctx, list[0] ?? '', req.query);
    if (list && req.method === 'PUT') return updateFragment(ctx, list[0] ?? '', req);
    const obj = m(ROUTES.objectOne);
    if (obj && req.method === 'GET') return readObject(ctx, obj[0] ?? '', obj[1] ?? '');
    const objects = m(ROUTES.objectList);
    if (objects && req.method === 'PUT') return updateObject(ctx, objects[0] ?? '', req);
    if (ROUTES.journalAdd.test(rest) && req.method === 'POST') return journalAdd(ctx, contract, req);
    return { status: 404, json: { Message: `No HTTP resource was found that matches the request URI '${req.path}'.` } };
  };

  const server = await startSimServer(
    (req) => {
      try {
        return route(req);
      } catch {
        return serverError();
      }
    },
    { host: opts.host, port: opts.port, clock, name: 'matrix42' },
  );

  const ticketObject = (number: string) => {
    const frag = fragmentsOf(store, 'SPSActivityClassBase').find((f) => String(f.attrs.TicketNumber ?? '').toLowerCase() === number.trim().replace(/^#/, '').toLowerCase());
    return frag ? store.objects.get(frag.objectId) : undefined;
  };
  const journal = (number: string): Matrix42JournalRow[] =>
    (ticketObject(number)?.parts.get(JOURNAL_DD) ?? []).flatMap((id) => {
      const f = store.fragments.get(id);
      if (!f) return [];
      const html = typeof f.attrs.OriginalSolutionHtml === 'string' ? f.attrs.OriginalSolutionHtml : '';
      const creator = f.attrs.Creator;
      return [{ id, html, text: htmlToText(html), visibleInPortal: f.attrs.VisibleInPortal === true, creatorId: typeof creator === 'string' ? creator : null, createdDate: String(f.attrs.CreatedDate ?? ''), seeded: store.seeded.has(id) }];
    });
  const computerOf = (name: string) => {
    const asset = fragmentsOf(store, 'SPSAssetClassBase').find((f) => String(f.attrs.Name ?? '').toLowerCase() === name.toLowerCase());
    return asset ? sibling(store, asset.objectId, 'SPSComputerClassBase') : undefined;
  };
  const url = `${server.url}/m42Services`;

  return {
    kind: 'matrix42',
    url,
    env: { ITSM_PROVIDER: 'matrix42', MATRIX42_URL: url, MATRIX42_API_TOKEN: apiToken },
    numbers: { ...MATRIX42_NUMBERS },
    apiToken,
    store,
    journal,
    ticket: (number) => {
      const o = ticketObject(number);
      return o ? { objectId: o.id, ci: o.ci } : undefined;
    },
    internalNotes: (number) => journal(number).filter((r) => !r.visibleInPortal).map((r) => r.text),
    publicNotes: (number) => journal(number).filter((r) => r.visibleInPortal && !r.seeded).map((r) => r.text),
    assetTeamViewerId(name) {
      const computer = computerOf(name);
      if (!computer) return undefined;
      const value = tvAttr ? computer.attrs[tvAttr] : null;
      return value === null || value === undefined ? '' : String(value);
    },
    addAsset: (name, teamViewerId) => void addComputer(store, name, tvAttr, teamViewerId),
    rateLimit(times, retryAfterSeconds) {
      // Matrix42 documents no rate limiting (§6.6, L): this is a test-only fault so the bot's 429 handling is exercised.
      server.fail({ path: /^\/m42services\/api\//i, status: 429, times, retryAfterSeconds, body: { Message: 'Too many requests.' } });
    },
    expireTokens: () => desk.expireAll(),
    revokeCredentials: () => desk.revoke(),
    journalWrite: contract === 'rich' ? { method: 'POST', path: '/m42Services/api/journal/Add' } : { method: 'PUT', path: /^\/m42Services\/api\/data\/objects\/[^/]+$/i },
    rejectWritesSilently: (on) => void (silentReject = on),
    tokensIssued: () => desk.issued(),
    fail: (spec: FaultSpec) => server.fail(spec),
    clearFaults: () => server.clearFaults(),
    requests: server.requests,
    stop: () => server.stop(),
  };
}

/** `Explicit-Language` picks the response language; `Accept-Language` is ignored (§6.1). */
function languageOf(req: SimRequest): Language {
  const h = req.headers['explicit-language'];
  return (Array.isArray(h) ? h[0] : h)?.toLowerCase().startsWith('de') ? 'de-DE' : 'en-US';
}
