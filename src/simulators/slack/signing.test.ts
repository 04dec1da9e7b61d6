import { describe, expect, it } from 'vitest';
import { computeSlackSignature, verifySlackSignature } from './signing.js';

// The worked example from Slack's "Verifying requests from Slack" page.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TS = 1531420618;
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const EXPECTED = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';

describe('Slack signing', () => {
  it('matches Slack’s published example', () => {
    expect(computeSlackSignature(SECRET, TS, BODY)).toBe(EXPECTED);
    expect(computeSlackSignature(SECRET, String(TS), Buffer.from(BODY))).toBe(EXPECTED);
  });

  it('verifies, and names the reason for a failure', () => {
    const base = { secret: SECRET, rawBody: BODY, timestamp: String(TS), signature: EXPECTED, nowSeconds: TS + 10 };
    expect(verifySlackSignature(base)).toEqual({ ok: true });
    expect(verifySlackSignature({ ...base, nowSeconds: TS + 301 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifySlackSignature({ ...base, nowSeconds: TS - 301 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifySlackSignature({ ...base, signature: EXPECTED.replace('v0=', 'v1=') })).toEqual({ ok: false, reason: 'bad_version' });
    expect(verifySlackSignature({ ...base, rawBody: BODY + '&x=1' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySlackSignature({ ...base, signature: undefined })).toEqual({ ok: false, reason: 'missing_headers' });
  });
});
