import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { actionData, cardText, linkTeamsAgent, linkUrlIn, teamsCards, teamsDms, teamsWorld } from '../helpers/teams.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const INC = SERVICENOW_SEED.incidents.printer;

describe('Microsoft Teams: start → link → card, e-mail, work note → close (auth off)', () => {
  let s: TestStack;
  beforeEach(async () => {
    s = await startTestStack({ teams: {} });
  });
  afterEach(async () => {
    await s.stop();
  });

  it('an @mention in a channel links the agent by 1:1 chat, resumes, posts the card in the thread and closes it by card action', async () => {
    const { sim, agent, channel } = teamsWorld(s);
    s.tv.consentAs('u1000001');
    const sent = await sim.sendMessage({ from: agent, conversation: channel, text: `start&nbsp;${INC.number.toLowerCase()}` });
    expect(sent.status).toBe(200);
    expect(sent.ms).toBeLessThan(5000);
    const root = String(sent.activity.id);
    // The acknowledgement answers in the thread at once.
    await sim.waitFor(() => sim.threadOf(root).find((m) => m.from === 'bot' && /Starting a TeamViewer session for inc0010001/i.test(cardText(m))));

    // Not linked yet: a 1:1 chat with the one-time link, created by the bot; the channel is told without the link.
    const dm = await sim.waitFor(() => teamsDms(s, agent).find((m) => /oauth\/teamviewer\/start/.test(cardText(m))), 8000);
    expect(sim.createdConversations.some((c) => c.members.includes(agent.id))).toBe(true);
    expect(sim.threadOf(root).some((m) => /oauth\/teamviewer\/start/.test(cardText(m)))).toBe(false);
    const steps = await s.browser.open(linkUrlIn(dm));
    expect(steps.at(-1)?.body).toContain('Linked as Beth Anglin');

    // The command resumes by itself: the card lands in the same channel thread.
    const card = await sim.waitFor(() => teamsCards(s)[0], 8000);
    expect(card.threadRootId).toBe(root);
    const tv = s.tv.state.sessions[0];
    if (!tv) throw new Error('no TeamViewer session');
    expect(cardText(card)).toContain(tv.code);
    expect(cardText(card)).toContain('Printer offline on 3rd floor');
    expect(cardText(card)).toContain(tv.supporter_link);
    expect(cardText(card)).toContain('"type":"Action.Execute"');
    expect(cardText(card)).toMatch(/\{\{DATE\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, SHORT\)\}\}/);
    expect(JSON.stringify(card.attachments).length).toBeLessThan(28 * 1024);

    const mail = await s.smtp.waitForMessage((m) => m.to.includes('abel.tuter@example.com'));
    expect(mail.text).toContain(tv.end_customer_link);
    const note = await sim.waitFor(() => s.servicenow.workNotes(INC.sysId).find((n) => n.value.includes(tv.code)));
    expect(note.value).toContain('Beth Anglin');

    // Close from the card (Action.Execute invoke): answered at once, card updated in place, note on the ticket.
    const invoke = await sim.sendInvoke({ from: agent, conversation: channel, replyToId: card.id, verb: 'session.close', data: actionData(card, 'session.close') });
    expect(invoke.status).toBe(200);
    await sim.waitFor(() => (s.tv.state.sessions[0]?.state === 'Closed' ? true : undefined));
    await sim.waitFor(() => sim.updatesOf(card.id).find((v) => /\(Closed\)/.test(JSON.stringify(v))));
    await sim.waitFor(() => s.servicenow.workNotes(INC.sysId).find((n) => /Beth Anglin closed remote-support session/.test(n.value)));
    expect(sim.threadOf(root).some((m) => /Session closed by Beth Anglin/.test(cardText(m)))).toBe(true);
  });

  it('bare words work in the 1:1 chat, and a repeated delivery of the same activity runs once', async () => {
    const { sim, agent } = teamsWorld(s);
    await linkTeamsAgent(s, agent, 'u1000001');
    const chat = sim.personalChat(agent);
    const first = await sim.sendMessage({ from: agent, conversation: chat, text: `start ${INC.number}` });
    expect(first.status).toBe(200);
    const card = await sim.waitFor(() => teamsDms(s, agent).find((m) => /TeamViewer session s\d/.test(cardText(m))), 8000);
    expect(card.conversationId).toBe(chat.id);
    // Teams re-sends an activity it thinks went unanswered: same id, no second session, no second card.
    const again = await sim.sendActivity(first.activity);
    expect(again.status).toBe(200);
    await sim.sendMessage({ from: agent, conversation: chat, text: 'status' });
    await sim.waitFor(() => teamsDms(s, agent).find((m) => /open session/i.test(cardText(m)) && /INC0010001/.test(cardText(m))));
    expect(s.tv.state.sessions).toHaveLength(1);
    expect(teamsDms(s, agent).filter((m) => /TeamViewer session s\d/.test(cardText(m)))).toHaveLength(1);
  });

  it('when Teams refuses a 1:1 chat (app not installed), the channel gets a note for that user that carries no link', async () => {
    const { sim, otherAgent, channel } = teamsWorld(s);
    sim.setInstalled(otherAgent, false);
    const sent = await sim.sendMessage({ from: otherAgent, conversation: channel, text: 'link' });
    const note = await sim.waitFor(() => sim.threadOf(String(sent.activity.id)).find((m) => m.from === 'bot' && /Fred Luddy/.test(cardText(m))), 8000);
    expect(cardText(note)).toMatch(/can't message you privately/);
    // Addressed to Fred with a real mention, so Teams notifies him.
    expect(cardText(note)).toContain('<at>Fred Luddy</at>');
    expect(cardText(note)).not.toMatch(/oauth\/teamviewer\/start/);
  });

  it('the note for a de-DE user who has not installed the app is in German, with the card marked lang de', async () => {
    const { sim, channel } = teamsWorld(s);
    const dora = sim.addUser({ name: 'Dora Deutsch', email: 'dora.deutsch@example.com', locale: 'de-DE', timezone: 'Europe/Berlin', installed: false });
    const sent = await sim.sendMessage({ from: dora, conversation: channel, text: 'link' });
    const note = await sim.waitFor(() => sim.threadOf(String(sent.activity.id)).find((m) => m.from === 'bot' && /Dora Deutsch/.test(cardText(m))), 8000);
    expect(cardText(note)).toContain('kann Ihnen aber noch keine privaten Nachrichten senden');
    expect(cardText(note)).toContain('Apps → Für Ihre Organisation erstellt');
    expect(cardText(note)).not.toMatch(/can't message you privately/);
    expect(JSON.stringify(note.attachments)).toContain('"lang":"de"');
    expect(cardText(note)).toContain('<at>Dora Deutsch</at>');
    expect(cardText(note)).not.toMatch(/oauth\/teamviewer\/start/);
  });
});
