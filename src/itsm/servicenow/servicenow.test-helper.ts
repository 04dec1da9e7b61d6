/** A scripted ServiceNow instance on undici's MockAgent for the connector's unit tests: nothing leaves the process. */
import { MockAgent } from 'undici';
import { BotError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { createServiceNowConnector } from './servicenow.connector.js';

export const BASE = 'https://acme.service-now.com';
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

export interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}
export type Answer = { status: number; json?: unknown; headers?: Record<string, string> };

/** Every request is recorded and answered by `handler`. */
export function instance(handler: (c: Call) => Answer) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const calls: Call[] = [];
  agent
    .get(BASE)
    .intercept({ path: () => true, method: () => true })
    .reply((o) => {
      const url = new URL(o.path, BASE);
      const call = { method: o.method, path: url.pathname, query: url.searchParams, body: typeof o.body === 'string' ? (JSON.parse(o.body) as unknown) : undefined };
      calls.push(call);
      const a = handler(call);
      return { statusCode: a.status, data: JSON.stringify(a.json ?? {}), responseOptions: { headers: { 'content-type': 'application/json', ...a.headers } } };
    })
    .persist();
  const connector = createServiceNowConnector(
    { provider: 'servicenow', url: BASE, username: 'svc', password: 'pw', assetField: 'u_teamviewer_id' },
    { dispatcher: agent, timeoutMs: 1000, logger: silent },
  );
  return { connector, calls };
}

/** A field as `sysparm_display_value=all` returns it. */
export const f = (value: string, display_value = value) => ({ value, display_value });

/** The BotError a call fails with; the test fails if it resolves or throws anything else. */
export async function errorOf(p: Promise<unknown>): Promise<BotError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BotError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

export const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof BotError ? e.code : String(e)));
