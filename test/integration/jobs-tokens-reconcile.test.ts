import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { closeInConsole, createOrphanAtTeamViewer, dmsMatching, hasAction, markerFor, runJob, sessionAt, sessionForTicket, settle, workNotesMatching } from '../helpers/jobs.js';
import { agentKeyOf, httpHop, manualClock, readDataFile, startLinkInBrowser, type ManualClock } from '../helpers/security.js';
import { actionId, allText, buttonUrl, cardsIn, dmsTo, linkAgent, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';

const { printer, vpn } = SERVICENOW_SEED.incidents;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let s: TestStack;
let clock: ManualClock;
beforeEach(async () => {
  clock = manualClock();
  s = await startTestStack({ clock });
  await linkAgent(s, s.people.agent, 'u1000001');
});
afterEach(async () => {
  await s.stop();
});

const agentKey = () => agentKeyOf(s, s.people.agent);
const say = (text: string, userId = s.people.agent) => s.slack.sendCommand({ userId, channelId: s.people.channel, text });
const storedLink = () => s.bot.store.links.get(agentKey());
// The re-link DM carries only "Send me a new link"; the one-time link DM has both buttons.
const relinkDms = () => dmsTo(s, s.people.agent).filter((m) => hasAction(m, 'link.new') && !hasAction(m, 'link.open'));
const refreshes = () => s.tv.requests.filter((r) => r.path === '/api/v1/oauth2/token' && r.form.get('grant_type') === 'refresh_token');
const dataFile = async () => JSON.parse(await readDataFile(s)) as { linkTickets: unknown[]; oauthStates: unknown[] };

/** `start` through Slack; returns the card and the TeamViewer session behind it. */
async function started(ticket: string) {
  const before = cardsIn(s, s.people.channel).length;
  await say(`start ${ticket}`);
  const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[before]);
  expect(card.text).toContain(ticket);
  return { card, tv: sessionForTicket(s, ticket) };
}

