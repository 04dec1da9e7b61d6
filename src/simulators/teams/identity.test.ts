import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyNumber, anyString, call, fetchToken, matching } from './fake-bot.test-helper.js';
import { decodeJwt, startTeamsSim, verifyJwt, type TeamsSim } from './index.js';

let sim: TeamsSim;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  sim = await startTeamsSim({ authEnabled: true, appId: 'app-1', appPassword: 'pw-1', tenantId: 'tenant-1' });
});
afterAll(() => sim.stop());

async function jwks(): Promise<Array<Record<string, unknown>>> {
  const meta = (await call(sim.openIdMetadataUrl, 'GET')).json as { jwks_uri: string };
  return ((await call(meta.jwks_uri, 'GET')).json as { keys: Array<Record<string, unknown>> }).keys;
}

describe('OpenID metadata and JWKS', () => {
  it('publishes the issuer, RS256 and a jwks_uri on this simulator', async () => {
    const { status, json } = await call(sim.openIdMetadataUrl, 'GET');
    expect(status).toBe(200);
    expect(json).toMatchObject({ issuer: 'https://api.botframework.com', jwks_uri: `${sim.url}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    expect(sim.jwksUrl).toBe(`${sim.url}/v1/.well-known/keys`);
  });

  it('publishes one RSA signing key endorsed for msteams', async () => {
    const keys = await jwks();
    expect(keys).toEqual([{ kty: 'RSA', use: 'sig', kid: anyString, x5t: anyString, n: anyString, e: 'AQAB', endorsements: ['msteams'] }]);
  });
});

describe('channel → bot tokens', () => {
  it('carry the claims botbuilder checks and verify against the JWKS', async () => {
    const [key] = await jwks();
    const token = sim.channelToken()!;
    const { header, payload } = decodeJwt(token)!;
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: key!.kid });
    expect(payload).toEqual({ iss: 'https://api.botframework.com', aud: 'app-1', serviceurl: sim.serviceUrl, nbf: anyNumber, exp: anyNumber });
    expect(payload.exp as number).toBeGreaterThan(now() + 3000);
    expect(verifyJwt(token, key!, now())).toMatchObject({ ok: true });
  });

  it('can be spoiled in each way the bot must refuse', async () => {
    const [key] = await jwks();
    const claims = (fault: Parameters<TeamsSim['channelToken']>[0]) => decodeJwt(sim.channelToken(fault)!)!;
    expect(claims('expired').payload.exp as number).toBeLessThan(now() - 300);
    expect(verifyJwt(sim.channelToken('expired')!, key!, now())).toEqual({ ok: false, reason: 'expired' });
    expect(claims('wrong-audience').payload.aud).not.toBe('app-1');
    expect(claims('wrong-issuer').payload.iss).not.toBe('https://api.botframework.com');
    expect(claims('wrong-service-url').payload.serviceurl).not.toBe(sim.serviceUrl);
    expect(claims('other-key').header.kid).not.toBe(key!.kid);
    expect(claims('bad-signature').header.kid).toBe(key!.kid);
    expect(verifyJwt(sim.channelToken('bad-signature')!, key!, now())).toEqual({ ok: false, reason: 'bad_signature' });
    expect(sim.channelToken('none')).toBeUndefined();
  });
});

describe('token endpoint', () => {
  const good = { grant_type: 'client_credentials', client_id: 'app-1', client_secret: 'pw-1', scope: 'https://api.botframework.com/.default' };

  it('advertises itself through AAD-style discovery under the login URL', async () => {
    const { json } = await call(`${sim.loginUrl}/v2.0/.well-known/openid-configuration`, 'GET');
    expect(json).toMatchObject({ token_endpoint: sim.tokenUrl, jwks_uri: sim.jwksUrl });
    expect(sim.loginUrl).toBe(`${sim.url}/botframework.com`);
  });

  it('issues a bearer token for the app credentials', async () => {
    const { status, json } = await fetchToken(sim.tokenUrl, good);
    expect(status).toBe(200);
    expect(json).toEqual({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: anyString });
    expect(decodeJwt(json.access_token as string)!.payload).toMatchObject({ aud: 'https://api.botframework.com', appid: 'app-1', tid: 'tenant-1' });
    expect(sim.state.tokenRequests.at(-1)).toMatchObject({ tenant: 'botframework.com', clientId: 'app-1', status: 200 });
  });

  it('accepts the tenant-specific authority of a SingleTenant bot', async () => {
    expect((await fetchToken(`${sim.url}/tenant-1/oauth2/v2.0/token`, good)).status).toBe(200);
  });

  it.each([
    [{ client_secret: 'nope' }, 401, 'invalid_client'],
    [{ client_id: 'other-app' }, 400, 'unauthorized_client'],
    [{ grant_type: 'password' }, 400, 'unsupported_grant_type'],
    [{ scope: 'https://graph.microsoft.com/.default' }, 400, 'invalid_scope'],
  ])('refuses %o with %i %s', async (change, status, error) => {
    const res = await fetchToken(sim.tokenUrl, { ...good, ...change });
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ error, error_description: matching(/^AADSTS\d+/) });
  });

  it('refuses an unknown tenant', async () => {
    const res = await fetchToken(`${sim.url}/contoso.example/oauth2/v2.0/token`, good);
    expect(res).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
  });
});
