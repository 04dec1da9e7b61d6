import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusOfError, timedCalls, upstreamInterceptor, vendorResolver } from './upstream-metrics.js';

describe('vendorResolver', () => {
  it('names configured origins, known vendor hosts, and everything else `other`', () => {
    const vendorOf = vendorResolver([
      ['https://webapi.teamviewer.com/api/v1', 'teamviewer'],
      ['https://login.teamviewer.com', 'teamviewer'],
      ['https://acme.service-now.com', 'servicenow'],
      [undefined, 'slack'],
    ]);
    expect(vendorOf('https://webapi.teamviewer.com')).toBe('teamviewer');
    expect(vendorOf('https://login.teamviewer.com:443')).toBe('teamviewer');
    expect(vendorOf('https://acme.service-now.com')).toBe('servicenow');
    expect(vendorOf('https://hooks.slack.com')).toBe('slack');
    expect(vendorOf('https://smba.trafficmanager.net')).toBe('teams');
    expect(vendorOf('https://evil.example.com')).toBe('other');
    expect(vendorOf('not a url')).toBe('other');
  });
});

describe('statusOfError', () => {
  it('reads HTTP statuses from SDK errors and tells timeouts from other failures', () => {
    expect(statusOfError({ code: 'slack_webapi_platform_error' })).toBe('200');
    expect(statusOfError({ code: 'slack_webapi_rate_limited_error' })).toBe('429');
    expect(statusOfError({ code: 'slack_webapi_http_error', statusCode: 502 })).toBe('502');
    expect(statusOfError({ code: 'slack_webapi_request_error', original: Object.assign(new Error('t'), { name: 'TimeoutError' }) })).toBe('timeout');
    expect(statusOfError({ name: 'RestError', statusCode: 403 })).toBe('403');
    expect(statusOfError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }))).toBe('timeout');
    expect(statusOfError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe('error');
    expect(statusOfError(undefined)).toBe('error');
  });
});

describe('upstreamInterceptor', () => {
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/hang') return; // never answers
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'text/plain' }).end('body');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('observes each request once with its vendor and status, timeout or error', async () => {
    const seen: Array<[string, string]> = [];
    const agent = new Agent();
    const d = agent.compose(upstreamInterceptor(vendorResolver([[origin, 'jira']]), (vendor, status, seconds) => {
      expect(seconds).toBeGreaterThanOrEqual(0);
      seen.push([vendor, status]);
    }));
    expect(await (await request(`${origin}/ok`, { dispatcher: d })).body.text()).toBe('body');
    await (await request(`${origin}/missing`, { dispatcher: d })).body.text();
    await expect(request(`${origin}/hang`, { dispatcher: d, signal: AbortSignal.timeout(50) })).rejects.toThrow();
    await expect(request('http://127.0.0.1:1/', { dispatcher: d })).rejects.toThrow();
    expect(seen).toEqual([
      ['jira', '200'],
      ['jira', '404'],
      ['jira', 'timeout'],
      ['other', 'error'],
    ]);
    await agent.destroy();
  });
});

describe('timedCalls', () => {
  it('times promise-returning methods, namespaced ones too, and leaves the rest alone', async () => {
    class Client {
      #secret = 'x';
      chat = { post: async (ok: boolean) => (ok ? 'sent' : Promise.reject(Object.assign(new Error('no'), { statusCode: 503 }))) };
      get secret() {
        return this.#secret;
      }
      name() {
        return 'client';
      }
    }
    const seen: string[] = [];
    const c = timedCalls(new Client(), (err) => seen.push(err === undefined ? 'ok' : statusOfError(err)), { depth: 2 });
    expect(await c.chat.post(true)).toBe('sent');
    await expect(c.chat.post(false)).rejects.toThrow('no');
    expect(c.name()).toBe('client');
    expect(c.secret).toBe('x');
    expect(seen).toEqual(['ok', '503']);
  });
});