describe('job tokens', () => {
  it('purges one-time links and OAuth states older than their 10 minutes', async () => {
    // One link never opened, one opened but abandoned at TeamViewer's consent step.
    const linkDm = (i: number) => s.slack.waitFor(() => buttonUrl(dmsTo(s, s.people.otherAgent).filter((m) => buttonUrl(m, 'link.open'))[i] ?? {}, 'link.open'));
    await say('link', s.people.otherAgent);
    const neverOpened = await linkDm(0);
    await say('link', s.people.otherAgent);
    const abandoned = await startLinkInBrowser(await linkDm(1));
    expect((await dataFile()).linkTickets).toHaveLength(1);
    expect((await dataFile()).oauthStates).toHaveLength(1);

    const early = await runJob(s, 'tokens');
    expect(early.counts.link_states_purged).toBe(0);

    clock.advance(11 * 60_000);
    const report = await runJob(s, 'tokens');
    expect(report.outcome).toBe('ok');
    expect(report.counts.link_states_purged).toBe(2);
    expect(report.summary).toMatch(/^tokens: ok in \d+ ms: link states purged 2, /);
    expect(await dataFile()).toMatchObject({ linkTickets: [], oauthStates: [] });
    // Both are dead for the browser too, and nothing was linked on the way.
    expect((await httpHop(neverOpened)).status).toBe(410);
    const callback = await httpHop(abandoned.callbackUrl, { cookie: abandoned.cookie });
    expect(callback.status).toBe(400);
    expect(callback.body).toContain('This sign-in is not valid any more');
    expect(await s.bot.store.links.get(agentKeyOf(s, s.people.otherAgent))).toBeUndefined();
  });

  it('a revoked refresh token: one DM with a re-link button across two runs, and the button works', async () => {
    s.tv.revokeRefreshTokens('u1000001');
    clock.advance(23 * HOUR); // the 24 h access token now expires within TOKENS_REFRESH_AHEAD (2 h)

    const first = await runJob(s, 'tokens');
    expect(first.outcome).toBe('ok');
    expect(first.counts).toMatchObject({ broken_notified: 1, refreshed: 0, valid: 0 });
    expect(first.failures).toEqual([]);
    expect(refreshes()).toHaveLength(1);
    const [dm] = relinkDms();
    expect(relinkDms()).toHaveLength(1);
    expect(dm?.text).toMatch(/^Your TeamViewer link needs renewing: TeamViewer no longer accepts your link/);
    expect(allText(dm ?? { text: '' })).toContain('Send me a new link');
    const link = await storedLink();
    expect(link?.brokenAt).toEqual(expect.any(String));
    expect(Date.parse(link?.brokenNotifiedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(link?.brokenAt ?? ''));

    const second = await runJob(s, 'tokens');
    expect(second.outcome).toBe('ok');
    expect(second.counts).toMatchObject({ broken_notified: 0, refreshed: 0, valid: 0 });
    expect(relinkDms()).toHaveLength(1);
    expect(refreshes()).toHaveLength(1); // a broken link is not tried again

    const links = () => dmsTo(s, s.people.agent).filter((m) => buttonUrl(m, 'link.open'));
    const before = links().length;
    if (!dm) throw new Error('no re-link DM');
    await s.slack.clickButton({ userId: s.people.agent, message: dm, actionId: actionId(dm, 'link.new') });
    await s.slack.waitFor(() => links()[before]);
  });

  it('proves a healthy link with GET /ping and counts it valid', async () => {
    const link = await storedLink();
    const pingsBefore = s.tv.requests.filter((r) => r.path === '/api/v1/ping').length;
    const report = await runJob(s, 'tokens');
    expect(report.outcome).toBe('ok');
    expect(report.counts).toMatchObject({ valid: 1, refreshed: 0, broken_notified: 0 });
    const pings = s.tv.requests.filter((r) => r.path === '/api/v1/ping').slice(pingsBefore);
    expect(pings.map((p) => `${p.method} ${String(p.headers.authorization)}`)).toEqual([`GET Bearer ${link?.accessToken ?? '?'}`]);
    expect(refreshes()).toEqual([]);
    expect(relinkDms()).toEqual([]);
  });

  it('retention: deletes a session closed more than 90 days ago, keeps an open one', async () => {
    await started(printer.number);
    await say(`close ${printer.number}`);
    await waitPrivate(s, s.people.agent, /Closed session/);
    const open = await started(vpn.number);

    clock.advance(89 * DAY);
    expect((await runJob(s, 'tokens')).counts.sessions_deleted).toBe(0);
    clock.advance(2 * DAY);
    const report = await runJob(s, 'tokens');
    expect(report.outcome).toBe('ok');
    expect(report.counts.sessions_deleted).toBe(1);

    expect(await s.bot.store.sessions.findLatestByTicket(`servicenow:${printer.number}`)).toBeUndefined();
    await say(`status ${printer.number}`);
    await waitPrivate(s, s.people.agent, /No TeamViewer session has been started for INC0010001/);
    const kept = await s.bot.store.sessions.findLatestByTicket(`servicenow:${vpn.number}`);
    expect(kept).toMatchObject({ state: 'created', code: open.tv.code });
    expect((await runJob(s, 'tokens')).counts.sessions_deleted).toBe(0);
  });
});

describe('job reconcile', () => {
  const channel = () => s.people.channel;

  it('adopts a session open at TeamViewer with our marker but unknown here, once', async () => {
    const tv = await createOrphanAtTeamViewer(s, s.people.agent, markerFor(s, s.people.agent, printer.number, channel()), new Date(clock.now().getTime() + DAY));
    // Two runs at once (scheduler tick + `jobs run`): the lease lets one through, the other is skipped.
    const both = await Promise.all([s.bot.core.runJob('reconcile'), s.bot.core.runJob('reconcile')]);
    await settle(s);
    expect(both.map((r) => r.outcome).sort()).toEqual(['ok', 'skipped']);
    const report = both.find((r) => r.outcome === 'ok');
    expect(report?.counts).toMatchObject({ checked: 1, adopted: 1, closed_orphans: 0 });
    expect(both.find((r) => r.outcome === 'skipped')?.summary).toMatch(/^reconcile: skipped in \d+ ms \(another run is in progress\)$/);

    const cards = cardsIn(s, channel());
    expect(cards).toHaveLength(1);
    expect(cards[0]?.text).toContain(`TeamViewer session ${tv.code} for ${printer.number}`);
    const notes = workNotesMatching(s, printer.sysId, new RegExp(tv.code));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/session s[\d-]+ by Beth Anglin was found open in TeamViewer .*taken over/);
    const told = dmsMatching(s, s.people.agent, /I found your session/);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain(tv.end_customer_link);
    expect(await s.bot.store.sessions.findLatestByTicket(`servicenow:${printer.number}`)).toMatchObject({ state: 'created', code: tv.code, agent: { key: agentKey() } });

    const again = await runJob(s, 'reconcile');
    expect(again.counts).toMatchObject({ checked: 1, adopted: 0, closed_orphans: 0, closed_at_teamviewer: 0 });
    expect(cardsIn(s, channel())).toHaveLength(1);
    expect(workNotesMatching(s, printer.sysId, new RegExp(tv.code))).toHaveLength(1);
    expect(dmsMatching(s, s.people.agent, /I found your session/)).toHaveLength(1);
    expect(sessionAt(s, tv.code).state).toBe('Open');
  });

  it('closes an orphan whose ticket does not exist and tells the agent', async () => {
    const tv = await createOrphanAtTeamViewer(s, s.people.agent, markerFor(s, s.people.agent, 'INC0099999', channel()), new Date(clock.now().getTime() + DAY));
    const report = await runJob(s, 'reconcile');
    expect(report.outcome).toBe('ok');
    expect(report.counts).toMatchObject({ checked: 1, adopted: 0, closed_orphans: 1 });
    expect(sessionAt(s, tv.code).state).toBe('Closed');
    const told = dmsMatching(s, s.people.agent, new RegExp(`I closed TeamViewer session ${tv.code}`));
    expect(told.map((m) => m.text)).toEqual([expect.stringContaining(`it was left open for INC0099999, which no longer exists in ServiceNow`)]);
    expect(cardsIn(s, channel())).toEqual([]);

    const again = await runJob(s, 'reconcile');
    expect(again.counts).toMatchObject({ checked: 0, closed_orphans: 0 });
    expect(dmsMatching(s, s.people.agent, /I closed TeamViewer session/)).toHaveLength(1);
  });

  it('follows a session closed in the TeamViewer console: card Closed, thread note, work note', async () => {
    const { card, tv } = await started(printer.number);
    closeInConsole(s, tv.code, clock.now());
    const putsBefore = s.tv.requests.filter((r) => r.method === 'PUT').length;

    const report = await runJob(s, 'reconcile');
    expect(report.outcome).toBe('ok');
    expect(report.counts).toMatchObject({ closed_here: 1, closed_at_teamviewer: 0 });
    expect(cardsIn(s, channel())[0]?.text).toMatch(new RegExp(`TeamViewer session ${tv.code} .*\\(Closed\\)`));
    expect(allText(cardsIn(s, channel())[0] ?? card)).not.toContain('session.join_app');
    const thread = s.slack.messagesIn(channel()).filter((m) => m.threadTs === card.ts).map((m) => m.text);
    expect(thread).toContain(`Session ${tv.code} was closed in TeamViewer.`);
    expect(workNotesMatching(s, printer.sysId, /closed outside chat/)).toEqual([expect.stringContaining(`[TeamViewer] Remote-support session ${tv.code} started by Beth Anglin was closed outside chat (in TeamViewer).`)]);
    expect(await s.bot.store.sessions.findLatestByTicket(`servicenow:${printer.number}`)).toMatchObject({ state: 'closed', closedBy: 'remote' });
    expect(s.tv.requests.filter((r) => r.method === 'PUT')).toHaveLength(putsBefore);

    const again = await runJob(s, 'reconcile');
    expect(again.counts.closed_here).toBe(0);
    expect(workNotesMatching(s, printer.sysId, /closed outside chat/)).toHaveLength(1);
  });

  it('closes at TeamViewer a session that expired here while the link was broken, once the agent links again', async () => {
    const { tv } = await started(printer.number);
    s.tv.revokeRefreshTokens('u1000001');
    clock.advance(DAY + HOUR); // past SESSION_VALIDITY (P1D) and past the access token's 24 h

    const expired = await runJob(s, 'expire');
    expect(expired.outcome).toBe('ok');
    expect(expired.counts.expired).toBe(1);
    expect(sessionAt(s, tv.code).state).toBe('Open');
    const record = await s.bot.store.sessions.findLatestByTicket(`servicenow:${printer.number}`);
    expect(record?.state).toBe('expired');
    expect(record?.remoteCloseError).toMatch(/TeamViewer no longer accepts your link/);
    expect(workNotesMatching(s, printer.sysId, /expired/)[0]).toMatch(/could not be closed in TeamViewer yet/);

    const whileBroken = await runJob(s, 'reconcile');
    expect(whileBroken.counts.closed_at_teamviewer).toBe(0);
    expect(sessionAt(s, tv.code).state).toBe('Open');

    await linkAgent(s, s.people.agent, 'u1000001');
    const fixed = await runJob(s, 'reconcile');
    expect(fixed.outcome).toBe('ok');
    expect(fixed.counts).toMatchObject({ checked: 1, closed_at_teamviewer: 1, adopted: 0 });
    expect(sessionAt(s, tv.code).state).toBe('Closed');
    const put = s.tv.requests.filter((r) => r.method === 'PUT' && r.path === `/api/v1/sessions/${tv.code}`);
    expect(put.map((r) => [r.json, r.headers.authorization])).toEqual([[{ state: 'closed' }, `Bearer ${(await storedLink())?.accessToken ?? '?'}`]]);
    expect((await s.bot.store.sessions.get(record?.id ?? ''))?.remoteCloseError).toBeUndefined();

    expect((await runJob(s, 'reconcile')).counts.closed_at_teamviewer).toBe(0);
  });
});
