/**
 * Client-side helpers for exercising the simulator over real HTTP: a PKCE pair, the browser authorize hop, the token
 * calls and a bearer-authenticated fetch. Used by the simulator's own tests; the sandbox and the bot's integration
 * tests may use them to link an agent without a browser. No test framework imports, so it is safe to ship.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SimClock } from '../shared/sim-server.js';
import { startTeamViewerSim, type TeamViewerSim, type TeamViewerSimOptions } from './teamviewer.simulator.js';

export const TEST_CLIENT = {
  clientId: '1234567-AbCdEfGhIjKlMnOpQrSt',
  clientSecret: 'sim-client-secret',
  redirectUri: 'http://127.0.0.1:3999/oauth/teamviewer/callback',
} as const;

/** A clock the test moves by hand. */
export interface ManualClock extends SimClock {
  set(at: Date | string): void;
  advance(ms: number): void;
}

export function manualClock(start: Date | string = '2025-03-01T09:00:00Z'): ManualClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

export interface PkcePair {
  verifier: string;
  challenge: string;
}

export function pkcePair(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The authorize URL with sensible defaults; `null` drops a parameter. */
export function authorizeUrl(sim: TeamViewerSim, params: Record<string, string | null> = {}): string {
  const url = new URL(`${sim.url}/oauth2/authorize`);
  const all: Record<string, string | null> = {
    response_type: 'code',
    client_id: TEST_CLIENT.clientId,
    redirect_uri: TEST_CLIENT.redirectUri,
    state: 'st-123',
    ...params,
  };
  for (const [key, value] of Object.entries(all)) if (value !== null) url.searchParams.set(key, value);
  return url.toString();
}

export async function authorize(sim: TeamViewerSim, params: Record<string, string | null> = {}): Promise<Response> {
  return fetch(authorizeUrl(sim, params), { redirect: 'manual' });
}

/** Runs authorize with a fresh PKCE pair and returns the code from the redirect. */
export async function obtainCode(sim: TeamViewerSim): Promise<{ code: string; verifier: string }> {
  const pkce = pkcePair();
  const res = await authorize(sim, { code_challenge: pkce.challenge, code_challenge_method: 'S256' });
  const code = new URL(res.headers.get('location') ?? 'http://invalid/').searchParams.get('code');
  if (res.status !== 302 || !code) throw new Error(`authorize did not redirect with a code (status ${res.status})`);
  return { code, verifier: pkce.verifier };
}

export async function tokenRequest(sim: TeamViewerSim, form: Record<string, string>): Promise<Response> {
  return fetch(`${sim.apiUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

export interface TokenPair {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
}

/** The whole link flow for the current consenting user: authorize (auto-consent) then the code exchange. */
export async function linkUser(sim: TeamViewerSim): Promise<TokenPair> {
  const { code, verifier } = await obtainCode(sim);
  const res = await tokenRequest(sim, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: TEST_CLIENT.redirectUri,
    client_id: TEST_CLIENT.clientId,
    client_secret: TEST_CLIENT.clientSecret,
    code_verifier: verifier,
  });
  if (res.status !== 200) throw new Error(`code exchange failed with ${res.status}: ${await res.text()}`);
  return (await res.json()) as TokenPair;
}

/** `fetch` against the API base with a bearer token; objects are sent as JSON. */
export async function api(sim: TeamViewerSim, token: string | undefined, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${sim.apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** A simulator registered for TEST_CLIENT on a free loopback port. */
export function startTestSim(extra: Partial<TeamViewerSimOptions> = {}): Promise<TeamViewerSim> {
  return startTeamViewerSim({
    clientId: TEST_CLIENT.clientId,
    clientSecret: TEST_CLIENT.clientSecret,
    redirectUris: [TEST_CLIENT.redirectUri],
    ...extra,
  });
}
