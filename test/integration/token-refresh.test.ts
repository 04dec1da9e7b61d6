import { afterEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { actionId, allText, buttonUrl, cardsIn, dmsTo, followLinkDm, linkAgent, startTestStack, type TestStack } from '../helpers/stack.js';
import { agentKeyOf, manualClock, type ManualClock } from '../helpers/security.js';

const { printer, vpn } = SERVICENOW_SEED.incidents;

describe('TeamViewer access-token refresh, driven through Slack commands', () => {
  let s: TestStack;
  let clock: ManualClock;
  afterEach(async () => {
    await s.stop();
  });

  async function linkedStack(): Promise<void> {
    clock = manualClock();
    s = await startTestStack({ clock });
    await linkAgent(s, s.people.agent, 'u1000001');
  }

  const refreshes = () => s.tv.requests.filter((r) => r.path === '/api/v1/oauth2/token' && r.form.get('grant_type') === 'refresh_token');
  const creates = () => s.tv.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/sessions');
  const stored = () => s.bot.store.links.get(agentKeyOf(s, s.people.agent));
  const start = (ticket: string) => s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${ticket}` });
  const failures = () => s.slack.state.responseUrlPosts.filter((p) => /Reference|didn't|did not/.test(JSON.stringify(p.body)));

  async function expectRotatedPairStored(oldRefresh: string): Promise<void> {
    expect(refreshes().map((r) => r.form.get('refresh_token'))).toEqual([oldRefresh]);
    const used = s.tv.state.refreshTokens.find((t) => t.token === oldRefresh);
    expect(used?.used).toBe(true);
    const link = await stored();
    expect(used?.replacedBy).toBe(link?.refreshToken);
    const access = s.tv.state.accessTokens.find((t) => t.token === link?.accessToken);
    expect(access?.refreshToken).toBe(link?.refreshToken);
    expect(Math.abs(Date.parse(link?.expiresAt ?? '') - (access?.expiresAt.getTime() ?? 0))).toBeLessThan(5000);
  }

  it('refreshes before start when the stored token has expired, then starts on the first try', async () => {
    await linkedStack();
    const before = await stored();
    clock.advance(25 * 3600_000);
    await start(printer.number);
    const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0], 8000);
    expect(allText(card)).toContain(printer.number);
    expect(creates()).toHaveLength(1);
    expect(creates()[0]?.headers.authorization).toBe(`Bearer ${(await stored())?.accessToken}`);
    expect(creates()[0]?.headers.authorization).not.toBe(`Bearer ${before?.accessToken}`);
    await expectRotatedPairStored(before?.refreshToken ?? '');
    expect(failures()).toEqual([]);
  });

  it('recovers from a token TeamViewer already expired: 401, one refresh, one retry, and close works too', async () => {
    await linkedStack();
    const before = await stored();
    s.tv.expireAccessTokens();
    await start(printer.number);
    const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0], 8000);
    expect(creates().map((r) => r.headers.authorization)).toEqual([`Bearer ${before?.accessToken}`, `Bearer ${(await stored())?.accessToken}`]);
    await expectRotatedPairStored(before?.refreshToken ?? '');

    const afterStart = await stored();
    s.tv.expireAccessTokens();
    await s.slack.clickButton({ userId: s.people.agent, message: card, actionId: actionId(card, 'session.close') });
    await s.slack.waitFor(() => s.tv.state.sessions[0]?.state === 'Closed');
    expect(refreshes().map((r) => r.form.get('refresh_token'))).toEqual([before?.refreshToken, afterStart?.refreshToken]);
    expect(failures()).toEqual([]);
  });

  it('two concurrent commands with an expired token share one refresh', async () => {
    await linkedStack();
    clock.advance(25 * 3600_000);
    await Promise.all([start(printer.number), start(vpn.number)]);
    await s.slack.waitFor(() => cardsIn(s, s.people.channel).length === 2, 8000);
    expect(refreshes()).toHaveLength(1);
    expect(s.tv.state.refreshTokens.filter((t) => t.used)).toHaveLength(1);
    expect(s.tv.state.sessions).toHaveLength(2);
  });

  it('two concurrent commands hitting 401 at TeamViewer share one refresh', async () => {
    await linkedStack();
    s.tv.expireAccessTokens();
    await Promise.all([start(printer.number), start(vpn.number)]);
    await s.slack.waitFor(() => cardsIn(s, s.people.channel).length === 2, 8000);
    expect(refreshes()).toHaveLength(1);
    expect(s.tv.state.sessions).toHaveLength(2);
  });

  it('a refused refresh marks the link broken, DMs a re-link button, and the command resumes after re-linking', async () => {
    await linkedStack();
    const linkDms = dmsTo(s, s.people.agent).filter((m) => buttonUrl(m, 'link.open')).length;
    s.tv.revokeRefreshTokens();
    s.tv.expireAccessTokens();
    await start(printer.number);
    const dm = await s.slack.waitFor(() => dmsTo(s, s.people.agent).filter((m) => buttonUrl(m, 'link.open'))[linkDms]);
    expect(allText(dm)).toContain(`start ${printer.number}`);
    expect(actionId(dm, 'link.new')).toBeTruthy();
    expect(allText(dm)).toContain('TeamViewer no longer accepts your link');
    expect((await stored())?.brokenAt).toBeTruthy();
    expect(refreshes()).toHaveLength(1);
    expect(s.tv.state.sessions).toEqual([]);
    expect(s.logs.some((l) => l.includes('link marked broken'))).toBe(true);

    s.tv.consentAs('u1000001');
    const { steps } = await followLinkDm(s, s.people.agent, linkDms);
    expect(steps.at(-1)?.body).toContain('Linked as Beth Anglin');
    const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0], 8000);
    expect(allText(card)).toContain(printer.number);
    const relinked = await stored();
    expect(relinked?.brokenAt).toBeUndefined();
    expect(creates().at(-1)?.headers.authorization).toBe(`Bearer ${relinked?.accessToken}`);
    expect(s.tv.state.sessions).toHaveLength(1);
  });

  it('a single 401 on create refreshes once and retries once', async () => {
    await linkedStack();
    s.tv.fail({ path: '/api/v1/sessions', method: 'POST', status: 401, times: 1 });
    await start(printer.number);
    await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0], 8000);
    expect(creates()).toHaveLength(2);
    expect(refreshes()).toHaveLength(1);
    expect(s.tv.state.sessions).toHaveLength(1);
    expect(failures()).toEqual([]);
  });

  it('a 401 that survives the refresh is reported once, without a refresh loop', async () => {
    await linkedStack();
    s.tv.fail({ path: '/api/v1/sessions', method: 'POST', status: 401, times: 5 });
    await start(printer.number);
    await s.slack.waitFor(() => failures()[0], 8000);
    expect(creates()).toHaveLength(2);
    expect(refreshes()).toHaveLength(1);
    expect(s.tv.state.sessions).toEqual([]);
    expect(cardsIn(s, s.people.channel)).toEqual([]);
  });
});
