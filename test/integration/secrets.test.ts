import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_SECRETS } from '../../src/sandbox/stack.js';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { actionId, buttonUrl, cardsIn, dmsTo, followLinkDm, startTestStack, type TestStack } from '../helpers/stack.js';
import { agentKeyOf, readDataFile } from '../helpers/security.js';

const { printer, vpn } = SERVICENOW_SEED.incidents;

function credentialOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.replace(/^(bearer|basic)\s+/i, '');
}

describe('no secret reaches a log line or the data file in plaintext', () => {
  let s: TestStack;
  let dataFile = '';

  const linkDmCount = () => dmsTo(s, s.people.agent).filter((m) => buttonUrl(m, 'link.open')).length;
  const privateTo = (re: RegExp) => s.slack.waitFor(() => s.slack.state.responseUrlPosts.find((p) => re.test(JSON.stringify(p.body))), 8000);

  beforeAll(async () => {
    s = await startTestStack({ env: { LOG_LEVEL: 'debug' } });
    const { agent, channel } = s.people;
    s.tv.consentAs('u1000001');
    await s.slack.sendCommand({ userId: agent, channelId: channel, text: `start ${printer.number}` });
    await followLinkDm(s, agent);
    const card = await s.slack.waitFor(() => cardsIn(s, channel)[0], 8000);
    await s.smtp.waitForMessage((m) => m.to.includes('abel.tuter@example.com'));

    await s.slack.clickButton({ userId: agent, message: card, actionId: actionId(card, 'session.share') });
    await s.slack.waitFor(() => (s.smtp.messages.length >= 2 ? true : undefined), 8000);

    s.tv.fail({ path: '/api/v1/sessions', method: 'POST', status: 401, times: 1 });
    s.tv.fail({ path: '/api/v1/sessions', method: 'POST', status: 500, times: 1 });
    await s.slack.sendCommand({ userId: agent, channelId: channel, text: `start ${vpn.number}` });
    await privateTo(/Reference/);

    const before = linkDmCount();
    s.tv.revokeRefreshTokens();
    s.tv.expireAccessTokens();
    await s.slack.sendCommand({ userId: agent, channelId: channel, text: `close ${printer.number}` });
    await followLinkDm(s, agent, before);
    await s.slack.waitFor(() => s.tv.state.sessions.find((x) => x.state === 'Closed'), 8000);

    dataFile = await readDataFile(s);
    await s.slack.sendCommand({ userId: agent, channelId: channel, text: 'unlink' });
    await privateTo(/Unlinked/);
    await s.slack.waitFor(() => s.servicenow.workNotes(printer.sysId).length >= 2 || undefined, 8000);
  });
  afterAll(async () => {
    await s.stop();
  });

  function secrets() {
    const key = s.config.encryptionKey;
    const sessions = s.tv.state.sessions;
    const headerCreds = [...s.tv.requests, ...s.servicenow.requests, ...s.slack.requests].map((r) => credentialOf(r.headers.authorization)).filter((v): v is string => Boolean(v));
    return {
      accessTokens: s.tv.state.accessTokens.map((t) => t.token),
      refreshTokens: s.tv.state.refreshTokens.map((t) => t.token),
      config: [SANDBOX_SECRETS.clientSecret, SANDBOX_SECRETS.signingSecret, SANDBOX_SECRETS.botToken, SANDBOX_SECRETS.smtpPassword, s.env().SERVICENOW_PASSWORD ?? ''],
      encryptionKey: [key.toString('base64'), key.toString('hex'), key.toString('base64url')],
      verifiers: s.tv.requests.map((r) => r.form.get('code_verifier')).filter((v): v is string => Boolean(v)),
      authorizationCodes: s.tv.state.authorizationCodes.map((c) => c.code),
      queueTokens: sessions.flatMap((x) => [x.supporter_link.split('-').at(-1) ?? '', new URL(x.webclient_supporter_link).searchParams.get('servicequeuetoken') ?? '']),
      authorizationHeaders: headerCreds,
    };
  }

  it('exercised every path whose secrets it checks', () => {
    const found = secrets();
    expect(found.accessTokens.length).toBeGreaterThanOrEqual(3);
    expect(found.refreshTokens.length).toBeGreaterThanOrEqual(3);
    expect(found.verifiers).toHaveLength(2);
    expect(found.queueTokens.length).toBeGreaterThanOrEqual(2);
    expect(found.authorizationHeaders.some((h) => h.startsWith('xoxb-'))).toBe(true);
    expect(s.logs.length).toBeGreaterThan(50);
    expect(s.logs.some((l) => l.includes('"level":20'))).toBe(true);
  });

  it('keeps every secret value out of every log line', () => {
    const leaks: string[] = [];
    for (const [kind, values] of Object.entries(secrets())) {
      for (const value of new Set(values)) {
        const line = s.logs.find((l) => l.includes(value));
        if (line) leaks.push(`${kind}: ${line.slice(0, 300)}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('logs no Authorization header, Basic or Bearer credential, nor OAuth query secrets', () => {
    const patterns = [/authorization\\?"?\s*[:=]\s*\\?"?(bearer|basic)\s+(?!\[REDACTED\])/i, /\b(bearer|basic)\s+(?!\[REDACTED\])[A-Za-z0-9._~+/=-]{6,}/i, /[?&](t|code|state|code_verifier)=(?!\[REDACTED\])[A-Za-z0-9_-]{6,}/];
    expect(s.logs.filter((l) => patterns.some((p) => p.test(l)))).toEqual([]);
  });

  it('stores tokens and verifiers only encrypted', async () => {
    const found = secrets();
    const plain = [...found.accessTokens, ...found.refreshTokens, ...found.verifiers, ...found.config, ...found.encryptionKey].filter((v) => dataFile.includes(v));
    expect(plain).toEqual([]);
    const data = JSON.parse(dataFile) as { links: Array<{ agentKey: string; accessTokenSealed: string }> };
    expect(data.links.map((l) => l.agentKey)).toEqual([agentKeyOf(s, s.people.agent)]);
    expect(data.links[0]?.accessTokenSealed).toMatch(/^v1\./);
  });
});
