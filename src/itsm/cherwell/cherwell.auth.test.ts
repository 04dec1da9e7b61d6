import { describe, expect, it } from 'vitest';
import type { BotError } from '../../core/errors.js';
import { createCherwellAuth, renewAfterMs } from './cherwell.auth.js';
import { config, fakeCherwell, ok, silent } from './cherwell.test-helper.js';

function setup() {
  const fake = fakeCherwell();
  let now = new Date('2025-03-04T05:06:07Z');
  const clock = { now: () => now };
  const auth = createCherwellAuth(config({ authMode: 'LDAP' }), { dispatcher: fake.agent, timeoutMs: 500, clock, logger: silent });
  const tokenCalls = () => fake.calls('/CherwellAPI/token');
  return { fake, auth, tokenCalls, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const refuse = (error: string) => ({ status: 400, json: { error, error_description: 'no' } });

describe('Cherwell token manager', () => {
  it('signs in with the password grant, auth_mode and api_key in the query, client_id in the form', async () => {
    const { auth, tokenCalls } = setup();
    expect(await auth.authorization()).toBe('Bearer at-1');
    const call = tokenCalls()[0];
    expect(call?.query.get('auth_mode')).toBe('LDAP');
    expect(call?.query.get('api_key')).toBe('client-key');
    expect(Object.fromEntries(call?.form ?? [])).toEqual({ grant_type: 'password', username: 'svc.tv', password: 'pw', client_id: 'client-key' });
  });

  it('keeps the token until shortly before expires_in, then refreshes it', async () => {
    const { auth, tokenCalls, advance } = setup();
    await auth.authorization();
    advance(renewAfterMs(1200) - 1000);
    expect(await auth.authorization()).toBe('Bearer at-1');
    advance(2000);
    expect(await auth.authorization()).toBe('Bearer at-2');
    expect(Object.fromEntries(tokenCalls()[1]?.form ?? [])).toEqual({ grant_type: 'refresh_token', refresh_token: 'rt-1', client_id: 'client-key' });
  });

  it('renews after a 401 with the refresh token, and signs in again when the refresh is refused', async () => {
    const { fake, auth, tokenCalls } = setup();
    await auth.authorization();
    fake.on((r) => (r.form.get('grant_type') === 'refresh_token' ? refuse('invalid_grant') : undefined));
    expect(await auth.renew()).toBe(true);
    expect(tokenCalls().map((c) => c.form.get('grant_type'))).toEqual(['password', 'refresh_token', 'password']);
    expect(await auth.authorization()).toBe('Bearer at-2');
  });

  it('shares one token request between concurrent callers', async () => {
    const { auth, tokenCalls } = setup();
    const all = await Promise.all([auth.authorization(), auth.authorization(), auth.authorization()]);
    expect(new Set(all)).toEqual(new Set(['Bearer at-1']));
    expect(tokenCalls()).toHaveLength(1);
  });

  it('names the settings to check: client key for invalid_client_id, user and password for invalid_grant', async () => {
    const a = setup();
    a.fake.on(() => refuse('invalid_client_id'));
    const e1 = (await a.auth.authorization().catch((e: unknown) => e)) as BotError;
    expect(e1.code).toBe('itsm.auth_failed');
    expect(e1.publicMessage).toMatch(/CHERWELL_CLIENT_ID/);
    const b = setup();
    b.fake.on(() => refuse('invalid_grant'));
    const e2 = (await b.auth.authorization().catch((e: unknown) => e)) as BotError;
    expect(e2.publicMessage).toMatch(/rejected the bot's credentials \(invalid_grant\).*CHERWELL_USERNAME and CHERWELL_PASSWORD/);
  });

  it('reads an error body that arrives as a JSON string (as the CSM docs print it)', async () => {
    const { fake, auth } = setup();
    fake.on(() => ({ status: 400, json: JSON.stringify({ error: 'invalid_client_id', error_description: 'Client x is not registered in the system.' }) }));
    expect(((await auth.authorization().catch((e: unknown) => e)) as BotError).publicMessage).toMatch(/invalid_client_id/);
  });

  it('keeps the client key out of the error although the refusal echoes it', async () => {
    const { fake, auth } = setup();
    fake.on(() => ({ status: 400, json: { error: 'invalid_client_id', error_description: 'Client client-key is not registered in the system.' } }));
    const err = (await auth.authorization().catch((e: unknown) => e)) as BotError;
    expect(err.details.description).toBe('Client [CHERWELL_CLIENT_ID] is not registered in the system.');
    expect(JSON.stringify({ message: err.message, details: err.details })).not.toContain('client-key');
  });

  it('reports a failing token endpoint as unavailable, and an answer without a token as invalid', async () => {
    const a = setup();
    a.fake.on(() => ({ status: 503, json: { Message: 'down' } }));
    expect(((await a.auth.authorization().catch((e: unknown) => e)) as BotError).code).toBe('itsm.unavailable');
    const b = setup();
    b.fake.on(() => ok({ token_type: 'bearer' }));
    expect(((await b.auth.authorization().catch((e: unknown) => e)) as BotError).code).toBe('itsm.invalid_response');
  });

  it('renews a minute early, or a quarter of the lifetime for short tokens', () => {
    expect(renewAfterMs(1200)).toBe(1_140_000);
    expect(renewAfterMs(20)).toBe(15_000);
  });
});
