import { afterEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED, type PostedMessage } from '../../src/simulators/index.js';
import { cardText, teamsDms, teamsWorld } from '../helpers/teams.js';
import { allText, buttonUrl, dmsTo, privateTexts, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';

const INC = SERVICENOW_SEED.incidents.printer;
const DORA = 'U0DORA0001';

/** Slack escapes &<> in mrkdwn; the assertions read what a person sees. */
const shown = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function cards(s: TestStack): PostedMessage[] {
  return s.slack.messagesIn(s.people.channel).filter((m) => m.postedBy === 'bot' && !m.threadTs && /"session\.close:/.test(allText(m)));
}

async function withDora(env: Record<string, string>, teams = false): Promise<TestStack> {
  const s = await startTestStack({ env, ...(teams ? { teams: {} } : {}) });
  s.slack.addUser({ id: DORA, name: 'dora', realName: 'Dora Deutsch', email: 'dora.deutsch@example.com', tz: 'Europe/Berlin', locale: 'de-DE' });
  s.tv.addUser({ userid: 'u1000003', name: 'Dora Deutsch', email: 'dora.deutsch@example.com' });
  return s;
}

/** Dora types `start` unlinked, follows the one-time link from her DM, and the start resumes by itself. */
async function doraStarts(s: TestStack) {
  s.tv.consentAs('u1000003');
  const ack = await s.slack.sendCommand({ userId: DORA, channelId: s.people.channel, text: `start ${INC.number}` });
  const dm = await s.slack.waitFor(() => dmsTo(s, DORA).find((m) => buttonUrl(m, 'link.open')), 8000);
  const url = buttonUrl(dm, 'link.open');
  if (!url) throw new Error('no link in the DM');
  const steps = await s.browser.open(url);
  const card = await s.slack.waitFor(() => cards(s)[0], 8000);
  return { ack, dm, page: steps.at(-1), card };
}

describe('German and English, chosen per user (DEFAULT_LOCALE=en)', () => {
  let s: TestStack;
  afterEach(async () => {
    await s.stop();
  });

  it('a de-DE Slack user gets the link DM, the page, the card and, once known, the ack in German; e-mail and note stay English', async () => {
    s = await withDora({});
    const { ack, dm, page, card } = await doraStarts(s);
    // Nothing is known about Dora before her first command, and the ack may not wait for a lookup.
    expect(shown(ack.body)).toContain(`Starting a TeamViewer session for ${INC.number}`);
    expect(shown(allText(dm))).toContain('TeamViewer-Konto verknüpfen');
    expect(shown(allText(dm))).toContain('Danach führe ich `start INC0010001` für Sie aus.');
    await waitPrivate(s, DORA, /Dafür brauche ich Ihr TeamViewer-Konto/);
    expect(page?.status).toBe(200);
    expect(page?.body).toContain('Verknüpft als Dora Deutsch');
    expect(page?.body).toContain('<html lang="de">');
    await s.slack.waitFor(() => dmsTo(s, DORA).find((m) => /Mit TeamViewer verknüpft als Dora Deutsch/.test(m.text)));

    const text = shown(allText(card));
    expect(text).toContain(`TeamViewer-Sitzung für ${INC.number}`);
    for (const word of ['Anfragender', 'Sitzungscode', 'Gültig bis', 'Beitreten (TeamViewer-App)', 'Im Browser beitreten', 'Sitzung schließen', 'Offen lassen']) expect(text).toContain(word);
    expect(text).toMatch(/<!date\^\d+\^\{date_short_pretty\} um \{time\}\|/);
    expect(text).not.toContain('Join in browser');

    // The organisation's language (en) for what the requester and the desk read.
    const mail = await s.smtp.waitForMessage((m) => m.to.includes('abel.tuter@example.com'));
    expect(mail.subject).toBe(`Remote support for ${INC.number}: join your TeamViewer session`);
    const note = await s.slack.waitFor(() => s.servicenow.workNotes(INC.sysId)[0]);
    expect(note.value).toMatch(/^\[TeamViewer\] Dora Deutsch started remote-support session/);
    // …while the card, updated once the e-mail is out, and its thread keep Dora's language.
    await s.slack.waitFor(() => (/Per E-Mail an abel\.tuter@example\.com gesendet/.test(allText(cards(s)[0]!)) ? true : undefined));
    await s.slack.waitFor(() => s.slack.messagesIn(s.people.channel).find((m) => m.text === '✉️ Einladung per E-Mail an abel.tuter@example.com gesendet.'));

    // Second command: Dora's language is known now, so the ack itself is German.
    const again = await s.slack.sendCommand({ userId: DORA, channelId: s.people.channel, text: `start ${INC.number}` });
    expect(shown(again.body)).toContain(`TeamViewer-Sitzung für ${INC.number} wird gestartet…`);
    await waitPrivate(s, DORA, /Sie haben bereits eine offene Sitzung für INC0010001; hier ist sie noch einmal/);
    const bad = await s.slack.sendCommand({ userId: DORA, channelId: s.people.channel, text: `share ${INC.number} keine-adresse` });
    expect(shown(bad.body)).toContain('`keine-adresse` ist keine E-Mail-Adresse. Verwendung: `share <Ticket> [E-Mail]`');
    const help = await s.slack.sendCommand({ userId: DORA, channelId: s.people.channel, text: 'help' });
    expect(shown(help.body)).toContain('Zeigt diese Hilfe.');

    // An English user in the same workspace reads English.
    await s.slack.sendCommand({ userId: s.people.otherAgent, channelId: s.people.channel, text: `status ${INC.number}` });
    const status = await waitPrivate(s, s.people.otherAgent, /TeamViewer session for INC0010001/);
    expect(status).toContain('Requester');
    expect(status).not.toContain('Anfragender');
  });

  it('errors the core raises reach a German user in German, with the English text left for the logs', async () => {
    s = await withDora({});
    await s.slack.sendCommand({ userId: DORA, channelId: s.people.channel, text: 'status' });
    await waitPrivate(s, DORA, /Sie haben keine offenen TeamViewer-Sitzungen/);
    await s.slack.sendCommand({ userId: DORA, channelId: s.people.channel, text: 'logs INC0099999' });
    await waitPrivate(s, DORA, /Für INC0099999 gibt es keine TeamViewer-Sitzung, über die ich berichten könnte/);
    await s.slack.sendCommand({ userId: DORA, channelId: s.people.channel, text: 'close INC0099999' });
    // Not linked: the German link DM, with the command to resume.
    await s.slack.waitFor(() => dmsTo(s, DORA).find((m) => /Danach führe ich `close INC0099999` für Sie aus/.test(shown(allText(m)))));
    expect(s.logs.some((l) => l.includes('There is no TeamViewer session for INC0099999 to report on.'))).toBe(true);
    expect(privateTexts(s, DORA).some((t) => /There is no|You have no/.test(t))).toBe(false);
  });
});

describe('DEFAULT_LOCALE=de: the organisation writes German; agents still get their own language', () => {
  let s: TestStack;
  afterEach(async () => {
    await s.stop();
  });

  it('e-mail, work note and TeamViewer waiting text are German; an unknown ticket is explained in German; en-US users read English', async () => {
    s = await withDora({ DEFAULT_LOCALE: 'de' }, true);
    await doraStarts(s);
    const tv = s.tv.state.sessions[0];
    if (!tv) throw new Error('no TeamViewer session');
    expect(tv.waiting_message).toBe(`Ihr Supporter Dora Deutsch ist gleich für Sie da (${INC.number}).`);

    const mail = await s.smtp.waitForMessage((m) => m.to.includes('abel.tuter@example.com'));
    expect(mail.subject).toBe(`Fernwartung zu ${INC.number}: Nehmen Sie an Ihrer TeamViewer-Sitzung teil`);
    expect(mail.text).toContain('Guten Tag Abel Tuter,');
    expect(mail.text).toContain(tv.end_customer_link);
    expect(mail.text).not.toContain(tv.supporter_link);
    expect(mail.text).toMatch(/Der Link ist gültig bis \d{1,2}\. \S+ \d{4}, \d\d:\d\d Europe\/Berlin \(\d\d:\d\d UTC\)\./);
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain('Der Fernwartungssitzung beitreten');

    const note = await s.slack.waitFor(() => s.servicenow.workNotes(INC.sysId)[0]);
    expect(note.value).toContain(`[TeamViewer] Dora Deutsch hat die Fernwartungssitzung ${tv.code} aus dem Chat gestartet. Einladung per E-Mail an Abel Tuter <abel.tuter@example.com> gesendet.`);
    expect(note.value).toMatch(/Gültig bis \d{1,2}\. \S+ \d{4}, \d\d:\d\d Europe\/Berlin/);

    await s.slack.sendCommand({ userId: DORA, channelId: s.people.channel, text: 'start INC0099999' });
    await waitPrivate(s, DORA, /Ich finde INC0099999 nicht in ServiceNow\. Prüfen Sie die Nummer/);

    // Beth's Slack profile says en-US: English, whatever the organisation writes.
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: 'status' });
    await waitPrivate(s, s.people.agent, /You have no open TeamViewer sessions/);
  });

  it('a Teams activity with locale de-DE is answered in German, one with en-US in English', async () => {
    s = await withDora({ DEFAULT_LOCALE: 'de' }, true);
    const { sim, agent } = teamsWorld(s);
    const dora = sim.addUser({ name: 'Dora Deutsch', email: 'dora.deutsch@example.com', aadObjectId: '0b3c4d5e-3333-4a2b-8c3d-00000000d04a', locale: 'de-DE', timezone: 'Europe/Berlin' });
    const chat = sim.personalChat(dora);
    await sim.sendMessage({ from: dora, conversation: chat, text: 'help' });
    const help = await sim.waitFor(() => teamsDms(s, dora).find((m) => /TeamViewer-Fernwartung/.test(cardText(m))));
    expect(JSON.stringify(help.attachments)).toContain('"lang":"de"');
    await sim.sendMessage({ from: dora, conversation: chat, text: 'logs INC0099999' });
    await sim.waitFor(() => teamsDms(s, dora).find((m) => /Für INC0099999 gibt es keine TeamViewer-Sitzung/.test(cardText(m))));
    await sim.sendMessage({ from: dora, conversation: chat, text: 'status' });
    await sim.waitFor(() => teamsDms(s, dora).find((m) => /Sie haben keine offenen TeamViewer-Sitzungen/.test(cardText(m))));

    await sim.sendMessage({ from: agent, conversation: sim.personalChat(agent), text: 'status' });
    await sim.waitFor(() => teamsDms(s, agent).find((m) => /You have no open TeamViewer sessions/.test(cardText(m))));
  });
});
