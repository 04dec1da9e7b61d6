import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED, type TeamsMessage } from '../../src/simulators/index.js';
import { actionData, cardText, linkTeamsAgent, teamsCards, teamsDms, teamsWorld } from '../helpers/teams.js';
import { manualClock, startTestStack, type TestStack } from '../helpers/stack.js';

const INC = SERVICENOW_SEED.incidents.printer;

/** The Slack verbs, in Teams: what each one shows, and where (thread, 1:1 chat, manager log), through /api/messages. */
describe('Microsoft Teams: every verb at parity with Slack', () => {
  let s: TestStack;
  const clock = manualClock();
  beforeEach(async () => {
    s = await startTestStack({ teams: {}, clock, env: { TEAMS_LOG_CONVERSATION: '' } });
  });
  afterEach(async () => {
    await s.stop();
  });

  const say = async (text: string, who: 'agent' | 'otherAgent' = 'agent') => {
    const w = teamsWorld(s);
    return w.sim.sendMessage({ from: w[who], conversation: w.channel, text });
  };
  const dmMatching = (re: RegExp, who: 'agent' | 'otherAgent' = 'agent'): Promise<TeamsMessage> => teamsWorld(s).sim.waitFor(() => teamsDms(s, teamsWorld(s)[who]).find((m) => re.test(cardText(m))), 8000);

  async function started(): Promise<{ card: TeamsMessage; code: string }> {
    await linkTeamsAgent(s, teamsWorld(s).agent, 'u1000001');
    await say(`start ${INC.number}`);
    const card = await teamsWorld(s).sim.waitFor(() => teamsCards(s)[0], 8000);
    const code = s.tv.state.sessions[0]?.code ?? '';
    return { card, code };
  }

  it('logs the loud warning when Teams runs without authentication', () => {
    expect(s.logs.some((l) => l.includes('Teams runs WITHOUT authentication'))).toBe(true);
  });

  it('status, share by card (Action.Submit fallback), connect, logs and report answer privately in the 1:1 chat', async () => {
    const { sim, agent, channel } = teamsWorld(s);
    const { card, code } = await started();

    await say(`status ${INC.number}`);
    await dmMatching(new RegExp(code));

    const share = await sim.sendSubmit({ from: agent, conversation: channel, replyToId: card.id, data: actionData(card, 'session.share') });
    expect(share.status).toBe(200);
    await s.smtp.waitForMessage((m) => m.to.includes('abel.tuter@example.com') && s.smtp.messages.filter((x) => x.to.includes('abel.tuter@example.com')).length >= 2);

    await say(`connect ${INC.number}`);
    const connect = await dmMatching(/Connect to PC-ABEL-01/);
    expect(cardText(connect)).toContain('https://start.teamviewer.com/123456789');
    expect(cardText(connect)).toContain('"type":"Action.OpenUrl"');

    const t0 = clock.now();
    s.tv.addConnection({ code, userid: 'u1000001', deviceName: 'PRINTER-PC', start: new Date(t0.getTime() + 60_000), end: new Date(t0.getTime() + 10 * 60_000) });
    clock.advance(15 * 60_000);
    await say(`close ${INC.number}`);
    await sim.waitFor(() => (s.tv.state.sessions[0]?.state === 'Closed' ? true : undefined));
    await say(`logs ${INC.number}`);
    const logs = await dmMatching(/Connection log/);
    expect(cardText(logs)).toContain('PRINTER-PC');

    await s.bot.core.runJob('logs');
    await say('report week');
    const report = await dmMatching(/TeamViewer report: This week/);
    // Week in Beth's own zone (from the Teams client's clientInfo), the summary the logs job saved.
    expect(cardText(report)).toContain('Europe/Berlin');
    expect(cardText(report)).toMatch(/Beth Anglin: 1 session, 1 connection, 9 min/);
    // The agent is a real Teams mention, not a raw Entra object id.
    expect(cardText(report)).toContain('<at>Beth Anglin</at>');
    expect(cardText(report)).not.toContain(`**${agent.aadObjectId}**`);
  });

  it('a close typed by another agent is refused; a report about one agent by @mention names that agent', async () => {
    const { sim, otherAgent, agent, channel } = teamsWorld(s);
    await started();
    await linkTeamsAgent(s, otherAgent, 'u1000002');
    // Fred's channel message exactly as Teams words it: the text with its <at> tags and one entity per mention.
    const botMention = { type: 'mention', text: '<at>TeamViewer</at>', mentioned: { id: `28:${sim.appId}`, name: 'TeamViewer' } };
    const fredSays = (id: string, text: string, entities: Array<Record<string, unknown>>) =>
      sim.sendActivity({
        type: 'message',
        id,
        from: { id: otherAgent.id, name: otherAgent.name, aadObjectId: otherAgent.aadObjectId },
        conversation: { id: channel.id, conversationType: 'channel', tenantId: channel.tenantId, isGroup: true },
        channelData: { tenant: { id: channel.tenantId } },
        text,
        entities,
      });
    await fredSays('mention-1', `<at>TeamViewer</at> close ${INC.number}`, [botMention]);
    await dmMatching(/Only Beth Anglin, who started the session/, 'otherAgent');
    expect(s.tv.state.sessions[0]?.state).not.toBe('Closed');
    // `@Beth Anglin` arrives as a Teams mention entity; it becomes the agent filter, not noise.
    await fredSays('mention-2', '<at>TeamViewer</at> report week&nbsp;<at>Beth Anglin</at>', [botMention, { type: 'mention', text: '<at>Beth Anglin</at>', mentioned: { id: agent.id, name: 'Beth Anglin' } }]);
    // In Fred's own zone (from his client's clientInfo earlier), although this activity carries none.
    await dmMatching(/TeamViewer report: This week \(since [^)]*America\/New_York\) for @BethAnglin/, 'otherAgent');
  });

  it('unlink revokes and forgets the link; the next start asks to link again', async () => {
    await started();
    await say('unlink');
    await dmMatching(/unlinked|no longer linked|forgot/i);
    await say(`start ${INC.number}`);
    await dmMatching(/oauth\/teamviewer\/start/);
  });

  it('manager summaries go to TEAMS_LOG_CONVERSATION, and the card survives a restart (references are in the store)', async () => {
    const { sim, channel, agent } = teamsWorld(s);
    await s.restartBot({ env: { TEAMS_LOG_CONVERSATION: channel.id } });
    const { card, code } = await started();
    await s.restartBot();
    await sim.sendInvoke({ from: agent, conversation: channel, replyToId: card.id, verb: 'session.close', data: actionData(card, 'session.close') });
    await sim.waitFor(() => sim.updatesOf(card.id).find((v) => /\(Closed\)/.test(JSON.stringify(v))), 8000);
    clock.advance(3 * 3600_000);
    const run = await s.bot.core.runJob('logs');
    expect(run.counts).toMatchObject({ posted_to_managers: 1 });
    const digest = sim.messagesIn(channel.id).find((m) => m.from === 'bot' && /Session log|Connection log|no connection/i.test(cardText(m)) && cardText(m).includes(code));
    expect(digest).toBeDefined();
  });
});
