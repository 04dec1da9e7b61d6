import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cardText, teamsDms, teamsWorld } from '../helpers/teams.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

/**
 * Bot Framework auth on: the simulator is the identity provider (OpenID metadata, JWKS, token endpoint) reached
 * only through the BOTFRAMEWORK_* settings; the bot validates every inbound JWT and gets its own outbound tokens.
 */
describe('Microsoft Teams with authentication on', () => {
  let s: TestStack;
  beforeAll(async () => {
    // botframework-connector's token verifier still writes some refusals (unknown key, expiry) to console.error itself.
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    s = await startTestStack({ teams: { auth: true } });
  });
  afterAll(async () => {
    await s.stop();
    vi.restoreAllMocks();
  });

  it('accepts a correctly signed activity and answers through the connector with a token from the login endpoint', async () => {
    const { sim, agent } = teamsWorld(s);
    const res = await sim.sendMessage({ from: agent, conversation: sim.personalChat(agent), text: 'help' });
    expect(res.status).toBe(200);
    const reply = await sim.waitFor(() => teamsDms(s, agent).find((m) => /Create a TeamViewer session for a ticket/.test(cardText(m))), 8000);
    expect(reply).toBeDefined();
    expect(sim.state.tokenRequests.length).toBeGreaterThan(0);
    expect(sim.state.connectorCalls.every((c) => c.authorized)).toBe(true);
    expect(s.logs.join('\n')).not.toContain('WITHOUT authentication');
    expect(s.logs.join('\n')).not.toContain(sim.appPassword);
  });

  it.each(['other-key', 'bad-signature', 'expired', 'wrong-audience', 'wrong-issuer', 'wrong-service-url', 'none'] as const)('refuses a token that is %s with 401 (a forged signature too), logs one line, and runs nothing', async (fault) => {
    const { sim, otherAgent } = teamsWorld(s);
    const before = sim.state.connectorCalls.length;
    const turns = () => s.logs.filter((l) => l.includes('"msg":"teams command"')).length;
    const turnsBefore = turns();
    const refused = () => s.logs.filter((l) => l.includes('Teams activity refused')).length;
    const refusedBefore = refused();
    const res = await sim.sendMessage({ from: otherAgent, conversation: sim.personalChat(otherAgent), text: 'link', tokenFault: fault });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.state.connectorCalls.length).toBe(before);
    expect(turns()).toBe(turnsBefore);
    expect(refused()).toBe(refusedBefore + 1);
  });
});
