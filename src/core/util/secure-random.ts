import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** 256 bits, URL-safe: one-time link tokens, OAuth state, browser nonces. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Stored in place of a bearer secret, so a copy of the data file grants nothing. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** RFC 7636: 32 random bytes as the verifier, S256 challenge = base64url(SHA-256(verifier)) without padding. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function newId(): string {
  return randomUUID();
}

/** Short id shown to users as a reference and carried in the logs. */
export function shortId(): string {
  return randomBytes(6).toString('base64url');
}
