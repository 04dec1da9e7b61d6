/**
 * A stand-in for the bot's `POST /slack/events`, for the simulator's own tests. It checks Slack signatures with
 * node:crypto directly (not the simulator's signing.ts), so a signing bug cannot hide behind itself.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';

export interface Received {
  headers: IncomingHttpHeaders;
  rawBody: string;
  form: URLSearchParams;
  json: unknown;
  signatureValid: boolean;
}

export interface BotAnswer {
  status?: number;
  body?: string;
  contentType?: string;
  delayMs?: number;
}

export type Responder = (r: Received) => BotAnswer | undefined;

export interface FakeBot {
  url: string;
  received: Received[];
  respond: Responder;
  stop(): Promise<void>;
}

function signatureOk(secret: string, headers: IncomingHttpHeaders, raw: string): boolean {
  const ts = headers['x-slack-request-timestamp'];
  const sig = headers['x-slack-signature'];
  if (typeof ts !== 'string' || typeof sig !== 'string') return false;
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const expected = Buffer.from('v0=' + createHmac('sha256', secret).update(`v0:${ts}:${raw}`).digest('hex'));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Default behaviour mirrors Bolt's receiver: 401 on bad signature, ssl_check → 200, url_verification → challenge. */
export function defaultAnswer(r: Received): BotAnswer {
  if (r.form.get('ssl_check') === '1') return { status: 200 };
  if (!r.signatureValid) return { status: 401, body: 'invalid signature' };
  const j = r.json as { type?: string; challenge?: string } | undefined;
  if (j?.type === 'url_verification') return { status: 200, body: JSON.stringify({ challenge: j.challenge }), contentType: 'application/json' };
  return { status: 200, body: '' };
}

export async function startFakeBot(secret: string, respond?: Responder): Promise<FakeBot> {
  const received: Received[] = [];
  const bot: FakeBot = { url: '', received, respond: respond ?? (() => undefined), stop: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const isForm = (req.headers['content-type'] ?? '').includes('x-www-form-urlencoded');
      let json: unknown;
      try {
        json = isForm ? undefined : (JSON.parse(rawBody) as unknown);
      } catch {
        json = undefined;
      }
      const r: Received = { headers: req.headers, rawBody, form: isForm ? new URLSearchParams(rawBody) : new URLSearchParams(), json, signatureValid: signatureOk(secret, req.headers, rawBody) };
      received.push(r);
      const answer = { ...defaultAnswer(r), ...(bot.respond(r) ?? {}) };
      const send = (): void => {
        if (res.destroyed) return;
        res.writeHead(answer.status ?? 200, { 'content-type': answer.contentType ?? 'text/plain' });
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  bot.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  bot.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return bot;
}

/** Web API call the way `@slack/web-api` makes it: form-encoded, objects as JSON strings, bearer token. */
export async function callApi(apiUrl: string, method: string, args: Record<string, unknown>, token: string | undefined): Promise<Record<string, unknown>> {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(args)) if (v !== undefined) form.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(apiUrl + method, { method: 'POST', headers, body: form.toString() });
  return (await res.json()) as Record<string, unknown>;
}

/** A clock tests can move forward. */
export function manualClock(start = Date.now()): { now(): Date; advance(ms: number): void } {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

/** Asymmetric matchers typed `unknown` so object literals in assertions stay free of `any`. */
export const anyString: unknown = expect.any(String);
export const anyNumber: unknown = expect.any(Number);
export const slackTs: unknown = expect.stringMatching(/^\d+\.\d{6}$/);
