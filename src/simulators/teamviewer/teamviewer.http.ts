/**
 * Routing, bearer authentication and the response shapes shared by every TeamViewer route.
 */
import type { SimClock, SimHandler, SimRequest, SimResponse } from '../shared/sim-server.js';
import type { AccessTokenRecord, TeamViewerSimState, TvUser } from './teamviewer.model.js';
import { accessTokenProblem, findUser } from './teamviewer.state.js';

/** The simulator's options after defaults are applied. */
export interface TvConfig {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  requirePkce: boolean;
  autoConsent: boolean;
  accessTokenTtlSeconds: number;
  pageSize: number;
  maxOpenSessionsPerUser?: number;
  appName: string;
}

/** Misbehaviour a test switches on to reproduce what real tenants do wrong; see TeamViewerSim. */
export interface TvQuirks {
  /** Report pages still to answer with `next_offset` = the `offset_id` they were asked with (a cursor loop). */
  repeatReportCursor: number;
}

export interface TvDeps {
  state: TeamViewerSimState;
  clock: SimClock;
  config: TvConfig;
  quirks: TvQuirks;
}

export const API_PREFIX = '/api/v1';

/** TeamViewer's error body: `error`, `error_description`, `error_code` (teamviewer-api.md §9). */
export function apiError(status: number, error: string, description: string, headers?: Record<string, string>): SimResponse {
  return { status, headers, json: { error, error_description: description, error_code: status } };
}

export function invalidRequest(description: string): SimResponse {
  return apiError(400, 'invalid_request', description);
}

export function notFound(description = 'The requested resource was not found.'): SimResponse {
  return apiError(404, 'not_found', description);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function htmlPage(status: number, title: string, bodyHtml: string): SimResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="font-family:sans-serif;max-width:36rem;margin:3rem auto"><h1>${escapeHtml(title)}</h1>${bodyHtml}</body></html>`;
  return { status, html };
}

export interface RouteContext {
  req: SimRequest;
  params: Record<string, string>;
}

export interface AuthedContext extends RouteContext {
  user: TvUser;
  token: AccessTokenRecord;
}

interface PublicRoute {
  method: string;
  /** Segments; `:name` captures one segment into `params`. */
  pattern: string;
  public: true;
  handle(ctx: RouteContext): SimResponse;
}

interface ApiRoute {
  method: string;
  pattern: string;
  public?: false;
  handle(ctx: AuthedContext): SimResponse;
}

export type Route = PublicRoute | ApiRoute;

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? '';
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeURIComponent(actual);
    else if (segment.toLowerCase() !== actual.toLowerCase()) return undefined;
  }
  return params;
}

export function bearerToken(req: SimRequest): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** The token record behind a request's bearer, if it is usable right now. */
export function authenticate(deps: TvDeps, req: SimRequest): { user: TvUser; token: AccessTokenRecord } | { problem: string } {
  const raw = bearerToken(req);
  if (raw === undefined) return { problem: 'No access token was provided (Authorization: Bearer <token>).' };
  const record = deps.state.accessTokens.find((t) => t.token === raw);
  const problem = accessTokenProblem(record, deps.clock.now());
  if (problem !== undefined || !record) return { problem: problem ?? 'The access token is invalid.' };
  const user = findUser(deps.state, record.userid);
  if (!user) return { problem: 'The account behind this access token no longer exists.' };
  return { user, token: record };
}

export function unauthorized(problem: string): SimResponse {
  return apiError(401, 'invalid_token', problem, { 'www-authenticate': 'Bearer error="invalid_token"' });
}

export function createRouter(deps: TvDeps, routes: Route[]): SimHandler {
  return (req) => {
    const candidates = routes.flatMap((route) => {
      const params = matchPath(route.pattern, req.path);
      return params ? [{ route, params }] : [];
    });
    const hit = candidates.find((c) => c.route.method === req.method);
    if (!hit) {
      if (candidates.length === 0) return notFound(`No resource at ${req.method} ${req.path}.`);
      const allowed = [...new Set(candidates.map((c) => c.route.method))].join(', ');
      return { ...apiError(405, 'method_not_allowed', `${req.path} does not support ${req.method}.`), headers: { allow: allowed } };
    }
    const { route, params } = hit;
    if (route.public) return route.handle({ req, params });
    const auth = authenticate(deps, req);
    if ('problem' in auth) return unauthorized(auth.problem);
    return route.handle({ req, params, user: auth.user, token: auth.token });
  };
}

/** `true`/`false` (any case) or absent; anything else is a client error. */
export function parseBoolParam(value: string | null): boolean | undefined | 'invalid' {
  if (value === null || value === '') return undefined;
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return 'invalid';
}

/** A bare date means 00:00:00Z; a date-time without a zone is read as UTC (teamviewer-api.md §6.1, §12 #7). */
export function parseDateParam(value: string): Date | undefined {
  const v = value.trim();
  let text = v;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) text = `${v}T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/.test(v)) text = `${v}Z`;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** The request's JSON object body, or undefined when the body is missing, not JSON or not an object. */
export function jsonObject(req: SimRequest): Record<string, unknown> | undefined {
  const body = req.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  return body as Record<string, unknown>;
}

export function isForm(req: SimRequest): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().includes('application/x-www-form-urlencoded');
}

/** One page from `start`, plus how many items remain after it. */
export function pageFrom<T>(items: T[], start: number, pageSize: number): { page: T[]; remaining: number } {
  const page = items.slice(start, start + pageSize);
  return { page, remaining: Math.max(0, items.length - start - page.length) };
}
