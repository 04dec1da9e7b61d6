import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { MiniBrowser } from '../../src/sandbox/browser.js';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { actionId, buttonUrl, dmsTo, linkAgent, startTestStack, type TestStack } from '../helpers/stack.js';
import { agentKeyOf, httpHop, manualClock, readDataFile, startLinkInBrowser } from '../helpers/security.js';

const INC = SERVICENOW_SEED.incidents.printer;

describe('account linking through /teamviewer link and the OAuth routes', () => {
  let s: TestStack;
  afterEach(async () => {
    await s.stop();
  });

  const linkDms = () => dmsTo(s, s.people.agent).filter((m) => buttonUrl(m, 'link.open'));
  const storedLink = () => s.bot.store.links.get(agentKeyOf(s, s.people.agent));

  async function requestLinkUrl(): Promise<string> {
    const before = linkDms().length;
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: 'link' });
    const dm = await s.slack.waitFor(() => linkDms()[before]);
    return buttonUrl(dm, 'link.open') ?? '';
  }

  async function expectNothingStored(): Promise<void> {
    expect(await storedLink()).toBeUndefined();
    const data = JSON.parse(await readDataFile(s)) as { links: unknown[] };
    expect(data.links).toEqual([]);
    expect(s.tv.requests.filter((r) => r.form.get('grant_type') === 'authorization_code')).toEqual([]);
  }

  it('DMs a one-time link that works exactly once', async () => {
    s = await startTestStack();
    const url = await requestLinkUrl();
    const calls = s.slack.state.apiCalls.map((c) => c.method);
    expect(calls).toContain('conversations.open');
    expect(s.slack.state.apiCalls.find((c) => c.method === 'conversations.open')?.args.users).toBe(s.people.agent);
    const post = s.slack.state.apiCalls.find((c) => c.method === 'chat.postMessage');
    expect(post?.args.channel).toBe(s.slack.state.dms.get(s.people.agent));
    expect(linkDms()[0]?.unfurlLinks).toBe(false);
    expect(url).toMatch(new RegExp(`^${s.botUrl}/oauth/teamviewer/start\\?t=[A-Za-z0-9_-]{43}$`));

    const first = await s.browser.open(url);
    expect(first.at(-1)?.body).toContain('Linked as Beth Anglin');
    const exchanges = s.tv.requests.filter((r) => r.form.get('grant_type') === 'authorization_code').length;

    const again = await new MiniBrowser().open(url);
    expect(again).toHaveLength(1);
    expect(again[0]?.status).toBe(410);
    expect(again[0]?.body).toContain('expired or was already used');
    expect(s.tv.requests.filter((r) => r.form.get('grant_type') === 'authorization_code')).toHaveLength(exchanges);
    const data = JSON.parse(await readDataFile(s)) as { oauthStates: unknown[]; linkTickets: unknown[] };
    expect(data.oauthStates).toEqual([]);
    expect(data.linkTickets).toEqual([]);
  });

  it('refuses a link opened, or a sign-in completed, after its 10 minutes', async () => {
    const clock = manualClock();
    s = await startTestStack({ clock });
    const url = await requestLinkUrl();
    clock.advance(11 * 60_000);
    const steps = await s.browser.open(url);
    expect(steps.map((x) => x.status)).toEqual([410]);
    expect(s.tv.requests.filter((r) => r.path === '/oauth2/authorize')).toEqual([]);
    await expectNothingStored();

    const flow = await startLinkInBrowser(await requestLinkUrl());
    clock.advance(11 * 60_000);
    const late = await httpHop(flow.callbackUrl, { cookie: flow.cookie });
    expect(late.status).toBe(400);
    await expectNothingStored();
  });

  it('refuses a tampered state, a replayed callback and a callback from another browser', async () => {
    s = await startTestStack();
    const flow = await startLinkInBrowser(await requestLinkUrl());
    const callback = new URL(flow.callbackUrl);
    const state = callback.searchParams.get('state') ?? '';
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${state.slice(0, -2)}${state.endsWith('AA') ? 'BB' : 'AA'}`);
    const forged = await httpHop(tampered.toString(), { cookie: flow.cookie });
    expect(forged.status).toBe(400);
    expect(forged.body).toContain('Nothing was stored');
    await expectNothingStored();

    const ok = await httpHop(flow.callbackUrl, { cookie: flow.cookie });
    expect(ok.status).toBe(200);
    const linked = await storedLink();
    expect(linked?.tvUserId).toBe('u1000001');
    const replay = await httpHop(flow.callbackUrl, { cookie: flow.cookie });
    expect(replay.status).toBe(400);
    expect(s.tv.requests.filter((r) => r.form.get('grant_type') === 'authorization_code')).toHaveLength(1);
    expect((await storedLink())?.accessToken).toBe(linked?.accessToken);

    const other = await startLinkInBrowser(await requestLinkUrl());
    const foreign = await new MiniBrowser().open(other.callbackUrl);
    expect(foreign.map((x) => x.status)).toEqual([400]);
    expect(s.tv.requests.filter((r) => r.form.get('grant_type') === 'authorization_code')).toHaveLength(1);
    expect((await storedLink())?.accessToken).toBe(linked?.accessToken);
  });

  it('cancels on denied consent and the DM button sends a fresh link that works', async () => {
    s = await startTestStack({ autoConsent: false });
    const steps = await s.browser.open(await requestLinkUrl());
    const consent = steps.at(-1);
    expect(consent?.status).toBe(200);
    const requestId = /name="request_id" value="([^"]+)"/.exec(consent?.body ?? '')?.[1] ?? '';
    const decision = await httpHop(`${s.tv.url}/oauth2/authorize/decision`, { form: { request_id: requestId, decision: 'deny', userid: 'u1000001' } });
    expect(decision.location).toContain('error=access_denied');

    const landing = await s.browser.open(decision.location ?? '');
    expect(landing.at(-1)?.status).toBe(200);
    expect(landing.at(-1)?.body).toContain('Linking cancelled');
    await expectNothingStored();
    const relink = await s.slack.waitFor(() => dmsTo(s, s.people.agent).find((m) => /needs renewing/.test(m.text)));
    expect(relink.text).toMatch(/declined or cancelled/);

    await s.slack.clickButton({ userId: s.people.agent, message: relink, actionId: actionId(relink, 'link.new') });
    const fresh = await s.slack.waitFor(() => linkDms()[1]);
    const freshUrl = buttonUrl(fresh, 'link.open') ?? '';
    expect(freshUrl).not.toBe(buttonUrl(linkDms()[0]!, 'link.open'));

    const second = await s.browser.open(freshUrl);
    const form = /name="request_id" value="([^"]+)"/.exec(second.at(-1)?.body ?? '')?.[1] ?? '';
    const allow = await httpHop(`${s.tv.url}/oauth2/authorize/decision`, { form: { request_id: form, decision: 'allow', userid: 'u1000002' } });
    const done = await s.browser.open(allow.location ?? '');
    expect(done.at(-1)?.body).toContain('Linked as Fred Luddy');
    expect((await storedLink())?.tvUserId).toBe('u1000002');
  });

  it('sends the PKCE verifier of its own challenge, so a code injected into another flow is refused', async () => {
    s = await startTestStack();
    const a = await startLinkInBrowser(await requestLinkUrl());
    const b = await startLinkInBrowser(await requestLinkUrl());
    const codeA = new URL(a.callbackUrl).searchParams.get('code') ?? '';
    const injected = new URL(b.callbackUrl);
    injected.searchParams.set('code', codeA);

    const refused = await httpHop(injected.toString(), { cookie: b.cookie });
    expect(refused.status).toBe(502);
    expect(refused.body).toContain('Nothing was stored');
    const exchange = s.tv.requests.find((r) => r.form.get('grant_type') === 'authorization_code');
    const challengeB = new URL(b.authorizeUrl).searchParams.get('code_challenge');
    const challengeA = new URL(a.authorizeUrl).searchParams.get('code_challenge');
    const sent = exchange?.form.get('code_verifier') ?? '';
    expect(createHash('sha256').update(sent).digest('base64url')).toBe(challengeB);
    expect(challengeA).not.toBe(challengeB);
    expect(exchange?.form.get('code')).toBe(codeA);
    expect(s.tv.state.accessTokens).toEqual([]);
    expect(await storedLink()).toBeUndefined();

    const ok = await httpHop(a.callbackUrl, { cookie: a.cookie });
    expect(ok.status).toBe(200);
    const good = s.tv.requests.filter((r) => r.form.get('grant_type') === 'authorization_code').at(-1);
    expect(createHash('sha256').update(good?.form.get('code_verifier') ?? '').digest('base64url')).toBe(challengeA);
  });

  it('re-linking revokes the previous grant at TeamViewer', async () => {
    s = await startTestStack();
    await linkAgent(s, s.people.agent, 'u1000001');
    const old = (await storedLink())?.accessToken ?? '';
    await linkAgent(s, s.people.agent, 'u1000002');
    const current = await storedLink();
    expect(current?.tvUserId).toBe('u1000002');
    expect(current?.accessToken).not.toBe(old);
    await s.slack.waitFor(() => s.tv.state.accessTokens.find((t) => t.token === old)?.revoked);
    const revoke = s.tv.requests.find((r) => r.path === '/api/v1/oauth2/revoke');
    expect(revoke?.headers.authorization).toBe(`Bearer ${old}`);
    expect(s.tv.state.accessTokens.find((t) => t.token === current?.accessToken)?.revoked).toBe(false);
  });

  it('unlink revokes at TeamViewer and deletes the link; the next start asks to link again', async () => {
    s = await startTestStack();
    await linkAgent(s, s.people.agent, 'u1000001');
    const token = (await storedLink())?.accessToken ?? '';
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: 'unlink' });
    await s.slack.waitFor(() => s.slack.state.responseUrlPosts.find((p) => /Unlinked TeamViewer account Beth Anglin/.test(JSON.stringify(p.body))));
    expect(s.tv.requests.filter((r) => r.path === '/api/v1/oauth2/revoke').map((r) => r.headers.authorization)).toEqual([`Bearer ${token}`]);
    expect(s.tv.state.accessTokens.find((t) => t.token === token)?.revoked).toBe(true);
    expect(s.tv.state.refreshTokens.every((t) => t.revoked)).toBe(true);
    expect(await storedLink()).toBeUndefined();
    expect((JSON.parse(await readDataFile(s)) as { links: unknown[] }).links).toEqual([]);

    const links = linkDms().length;
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${INC.number}` });
    const dm = await s.slack.waitFor(() => linkDms()[links]);
    expect(dm.blocks ? JSON.stringify(dm.blocks) : '').toContain(`start ${INC.number}`);
    expect(s.tv.requests.filter((r) => r.path === '/api/v1/sessions')).toEqual([]);
  });

  it('revokes the whole grant on unlink and re-link even after the access token expired', async () => {
    const clock = manualClock();
    s = await startTestStack({ clock });
    await linkAgent(s, s.people.agent, 'u1000001');
    clock.advance(25 * 3600_000);
    await linkAgent(s, s.people.agent, 'u1000002');
    const firstGrant = s.tv.state.accessTokens.find((t) => t.userid === 'u1000001')?.grantId;
    await s.slack.waitFor(() => s.tv.state.refreshTokens.filter((t) => t.grantId === firstGrant).every((t) => t.revoked));

    clock.advance(25 * 3600_000);
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: 'unlink' });
    const done = await s.slack.waitFor(() => s.slack.state.responseUrlPosts.find((p) => /Unlinked/.test(JSON.stringify(p.body))));
    expect(JSON.stringify(done.body)).not.toContain('did not confirm');
    expect(s.tv.state.refreshTokens.every((t) => t.revoked)).toBe(true);
    expect(await storedLink()).toBeUndefined();
  });
});
