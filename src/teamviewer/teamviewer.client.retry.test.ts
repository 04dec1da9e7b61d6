import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TeamViewerSim } from '../simulators/teamviewer/index.js';
import { linkUser, manualClock, startTestSim, TEST_CLIENT } from '../simulators/teamviewer/teamviewer.test-kit.js';
import { runInBackground } from '../upstream/retry-context.js';
import { wireTeamViewer, type Wiring } from './teamviewer.test-helper.js';

let sim: TeamViewerSim;
let w: Wiring;
let token: string;

const SESSIONS = '/api/v1/sessions';
const creates = () => sim.requests.filter((r) => r.method === 'POST' && r.path === SESSIONS).length;
const background = <T>(fn: () => Promise<T>) => runInBackground(fn, { budgetMs: 300_000 }).catch((e: unknown) => e);
const create = () => w.client.createSession(token, { groupname: 'ChatOps', description: 'INC42' });

beforeEach(async () => {
  const clock = manualClock('2025-03-01T09:00:00Z');
  sim = await startTestSim({ clock, users: [{ userid: 'u1000001', name: 'Ada Agent', email: 'ada@example.com' }] });
  w = wireTeamViewer({ ...TEST_CLIENT, apiUrl: sim.apiUrl, loginUrl: sim.url, clock });
  token = (await linkUser(sim)).access_token;
});

afterEach(async () => {
  await w.dispatcher.close();
  await sim.stop();
});

describe('TeamViewerClient in a background run keeps what it retries, only waits longer', () => {
  it('does not repeat a session create that failed with a 5xx (it may have landed)', async () => {
    sim.fail({ method: 'POST', path: SESSIONS, status: 503, times: 5 });
    expect(await background(create)).toMatchObject({ code: 'teamviewer.unavailable' });
    expect(creates()).toBe(1);
  });

  it('repeats a session create refused with 429 (nothing happened), up to BACKGROUND_RETRY.attempts', async () => {
    sim.fail({ method: 'POST', path: SESSIONS, status: 429, retryAfterSeconds: 0, times: 4 });
    const created = await background(create);
    expect(creates()).toBe(5);
    expect(sim.state.sessions).toHaveLength(1);
    expect(created).toMatchObject({ code: sim.state.sessions[0]?.code });
  });
});
