import { afterEach, describe, expect, it } from 'vitest';
import type { TeamViewerSim, TeamViewerSimOptions } from './teamviewer.simulator.js';
import { api, linkUser, manualClock, obtainCode, pkcePair, startTestSim, TEST_CLIENT, tokenRequest, type TokenPair } from './teamviewer.test-kit.js';

// Asymmetric matchers are typed `any`; returning them as `unknown` keeps no-unsafe-assignment meaningful.
const anyString = (): unknown => expect.any(String);
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
const containing = (text: string): unknown => expect.stringContaining(text);

const TOKEN_SHAPE = /^\d{7}-[A-Za-z0-9]{20}$/;
let sim: TeamViewerSim;

async function start(extra: Partial<TeamViewerSimOptions> = {}): Promise<TeamViewerSim> {
  sim = await startTestSim({ users: [{ name: 'Ada Agent', email: 'ada@example.com' }], ...extra });
  return sim;
}

const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
  tokenRequest(sim, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: TEST_CLIENT.redirectUri,
    client_id: TEST_CLIENT.clientId,
    client_secret: TEST_CLIENT.clientSecret,
    code_verifier: verifier,
    ...extra,
  });

const refresh = (refreshToken: string) =>
  tokenRequest(sim, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: TEST_CLIENT.clientId,
    client_secret: TEST_CLIENT.clientSecret,
  });
afterEach(async () => {
  await sim.stop();
});

describe('token endpoint', () => {
  it('exchanges a code for a bearer pair with 86400 s expiry and TeamViewer-shaped tokens', async () => {
    await start();
    const { code, verifier } = await obtainCode(sim);
    const res = await exchange(code, verifier);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as TokenPair;
    expect(body).toEqual({ access_token: matching(TOKEN_SHAPE), token_type: 'bearer', expires_in: 86400, refresh_token: matching(TOKEN_SHAPE) });
    expect(sim.state.authorizationCodes[0]?.used).toBe(true);
  });

  it('accepts form bodies only', async () => {
    await start();
    const { code, verifier } = await obtainCode(sim);
    const res = await fetch(`${sim.apiUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', code, client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret, code_verifier: verifier }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request', error_code: 400 });
    expect((await exchange(code, verifier)).status).toBe(200);
  });

  it('refuses a wrong secret and client credentials sent with HTTP Basic', async () => {
    await start();
    const { code, verifier } = await obtainCode(sim);
    const wrong = await exchange(code, verifier, { client_secret: 'wrong' });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client' });
    const basic = await fetch(`${sim.apiUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${TEST_CLIENT.clientId}:${TEST_CLIENT.clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier }).toString(),
    });
    const body = (await basic.json()) as { error: string; error_description: string };
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toContain('Basic');
  });

  it('authenticates the client before it looks at the code: a made-up code is invalid_grant, a wrong secret invalid_client', async () => {
    await start();
    const madeUp = await exchange('doctor-0000000000000000', pkcePair().verifier);
    expect(madeUp.status).toBe(400);
    expect(await madeUp.json()).toMatchObject({ error: 'invalid_grant' });
    const wrongSecret = await exchange('doctor-0000000000000000', pkcePair().verifier, { client_secret: 'wrong' });
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
    expect(sim.state.accessTokens).toHaveLength(0);
  });

  it('checks the PKCE verifier and makes codes single-use', async () => {
    await start();
    const { code, verifier } = await obtainCode(sim);
    expect(await (await exchange(code, pkcePair().verifier)).json()).toMatchObject({ error: 'invalid_grant' });
    const missing = await tokenRequest(sim, { grant_type: 'authorization_code', code, client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret });
    expect(await missing.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await exchange(code, verifier)).status).toBe(200);
    const reused = await exchange(code, verifier);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant', error_description: containing('already been used') });
  });

  it('rejects a redirect_uri different from the authorize one but tolerates an omitted one', async () => {
    await start();
    const first = await obtainCode(sim);
    expect(await (await exchange(first.code, first.verifier, { redirect_uri: 'http://127.0.0.1:3999/other' })).json()).toMatchObject({ error: 'invalid_grant' });
    const second = await obtainCode(sim);
    const res = await tokenRequest(sim, { grant_type: 'authorization_code', code: second.code, client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret, code_verifier: second.verifier });
    expect(res.status).toBe(200);
  });

  it('lets codes expire after 10 minutes on the injected clock', async () => {
    const clock = manualClock();
    await start({ clock });
    const { code, verifier } = await obtainCode(sim);
    clock.advance(10 * 60 * 1000);
    expect(await (await exchange(code, verifier)).json()).toMatchObject({ error: 'invalid_grant', error_description: containing('expired') });
  });

  it('rotates refresh tokens and refuses a reused one', async () => {
    await start();
    const first = await linkUser(sim);
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    const second = (await res.json()) as TokenPair;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant', error_description: anyString() });
    expect(sim.state.refreshTokens.find((t) => t.token === first.refresh_token)).toMatchObject({ used: true, replacedBy: second.refresh_token });
    expect((await refresh(second.refresh_token)).status).toBe(200);
    expect((await api(sim, first.access_token, 'GET', '/account')).status).toBe(200);
  });

  it('fails the next refresh after revokeRefreshTokens while access tokens keep working', async () => {
    await start();
    const pair = await linkUser(sim);
    sim.revokeRefreshTokens();
    expect(await (await refresh(pair.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
    expect((await api(sim, pair.access_token, 'GET', '/account')).status).toBe(200);
  });

  it('rejects unknown grant types', async () => {
    await start();
    const res = await tokenRequest(sim, { grant_type: 'password', client_id: TEST_CLIENT.clientId, client_secret: TEST_CLIENT.clientSecret });
    expect(await res.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });
});

describe('revoke', () => {
  it('ends the grant: the access token gets 401 and its refresh token invalid_grant', async () => {
    await start();
    const pair = await linkUser(sim);
    const res = await fetch(`${sim.apiUrl}/oauth2/revoke`, { method: 'POST', headers: { authorization: `Bearer ${pair.access_token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect(sim.state.accessTokens[0]?.revoked).toBe(true);
    expect(sim.state.refreshTokens[0]?.revoked).toBe(true);
    expect((await api(sim, pair.access_token, 'GET', '/account')).status).toBe(401);
    expect(await (await refresh(pair.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers 401 for a revoke with an unknown token and leaves other users alone', async () => {
    await start();
    const pair = await linkUser(sim);
    const res = await fetch(`${sim.apiUrl}/oauth2/revoke`, { method: 'POST', headers: { authorization: 'Bearer 1234567-xxxxxxxxxxxxxxxxxxxx' } });
    expect(res.status).toBe(401);
    expect((await api(sim, pair.access_token, 'GET', '/account')).status).toBe(200);
  });
});
