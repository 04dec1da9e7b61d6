import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allText, cardsIn, linkAgent, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';

/**
 * Jira Assets is a separate service (and licence) from the issue API. When it fails, `start` must still work (it needs
 * no device), and `connect` must say that Assets is failing rather than that the ticket has no computer.
 */
describe('Jira: an Assets outage while reading a ticket', () => {
  let s: TestStack;
  beforeAll(async () => {
    s = await startTestStack({ itsm: 'jira' });
    await linkAgent(s, s.people.agent, 'u1000001');
  });
  afterAll(async () => {
    await s.stop();
  });
  const say = (text: string) => s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text });

  it('starts the session without the device, and connect names the outage instead of a missing computer', async () => {
    const itsm = s.itsm;
    if (!itsm) throw new Error('no ITSM simulator');
    itsm.fail({ method: 'GET', path: /\/jsm\/assets\//, status: 503, times: 1000 });
    const before = cardsIn(s, s.people.channel).length;
    await say(`start ${itsm.numbers.printer}`);
    const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[before], 8000);
    expect(allText(card)).toContain('Printer offline on 3rd floor');
    expect(itsm.requests.some((r) => /\/jsm\/assets\//.test(r.path))).toBe(true);

    await say(`connect ${itsm.numbers.printer}`);
    const text = await waitPrivate(s, s.people.agent, /Jira is not answering properly right now/, 8000);
    expect(text).not.toMatch(/no computer|has no device|no asset/i);
    expect(s.slack.state.messages.some((m) => m.text.includes('start.teamviewer.com'))).toBe(false);
  });
});
