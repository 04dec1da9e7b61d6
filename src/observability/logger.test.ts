import { describe, expect, it } from 'vitest';
import { createLogger, SecretScrubber } from './logger.js';

function capture(scrubber = new SecretScrubber()) {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', scrubber, destination: { write: (l: string) => void lines.push(l) } });
  return { logger, lines, scrubber };
}

describe('SecretScrubber', () => {
  it('masks every occurrence of a registered value', () => {
    const s = new SecretScrubber();
    s.register('client-secret-QWERTY');
    expect(s.scrub('a client-secret-QWERTY b client-secret-QWERTY')).toBe('a [REDACTED] b [REDACTED]');
  });

  it('ignores values too short to be secrets rather than masking common words', () => {
    const s = new SecretScrubber();
    s.register('abc');
    s.register(undefined);
    s.register('');
    expect(s.scrub('abc abcdef')).toBe('abc abcdef');
  });

  it('masks a registered value that JSON escaping changed, also inside a nested JSON string', () => {
    const { logger, lines, scrubber } = capture();
    scrubber.register('pa"ss\\word-123');
    logger.info({ detail: 'pw=pa"ss\\word-123', nested: JSON.stringify({ pw: 'pa"ss\\word-123' }) }, 'x');
    expect(lines.join('')).not.toMatch(/pa\\*"ss/);
    expect(lines.join('').match(/\[REDACTED\]/g)).toHaveLength(2);
  });

  it('masks bearer and basic credentials whatever their case', () => {
    const s = new SecretScrubber();
    expect(s.scrub('Authorization: Bearer eyJhbGciOi.abc-DEF_123')).toBe('Authorization: Bearer [REDACTED]');
    expect(s.scrub('authorization: bearer 1234567-AbCdEf')).toBe('authorization: bearer [REDACTED]');
    expect(s.scrub('Authorization: Basic Y2hhdG9wczpwdw==')).toBe('Authorization: Basic [REDACTED]');
  });

  it('masks the service-queue token of supporter links in both forms', () => {
    const s = new SecretScrubber();
    expect(s.scrub('https://login.teamviewer.com/Connect/IndexByol?sessioncode=s123456789&servicequeuetoken=AbC123xYz9&lang=en')).toBe(
      'https://login.teamviewer.com/Connect/IndexByol?sessioncode=s123456789&servicequeuetoken=[REDACTED]&lang=en',
    );
    expect(s.scrub('"https://get.teamviewer.com/v15/s123456789-AbC123xYz9"')).toBe('"https://get.teamviewer.com/v15/s123456789-[REDACTED]"');
  });

  it('masks OAuth code, state, one-time link and token parameters but keeps the rest of the URL', () => {
    const s = new SecretScrubber();
    expect(s.scrub('/oauth/teamviewer/callback?code=abc123&state=xyz789')).toBe('/oauth/teamviewer/callback?code=[REDACTED]&state=[REDACTED]');
    expect(s.scrub('http://bot/oauth/teamviewer/start?t=Zm9vYmFy')).toBe('http://bot/oauth/teamviewer/start?t=[REDACTED]');
    expect(s.scrub('grant_type=refresh_token&refresh_token=r1&client_secret=s1&code_verifier=v1')).toBe(
      'grant_type=refresh_token&refresh_token=[REDACTED]&client_secret=[REDACTED]&code_verifier=[REDACTED]',
    );
    expect(s.scrub('"url":"https://x/cb?state=abc\\"')).toBe('"url":"https://x/cb?state=[REDACTED]\\"');
    expect(s.scrub('https://x/y?sessioncode=s1&lang=en')).toBe('https://x/y?sessioncode=s1&lang=en');
  });

  it('masks the password of an SMTP URL', () => {
    expect(new SecretScrubber().scrub('smtps://chatops:p%40ss@mail.example.com:465')).toBe('smtps://chatops:[REDACTED]@mail.example.com:465');
  });
});

describe('createLogger', () => {
  it('redacts credential fields by name and scrubs registered values everywhere else', () => {
    const { logger, lines, scrubber } = capture();
    scrubber.register('xoxb-sandbox-bot-token');
    logger.info(
      {
        accessToken: 'a1',
        link: { refreshToken: 'r1', codeVerifier: 'v1' },
        headers: { authorization: 'Bearer zz' },
        req: { headers: { cookie: 'tvco_link=n1' } },
        password: 'pw',
        token: 't1',
        session: { supporterLink: 'https://get.teamviewer.com/v15/s1-q' },
        message: 'sent with xoxb-sandbox-bot-token',
      },
      'x',
    );
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({
      accessToken: '[REDACTED]',
      link: { refreshToken: '[REDACTED]', codeVerifier: '[REDACTED]' },
      headers: { authorization: '[REDACTED]' },
      req: { headers: { cookie: '[REDACTED]' } },
      password: '[REDACTED]',
      token: '[REDACTED]',
      session: { supporterLink: '[REDACTED]' },
      message: 'sent with [REDACTED]',
    });
  });

  it('scrubs what an error serialises, message and stack included', () => {
    const { logger, lines, scrubber } = capture();
    scrubber.register('refresh-token-0123456789');
    logger.warn({ err: new Error('refresh with refresh-token-0123456789 failed') }, 'oops');
    expect(lines.join('')).not.toContain('refresh-token-0123456789');
    expect(lines.join('')).toContain('refresh with [REDACTED] failed');
  });
});
