import { afterEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { actionId, cardsIn, linkAgent, manualClock, privateTexts, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';

const INC = SERVICENOW_SEED.incidents.printer;
const CREATE = { method: 'POST', path: '/api/v1/sessions' } as const;

describe('a crash between two steps, and concurrent clicks: one session, one card, nothing lost', () => {
  let s: TestStack;
  afterEach(async () => {
    await s.stop();
  });

  const send = (text: string, userId = s.people.agent) => s.slack.sendCommand({ userId, channelId: s.people.channel, text });
  const card = () => s.slack.waitFor(() => cardsIn(s, s.people.channel)[0]);
  const creates = () => s.tv.requests.filter((r) => r.method === CREATE.method && r.path === CREATE.path);
  const recorded = () => s.bot.store.sessions.findLatestByTicket(`servicenow:${INC.number}`);
  const logged = (re: RegExp) => s.slack.waitFor(() => s.logs.some((l) => re.test(l)) || undefined);

  async function crashDuringCreate(createdAtTeamViewer: boolean) {
    const clock = manualClock();
    s = await startTestStack({ clock, env: { UPSTREAM_TIMEOUT_MS: '60000' } });
    await linkAgent(s, s.people.agent, 'u1000001');
    s.tv.fail({ ...CREATE, hang: true, afterHandler: createdAtTeamViewer });
    await send(`start ${INC.number}`);
    await s.slack.waitFor(() => creates().length === 1);
    await s.restartBot({ crash: true, env: { UPSTREAM_TIMEOUT_MS: '1500' } });
    expect((await recorded())?.state).toBe('requested');
    clock.advance(61_000);
  }

  it('TeamViewer created the session but the bot crashed before recording it: `status` adopts the orphan once', async () => {
    await crashDuringCreate(true);
    expect(s.tv.state.sessions).toHaveLength(1);
    await send(`status ${INC.number}`);
    const posted = await card();
    const [session] = s.tv.state.sessions;
    expect(posted.text).toContain(session!.code);
    await waitPrivate(s, s.people.agent, new RegExp(`TeamViewer session ${session!.code} for ${INC.number}.*\\(Open\\)`));
    await s.smtp.waitForMessage((m) => m.text.includes(session!.end_customer_link));
    await s.slack.waitFor(() => s.servicenow.workNotes(INC.sysId).length === 1);
    expect((await recorded())?.state).toBe('created');

    await send(`start ${INC.number}`);
    await waitPrivate(s, s.people.agent, /You already have an open session for INC0010001/);
    expect(creates()).toHaveLength(1);
    expect(s.tv.state.sessions).toHaveLength(1);
    expect(cardsIn(s, s.people.channel)).toHaveLength(1);
    expect(s.smtp.messages).toHaveLength(1);
  });

  it('the same crash, then `start` again: the orphan is adopted instead of creating a second session', async () => {
    await crashDuringCreate(true);
    await send(`start ${INC.number}`);
    await card();
    await waitPrivate(s, s.people.agent, /You already have an open session for INC0010001/);
    expect(creates()).toHaveLength(1);
    expect(s.tv.state.sessions).toHaveLength(1);
    await s.smtp.waitForMessage();
    expect(cardsIn(s, s.people.channel)).toHaveLength(1);
  });

  it('a crash before TeamViewer created anything: the stale reservation is cleared and the next start works', async () => {
    await crashDuringCreate(false);
    expect(s.tv.state.sessions).toHaveLength(0);
    await send(`start ${INC.number}`);
    await waitPrivate(s, s.people.agent, /previous start for INC0010001 was interrupted; I've cleared it\. Please run the command again/);
    expect(cardsIn(s, s.people.channel)).toHaveLength(0);
    await send(`start ${INC.number}`);
    await card();
    expect(s.tv.state.sessions).toHaveLength(1);
    expect(creates()).toHaveLength(2);
  });

  it('an e-mail and a work note still pending at a crash are delivered once after the restart', async () => {
    const clock = manualClock();
    s = await startTestStack({ clock, env: { OUTBOX_RETRY_DELAYS: 'PT1M,PT1M' } });
    await linkAgent(s, s.people.agent, 'u1000001');
    s.smtp.failNext({ code: 451 });
    s.servicenow.fail({ method: 'PATCH', status: 503 });
    await send(`start ${INC.number}`);
    await card();
    await logged(/"email failed; will retry"/);
    await logged(/"journal failed; will retry"/);
    await s.restartBot({ crash: true });
    expect(s.smtp.messages).toHaveLength(0);
    expect(s.servicenow.workNotes(INC.sysId)).toHaveLength(0);
    clock.advance(61_000);
    await s.smtp.waitForMessage();
    await s.slack.waitFor(() => s.servicenow.workNotes(INC.sysId).length === 1);
    await s.slack.waitFor(() => /E-mailed to abel.tuter@example.com/.test(JSON.stringify(cardsIn(s, s.people.channel)[0]!.blocks)) || undefined);
    expect(s.smtp.messages).toHaveLength(1);
    expect(s.servicenow.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
    expect(privateTexts(s, s.people.agent).join('\n')).not.toMatch(/could not be sent|couldn't write/);
  });

  it('two concurrent starts by the same agent: one session, one card, the other says it is already starting', async () => {
    s = await startTestStack();
    await linkAgent(s, s.people.agent, 'u1000001');
    await Promise.all([send(`start ${INC.number}`), send(`start ${INC.number}`)]);
    await card();
    await waitPrivate(s, s.people.agent, /You are already starting a session for INC0010001|You already have an open session for INC0010001/);
    await s.smtp.waitForMessage();
    expect(creates()).toHaveLength(1);
    expect(s.tv.state.sessions).toHaveLength(1);
    expect(cardsIn(s, s.people.channel)).toHaveLength(1);
    expect(s.smtp.messages).toHaveLength(1);
  });

  it('two linked agents start the same ticket at once: one session; the other is told who has it', async () => {
    s = await startTestStack();
    const { agent, otherAgent } = s.people;
    await linkAgent(s, agent, 'u1000001');
    await linkAgent(s, otherAgent, 'u1000002');
    await Promise.all([send(`start ${INC.number}`, agent), send(`start ${INC.number}`, otherAgent)]);
    await card();
    const [session] = s.tv.state.sessions;
    const [loser, winnerName] = session!.assigned_userid === 'u1000001' ? [otherAgent, 'Beth Anglin'] : [agent, 'Fred Luddy'];
    await waitPrivate(s, loser, new RegExp(`${winnerName} (is already starting a session|already has an open session) for INC0010001`));
    await s.smtp.waitForMessage();
    expect(creates()).toHaveLength(1);
    expect(s.tv.state.sessions).toHaveLength(1);
    expect(cardsIn(s, s.people.channel)).toHaveLength(1);
  });

  it('a double click on Close: one PUT, one "Closed" message, the second click says it is already closed', async () => {
    s = await startTestStack();
    await linkAgent(s, s.people.agent, 'u1000001');
    await send(`start ${INC.number}`);
    const posted = await card();
    await s.smtp.waitForMessage();
    const close = actionId(posted, 'session.close');
    await Promise.all([s.slack.clickButton({ userId: s.people.agent, message: posted, actionId: close }), s.slack.clickButton({ userId: s.people.agent, message: posted, actionId: close })]);
    await waitPrivate(s, s.people.agent, /already closed/);
    await waitPrivate(s, s.people.agent, /Closed session/);
    expect(privateTexts(s, s.people.agent).filter((t) => /Closed session/.test(t))).toHaveLength(1);
    expect(s.tv.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(s.tv.state.sessions[0]!.state).toBe('Closed');
    await s.slack.waitFor(() => s.servicenow.workNotes(INC.sysId).filter((n) => /closed remote-support session/.test(n.value)).length === 1);
  });
});
