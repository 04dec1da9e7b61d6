import { describe, expect, it } from 'vitest';
import type { TicketNumber } from '../../core/domain/ticket.js';
import { BotError } from '../../core/errors.js';
import { API_TOKEN, connectorWith, dataCalls, exchangeOk, mockMatrix42, type Call, type Route } from './matrix42.test-helper.js';

const N = 'TCK00012345' as TicketNumber;
const isExchange = (c: Call) => c.path === '/m42Services/api/ApiToken/GenerateAccessTokenFromApiToken';
const emptyTickets: Route = (c) => (c.path.includes('/data/fragments/') ? { status: 200, json: [] } : undefined);

async function failure(p: Promise<unknown>): Promise<BotError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof BotError)) throw new Error(`expected a BotError, got ${String(err)}`);
  return err;
}

describe('API token exchange', () => {
  it('posts the API token with an empty body, then uses RawToken as bearer with Explicit-Language', async () => {
    const now = () => new Date('2025-03-04T05:00:00Z');
    const { agent, calls } = mockMatrix42(exchangeOk(now, 'raw-access'), emptyTickets);
    await connectorWith(agent, { language: 'de-DE' }, now).getTicket(N);
    const [exchange, query] = calls;
    expect(exchange).toMatchObject({ method: 'POST', path: '/m42Services/api/ApiToken/GenerateAccessTokenFromApiToken', rawBody: '' });
    expect(exchange?.headers.authorization).toBe(`Bearer ${API_TOKEN}`);
    expect(exchange?.headers['content-length'] ?? '0').toBe('0');
    expect(query?.headers.authorization).toBe('Bearer raw-access');
    expect(query?.headers['explicit-language']).toBe('de-DE');
  });

  it('re-exchanges 60 s before LifeTime, not earlier', async () => {
    let now = new Date('2025-03-04T05:00:00Z');
    const { agent, calls } = mockMatrix42(exchangeOk(() => now), emptyTickets);
    const connector = connectorWith(agent, {}, () => now);
    await connector.getTicket(N);
    now = new Date('2025-03-04T05:58:59Z');
    await connector.getTicket(N);
    expect(calls.filter(isExchange)).toHaveLength(1);
    now = new Date('2025-03-04T05:59:01Z');
    await connector.getTicket(N);
    expect(calls.filter(isExchange)).toHaveLength(2);
  });

  it('shares one exchange between calls made at the same time', async () => {
    const now = () => new Date();
    const { agent, calls } = mockMatrix42(exchangeOk(now), emptyTickets);
    const connector = connectorWith(agent, {}, now);
    await Promise.all([connector.getTicket(N), connector.getTicket(N), connector.getTicket(N)]);
    expect(calls.filter(isExchange)).toHaveLength(1);
    expect(dataCalls(calls)).toHaveLength(3);
  });

  it('renews once after a 401 and repeats the call', async () => {
    const now = () => new Date();
    let issued = 0;
    const { agent, calls } = mockMatrix42(
      (c) => (isExchange(c) ? { status: 200, json: { RawToken: `access-${++issued}`, LifeTime: new Date(Date.now() + 3600_000).toISOString() } } : undefined),
      (c) => (c.headers.authorization === 'Bearer access-1' ? { status: 401, json: { Message: 'Authorization has been denied for this request.' } } : undefined),
      emptyTickets,
    );
    expect(await connectorWith(agent, {}, now).getTicket(N)).toBeUndefined();
    expect(calls.map((c) => `${c.method} ${isExchange(c) ? 'exchange' : c.headers.authorization}`)).toEqual(['POST exchange', 'GET Bearer access-1', 'POST exchange', 'GET Bearer access-2']);
  });

  it('treats 200 + null from the exchange as a bad API token and says how to fix it', async () => {
    const { agent, calls } = mockMatrix42((c) => (isExchange(c) ? { status: 200, text: 'null' } : undefined));
    const err = await failure(connectorWith(agent).getTicket(N));
    expect(err.code).toBe('itsm.auth_failed');
    expect(err.publicMessage).toMatch(/API token/);
    expect(err.publicMessage).toMatch(/Administration → Integration → API Tokens/);
    expect(err.publicMessage).toMatch(/MATRIX42_API_TOKEN/);
    expect(dataCalls(calls)).toHaveLength(0);
  });

  it('reports the same in the health check, with one line per check', async () => {
    const { agent } = mockMatrix42((c) => (isExchange(c) ? { status: 200, text: 'null' } : undefined));
    const health = await connectorWith(agent).healthCheck();
    expect(health.ok).toBe(false);
    expect(health.detail).toMatch(/API token/);
    expect(health.checks).toEqual([{ name: 'token', ok: false, detail: expect.stringMatching(/API token/) as unknown }]);
  });

  it('calls an answer without RawToken unusable rather than sending "Bearer undefined"', async () => {
    const { agent } = mockMatrix42((c) => (isExchange(c) ? { status: 200, json: { Something: 'else' } } : undefined));
    expect((await failure(connectorWith(agent).getTicket(N))).code).toBe('itsm.invalid_response');
  });

  it('keeps an access token out of the error when the answer names it differently or is a bare string', async () => {
    for (const json of [{ rawToken: 'eyJsecret.access.token' }, 'eyJsecret.access.token']) {
      const { agent } = mockMatrix42((c) => (isExchange(c) ? { status: 200, json } : undefined));
      const err = await failure(connectorWith(agent).getTicket(N));
      expect(err.code).toBe('itsm.invalid_response');
      expect(JSON.stringify({ message: err.message, details: err.details })).not.toContain('eyJsecret');
    }
  });

  it('passes a healthy tenant, and names a missing TeamViewer attribute without failing it', async () => {
    const now = () => new Date();
    const { agent, calls } = mockMatrix42(exchangeOk(now), (c) => (c.path.endsWith('/SPSComputerClassBase') ? { status: 500, json: { Message: 'An error has occurred.' } } : undefined), emptyTickets);
    const health = await connectorWith(agent, {}, now).healthCheck();
    expect(health.ok).toBe(true);
    expect(health.checks?.map((c) => [c.name, c.ok])).toEqual([
      ['token', true],
      ['tickets', true],
      ['asset field', false],
    ]);
    expect(health.detail).toMatch(/Ud_TeamViewerId.*SPSComputerClassBase/);
    expect(calls.find((c) => c.path.endsWith('/SPSActivityClassBase'))?.query.get('pageSize')).toBe('1');
  });
});
