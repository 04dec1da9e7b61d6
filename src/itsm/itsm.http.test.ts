import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectorError } from '../core/errors.js';
import { runInBackground } from '../upstream/retry-context.js';
import { createItsmHttp } from './itsm.http.js';

const BASE = 'https://itsm.example.com';

/** An ITSM answering 429 with Retry-After: 20 to its first `limited` requests, then 200; records each method. */
const agents: MockAgent[] = [];

function itsm(limited: number) {
  const agent = new MockAgent();
  agents.push(agent);
  agent.disableNetConnect();
  const methods: string[] = [];
  agent
    .get(BASE)
    .intercept({ path: () => true, method: () => true })
    .reply((o) => {
      methods.push(o.method);
      const limit = methods.length <= limited;
      return { statusCode: limit ? 429 : 200, data: JSON.stringify(limit ? {} : { ok: true }), responseOptions: { headers: { 'content-type': 'application/json', ...(limit ? { 'retry-after': '20' } : {}) } } };
    })
    .persist();
  const http = createItsmHttp({ vendor: 'servicenow', displayName: 'ServiceNow', baseUrl: BASE, dispatcher: agent, timeoutMs: 1000, authorization: async () => 'Basic x' });
  return { http, methods };
}

const job = <T>(fn: () => Promise<T>) => runInBackground(fn, { budgetMs: 300_000 }).catch((e: unknown) => e);

describe('createItsmHttp retries by the calling context', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(agents.splice(0).map((a) => a.close()));
  });

  it('a job waits out a Retry-After: 20 on a GET that a chat command gives up on', async () => {
    const chat = itsm(1);
    expect(await chat.http.get('/api/now/table/incident', 'read the ticket').catch((e: unknown) => e)).toMatchObject({ code: 'itsm.rate_limited', retryAfter: 20 });
    expect(chat.methods).toEqual(['GET']);

    const b = itsm(2);
    const result = job(() => b.http.get('/api/now/table/incident', 'read the ticket'));
    await vi.advanceTimersByTimeAsync(40_000);
    expect(await result).toMatchObject({ status: 200, json: { ok: true } });
    expect(b.methods).toEqual(['GET', 'GET', 'GET']);
  });

  it('never repeats a write that is not marked idempotent, in a job either', async () => {
    const w = itsm(1);
    const result = job(() => w.http.call('POST', '/api/now/table/sys_journal_field', 'write the note', { body: { x: 1 } }));
    await vi.advanceTimersByTimeAsync(40_000);
    expect(await result).toBeInstanceOf(ConnectorError);
    expect(w.methods).toEqual(['POST']);
  });

  it('repeats a read-only POST marked idempotent', async () => {
    const r = itsm(1);
    const result = job(() => r.http.call('POST', '/api/search', 'search', { body: {}, idempotent: true }));
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await result).toMatchObject({ status: 200 });
    expect(r.methods).toEqual(['POST', 'POST']);
  });
});
