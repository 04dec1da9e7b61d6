import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { actionId, allText, cardsIn, linkAgent, manualClock, privateTexts, referenceIn, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';

const INC = SERVICENOW_SEED.incidents.printer;
const NO_MAIL = SERVICENOW_SEED.incidents.vpn;

describe('delivery failures: the customer link always reaches someone, and the card and ticket say how', () => {
  let s: TestStack;
  const useStack = async (o: Parameters<typeof startTestStack>[0] = {}) => {
    s = await startTestStack(o);
    await linkAgent(s, s.people.agent, 'u1000001');
  };
  beforeEach(async () => {
    await useStack();
  });
  afterEach(async () => {
    await s.stop();
  });

  const send = (text: string, userId = s.people.agent, channelId = s.people.channel) => s.slack.sendCommand({ userId, channelId, text });
  const card = () => s.slack.waitFor(() => cardsIn(s, s.people.channel)[0]);
  const cardSays = (re: RegExp) => s.slack.waitFor(() => re.test(allText(cardsIn(s, s.people.channel)[0]!)) || undefined);
  const noteSays = (sysId: string, re: RegExp) => s.slack.waitFor(() => s.servicenow.workNotes(sysId).find((n) => re.test(n.value)));
  const customerLink = () => s.tv.state.sessions[0]!.end_customer_link;

  it('requester without e-mail: the agent privately gets the customer link; card and work note say no invitation was sent', async () => {
    await send(`start ${NO_MAIL.number}`);
    await card();
    const text = await waitPrivate(s, s.people.agent, /has no requester e-mail/);
    expect(text).toContain(customerLink());
    expect(text).not.toContain(s.tv.state.sessions[0]!.supporter_link);
    await cardSays(/Link given to the agent to pass on/);
    await noteSays(NO_MAIL.sysId, /No invitation e-mail sent/);
    expect(s.tv.state.sessions[0]!.end_customer).toEqual({ name: 'Bow Ruggeri' });
    expect(s.smtp.messages).toHaveLength(0);
  });

  it('SMTP 451 once: retried and delivered exactly once', async () => {
    s.smtp.failNext({ code: 451 });
    await send(`start ${INC.number}`);
    await card();
    await cardSays(/E-mailed to abel.tuter@example.com/);
    expect(s.smtp.messages).toHaveLength(1);
    expect(s.smtp.messages[0]!.text).toContain(customerLink());
    expect(s.logs.some((l) => /"email failed; will retry"/.test(l))).toBe(true);
    expect(privateTexts(s, s.people.agent).join('\n')).not.toMatch(/could not be sent/);
  });

  it('SMTP 550: the agent privately gets the link with a reference, the card shows the failure, the journal notes it', async () => {
    s.smtp.failNext({ code: 550, message: '5.1.1 Mailbox unavailable' });
    await send(`start ${INC.number}`);
    await card();
    const text = await waitPrivate(s, s.people.agent, /invitation e-mail to abel.tuter@example.com could not be sent/);
    expect(text).toContain('550');
    expect(text).toContain(customerLink());
    expect(s.logs.some((l) => l.includes(referenceIn(text)))).toBe(true);
    await cardSays(/E-mail to abel.tuter@example.com failed: link given to the agent/);
    await noteSays(INC.sysId, /invitation e-mail .* could not be delivered/);
    expect(s.smtp.messages).toHaveLength(0);
  });

  it('SMTP_URL unset: the agent gets the customer link privately and no e-mail is attempted', async () => {
    await s.stop();
    await useStack({ env: { SMTP_URL: '' } });
    await send(`start ${INC.number}`);
    await card();
    const text = await waitPrivate(s, s.people.agent, /E-mail is not configured/);
    expect(text).toContain(customerLink());
    await cardSays(/Link given to the agent to pass on/);
    await noteSays(INC.sysId, /No invitation e-mail sent/);
    expect(s.smtp.messages).toHaveLength(0);
  });

  it('a private channel the bot is not in: the card goes out through the command’s response_url, in channel', async () => {
    const { agent, privateChannel } = s.people;
    await send(`start ${INC.number}`, agent, privateChannel);
    const posted = await s.slack.waitFor(() => s.slack.messagesIn(privateChannel).find((m) => /TeamViewer session/.test(m.text)));
    expect(posted.via).toBe('response_url');
    expect(allText(posted)).toContain(s.tv.state.sessions[0]!.code);
    const viaUrl = s.slack.state.responseUrlPosts.filter((p) => p.channelId === privateChannel && /TeamViewer session/.test(JSON.stringify(p.body)));
    expect(viaUrl).toHaveLength(1);
    expect(viaUrl[0]!.body).toMatchObject({ response_type: 'in_channel' });
    expect(s.slack.state.apiCalls.some((c) => c.method === 'chat.postMessage' && c.args.channel === privateChannel && c.error === 'not_in_channel')).toBe(true);
    await s.smtp.waitForMessage();
    expect(privateTexts(s, agent).join('\n')).not.toMatch(/Slack refused|Reference:/);
  });

  it('Slack answers chat.postMessage with 429 and Retry-After 1: the card is still posted, once', async () => {
    s.slack.fail({ method: 'POST', path: '/api/chat.postMessage', status: 429, retryAfterSeconds: 1 });
    await send(`start ${INC.number}`);
    await card();
    await s.smtp.waitForMessage();
    expect(cardsIn(s, s.people.channel)).toHaveLength(1);
    expect(s.slack.requests.filter((r) => r.path === '/api/chat.postMessage').length).toBeGreaterThanOrEqual(2);
    expect(s.tv.state.sessions).toHaveLength(1);
  });

  it('Slack refuses the card beyond its retries: the agent gets it privately, the invitation and the work note still go out', async () => {
    s.slack.fail({ method: 'POST', path: '/api/chat.postMessage', status: 500, times: 4 });
    await send(`start ${INC.number}`);
    const text = await waitPrivate(s, s.people.agent, /couldn't post the session card/, 8000);
    const [session] = s.tv.state.sessions;
    expect(text).toContain(session!.supporter_link);
    await s.smtp.waitForMessage((m) => m.text.includes(session!.end_customer_link));
    await noteSays(INC.sysId, new RegExp(`started remote-support session ${session!.code}`));
    expect(cardsIn(s, s.people.channel)).toHaveLength(0);
    expect(s.tv.state.sessions).toHaveLength(1);
  });

  it('a failure reported after the command’s response_url expired still reaches the agent, as an ephemeral', async () => {
    await s.stop();
    const clock = manualClock();
    await useStack({ clock });
    await send(`start ${INC.number}`);
    await card();
    await s.smtp.waitForMessage();
    clock.advance(31 * 60_000);
    s.smtp.failNext({ code: 550 });
    await s.slack.clickButton({ userId: s.people.agent, message: cardsIn(s, s.people.channel)[0]!, actionId: actionId(cardsIn(s, s.people.channel)[0]!, 'session.share') });
    const text = await waitPrivate(s, s.people.agent, /could not be sent/);
    expect(text).toContain(customerLink());
    expect(s.slack.state.responseUrlPosts.some((p) => p.result === 'expired_url')).toBe(true);
    expect(s.slack.state.apiCalls.some((c) => c.method === 'chat.postEphemeral' && c.ok && c.args.user === s.people.agent)).toBe(true);
  });

  it('share: an invalid address gets the usage line and sends nothing; a valid one is e-mailed once and confirmed', async () => {
    await send(`start ${INC.number}`);
    await card();
    await s.smtp.waitForMessage();
    const bad = await send(`share ${INC.number} helper@`);
    expect(bad.body).toContain('is not an e-mail address');
    expect(bad.body).toContain('Usage:');
    await send(`share ${INC.number} helper@example.org`);
    await waitPrivate(s, s.people.agent, /Invitation for INC0010001 sent to helper@example.org/);
    const mails = s.smtp.messages.filter((m) => m.to.includes('helper@example.org'));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(customerLink());
    expect(s.smtp.messages).toHaveLength(2);
  });

  it('share of an expired session says to start a new one, and starting one then works', async () => {
    await s.stop();
    const clock = manualClock();
    await useStack({ clock });
    await send(`start ${INC.number}`);
    await card();
    await s.smtp.waitForMessage();
    clock.advance(25 * 3600_000);
    await send(`share ${INC.number}`);
    const text = await waitPrivate(s, s.people.agent, /has expired/);
    expect(text).toContain(`start ${INC.number}`);
    expect(s.smtp.messages).toHaveLength(1);
    await send(`start ${INC.number}`);
    await s.slack.waitFor(() => (cardsIn(s, s.people.channel).length === 2 ? true : undefined));
    expect(s.tv.state.sessions).toHaveLength(2);
  });

  it('another agent may neither share nor close: "Only Beth Anglin…", and nothing changes at TeamViewer', async () => {
    const { otherAgent } = s.people;
    await linkAgent(s, otherAgent, 'u1000002');
    await send(`start ${INC.number}`);
    const posted = await card();
    await s.smtp.waitForMessage();
    const tvBefore = s.tv.requests.length;
    await send(`close ${INC.number}`, otherAgent);
    await waitPrivate(s, otherAgent, /Only Beth Anglin, who started the session for INC0010001, can close it/);
    await s.slack.clickButton({ userId: otherAgent, message: posted, actionId: actionId(posted, 'session.close') });
    await s.slack.clickButton({ userId: otherAgent, message: posted, actionId: actionId(posted, 'session.share') });
    await send(`share ${INC.number} fred@example.org`, otherAgent);
    await s.slack.waitFor(() => (privateTexts(s, otherAgent).filter((t) => /Only Beth Anglin/.test(t)).length === 4 ? true : undefined));
    expect(privateTexts(s, otherAgent).filter((t) => /can share it/.test(t))).toHaveLength(2);
    expect(s.tv.requests.slice(tvBefore).filter((r) => r.path.startsWith('/api/v1/sessions'))).toEqual([]);
    expect(s.tv.state.sessions[0]!.state).toBe('Open');
    expect(s.smtp.messages).toHaveLength(1);
    expect(cardsIn(s, s.people.channel)[0]!.text).toContain('(Open)');
  });
});
