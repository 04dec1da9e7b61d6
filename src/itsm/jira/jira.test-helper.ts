/**
 * Test wiring for the Jira connector: an undici MockAgent (no network) standing in for one Jira Cloud site, a
 * journal of every request it saw, and a connector built from settings like the registry builds it.
 */
import { MockAgent } from 'undici';
import type { ItsmConnector } from '../../core/ports/itsm.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { jiraModule } from './index.js';

export const SITE = 'https://acme.atlassian.net';
export const WS = 'ws-1';
export const ASSETS = `/gateway/api/jsm/assets/workspace/${WS}/v1`;
export const AUTH = `Basic ${Buffer.from('bot@acme.example:tok-123').toString('base64')}`;

export interface Seen {
  method: string;
  /** Path with query string, as sent. */
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

const silent: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, child: () => silent };

export interface MockJira {
  agent: MockAgent;
  seen: Seen[];
  connector: ItsmConnector;
  /** Answers requests whose path (without query) equals `path` or matches it; `times` defaults to always. */
  on(method: string, path: string | RegExp, reply: Reply | ((s: Seen) => Reply), times?: number): void;
  /** Requests seen for a method and path prefix. */
  calls(method: string, prefix: string): Seen[];
}

export function mockJira(env: Record<string, string> = {}, now: () => Date = () => new Date()): MockJira {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(SITE);
  const seen: Seen[] = [];
  const parsed = jiraModule.envSchema.safeParse({ JIRA_URL: SITE, JIRA_EMAIL: 'bot@acme.example', JIRA_API_TOKEN: 'tok-123', ...env });
  if (!parsed.success) throw new Error(parsed.error.message);
  const connector = jiraModule.create(jiraModule.toConfig(parsed.data), { dispatcher: agent, timeoutMs: 300, logger: silent, clock: { now } });
  return {
    agent,
    seen,
    connector,
    on(method, path, reply, times) {
      const matches = (p: string) => {
        const bare = p.split('?')[0] ?? '';
        return typeof path === 'string' ? bare === path : path.test(bare);
      };
      const scope = pool.intercept({ method, path: matches }).reply((opts) => {
        const raw = typeof opts.body === 'string' ? opts.body : undefined;
        const s: Seen = { method: opts.method, path: opts.path, headers: opts.headers as Record<string, string>, body: raw ? (JSON.parse(raw) as unknown) : undefined };
        seen.push(s);
        const r = typeof reply === 'function' ? reply(s) : reply;
        return { statusCode: r.status, data: r.json === undefined ? '' : JSON.stringify(r.json), responseOptions: { headers: { 'content-type': 'application/json', ...(r.headers ?? {}) } } };
      });
      if (times === undefined) scope.persist();
      else scope.times(times);
    },
    calls: (method, prefix) => seen.filter((s) => s.method === method && s.path.startsWith(prefix)),
  };
}

/** Jira-shaped fixtures. */
export const fx = {
  user: (name: string, email?: string | null, accountId = `id-${name.split(' ')[0]?.toLowerCase() ?? 'x'}`) => ({ accountId, displayName: name, ...(email === undefined ? {} : { emailAddress: email }) }),
  fields: (extra: unknown[] = []) => [
    { id: 'summary', name: 'Summary', custom: false, schema: { type: 'string', system: 'summary' } },
    { id: 'customfield_10016', name: 'Story points', custom: true, schema: { type: 'number', custom: 'com.pyxis.greenhopper.jira:jsw-story-points', customId: 10016 } },
    ...extra,
  ],
  assetsField: (id: string, name = 'Affected device') => ({ id, name, custom: true, schema: { type: 'array', items: 'cmdb-object-field', custom: 'com.atlassian.jira.plugins.cmdb:cmdb-object-cftype', customId: Number(id.split('_')[1]) } }),
  object: (id: string, label: string, typeId: string, typeName: string, values: Record<string, string> = {}) => ({
    id,
    label,
    objectKey: `ITSM-${id}`,
    objectType: { id: typeId, name: typeName },
    attributes: Object.entries(values).map(([attr, value]) => ({ objectTypeAttributeId: attr, objectAttributeValues: [{ value, displayValue: value }] })),
  }),
  computerAttributes: [
    { id: '300', name: 'Key', label: false },
    { id: '301', name: 'Name', label: true },
    { id: '304', name: 'Serial Number', label: false },
    { id: '305', name: 'TeamViewer ID', label: false },
  ],
};
