import { afterEach, describe, expect, it } from 'vitest';
import { teamviewerChatops } from '../helpers/cli.js';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { allText, cardsIn, linkAgent, manualClock, startTestStack, type TestStack } from '../helpers/stack.js';

const PRINTER = SERVICENOW_SEED.incidents.printer;


describe('teamviewer-chatops jobs run <job>', () => {
  let s: TestStack;
  afterEach(async () => {
    await s.stop();
  });

  it('asks the running bot (which owns DATA_DIR) to run the job, prints one summary line and exits 0', async () => {
    const clock = manualClock();
    s = await startTestStack({ clock });
    await linkAgent(s, s.people.agent, 'u1000001');
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${PRINTER.number}` });
    const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0]);
    clock.advance(25 * 3_600_000);

    const r = await teamviewerChatops(['jobs', 'run', 'expire'], s.env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^expire: ok in \d+ ms: expired 1, skipped 0$/);
    expect(allText(s.slack.messagesIn(s.people.channel).find((m) => m.ts === card.ts)!)).toContain('Expired');
    expect(s.tv.state.sessions[0]?.state).toBe('Closed');

    const list = await teamviewerChatops(['jobs', 'list'], s.env());
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^expire\s+off\s+last \S+: expire: ok in \d+ ms: expired 1/m);
    expect(list.stdout).toMatch(/^logs\s+off\s+never run/m);
  });

  it('runs the job itself when no bot is running, and exits 1 when an item failed', async () => {
    s = await startTestStack();
    await linkAgent(s, s.people.agent, 'u1000001');
    await s.bot.stop(); // frees DATA_DIR: the CLI opens the store itself

    const ok = await teamviewerChatops(['jobs', 'run', 'tokens'], s.env());
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toMatch(/^tokens: ok in \d+ ms: link states purged \d+, refreshed 0, valid 1, broken notified 0/);
    expect(s.tv.requests.some((q) => q.method === 'GET' && q.path === '/api/v1/ping')).toBe(true);

    s.tv.fail({ path: '/api/v1/ping', status: 503, times: 10 });
    const failed = await teamviewerChatops(['jobs', 'run', 'tokens'], s.env());
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^tokens: partial in \d+ ms: .*failed 1: Beth Anglin \(U0AGENT01\)/m);
    // Logs went to stderr as JSON lines; none carries a secret.
    expect(failed.stderr).not.toContain(s.env().TEAMVIEWER_CLIENT_SECRET);

    await s.restartBot(); // so stop() has a bot to stop
  });

  it('refuses unknown jobs and bad settings with exit code 2', async () => {
    s = await startTestStack();
    const unknown = await teamviewerChatops(['jobs', 'run', 'frobnicate'], s.env());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown job "frobnicate". Jobs: expire, logs, tokens, reconcile, assets.');
    const bad = await teamviewerChatops(['jobs', 'run', 'expire'], { ...s.env(), JOBS_LOGS_CRON: 'every five minutes' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('JOBS_LOGS_CRON must be a cron expression');
  });

  it('jobs run assets writes device IDs onto ServiceNow computers and prints the counts; it exits 1 when no account can list devices', async () => {
    s = await startTestStack();
    const none = await teamviewerChatops(['jobs', 'run', 'assets'], s.env());
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^assets: failed in \d+ ms: No TeamViewer account to read devices with: set TEAMVIEWER_API_TOKEN/);

    await linkAgent(s, s.people.agent, 'u1000001');
    s.tv.addManagedDevice({ name: 'PC-FRED-01', teamviewerId: 444555666, managerUserids: ['u1000001'] });
    s.tv.addDevice({ alias: 'PC-ABEL-01', teamviewerId: 123456789, userid: 'u1000001' });
    const r = await teamviewerChatops(['jobs', 'run', 'assets'], s.env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^assets: ok in \d+ ms: devices 2, matched 2, updated 1, unchanged 1, unmatched 0, ambiguous 0$/);
    const fred = s.servicenow.state.tables.get('cmdb_ci_computer')?.find((c) => c.name === 'PC-FRED-01');
    expect(fred?.u_teamviewer_id).toBe('444555666');
  });
});
