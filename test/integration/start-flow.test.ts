import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { actionId, allText, buttonUrl, cardsIn, dmsTo, followLinkDm, startTestStack, type TestStack } from '../helpers/stack.js';

describe('start → link → resume → card, e-mail, work note (Slack, ServiceNow, TeamViewer, SMTP)', () => {
  let s: TestStack;
  beforeEach(async () => {
    s = await startTestStack();
  });
  afterEach(async () => {
    await s.stop();
  });

  it('links an unlinked agent by DM and resumes the start by itself', async () => {
    const { agent, channel } = s.people;
    s.tv.consentAs('u1000001');
    const ack = await s.slack.sendCommand({ userId: agent, channelId: channel, text: 'start INC0010001' });
    expect(ack.status).toBe(200);
    expect(ack.ackMs).toBeLessThan(3000);
    expect(ack.body).toContain('INC0010001');

    const { url, steps } = await followLinkDm(s, agent);
    expect(url).toMatch(/\/oauth\/teamviewer\/start\?t=/);
    const authorize = new URL(steps[1]!.url);
    expect(authorize.pathname).toBe('/oauth2/authorize');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(steps.at(-1)!.status).toBe(200);
    expect(steps.at(-1)!.body).toContain('Linked as Beth Anglin');

    // The token exchange carried the client secret and the PKCE verifier.
    const exchange = s.tv.requests.find((r) => r.path === '/api/v1/oauth2/token');
    expect(exchange?.form.get('grant_type')).toBe('authorization_code');
    expect(exchange?.form.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(exchange?.form.get('client_secret')).toBeTruthy();

    // The command resumes without being retyped: the card lands in the channel.
    const card = await s.slack.waitFor(() => cardsIn(s, channel)[0], 8000);
    expect(allText(card)).toContain('INC0010001');
    expect(allText(card)).toContain('Printer offline on 3rd floor');
    expect(allText(card)).toContain('Abel Tuter');
    expect(allText(card)).toMatch(/<!date\^\d+\^/); // valid-until in each viewer's zone
    const session = s.tv.state.sessions[0]!;
    expect(allText(card)).toContain(session.code);
    expect(buttonUrl(card, 'session.join_app')).toBe(session.supporter_link);
    expect(buttonUrl(card, 'session.join_web')).toBe(session.webclient_supporter_link);
    expect(actionId(card, 'session.close')).toBeTruthy();
    expect(actionId(card, 'session.share')).toBeTruthy();
    expect(dmsTo(s, agent).some((m) => /Linked to TeamViewer as Beth Anglin/.test(m.text))).toBe(true);

    // What TeamViewer received.
    expect(session.description).toBe('INC0010001: Printer offline on 3rd floor');
    expect(session.end_customer).toMatchObject({ name: 'Abel Tuter', email: 'abel.tuter@example.com' });
    expect(JSON.parse(session.custom_api ?? '{}')).toMatchObject({ app: 'teamviewer-chatops', itsm: 'servicenow', ticket: 'INC0010001' });
    const validMs = Date.parse(session.valid_until) - Date.parse(session.created_at);
    expect(Math.abs(validMs - 86_400_000)).toBeLessThan(5_000);
    expect(s.tv.state.groups.some((g) => g.id === session.groupid && g.name === 'ChatOps')).toBe(true);

    // The requester got the customer link, never a supporter link.
    const mail = await s.smtp.waitForMessage((m) => m.to.includes('abel.tuter@example.com'));
    expect(mail.subject).toContain('INC0010001');
    expect(mail.text).toContain(session.end_customer_link);
    expect(mail.html).toContain(session.end_customer_link);
    expect(mail.text).not.toContain(session.supporter_link);
    expect(mail.text).toContain('Beth Anglin');
    expect(mail.text).toMatch(/valid until \d+ \w+ \d{4}, \d\d:\d\d Europe\/Berlin \(\d\d:\d\d UTC\)/);

    // Work note (internal) on the incident, never a customer-visible comment.
    const inc = SERVICENOW_SEED.incidents.printer.sysId;
    const notes = await s.slack.waitFor(() => (s.servicenow.workNotes(inc).length ? s.servicenow.workNotes(inc) : undefined));
    expect(notes[0]!.value).toContain(session.code);
    expect(notes[0]!.value).toContain('Beth Anglin');
    expect(notes[0]!.value).toContain('abel.tuter@example.com');
    expect(s.servicenow.comments(inc)).toEqual([]);

    // The card is updated once the e-mail is out.
    await s.slack.waitFor(() => /E-mailed to abel.tuter@example.com/.test(allText(cardsIn(s, channel)[0]!)) || undefined);
  });
});
