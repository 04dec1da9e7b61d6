import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItsmSimHandle } from '../../src/simulators/itsm/itsm-sim.js';
import { runJob } from '../helpers/jobs.js';
import { actionId, allText, cardsIn, linkAgent, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';

/**
 * The "done when": start → e-mail → journal → close on every service desk, plus `connect` and the format
 * check, driven through signed Slack commands and button clicks; assertions read what each system received.
 */
describe.each(['servicenow', 'jira', 'cherwell', 'matrix42'] as const)('%s: start → e-mail → journal → close, connect', (kind) => {
  let s: TestStack;
  let itsm: ItsmSimHandle;
  beforeAll(async () => {
    s = await startTestStack({ itsm: kind });
    if (!s.itsm) throw new Error('no ITSM simulator');
    itsm = s.itsm;
    await linkAgent(s, s.people.agent, 'u1000001');
  });
  afterAll(async () => {
    await s.stop();
  });
  const say = (text: string) => s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text });
  const notesWith = (number: string, needle: string) => itsm.internalNotes(number).filter((n) => n.includes(needle));

  it('starts a session for a ticket typed in lower case, e-mails the requester, notes it internally, and closes it', async () => {
    const { printer } = itsm.numbers;
    const before = cardsIn(s, s.people.channel).length;
    await say(`start ${printer.toLowerCase()}`);
    const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[before], 8000);
    expect(allText(card)).toContain(printer);
    expect(allText(card)).toContain('Printer offline on 3rd floor');
    const session = s.tv.state.sessions.find((x) => x.custom_api?.includes(`"ticket":"${printer}"`));
    if (!session) throw new Error('no TeamViewer session');
    expect(JSON.parse(session.custom_api ?? '{}')).toMatchObject({ itsm: kind, ticket: printer });
    expect(session.end_customer).toMatchObject({ name: 'Abel Tuter', email: 'abel.tuter@example.com' });

    const mail = await s.smtp.waitForMessage((m) => m.to.includes('abel.tuter@example.com') && m.subject.includes(printer));
    expect(mail.text).toContain(session.end_customer_link);

    const created = await s.slack.waitFor(() => notesWith(printer, session.code)[0]);
    expect(created).toContain('Beth Anglin');
    expect(created).toContain('abel.tuter@example.com');

    await s.slack.clickButton({ userId: s.people.agent, message: cardsIn(s, s.people.channel)[before]!, actionId: actionId(card, 'session.close') });
    const closed = await s.slack.waitFor(() => notesWith(printer, 'closed').find((n) => n.includes(session.code)));
    expect(closed).toMatch(/Beth Anglin closed remote-support session/);
    expect(itsm.publicNotes(printer).join('\n')).not.toContain(session.code);
  });

  it('hands the agent the customer link when the requester has no e-mail it can see', async () => {
    await say(`start ${itsm.numbers.vpn}`);
    const text = await waitPrivate(s, s.people.agent, new RegExp(`${itsm.numbers.vpn}.*(no requester e-mail|hides)|(hides|no requester e-mail).*${itsm.numbers.vpn}`, 's'), 8000);
    expect(text).toContain('customer link');
    if (kind === 'jira') expect(text).toMatch(/hides Bow Ruggeri's e-mail address/);
  });

  it('tells the agent the right format for a malformed number, and that an unknown one does not exist', async () => {
    await say(`status ${itsm.numbers.malformed}`);
    await waitPrivate(s, s.people.agent, new RegExp(`is not a .* ticket number`));
    await say(`connect ${itsm.numbers.unknown}`);
    await waitPrivate(s, s.people.agent, new RegExp(`can't find ${itsm.numbers.unknown}`));
  });

  it("connects to the ticket's computer through the TeamViewer ID on its asset, with a note on the ticket", async () => {
    await say(`connect ${itsm.numbers.printer}`);
    const text = await waitPrivate(s, s.people.agent, /Connect to PC-ABEL-01/);
    expect(text).toContain('https://start.teamviewer.com/123456789');
    expect(text).toContain('123 456 789');
    const note = await s.slack.waitFor(() => notesWith(itsm.numbers.printer, 'unattended connection')[0]);
    expect(note).toContain('Beth Anglin opened an unattended connection to PC-ABEL-01 (TeamViewer ID 123456789)');
  });

  it('says what to set where when the asset has no TeamViewer ID or there is no asset', async () => {
    await say(`connect ${itsm.numbers.laptop}`);
    const missing = await waitPrivate(s, s.people.agent, /PC-FRED-01 .*has no TeamViewer ID/);
    expect(missing).toContain('assets');
    await say(`connect ${itsm.numbers.vpn}`);
    await waitPrivate(s, s.people.agent, new RegExp(`${itsm.numbers.vpn} has no computer linked`));
  });

  it('syncs TeamViewer device IDs onto assets by name, writing only what changed, and connect then uses them', async () => {
    s.tv.addManagedDevice({ name: 'PC-FRED-01', teamviewerId: 444555666, managerUserids: ['u1000001'] });
    s.tv.addDevice({ alias: 'pc-abel-01', teamviewerId: 123456789, userid: 'u1000001' });
    s.tv.addDevice({ alias: 'KIOSK-7', teamviewerId: 777000777, userid: 'u1000001' });
    const first = await runJob(s, 'assets');
    expect(first.outcome).toBe('ok');
    expect(first.counts).toMatchObject({ devices: 3, matched: 2, updated: 1, unchanged: 1, unmatched: 1, ambiguous: 0 });
    expect(itsm.assetTeamViewerId('PC-FRED-01')).toBe('444555666');
    const again = await runJob(s, 'assets');
    expect(again.counts).toMatchObject({ matched: 2, updated: 0, unchanged: 2 });

    await say(`connect ${itsm.numbers.laptop}`);
    const text = await waitPrivate(s, s.people.agent, /Connect to PC-FRED-01/);
    expect(text).toContain('https://start.teamviewer.com/444555666');
  });
});
