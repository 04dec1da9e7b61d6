/**
 * `/teamviewer report [today|week] [@agent]` from the summaries the `logs` job stored, in the asker's time zone.
 *
 * The world (2040-01-17/18 is winter: Berlin UTC+1, New York UTC−5, Tokyo UTC+9):
 *   21:00Z  Beth (Berlin) starts INC0010001, Fred (New York) starts INC0010002
 *   Beth's session: 22:30–22:42Z (12 min) and 23:30–23:50Z (20 min); Fred's: 22:00–22:45Z (45 min)
 *   00:30Z  both closed, logs job summarises; the reports are asked at 02:00Z on the 18th.
 * Berlin's today began at 23:00Z (Wed 18 Jan): only Beth's second connection falls in it, and no session start.
 * New York's today began at 05:00Z on the 17th (it is still Tue 17 Jan there): everything falls in it.
 * Both weeks began on Mon 16 Jan at local midnight, so `week` holds everything for either zone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { runJob, sessionForTicket, settle, workNotesMatching } from '../helpers/jobs.js';
import { manualClock, type ManualClock } from '../helpers/security.js';
import { allText, cardsIn, linkAgent, privateTexts, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';

const { printer, vpn } = SERVICENOW_SEED.incidents;
const MANAGERS = 'C0MANAGERS';
const MANAGER = 'U0MANAGER1';
const at = (iso: string) => new Date(iso);

let s: TestStack;
let clock: ManualClock;
const moveClockTo = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
const say = (userId: string, text: string, channelId = s.people.channel) => s.slack.sendCommand({ userId, channelId, text });
const decoded = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const reportsSeenBy = (userId: string) => privateTexts(s, userId).filter((t) => t.startsWith('TeamViewer report'));

/** The one private report `userId` got whose text starts with `head`. */
async function privateReport(userId: string, head: string): Promise<string> {
  const text = await waitPrivate(s, userId, new RegExp(`^TeamViewer report: ${head.replace(/[()/]/g, '\\$&')}`));
  expect(reportsSeenBy(userId).filter((t) => t === text)).toHaveLength(1);
  return text;
}

async function startSession(userId: string, ticket: string): Promise<void> {
  const before = cardsIn(s, s.people.channel).length;
  await say(userId, `start ${ticket}`);
  await s.slack.waitFor(() => cardsIn(s, s.people.channel)[before]);
}

async function closeSession(userId: string, ticket: string): Promise<void> {
  await say(userId, `close ${ticket}`);
  await waitPrivate(s, userId, new RegExp(`Closed session .*${ticket}|${ticket}.*Closed session`));
}

beforeAll(async () => {
  clock = manualClock();
  moveClockTo('2040-01-17T21:00:00Z');
  s = await startTestStack({ clock, env: { SLACK_LOG_CHANNEL: MANAGERS } });
  s.slack.addUser({ id: MANAGER, name: 'maria', realName: 'Maria Manager', email: 'maria@example.com', tz: 'Asia/Tokyo' });
  s.slack.addChannel({ id: MANAGERS, name: 'tv-log', botIsMember: true, members: [MANAGER, s.people.agent, s.people.otherAgent] });
  await linkAgent(s, s.people.agent, 'u1000001');
  await linkAgent(s, s.people.otherAgent, 'u1000002');
  await startSession(s.people.agent, printer.number);
  await startSession(s.people.otherAgent, vpn.number);

  moveClockTo('2040-01-18T00:30:00Z');
  const beth = sessionForTicket(s, printer.number).code;
  const fred = sessionForTicket(s, vpn.number).code;
  s.tv.addConnection({ code: beth, userid: 'u1000001', deviceName: 'PC-ABEL-01', start: at('2040-01-17T22:30:00Z'), end: at('2040-01-17T22:42:00Z') });
  s.tv.addConnection({ code: beth, userid: 'u1000001', deviceName: 'PC-ABEL-01', start: at('2040-01-17T23:30:00Z'), end: at('2040-01-17T23:50:00Z') });
  s.tv.addConnection({ code: fred, userid: 'u1000002', deviceName: 'LAPTOP-BOW', start: at('2040-01-17T22:00:00Z'), end: at('2040-01-17T22:45:00Z') });
  await closeSession(s.people.agent, printer.number);
  await closeSession(s.people.otherAgent, vpn.number);
  await settle(s);

  const logs = await runJob(s, 'logs');
  expect(logs.outcome).toBe('ok');
  expect(logs.counts).toMatchObject({ summarized: 2, no_connection: 0, waiting: 0, posted_to_managers: 2 });
  moveClockTo('2040-01-18T02:00:00Z');
});
afterAll(async () => {
  await s.stop();
});

