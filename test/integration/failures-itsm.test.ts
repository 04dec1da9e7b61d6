import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { cardsIn, linkAgent, privateTexts, referenceIn, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';

const INC = SERVICENOW_SEED.incidents.printer;

describe('ServiceNow failures: clear private answers, nothing started on a failed lookup, notes written once', () => {
  let s: TestStack;
  const useStack = async (env: Record<string, string> = {}) => {
    s = await startTestStack({ env });
    await linkAgent(s, s.people.agent, 'u1000001');
  };
  beforeEach(async () => {
    await useStack();
  });
  afterEach(async () => {
    await s.stop();
  });

  const send = (text: string) => s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text });
  const card = () => s.slack.waitFor(() => cardsIn(s, s.people.channel)[0]);
  const patches = () => s.servicenow.requests.filter((r) => r.method === 'PATCH');
  const ticketReads = () => s.servicenow.requests.filter((r) => r.method === 'GET' && r.path === '/api/now/table/incident');

  function expectNothingStarted(tvRequestsBefore: number): void {
    expect(s.tv.requests.slice(tvRequestsBefore).filter((r) => r.path.startsWith('/api/v1/sessions'))).toEqual([]);
    expect(s.tv.state.sessions).toHaveLength(0);
    expect(cardsIn(s, s.people.channel)).toHaveLength(0);
    expect(s.smtp.messages).toHaveLength(0);
    expect(patches()).toHaveLength(0);
  }

  function expectReferenceLogged(text: string): void {
    const ref = referenceIn(text);
    expect(s.logs.some((line) => line.includes(ref) && /"level":40/.test(line))).toBe(true);
  }

  it('an unknown ticket: one private answer and nothing else (no TeamViewer call, no card, no e-mail, no note)', async () => {
    const tvBefore = s.tv.requests.length;
    await send('start INC0099999');
    const text = await waitPrivate(s, s.people.agent, /can't find INC0099999 in ServiceNow/);
    expect(text).not.toContain('Reference:');
    expect(s.tv.requests.slice(tvBefore)).toEqual([]);
    expectNothingStarted(tvBefore);
    expect(privateTexts(s, s.people.agent).filter((t) => /INC0099999/.test(t))).toHaveLength(2);
  });

  it('a malformed number gets the format hint and never reaches ServiceNow', async () => {
    const snBefore = s.servicenow.requests.length;
    await send('start 12345');
    const text = await waitPrivate(s, s.people.agent, /is not a ServiceNow ticket number/);
    expect(text).toContain('INC0010023');
    expect(s.servicenow.requests.length).toBe(snBefore);
  });

  it('an encoded-query injection (`^OR…`) is rejected before any ServiceNow request', async () => {
    const snBefore = s.servicenow.requests.length;
    await send('start INC0010001^ORnumber=INC0010002');
    await waitPrivate(s, s.people.agent, /is not a ServiceNow ticket number/);
    await send('status INC0010001^NQnumberISNOTEMPTY');
    await s.slack.waitFor(() => privateTexts(s, s.people.agent).filter((t) => /is not a ServiceNow ticket number/.test(t)).length === 2);
    expect(s.servicenow.requests.length).toBe(snBefore);
    expect(s.tv.state.sessions).toHaveLength(0);
  });

  it('401: tells that ServiceNow rejected the bot’s credentials, with a reference', async () => {
    await s.stop();
    await useStack({ SERVICENOW_PASSWORD: 'not-the-password' });
    const tvBefore = s.tv.requests.length;
    await send(`start ${INC.number}`);
    const text = await waitPrivate(s, s.people.agent, /ServiceNow rejected the bot's credentials/);
    expectReferenceLogged(text);
    expectNothingStarted(tvBefore);
  });

  it('403 (read ACL): tells which permission the integration user lacks, with a reference', async () => {
    s.servicenow.denyAcl('incident', 'read');
    const tvBefore = s.tv.requests.length;
    await send(`start ${INC.number}`);
    const text = await waitPrivate(s, s.people.agent, /does not allow the integration user to read the ticket/);
    expect(text).toContain('itil');
    expectReferenceLogged(text);
    expectNothingStarted(tvBefore);
  });

  it('429 with Retry-After then success: the start goes through', async () => {
    s.servicenow.rateLimit(1, 1);
    await send(`start ${INC.number}`);
    await card();
    const [first, second, ...more] = ticketReads();
    expect(more).toEqual([]);
    expect(second!.at.getTime() - first!.at.getTime()).toBeGreaterThanOrEqual(900);
    expect(s.tv.state.sessions).toHaveLength(1);
  });

  it('a hanging ServiceNow: a "did not answer in time" message with a reference, nothing started', async () => {
    await s.stop();
    await useStack({ UPSTREAM_TIMEOUT_MS: '400' });
    s.servicenow.fail({ method: 'GET', path: '/api/now/table/incident', hang: true, times: 3 });
    const tvBefore = s.tv.requests.length;
    await send(`start ${INC.number}`);
    const text = await waitPrivate(s, s.people.agent, /ServiceNow did not answer in time when trying to read the ticket/, 8000);
    expectReferenceLogged(text);
    expect(ticketReads()).toHaveLength(3);
    expectNothingStarted(tvBefore);
  });

  it('a work note failing with 500 every time: retried on the outbox schedule, then the agent gets the text privately', async () => {
    s.servicenow.fail({ method: 'PATCH', status: 500, times: 10 });
    await send(`start ${INC.number}`);
    await card();
    const text = await waitPrivate(s, s.people.agent, /couldn't write the work note on INC0010001/);
    const code = s.tv.state.sessions[0]!.code;
    expect(text).toContain(`started remote-support session ${code}`);
    expect(text).toContain('Please add it yourself');
    expectReferenceLogged(text);
    const [first, second, third, ...more] = patches().map((r) => r.at.getTime());
    expect(more).toEqual([]);
    expect(second! - first!).toBeGreaterThanOrEqual(90);
    expect(third! - second!).toBeGreaterThanOrEqual(190);
    expect(s.servicenow.workNotes(INC.sysId)).toEqual([]);
    expect(s.servicenow.comments(INC.sysId)).toEqual([]);
  });

  it('a work note refused by a write ACL (403): not retried, the agent gets the text and the permission to ask for', async () => {
    s.servicenow.denyAcl('incident', 'write');
    await send(`start ${INC.number}`);
    await card();
    const text = await waitPrivate(s, s.people.agent, /couldn't write the work note on INC0010001/);
    expect(text).toContain('does not allow the integration user to write a work note');
    expect(text).toContain('Please add it yourself');
    expect(patches()).toHaveLength(1);
    expect(s.servicenow.workNotes(INC.sysId)).toEqual([]);
  });

  it('a work note failing with 503 once: retried and written once', async () => {
    s.servicenow.fail({ method: 'PATCH', status: 503 });
    await send(`start ${INC.number}`);
    await card();
    await s.slack.waitFor(() => s.servicenow.workNotes(INC.sysId).length > 0);
    await s.slack.waitFor(() => (s.logs.some((l) => /"journal delivered"/.test(l)) ? true : undefined));
    expect(patches()).toHaveLength(2);
    expect(s.servicenow.workNotes(INC.sysId)).toHaveLength(1);
    expect(privateTexts(s, s.people.agent).join('\n')).not.toMatch(/work note/);
  });

  it('a work note answered 500 although it landed: the marker is found and it is not written twice', async () => {
    s.servicenow.fail({ method: 'PATCH', status: 500, afterHandler: true });
    await send(`start ${INC.number}`);
    await card();
    await s.slack.waitFor(() => (s.logs.some((l) => /"journal delivered"/.test(l)) ? true : undefined));
    expect(patches()).toHaveLength(1);
    expect(s.servicenow.requests.some((r) => r.path === '/api/now/table/sys_journal_field')).toBe(true);
    const notes = s.servicenow.workNotes(INC.sysId);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.value).toContain(s.tv.state.sessions[0]!.code);
    expect(privateTexts(s, s.people.agent).join('\n')).not.toMatch(/work note/);
  });
});
