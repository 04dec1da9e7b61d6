import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { cardText, linkTeamsAgent, teamsCards, teamsDms, teamsWorld } from '../helpers/teams.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const INC = SERVICENOW_SEED.incidents.printer;

/**
 * REQUIRE_ASSIGNEE in Teams: the agent's e-mail comes from the Teams member lookup (TeamsInfo.getMember through the
 * connector), not from Slack, and is matched with the ticket's assignee in the service desk.
 */
describe('Microsoft Teams with REQUIRE_ASSIGNEE', () => {
  let s: TestStack;
  beforeAll(async () => {
    s = await startTestStack({ teams: {}, env: { REQUIRE_ASSIGNEE: 'true', TEAMS_LOG_CONVERSATION: '' } });
  });
  afterAll(async () => {
    await s.stop();
  });

  it('refuses an agent who is not the assignee, and lets the assignee start', async () => {
    const { sim, agent, otherAgent, channel } = teamsWorld(s);
    await linkTeamsAgent(s, otherAgent, 'u1000002');
    await sim.sendMessage({ from: otherAgent, conversation: channel, text: `start ${INC.number}` });
    const refusal = await sim.waitFor(() => teamsDms(s, otherAgent).find((m) => /Only the assignee/.test(cardText(m))), 8000);
    expect(cardText(refusal)).toContain('Beth Anglin');
    expect(s.tv.state.sessions).toHaveLength(0);

    await linkTeamsAgent(s, agent, 'u1000001');
    await sim.sendMessage({ from: agent, conversation: channel, text: `start ${INC.number}` });
    await sim.waitFor(() => teamsCards(s)[0], 8000);
    expect(s.tv.state.sessions).toHaveLength(1);
    // Both decisions rested on the member lookup, answered by the connector with each user's e-mail.
    expect(sim.state.connectorCalls.filter((c) => /\/members\//.test(c.path) && c.status === 200).length).toBeGreaterThanOrEqual(2);
  });
});
