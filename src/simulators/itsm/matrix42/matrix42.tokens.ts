/**
 * API token → access token exchange and the bearer checks of every other route (itsm-apis.md §6.1): an invalid
 * or revoked API token gets HTTP 200 with a literal `null` body; the raw API token sent to a data endpoint gets
 * 406; a missing, unknown or expired access token gets 401; Basic auth is refused for the API audience (403).
 */
import { randomBytes } from 'node:crypto';
import type { SimClock, SimRequest, SimResponse } from '../../shared/sim-server.js';

const b64url = (v: string | Buffer) => Buffer.from(v).toString('base64url');

/** A JWT-looking token (header.payload.signature); the signature is random, nothing verifies it. */
export function fakeJwt(claims: Record<string, unknown>): string {
  return `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.${b64url(randomBytes(32))}`;
}

export interface TokenDesk {
  exchange(req: SimRequest): SimResponse;
  /** Undefined when the call may proceed, else the refusal to send. */
  check(req: SimRequest): SimResponse | undefined;
  expireAll(): void;
  revoke(): void;
  /** Access tokens issued so far (for tests). */
  issued(): number;
}

export interface TokenDeskOptions {
  apiToken: string;
  clock: SimClock;
  /** Seconds an access token lives (LifeTime = now + this). */
  lifetimeSeconds: number;
  /** The SPSUserClassBase fragment id the token acts as (its `UserFragmentId` claim, §6.1). */
  userFragmentId: () => string;
}

function bearer(req: SimRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

export function createTokenDesk(o: TokenDeskOptions): TokenDesk {
  const tokens = new Map<string, number>();
  let revoked = false;
  let count = 0;
  return {
    exchange(req) {
      const presented = bearer(req);
      if (!presented) return { status: 401, json: { Message: 'Authorization has been denied for this request.' } };
      // The documented quirk: a bad API token is not an HTTP error, it is 200 with the body `null`.
      if (presented !== o.apiToken || revoked) return { status: 200, text: 'null', headers: { 'content-type': 'application/json; charset=utf-8' } };
      const expires = o.clock.now().getTime() + o.lifetimeSeconds * 1000;
      const raw = fakeJwt({ UserFragmentId: o.userFragmentId(), exp: Math.floor(expires / 1000), n: ++count });
      tokens.set(raw, expires);
      return { status: 200, json: { RawToken: raw, LifeTime: new Date(expires).toISOString(), ValidTo: new Date(expires).toISOString() } };
    },
    check(req) {
      if (/^Basic\s/i.test(req.headers.authorization ?? '')) return { status: 403, json: { Message: 'Basic authentication is not allowed for this audience.' } };
      const presented = bearer(req);
      if (presented && presented === o.apiToken) return { status: 406, json: { Message: 'The API token must be exchanged for an access token first.' } };
      const expires = presented ? tokens.get(presented) : undefined;
      if (expires === undefined || expires <= o.clock.now().getTime()) return { status: 401, json: { Message: 'Authorization has been denied for this request.' } };
      return undefined;
    },
    expireAll() {
      tokens.clear();
    },
    revoke() {
      revoked = true;
    },
    issued: () => count,
  };
}
