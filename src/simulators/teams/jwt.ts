/**
 * RS256 JWTs with node:crypto only: the simulator signs the channel → bot tokens and the connector tokens it issues,
 * and publishes the public key as a JWK.
 *
 * What botbuilder 4.23.3 needs of the key (botframework-connector/lib/auth/openIdMetadata.js `findKey`): a JWKS
 * entry matched on `kid` with base64url `n` and `e` (it rebuilds a PEM from them; `x5c` is not used). `endorsements`
 * is optional: when the array is non-empty, jwtTokenExtractor.js `validateToken` requires the activity's
 * `channelId` to be in it (endorsementsValidator.js), so we publish `['msteams']` as the real keys do, which makes
 * the bot refuse a valid token on an activity from another channel.
 */
import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { JsonObject } from './teams.types.js';

/** Channel ids our published key endorses (the real Bot Framework keys list several). */
export const KEY_ENDORSEMENTS = ['msteams'];

/** An RSA key pair and the `kid` it is published under. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const keys = new Map<string, SigningKey>();

/**
 * The signing key of a slot, generated once per process (RSA-2048 costs 0.3–1 s), so suites that start many
 * simulators don't pay it every time; the `foreign` slot is a different key. The `kid` is the public key's
 * thumbprint, stable for the process: botbuilder caches a metadata URL's keys for 24 h and re-fetches an unknown
 * `kid` only after an hour, so a simulator restarted on the same port must keep publishing the same key.
 */
export function signingKey(slot: 'own' | 'foreign'): SigningKey {
  let key = keys.get(slot);
  if (!key) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const kid = createHash('sha256').update(pair.publicKey.export({ type: 'spki', format: 'der' })).digest('base64url').slice(0, 27);
    key = { kid, ...pair };
    keys.set(slot, key);
  }
  return key;
}

/** The JWKS entry for a key, shaped like `https://login.botframework.com/v1/.well-known/keys`. */
export function publicJwk(key: SigningKey): JsonObject {
  const jwk = key.publicKey.export({ format: 'jwk' });
  return { kty: 'RSA', use: 'sig', kid: key.kid, x5t: key.kid, n: jwk.n, e: jwk.e, endorsements: [...KEY_ENDORSEMENTS] };
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs `payload` with RS256; `kid` overrides the header's key id (to sign with one key and name another). */
export function signJwt(payload: JsonObject, key: SigningKey, kid: string = key.kid): string {
  const header = { alg: 'RS256', typ: 'JWT', kid, x5t: kid };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(input), key.privateKey);
  return `${input}.${b64url(signature)}`;
}

/** Header and payload of a JWT, unchecked. */
export interface DecodedJwt {
  header: JsonObject;
  payload: JsonObject;
}

/** Splits and parses a JWT without checking it; undefined when it is not three base64url JSON parts. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as unknown;
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload };
  } catch {
    return undefined;
  }
}

/** Outcome of `verifyJwt`: the payload, or why the token is refused. */
export type JwtCheck = { ok: true; payload: JsonObject } | { ok: false; reason: string };

/** Verifies an RS256 signature against `publicKey` and the `nbf`/`exp` window (seconds, no tolerance). */
export function verifyJwt(token: string, publicKey: KeyObject | JsonObject, nowSeconds: number): JwtCheck {
  const decoded = decodeJwt(token);
  if (!decoded) return { ok: false, reason: 'malformed' };
  if (decoded.header.alg !== 'RS256') return { ok: false, reason: 'unsupported_alg' };
  const [h = '', p = '', s = ''] = token.split('.');
  // A JWK object (e.g. read back from the JWKS) is accepted too, so tests can verify the way a client would.
  const key = isKeyObject(publicKey) ? publicKey : createPublicKey({ key: publicKey, format: 'jwk' });
  if (!verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return { ok: false, reason: 'bad_signature' };
  const { nbf, exp } = decoded.payload;
  if (typeof nbf === 'number' && nowSeconds < nbf) return { ok: false, reason: 'not_yet_valid' };
  if (typeof exp !== 'number' || nowSeconds >= exp) return { ok: false, reason: 'expired' };
  return { ok: true, payload: decoded.payload };
}

function isKeyObject(k: KeyObject | JsonObject): k is KeyObject {
  return typeof (k as KeyObject).export === 'function' && typeof (k as KeyObject).type === 'string';
}

/** Narrows parsed JSON to a plain object (not null, not an array). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Unix seconds from the real clock, never the simulator's clock: the bot checks `nbf`/`exp` with jsonwebtoken's
 * `Date.now()` (and botbuilder caches outbound tokens on `Date`), so a fake clock moved forward would make every
 * token look expired or premature to one side.
 */
export function realNowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
