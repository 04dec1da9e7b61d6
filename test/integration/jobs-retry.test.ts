import { afterEach, describe, expect, it } from 'vitest';
import { teamviewerChatops as runCli } from '../helpers/cli.js';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { allText, cardsIn, linkAgent, manualClock, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';

const PRINTER = SERVICENOW_SEED.incidents.printer;
const REPORT = '/api/v1/reports/connections';
const MINUTE = 60_000;

const teamviewerChatops = (args: string[], env: Record<string, string>) => runCli(args, env, 90_000);

describe('jobs retry TeamViewer more patiently than chat commands', () => {
  let s: TestStack;
  const clock = manualClock();
  afterEach(async () => {
    await s.stop();
  });

  const say = (text: string) => s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text });
  const reportReads = () => s.tv.requests.filter((r) => r.path === REPORT).length;

  /** Beth's session on the printer ticket with one finished connection; returns its card and code. */
  async function sessionWithConnection() {
    s = await startTestStack({ clock });
    await linkAgent(s, s.people.agent, 'u1000001');
    await say(`start ${PRINTER.number}`);
    const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0]);
    const session = await s.slack.waitFor(() => s.tv.state.sessions[0]);
    const t0 = clock.now();
    s.tv.addConnection({ code: session.code, userid: 'u1000001', deviceName: 'PRINTER-PC', start: new Date(t0.getTime() + MINUTE), end: new Date(t0.getTime() + 6 * MINUTE) });
    clock.advance(10 * MINUTE);
    return { card, code: session.code };
  }

  async function close(code: string) {
    await say(`close ${PRINTER.number}`);
    await s.slack.waitFor(() => (s.tv.state.sessions.find((x) => x.code === code)?.state === 'Closed' ? true : undefined));
  }

  it('`logs <ticket>` gives up on three 429s with Retry-After: 2; `jobs run logs` waits them out and summarises in the same run', async () => {
    const { card, code } = await sessionWithConnection();

    s.tv.fail({ method: 'GET', path: REPORT, status: 429, retryAfterSeconds: 2, times: 3 });
    const before = reportReads();
    await say(`logs ${PRINTER.number}`);
    await waitPrivate(s, s.people.agent, /TeamViewer is limiting how fast we may call it\. Try again in 2 seconds\./, 15_000);
    expect(reportReads() - before).toBe(3);

    await close(code);
    s.tv.clearFaults();
    s.tv.fail({ method: 'GET', path: REPORT, status: 429, retryAfterSeconds: 2, times: 3 });
    const atJob = reportReads();
    const r = await teamviewerChatops(['jobs', 'run', 'logs'], s.env());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^logs: ok in \d+ ms: summarized 1, no connection 0, waiting 0/);
    expect(reportReads() - atJob).toBe(4); // three 429s, then the report
    // Operators see the waits: one log line each, and the seconds in /metrics.
    const waits = s.logs.filter((l) => l.includes('waiting before retrying an upstream call'));
    expect(waits).toHaveLength(3);
    expect(waits.every((l) => l.includes('"vendor":"teamviewer"') && l.includes('"waitMs":2000') && l.includes('"retryAfter":true'))).toBe(true);
    const scraped = await (await fetch(`${s.botUrl}/metrics`)).text();
    expect(scraped).toMatch(/^tvc_upstream_retry_wait_seconds_total\{vendor="teamviewer"\} 6$/m);
    const summary = await s.slack.waitFor(() => s.slack.messagesIn(s.people.channel).find((m) => m.threadTs === card.ts && /Connection log/.test(m.text)));
    expect(allText(summary)).toContain('PRINTER-PC');
  }, 60_000);

  it('stopping the bot ends a job’s 50-second Retry-After pause: the item fails with the rate limit and the stop returns', async () => {
    const { code } = await sessionWithConnection();
    await close(code);
    s.tv.fail({ method: 'GET', path: REPORT, status: 429, retryAfterSeconds: 50, times: 5 });
    const before = reportReads();

    const job = teamviewerChatops(['jobs', 'run', 'logs'], s.env());
    await s.slack.waitFor(() => (reportReads() > before ? true : undefined), 30_000);
    const stopAt = Date.now();
    const stopped = await s.bot.shutdown();
    expect(Date.now() - stopAt).toBeLessThan(50_000); // sooner than the pause would have ended
    expect(stopped.unfinished).toEqual([]); // the job ended inside the graceful stop, not abandoned at SHUTDOWN_TIMEOUT

    const r = await job;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^logs: partial in \d+ ms: .*waiting 1.*; failed 1: INC0010001 \(.+\) \(TeamViewer is limiting how fast we may call it\. Try again in 50 seconds\.\)$/m);
    expect(reportReads() - before).toBe(1);
  }, 90_000);
});
