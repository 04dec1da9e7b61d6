import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretCipher } from './secret-cipher.js';

describe('SecretCipher', () => {
  const cipher = new SecretCipher(randomBytes(32));
  const aad = 'link:slack:T1:U1:access';

  it('round-trips a secret and never writes it in plaintext', () => {
    const sealed = cipher.seal('tv-access-token-0123456789', aad);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('tv-access-token');
    expect(cipher.open(sealed, aad)).toBe('tv-access-token-0123456789');
    expect(cipher.open(cipher.seal('', aad), aad)).toBe('');
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.seal('same', aad)).not.toBe(cipher.seal('same', aad));
  });

  it('refuses a ciphertext moved to another record or field', () => {
    const sealed = cipher.seal('tv-access-token-0123456789', aad);
    expect(() => cipher.open(sealed, 'link:slack:T1:U2:access')).toThrow();
    expect(() => cipher.open(sealed, 'link:slack:T1:U1:refresh')).toThrow();
  });

  it('refuses tampered ciphertext, tag or IV, and foreign formats', () => {
    const [v, iv, tag, ct] = cipher.seal('tv-refresh-token-abcdef', aad).split('.') as [string, string, string, string];
    const flip = (part: string) => {
      const b = Buffer.from(part, 'base64url');
      b[0] = (b[0] ?? 0) ^ 1;
      return b.toString('base64url');
    };
    expect(() => cipher.open([v, iv, tag, flip(ct)].join('.'), aad)).toThrow();
    expect(() => cipher.open([v, iv, flip(tag), ct].join('.'), aad)).toThrow();
    expect(() => cipher.open([v, flip(iv), tag, ct].join('.'), aad)).toThrow();
    expect(() => cipher.open(['v2', iv, tag, ct].join('.'), aad)).toThrow(/not a sealed secret/);
    expect(() => cipher.open('tv-refresh-token-abcdef', aad)).toThrow(/not a sealed secret/);
  });

  it('refuses an authentication tag truncated to a valid prefix', () => {
    const [v, iv, tag, ct] = cipher.seal('tv-refresh-token-abcdef', aad).split('.') as [string, string, string, string];
    const short = (n: number) => Buffer.from(tag, 'base64url').subarray(0, n).toString('base64url');
    for (const n of [4, 8, 12]) expect(() => cipher.open([v, iv, short(n), ct].join('.'), aad)).toThrow();
  });

  it('refuses a ciphertext sealed under another key', () => {
    const other = new SecretCipher(randomBytes(32));
    expect(() => other.open(cipher.seal('secret', aad), aad)).toThrow();
  });

  it('needs a 32-byte key', () => {
    expect(() => new SecretCipher(randomBytes(16))).toThrow(/32-byte/);
  });
});
