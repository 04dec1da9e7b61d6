import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { allText, cardsIn, linkAgent, privateTexts, referenceIn, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';

const INC = SERVICENOW_SEED.incidents.printer;
const CREATE = { method: 'POST', path: '/api/v1/sessions' } as const;
const CLOSE = { method: 'PUT', path: '/api/v1/sessions/*' } as const;

describe('TeamViewer failures: the agent is told what happened, and nothing is lost or created twice', () => {
  let s: TestStack;
  beforeEach(async () => {
    s = await startTestStack();
    await linkAgent(s, s.people.agent, 'u1000001');
  });
  afterEach(async () => {
    await s.stop();
  });

  const send = (text: string) => s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text });
  const creates = () => s.tv.requests.filter((r) => r.method === CREATE.method && r.path === CREATE.path);
  const closes = () => s.tv.requests.filter((r) => r.method === 'PUT' && r.path.startsWith('/api/v1/sessions/'));
  const card = () => s.slack.waitFor(() => cardsIn(s, s.people.channel)[0]);

  function expectReferenceLogged(text: string): void {
    const ref = referenceIn(text);
    expect(s.logs.some((line) => line.includes(ref) && /"level":(40|50)/.test(line))).toBe(true);
  }

  async function startFails(re: RegExp): Promise<string> {
    await send(`start ${INC.number}`);
    const text = await waitPrivate(s, s.people.agent, re);
    expect(cardsIn(s, s.people.channel)).toHaveLength(0);
    expect(s.smtp.messages).toHaveLength(0);
    return text;
  }

  async function startWorksAgain(): Promise<void> {
    await send(`start ${INC.number}`);
    await card();
    expect(s.tv.state.sessions).toHaveLength(1);
  }

  it('400 validation: says what TeamViewer rejected, with a reference, and the ticket can be started again', async () => {
    s.tv.fail({ ...CREATE, status: 400, body: { error: 'invalid_request', error_description: 'valid_until must be in the future.' } });
    const text = await startFails(/TeamViewer rejected the request to create a session/);
    expect(text).toContain('valid_until must be in the future.');
    expect(text).not.toContain('future..');
    expectReferenceLogged(text);
    expect(s.tv.state.sessions).toHaveLength(0);
    await startWorksAgain();
  });

  it('400 "license limitations": explains the licence limit and how to free a session', async () => {
    s.tv.fail({ ...CREATE, status: 400, body: { error: 'invalid_request', error_description: 'The session could not be completed due to license limitations.' } });
    const text = await startFails(/licence allows no more concurrent sessions/);
    expect(text).toContain('`status`');
    expect(creates()).toHaveLength(1);
  });

  it('403: names the missing TeamViewer app permission', async () => {
    s.tv.fail({ ...CREATE, status: 403, body: { error: 'forbidden', error_description: 'Missing scope.' } });
    const text = await startFails(/TeamViewer refused to create a session/);
    expect(text).toContain('Session management');
    expect(s.tv.state.sessions).toHaveLength(0);
  });

  it('429 with Retry-After 1 then success: waits, retries and creates exactly one session', async () => {
    s.tv.fail({ ...CREATE, status: 429, retryAfterSeconds: 1 });
    const t0 = Date.now();
    await send(`start ${INC.number}`);
    await card();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(creates()).toHaveLength(2);
    expect(s.tv.state.sessions).toHaveLength(1);
    await s.smtp.waitForMessage();
    expect(cardsIn(s, s.people.channel)).toHaveLength(1);
    expect(privateTexts(s, s.people.agent).join('\n')).not.toMatch(/limiting/);
  });

  it('429 persistently: a rate-limit message with a reference, no session', async () => {
    s.tv.fail({ ...CREATE, status: 429, retryAfterSeconds: 1, times: 5 });
    const text = await startFails(/TeamViewer is limiting how fast we may call it/);
    expect(text).toContain('Try again in 1 second.');
    expectReferenceLogged(text);
    expect(creates()).toHaveLength(3);
    expect(s.tv.state.sessions).toHaveLength(0);
  });

  it('500 after TeamViewer created the session: the bot finds it by its key and adopts it, no duplicate', async () => {
    s.tv.fail({ ...CREATE, status: 500, afterHandler: true });
    await send(`start ${INC.number}`);
    const posted = await card();
    const [session] = s.tv.state.sessions;
    expect(s.tv.state.sessions).toHaveLength(1);
    expect(creates()).toHaveLength(1);
    expect(allText(posted)).toContain(session!.code);
    expect(s.logs.some((l) => l.includes('adopting it'))).toBe(true);
    await s.smtp.waitForMessage((m) => m.text.includes(session!.end_customer_link));
    await s.slack.waitFor(() => s.servicenow.workNotes(INC.sysId).length === 1);
    expect(privateTexts(s, s.people.agent).join('\n')).not.toMatch(/Reference:/);
  });

  it('503 without creating: a clear message with a reference, and the reservation is released', async () => {
    s.tv.fail({ ...CREATE, status: 503 });
    const text = await startFails(/TeamViewer is not answering properly/);
    expectReferenceLogged(text);
    expect(s.tv.state.sessions).toHaveLength(0);
    await startWorksAgain();
  });

  it('500 after creating while TeamViewer cannot be asked either: the reservation is kept and the next start adopts it', async () => {
    s.tv.fail({ ...CREATE, status: 500, afterHandler: true });
    s.tv.fail({ method: 'GET', path: '/api/v1/sessions', status: 503, times: 3 });
    const text = await startFails(/TeamViewer is not answering properly/);
    expectReferenceLogged(text);
    expect(s.tv.state.sessions).toHaveLength(1);
    await send(`start ${INC.number}`);
    await waitPrivate(s, s.people.agent, /You already have an open session for INC0010001/);
    expect(privateTexts(s, s.people.agent).join('\n')).not.toMatch(/card will appear in a moment/);
    await card();
    await s.smtp.waitForMessage();
    expect(creates()).toHaveLength(1);
    expect(s.tv.state.sessions).toHaveLength(1);
    expect(cardsIn(s, s.people.channel)).toHaveLength(1);
  });

  it('a hanging TeamViewer: a timeout message shortly after UPSTREAM_TIMEOUT_MS, not silence', async () => {
    s.tv.fail({ ...CREATE, hang: true });
    const t0 = Date.now();
    const text = await startFails(/TeamViewer did not answer in time/);
    expect(Date.now() - t0).toBeLessThan(s.config.upstreamTimeoutMs + 2500);
    expectReferenceLogged(text);
    await startWorksAgain();
  });

  it('status still answers from what the bot knows when TeamViewer cannot be reached', async () => {
    await send(`start ${INC.number}`);
    await card();
    s.tv.fail({ method: 'GET', path: '/api/v1/sessions/*', status: 503, times: 3 });
    await send(`status ${INC.number}`);
    const text = await waitPrivate(s, s.people.agent, new RegExp(`TeamViewer session ${s.tv.state.sessions[0]!.code} for INC0010001.*\\(Open\\)`));
    expect(text).not.toContain('Reference:');
    expect(s.tv.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/sessions/'))).toHaveLength(3);
  });

  it('close when TeamViewer already forgot the session (404): closed here, card updated, ticket noted', async () => {
    await send(`start ${INC.number}`);
    await card();
    s.tv.fail({ ...CLOSE, status: 404, body: { error: 'not_found', error_description: 'Session not found.' } });
    await send(`close ${INC.number}`);
    await waitPrivate(s, s.people.agent, /Closed session/);
    expect(closes()).toHaveLength(1);
    await s.slack.waitFor(() => /\(Closed\)/.test(cardsIn(s, s.people.channel)[0]!.text));
    await s.slack.waitFor(() => s.servicenow.workNotes(INC.sysId).some((n) => /closed remote-support session/.test(n.value)));
  });

  it('close with a 5xx once then OK: the idempotent PUT is retried and the session closes', async () => {
    await send(`start ${INC.number}`);
    await card();
    s.tv.fail({ ...CLOSE, status: 502 });
    await send(`close ${INC.number}`);
    await waitPrivate(s, s.people.agent, /Closed session/);
    expect(closes()).toHaveLength(2);
    expect(s.tv.state.sessions[0]!.state).toBe('Closed');
    expect(privateTexts(s, s.people.agent).join('\n')).not.toMatch(/not answering/);
  });

  it('close while TeamViewer keeps failing: says so with a reference and the session stays open', async () => {
    await send(`start ${INC.number}`);
    await card();
    s.tv.fail({ ...CLOSE, status: 503, times: 5 });
    await send(`close ${INC.number}`);
    const text = await waitPrivate(s, s.people.agent, /TeamViewer is not answering properly/);
    expectReferenceLogged(text);
    expect(s.tv.state.sessions[0]!.state).toBe('Open');
    expect(cardsIn(s, s.people.channel)[0]!.text).toContain('(Open)');
  });
});
