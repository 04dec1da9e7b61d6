import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

export interface ReceivedActivity {
  headers: IncomingHttpHeaders;
  activity: Record<string, unknown>;
}

export interface FakeBotReply {
  status?: number;
  body?: unknown;
  delayMs?: number;
}

export interface FakeBot {
  url: string;
  received: ReceivedActivity[];
  respond: (a: ReceivedActivity) => FakeBotReply;
  stop(): Promise<void>;
}

export async function startFakeBot(): Promise<FakeBot> {
  const bot: FakeBot = { url: '', received: [], respond: () => ({}), stop: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const got: ReceivedActivity = { headers: req.headers, activity: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> };
      bot.received.push(got);
      const reply = bot.respond(got);
      setTimeout(() => {
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  bot.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  bot.stop = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return bot;
}

/** JSON over fetch, for calling the connector like the bot's ConnectorClient would. */
export async function call(url: string, method: string, body?: unknown, token?: string): Promise<{ status: number; json: unknown; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
}

export async function fetchToken(tokenUrl: string, form: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Typed asymmetric matchers (vitest's return `any`, which the lint rules refuse). */
export const anyString: unknown = expect.any(String);
export const anyNumber: unknown = expect.any(Number);
export const matching = (re: RegExp): unknown => expect.stringMatching(re);
export const containing = (sub: string): unknown => expect.stringContaining(sub);
