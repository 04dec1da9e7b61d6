import { afterEach, describe, expect, it } from 'vitest';
import type { TeamViewerSim, TeamViewerSimOptions } from './teamviewer.simulator.js';
import { api, authorize, linkUser, pkcePair, startTestSim, TEST_CLIENT, tokenRequest } from './teamviewer.test-kit.js';

let sim: TeamViewerSim;

async function start(extra: Partial<TeamViewerSimOptions> = {}): Promise<TeamViewerSim> {
  sim = await startTestSim({ users: [{ name: 'Ada Agent', email: 'ada@example.com' }], ...extra });
  return sim;
}

afterEach(async () => {
  await sim.stop();
});

describe('authorize', () => {
  it('redirects with a short code and the unchanged state, bound to client, redirect, challenge and user', async () => {
    await start();
    const pkce = pkcePair();
    const res = await authorize(sim, { state: 'a b/c?=', code_challenge: pkce.challenge, code_challenge_method: 'S256' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(TEST_CLIENT.redirectUri);
    expect(location.searchParams.get('state')).toBe('a b/c?=');
    const code = location.searchParams.get('code') ?? '';
    expect(code).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(sim.state.authorizationCodes[0]).toMatchObject({
      code,
      clientId: TEST_CLIENT.clientId,
      redirectUri: TEST_CLIENT.redirectUri,
      codeChallenge: pkce.challenge,
      userid: sim.state.users[0]?.userid,
      used: false,
    });
  });

  it('shows an HTML error instead of redirecting for an unknown client or an unregistered redirect URI', async () => {
    await start();
    const cases: Array<Record<string, string | null>> = [{ client_id: 'nope' }, { redirect_uri: 'https://evil.example/cb' }, { redirect_uri: null }];
    for (const params of cases) {
      const res = await authorize(sim, params);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toContain('text/html');
    }
  });

  it('redirects invalid_request with the state when PKCE is missing, plain or malformed', async () => {
    await start();
    const cases: Array<Record<string, string | null>> = [{}, { code_challenge: pkcePair().challenge, code_challenge_method: 'plain' }, { code_challenge: 'short', code_challenge_method: 'S256' }];
    for (const params of cases) {
      const res = await authorize(sim, params);
      const location = new URL(res.headers.get('location') ?? '');
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('error_description')).toBeTruthy();
      expect(location.searchParams.get('state')).toBe('st-123');
      expect(location.searchParams.get('code')).toBeNull();
    }
  });

  it('rejects response types other than code', async () => {
    await start({ requirePkce: false });
    const res = await authorize(sim, { response_type: 'token' });
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('accepts a secret-only flow when PKCE is not required', async () => {
    await start({ requirePkce: false });
    const res = await authorize(sim);
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const tokens = await tokenRequest(sim, {
      grant_type: 'authorization_code',
      code,
      client_id: TEST_CLIENT.clientId,
      client_secret: TEST_CLIENT.clientSecret,
    });
    expect(tokens.status).toBe(200);
  });

  it('logs in as the user chosen with consentAs', async () => {
    await start();
    const bob = sim.addUser({ name: 'Bob Builder', email: 'bob@example.com' });
    sim.consentAs(bob.userid);
    const { access_token } = await linkUser(sim);
    const account = (await (await api(sim, access_token, 'GET', '/account')).json()) as { userid: string };
    expect(account.userid).toBe(bob.userid);
  });

  it('explains that a user is needed when none exists', async () => {
    await start({ users: [] });
    const res = await authorize(sim, { code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('addUser');
  });

  it('forwards the legacy API-host authorize alias to the login page', async () => {
    await start();
    const res = await fetch(`${sim.apiUrl}/oauth2/authorize?client_id=x&state=s`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`${sim.url}/oauth2/authorize?client_id=x&state=s`);
  });
});

describe('consent page (autoConsent: false)', () => {
  async function openConsent(): Promise<string> {
    const res = await authorize(sim, { code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });
    expect(res.status).toBe(200);
    const html = await res.text();
    return /name="request_id" value="([^"]+)"/.exec(html)?.[1] ?? '';
  }

  const decide = (form: Record<string, string>) =>
    fetch(`${sim.url}/oauth2/authorize/decision`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  it('lists the users and the app and issues a code for the picked user on Allow', async () => {
    await start({ autoConsent: false, appName: 'Helpdesk <Bot>' });
    const bob = sim.addUser({ name: 'Bob Builder', email: 'bob@example.com' });
    const page = await (await authorize(sim, { code_challenge: pkcePair().challenge, code_challenge_method: 'S256' })).text();
    expect(page).toContain('Helpdesk &#60;Bot&#62;');
    expect(page).toContain('Ada Agent');
    expect(page).toContain(bob.userid);
    const requestId = await openConsent();
    const res = await decide({ request_id: requestId, userid: bob.userid, decision: 'allow' });
    expect(res.status).toBe(302);
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
    expect(sim.state.authorizationCodes.find((c) => c.code === code)?.userid).toBe(bob.userid);
  });

  it('redirects access_denied with the state on Deny, and the page cannot be submitted twice', async () => {
    await start({ autoConsent: false });
    const requestId = await openConsent();
    const denied = await decide({ request_id: requestId, userid: sim.state.users[0]?.userid ?? '', decision: 'deny' });
    const location = new URL(denied.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('st-123');
    const again = await decide({ request_id: requestId, userid: sim.state.users[0]?.userid ?? '', decision: 'allow' });
    expect(again.status).toBe(400);
    expect(sim.state.authorizationCodes).toHaveLength(0);
  });
});