describe('report verb', () => {
  it('the logs job stored the summaries the report is built from (notes with an explicit zone, manager digest)', () => {
    expect(workNotesMatching(s, printer.sysId, /Connection log for remote-support session/)).toEqual([
      expect.stringMatching(/Beth Anglin connected to PC-ABEL-01 from .*\(12 min\); Beth Anglin connected to PC-ABEL-01 from .*\(20 min\)\. Total connected time: 32 min\./),
    ]);
    expect(workNotesMatching(s, vpn.sysId, /Connection log/)).toEqual([expect.stringContaining('Fred Luddy connected to LAPTOP-BOW from 17 Jan 2040, 23:00 Europe/Berlin (22:00 UTC) to 17 Jan 2040, 23:45 Europe/Berlin (22:45 UTC) (45 min). Total connected time: 45 min.')]);
    const digest = s.slack.messagesIn(MANAGERS).filter((m) => m.text.startsWith('TeamViewer session log'));
    expect(digest.map((m) => m.text)).toEqual([`TeamViewer session log: 2 sessions ended (${printer.number}, ${vpn.number})`]);
  });

  it("today is the asker's today: Berlin's has only Beth's late connection, New York's has everything", async () => {
    await say(s.people.agent, 'report today');
    const berlin = await privateReport(s.people.agent, 'Today (Wed 18 Jan, Europe/Berlin)');
    expect(berlin).toContain('Beth Anglin: 0 sessions, 1 connection, 20 min connected');
    expect(berlin).toMatch(/Total: 0 sessions, 1 connections?, 20 min connected\./);
    expect(berlin).not.toContain('Fred Luddy');

    await say(s.people.otherAgent, 'report'); // today is the default
    const newYork = await privateReport(s.people.otherAgent, 'Today (Tue 17 Jan, America/New_York)');
    expect(newYork).toMatch(/^TeamViewer report: Today \(Tue 17 Jan, America\/New_York\): 2 sessions, 3 connections, 1 h 17 min connected\./);
    const fredAt = newYork.indexOf('Fred Luddy: 1 session, 1 connection, 45 min connected');
    const bethAt = newYork.indexOf('Beth Anglin: 1 session, 2 connections, 32 min connected');
    expect(fredAt).toBeGreaterThan(0);
    expect(bethAt).toBeGreaterThan(fredAt); // most connected time first
    expect(newYork).toContain('<@U0AGENT02>');

    // Private answers: nothing was posted in the helpdesk channel.
    expect(s.slack.messagesIn(s.people.channel).filter((m) => m.text.startsWith('TeamViewer report'))).toEqual([]);
  });

  it('week with an @agent mention or @name filters to that agent', async () => {
    await say(s.people.agent, 'report week <@U0AGENT02|fred>');
    const fred = await privateReport(s.people.agent, 'This week (since Mon 16 Jan, Europe/Berlin) for Fred Luddy');
    expect(fred).toContain('Fred Luddy: 1 session, 1 connection, 45 min connected');
    expect(fred).not.toContain('Beth Anglin');

    await say(s.people.otherAgent, 'report @beth week');
    const beth = await privateReport(s.people.otherAgent, 'This week (since Mon 16 Jan, America/New_York) for @beth');
    expect(beth).toContain('Beth Anglin: 1 session, 2 connections, 32 min connected');
    expect(beth).not.toContain('Fred Luddy');

    await say(s.people.otherAgent, 'report week <@U0MANAGER1>');
    const nobody = await privateReport(s.people.otherAgent, 'This week (since Mon 16 Jan, America/New_York) for that agent');
    expect(nobody).toContain('no sessions with a connection log yet');
  });

  it("in the managers' log channel the report is posted for everyone, in the asker's zone", async () => {
    await say(MANAGER, 'report today', MANAGERS);
    const posted = await s.slack.waitFor(() => s.slack.messagesIn(MANAGERS).find((m) => m.text.startsWith('TeamViewer report')));
    expect(posted.text).toBe('TeamViewer report: Today (Wed 18 Jan, Asia/Tokyo): 2 sessions, 3 connections, 1 h 17 min connected.');
    expect(allText(posted)).toContain('Beth Anglin: 1 session, 2 connections, 32 min connected');
    expect(allText(posted)).toContain('Fred Luddy: 1 session, 1 connection, 45 min connected');
    expect(posted.threadTs).toBeUndefined();
    expect(reportsSeenBy(MANAGER)).toEqual([]);
  });

  it('a user whose zone Slack reports as unusable gets DEFAULT_TIMEZONE', async () => {
    const odd = s.slack.addUser({ id: 'U0ODDZONE1', name: 'odd', realName: 'Odd Zone', tz: 'Mars/Olympus_Mons' });
    await say(odd.id, 'report');
    const text = await privateReport(odd.id, 'Today (Wed 18 Jan, Europe/Berlin)');
    expect(text).toContain('Beth Anglin: 0 sessions, 1 connection, 20 min connected');
  });

  it('bad input is answered with the usage in the acknowledgement, and no report is made', async () => {
    const seen = reportsSeenBy(s.people.agent).length;
    const nonsense = await say(s.people.agent, 'report nonsense');
    expect(nonsense.status).toBe(200);
    expect(decoded(nonsense.body)).toContain('`nonsense` is neither today, week nor an @agent. Usage: `report [today|week] [@agent]`');
    const twoPeriods = await say(s.people.agent, 'report today week');
    expect(decoded(twoPeriods.body)).toContain('`week` is neither today, week nor an @agent.');
    const tooMany = await say(s.people.agent, 'report week @beth extra');
    expect(decoded(tooMany.body)).toContain('Too many words. Usage: `report [today|week] [@agent]`');
    const help = await say(s.people.agent, 'help');
    expect(decoded(help.body)).toContain('report [today|week] [@agent]');

    // A later command still answers, so nothing from the bad ones was merely late.
    await say(s.people.agent, 'report week');
    await privateReport(s.people.agent, 'This week (since Mon 16 Jan, Europe/Berlin):');
    expect(reportsSeenBy(s.people.agent)).toHaveLength(seen + 1);
  });
});
