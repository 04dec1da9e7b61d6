import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCherwellSim, type CherwellSim } from './cherwell.simulator.js';
import { client, signIn, tokenRequest } from './cherwell.test-helper.js';

let now = new Date('2025-03-04T05:06:07Z');
let sim: CherwellSim;
const creds = () => ({ client_id: sim.env.CHERWELL_CLIENT_ID ?? '', username: sim.env.CHERWELL_USERNAME ?? '', password: sim.env.CHERWELL_PASSWORD ?? '' });

beforeEach(async () => {
  now = new Date('2025-03-04T05:06:07Z');
  sim = await startCherwellSim({ clock: { now: () => now } });
});
afterEach(() => sim.stop());

describe('token endpoint', () => {
  it('issues bearer tokens for the password grant, with the OWIN extras', async () => {
    const res = await tokenRequest(sim, { grant_type: 'password', ...creds() }, '?auth_mode=Internal&api_key=x');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 1200, 'as:client_id': sim.env.CHERWELL_CLIENT_ID, username: 'svc.teamviewer', '.issued': 'Tue, 04 Mar 2025 05:06:07 GMT', '.expires': 'Tue, 04 Mar 2025 05:26:07 GMT' });
    expect(res.body.access_token).toEqual(expect.any(String));
    expect(res.body.refresh_token).toEqual(expect.any(String));
  });

  it('refuses an unknown client id, wrong credentials and another auth_mode with OAuth errors', async () => {
    expect(await tokenRequest(sim, { grant_type: 'password', ...creds(), client_id: '12345' })).toMatchObject({ status: 400, body: { error: 'invalid_client_id', error_description: 'Client 12345 is not registered in the system.' } });
    const wrong = { status: 400, body: { error: 'invalid_grant', error_description: 'Could not login to system with the provided user ID and password.' } };
    expect(await tokenRequest(sim, { grant_type: 'password', ...creds(), password: 'nope' })).toMatchObject(wrong);
    expect(await tokenRequest(sim, { grant_type: 'password', ...creds() }, '?auth_mode=LDAP')).toMatchObject(wrong);
    expect(await tokenRequest(sim, { grant_type: 'client_credentials', ...creds() })).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
  });

  it('rotates refresh tokens: each works once', async () => {
    const first = await tokenRequest(sim, { grant_type: 'password', ...creds() });
    const refresh = { grant_type: 'refresh_token', client_id: creds().client_id, refresh_token: String(first.body.refresh_token) };
    const second = await tokenRequest(sim, refresh);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(await tokenRequest(sim, refresh)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(sim.tokens.issued).toEqual({ password: 1, refresh_token: 1 });
  });
});

describe('bearer auth on /api', () => {
  it('answers 401 with the Web API message without a token, with an unknown one and after expiry', async () => {
    const token = await signIn(sim);
    const call = client(sim, () => token);
    expect((await call('GET', 'getbusinessobjectsummary/busobname/Incident')).status).toBe(200);
    const denied = { status: 401, body: { Message: 'Authorization has been denied for this request.' } };
    expect(await call('GET', 'getbusinessobjectsummary/busobname/Incident', undefined, null)).toMatchObject(denied);
    expect(await call('GET', 'getbusinessobjectsummary/busobname/Incident', undefined, 'Bearer nope')).toMatchObject(denied);
    now = new Date(now.getTime() + 1201_000);
    expect(await call('GET', 'getbusinessobjectsummary/busobname/Incident')).toMatchObject(denied);
  });

  it('setTokenLifetime shortens tokens issued afterwards', async () => {
    sim.setTokenLifetime(30);
    const res = await tokenRequest(sim, { grant_type: 'password', ...creds() });
    expect(res.body.expires_in).toBe(30);
  });

  it('expireTokens kills access tokens but refresh still works; revokeCredentials kills both ways in', async () => {
    const first = await tokenRequest(sim, { grant_type: 'password', ...creds() });
    const call = client(sim, () => String(first.body.access_token));
    sim.expireTokens();
    expect((await call('GET', 'getbusinessobjectsummary/busobname/Incident')).status).toBe(401);
    const refreshed = await tokenRequest(sim, { grant_type: 'refresh_token', client_id: creds().client_id, refresh_token: String(first.body.refresh_token) });
    expect(refreshed.status).toBe(200);
    sim.revokeCredentials();
    expect((await tokenRequest(sim, { grant_type: 'refresh_token', client_id: creds().client_id, refresh_token: String(refreshed.body.refresh_token) })).status).toBe(400);
    expect((await tokenRequest(sim, { grant_type: 'password', ...creds() })).body.error).toBe('invalid_grant');
  });

  it('logout ends the presented token', async () => {
    const token = await signIn(sim);
    const call = client(sim, () => token);
    expect((await call('DELETE', 'logout')).status).toBe(200);
    expect((await call('GET', 'getbusinessobjectsummary/busobname/Incident')).status).toBe(401);
  });
});

describe('faults', () => {
  it('rateLimit answers 429 with Retry-After on API calls only (a test-only fault)', async () => {
    const token = await signIn(sim);
    const call = client(sim, () => token);
    sim.rateLimit(1, 7);
    const limited = await call('GET', 'getbusinessobjectsummary/busobname/Incident');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await call('GET', 'getbusinessobjectsummary/busobname/Incident')).status).toBe(200);
  });

  it('answers 404 for unknown operations', async () => {
    const token = await signIn(sim);
    expect((await client(sim, () => token)('GET', 'nosuchoperation/x/y')).status).toBe(404);
  });
});
