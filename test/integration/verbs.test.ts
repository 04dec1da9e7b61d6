import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { actionId, allText, cardsIn, linkAgent, startTestStack, waitPrivate as waitPrivateIn, type TestStack } from '../helpers/stack.js';

const INC = SERVICENOW_SEED.incidents.printer;

describe('verbs through signed slash commands and buttons', () => {
  let s: TestStack;
  beforeEach(async () => {
    s = await startTestStack();
    await linkAgent(s, s.people.agent, 'u1000001');
  });
  afterEach(async () => {
    await s.stop();
  });

  const waitPrivate = (user: string, re: RegExp) => waitPrivateIn(s, user, re);

  async function started() {
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${INC.number}` });
    const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0]);
    await s.smtp.waitForMessage();
    return card;
  }

  const decoded = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

  it('help and unknown input answer with usage in the ack itself, never silence', async () => {
    const help = await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: 'help' });
    expect(decoded(help.body)).toContain('start <ticket>');
    expect(decoded(help.body)).toContain('close <ticket>');
    const unknown = await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: 'frobnicate INC0010001' });
    expect(decoded(unknown.body)).toContain("I don't know");
    expect(decoded(unknown.body)).toContain('share <ticket>');
    const empty = await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: '' });
    expect(decoded(empty.body)).toContain('status [ticket]');
    const helpVerb = await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: 'help report' });
    expect(decoded(helpVerb.body)).toContain('report [today|week] [@agent]');
    expect(decoded(helpVerb.body)).not.toContain("I don't know");
    const bad = await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: 'share INC0010001 not-an-email' });
    expect(decoded(bad.body)).toContain('not an e-mail address');
  });

  it('start twice shows the existing session instead of creating another', async () => {
    await started();
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${INC.number}` });
    await waitPrivate(s.people.agent, /already have an open session/);
    expect(s.tv.state.sessions).toHaveLength(1);
    expect(cardsIn(s, s.people.channel)).toHaveLength(1);
  });

  it('close by command closes at TeamViewer, updates the card without join buttons and notes the ticket', async () => {
    await started();
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `close ${INC.number}` });
    await waitPrivate(s.people.agent, /Closed session/);
    expect(s.tv.state.sessions[0]!.state).toBe('Closed');
    const put = s.tv.requests.find((r) => r.method === 'PUT' && r.path.startsWith('/api/v1/sessions/'));
    expect(put?.json).toEqual({ state: 'closed' });
    const card = cardsIn(s, s.people.channel)[0]!;
    expect(allText(card)).toContain('Closed');
    expect(allText(card)).not.toContain('session.join_app');
    await s.slack.waitFor(() => s.servicenow.workNotes(INC.sysId).find((n) => /closed remote-support session/.test(n.value)));
    const thread = s.slack.messagesIn(s.people.channel).filter((m) => m.threadTs === card.ts).map((m) => m.text);
    expect(thread).toEqual(expect.arrayContaining(['✉️ Invitation e-mailed to abel.tuter@example.com.', 'Session closed by Beth Anglin.']));
  });

  it('a double click on Close closes once and the second click says it is already closed', async () => {
    const card = await started();
    const id = actionId(card, 'session.close');
    await Promise.all([s.slack.clickButton({ userId: s.people.agent, message: card, actionId: id }), s.slack.clickButton({ userId: s.people.agent, message: card, actionId: id })]);
    await s.slack.waitFor(() => (s.tv.state.sessions[0]!.state === 'Closed' ? true : undefined));
    await waitPrivate(s.people.agent, /already closed/);
    expect(s.tv.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
  });

  it('URL buttons are acknowledged too', async () => {
    const card = await started();
    const res = await s.slack.clickButton({ userId: s.people.agent, message: card, actionId: actionId(card, 'session.join_app') });
    expect(res.status).toBe(200);
    expect(res.timedOut).toBe(false);
  });

  it('share resends the customer link to the requester or to a given address and notes it', async () => {
    const card = await started();
    await s.slack.clickButton({ userId: s.people.agent, message: card, actionId: actionId(card, 'session.share') });
    await s.smtp.waitForMessage(() => s.smtp.messages.filter((m) => m.to.includes('abel.tuter@example.com')).length >= 2);
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `share ${INC.number} <mailto:helper@example.org|helper@example.org>` });
    const mail = await s.smtp.waitForMessage((m) => m.to.includes('helper@example.org'));
    expect(mail.text).toContain(s.tv.state.sessions[0]!.end_customer_link);
    await waitPrivate(s.people.agent, /Invitation for INC0010001 sent to helper@example.org/);
    await s.slack.waitFor(() => s.servicenow.workNotes(INC.sysId).find((n) => /re-sent the invitation .* to helper@example.org/.test(n.value)));
  });

  it('status shows one ticket or all of the agent’s open sessions; a session closed in TeamViewer shows as closed', async () => {
    await started();
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: 'status' });
    await waitPrivate(s.people.agent, /You have 1 open session/);
    s.tv.state.sessions[0]!.state = 'Closed';
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `status ${INC.number}` });
    await waitPrivate(s.people.agent, /\(Closed\)/);
    await s.slack.waitFor(() => (/Closed/.test(allText(cardsIn(s, s.people.channel)[0]!)) ? true : undefined));
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: 'status INC0010003' });
    await waitPrivate(s.people.agent, /No TeamViewer session has been started for INC0010003/);
  });

  it('REQUIRE_ASSIGNEE lets only the assignee start, matched by Slack e-mail', async () => {
    await s.stop();
    s = await startTestStack({ env: { REQUIRE_ASSIGNEE: 'true' } });
    await linkAgent(s, s.people.otherAgent, 'u1000002');
    await s.slack.sendCommand({ userId: s.people.otherAgent, channelId: s.people.channel, text: `start ${INC.number}` });
    await waitPrivate(s.people.otherAgent, /Only the assignee of INC0010001 \(Beth Anglin\)/);
    expect(s.tv.state.sessions).toHaveLength(0);
    await linkAgent(s, s.people.agent, 'u1000001');
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${INC.number}` });
    await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0]);
    expect(s.tv.state.sessions).toHaveLength(1);
  });
});
