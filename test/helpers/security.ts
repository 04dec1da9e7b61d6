import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import type { Stack } from '../../src/sandbox/stack.js';

/** A clock that follows real time plus an offset the test moves forward; shared by the bot and the simulators. */
export interface ManualClock {
  now(): Date;
  advance(ms: number): void;
}

export function manualClock(): ManualClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

export function agentKeyOf(stack: Stack, userId: string): string {
  return `slack:${stack.slack.state.teamId}:${userId}`;
}

/** The embedded store's JSON file exactly as it is on disk. */
export function readDataFile(stack: Stack): Promise<string> {
  return readFile(join(stack.config.dataDir, 'teamviewer-chatops.json'), 'utf8');
}

export interface RawResponse {
  status: number;
  location?: string;
  /** `name=value` of the first Set-Cookie, attributes dropped. */
  cookie?: string;
  body: string;
}

/** One GET (or form POST) without following redirects, with an explicit cookie. */
export async function httpHop(url: string, o: { cookie?: string; form?: Record<string, string> } = {}): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (o.cookie) headers.cookie = o.cookie;
  if (o.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const res = await request(url, { method: o.form ? 'POST' : 'GET', headers, ...(o.form ? { body: new URLSearchParams(o.form).toString() } : {}) });
  const body = await res.body.text();
  const loc = res.headers.location;
  const set = res.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  return {
    status: res.statusCode,
    body,
    ...(loc ? { location: new URL(Array.isArray(loc) ? (loc[0] ?? '') : loc, url).toString() } : {}),
    ...(first ? { cookie: first.split(';')[0] ?? '' } : {}),
  };
}

/** Bot /start → TeamViewer authorize (auto-consent), stopping before the callback: returns what a browser holds. */
export async function startLinkInBrowser(startUrl: string): Promise<{ cookie: string; authorizeUrl: string; callbackUrl: string }> {
  const start = await httpHop(startUrl);
  if (start.status !== 302 || !start.location || !start.cookie) throw new Error(`start did not redirect: ${start.status}`);
  const authorize = await httpHop(start.location);
  if (authorize.status !== 302 || !authorize.location) throw new Error(`authorize did not redirect: ${authorize.status} ${authorize.body.slice(0, 200)}`);
  return { cookie: start.cookie, authorizeUrl: start.location, callbackUrl: authorize.location };
}
