/**
 * Slack request signing, from Slack's side (chat-platforms.md §2.1): the simulator signs what it delivers, and the
 * helpers also let tests verify a request independently of the bot's code.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Signature-scheme version; Slack rejects anything other than `v0`. */
export const SIGNATURE_VERSION = 'v0';
/** Slack (and Bolt) treat a request as replayed when its timestamp is more than five minutes old. */
export const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

/** `v0=` + hex HMAC-SHA256 over `v0:<timestamp>:<raw body>`. */
export function computeSlackSignature(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${SIGNATURE_VERSION}:${String(timestamp)}:`);
  hmac.update(rawBody);
  return `${SIGNATURE_VERSION}=${hmac.digest('hex')}`;
}

/** The two headers Slack adds to every signed request. */
export function slackSignatureHeaders(secret: string, timestamp: number, rawBody: string | Buffer): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': computeSlackSignature(secret, timestamp, rawBody),
  };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing_headers' | 'stale_timestamp' | 'bad_version' | 'mismatch' };

/**
 * Strict check (absolute clock difference, constant-time compare). Used by the simulator's own tests as the
 * independent receiver; the bot has its own implementation.
 */
export function verifySlackSignature(a: {
  secret: string;
  rawBody: string | Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
}): SignatureCheck {
  if (!a.timestamp || !a.signature) return { ok: false, reason: 'missing_headers' };
  const ts = Number(a.timestamp);
  if (!Number.isInteger(ts) || Math.abs(a.nowSeconds - ts) > MAX_SIGNATURE_AGE_SECONDS) return { ok: false, reason: 'stale_timestamp' };
  if (!a.signature.startsWith(`${SIGNATURE_VERSION}=`)) return { ok: false, reason: 'bad_version' };
  const expected = Buffer.from(computeSlackSignature(a.secret, a.timestamp, a.rawBody));
  const given = Buffer.from(a.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'mismatch' };
  return { ok: true };
}
