import { afterEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from '../../src/simulators/index.js';
import { SANDBOX_SECRETS } from '../../src/sandbox/stack.js';
import { actionId, cardsIn, linkAgent, startTestStack, waitPrivate, type TestStack } from '../helpers/stack.js';
import { linkTeamsAgent, teamsWorld } from '../helpers/teams.js';

const PRINTER = SERVICENOW_SEED.incidents.printer;
const VPN = SERVICENOW_SEED.incidents.vpn;

type Labels = Record<string, string>;

/** Every sample of `name` in a Prometheus text exposition, with its labels. */
function samples(text: string, name: string): Array<{ labels: Labels; value: number }> {
  const out: Array<{ labels: Labels; value: number }> = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Labels = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

/** The value of the one sample whose labels include `want`; undefined when there is none. */
function value(text: string, name: string, want: Labels = {}): number | undefined {
  return samples(text, name).find((s) => Object.entries(want).every(([k, v]) => s.labels[k] === v))?.value;
}

describe('GET /metrics: commands, upstream calls, sessions and jobs, as Prometheus sees them', () => {
  let s: TestStack;
  afterEach(async () => {
    await s.stop();
  });

  const scrape = async () => {
    const res = await fetch(`${s.botUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  /** Counters move when the work behind a reply has finished, a moment after the reply itself is seen. */
  const scrapeUntil = async (ready: (text: string) => boolean) => {
    let text = '';
    for (let i = 0; i < 100; i++) {
      text = await scrape();
      if (ready(text)) return text;
      await new Promise((r) => setTimeout(r, 50));
    }
    return text;
  };
  const send = (text: string) => s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text });
  const commands = (text: string, verb: string, outcome: string) => value(text, 'tvc_commands_total', { surface: 'slack', verb, outcome }) ?? 0;

  it('counts commands by verb and outcome, times each vendor by status, and reads open sessions and job runs', async () => {
    s = await startTestStack();
    await linkAgent(s, s.people.agent, 'u1000001');

    await send(`start ${PRINTER.number}`);
    await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0]);
    await s.smtp.waitForMessage();

    await send('start INC9999999');
    await waitPrivate(s, s.people.agent, /can't find INC9999999/);

    s.tv.fail({ method: 'POST', path: '/api/v1/sessions', status: 503, times: 10 });
    await send(`start ${VPN.number}`);
    await waitPrivate(s, s.people.agent, /Reference: `/);
    s.tv.clearFaults();

    const unknown = await send('frobnicate');
    expect(unknown.body).toContain('frobnicate');

    expect((await s.bot.core.runJob('expire')).outcome).toBe('ok');
    s.tv.fail({ path: '/api/v1/ping', status: 503, times: 10 });
    expect((await s.bot.core.runJob('tokens')).outcome).toBe('partial');

    const text = await scrapeUntil((t) => commands(t, 'start', 'error') === 1 && commands(t, 'start', 'ok') === 1 && commands(t, 'link', 'ok') === 1);
    expect(commands(text, 'start', 'ok')).toBe(1);
    expect(commands(text, 'start', 'user_error')).toBe(1);
    expect(commands(text, 'start', 'error')).toBe(1);
    expect(commands(text, 'unknown', 'user_error')).toBe(1);
    expect(commands(text, 'link', 'ok')).toBe(1);

    const calls = (vendor: string, status: string) => value(text, 'tvc_upstream_request_duration_seconds_count', { vendor, status }) ?? 0;
    expect(calls('teamviewer', '200')).toBeGreaterThanOrEqual(2);
    expect(calls('teamviewer', '503')).toBeGreaterThanOrEqual(2);
    expect(calls('servicenow', '200')).toBeGreaterThanOrEqual(2);
    expect(calls('slack', '200')).toBeGreaterThanOrEqual(2);
    expect(calls('smtp', 'ok')).toBe(1);
    expect(calls('other', '200')).toBe(0);
    expect(value(text, 'tvc_upstream_request_duration_seconds_bucket', { vendor: 'smtp', status: 'ok', le: '+Inf' })).toBe(1);
    expect(value(text, 'tvc_command_ack_seconds_count', { surface: 'slack' })).toBeGreaterThanOrEqual(5);

    expect(value(text, 'tvc_open_sessions')).toBe(1);
    expect(value(text, 'tvc_outbox_pending')).toBe(0);
    expect(value(text, 'tvc_job_runs_total', { job: 'expire', outcome: 'ok' })).toBe(1);
    expect(value(text, 'tvc_job_runs_total', { job: 'tokens', outcome: 'partial' })).toBe(1);
    expect(value(text, 'tvc_job_failures_total', { job: 'tokens' })).toBe(1);
    expect(value(text, 'tvc_job_failures_total', { job: 'expire' })).toBe(0);
    expect(value(text, 'tvc_process_cpu_user_seconds_total')).toBeGreaterThan(0);

    // Bounded labels only: no people, tickets, session codes or secrets.
    for (const leak of [s.people.agent, 'U0AGENT01', PRINTER.number, 'INC9999999', s.tv.state.sessions[0]!.code, SANDBOX_SECRETS.botToken, 'frobnicate', '127.0.0.1']) {
      expect(text).not.toContain(leak);
    }
  });

  it('counts a button press under its verb and the closed session leaves the gauge', async () => {
    s = await startTestStack();
    await linkAgent(s, s.people.agent, 'u1000001');
    await send(`start ${PRINTER.number}`);
    const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[0]);
    expect(value(await scrape(), 'tvc_open_sessions')).toBe(1);
    await s.slack.clickButton({ userId: s.people.agent, message: card, actionId: actionId(card, 'session.close') });
    const text = await scrapeUntil((t) => commands(t, 'close', 'ok') === 1);
    expect(commands(text, 'close', 'ok')).toBe(1);
    expect(value(text, 'tvc_open_sessions')).toBe(0);
  });

  it('labels Teams commands, acks and connector calls with surface and vendor teams', async () => {
    s = await startTestStack({ teams: {} });
    const { sim, agent } = teamsWorld(s);
    await linkTeamsAgent(s, agent, 'u1000001');
    await sim.sendMessage({ from: agent, conversation: sim.personalChat(agent), text: 'frobnicate' });
    const text = await scrapeUntil((t) => value(t, 'tvc_commands_total', { surface: 'teams', verb: 'link', outcome: 'ok' }) === 1);
    expect(value(text, 'tvc_commands_total', { surface: 'teams', verb: 'unknown', outcome: 'user_error' })).toBe(1);
    expect(value(text, 'tvc_command_ack_seconds_count', { surface: 'teams' })).toBeGreaterThanOrEqual(2);
    expect(value(text, 'tvc_upstream_request_duration_seconds_count', { vendor: 'teams', status: 'ok' })).toBeGreaterThanOrEqual(1);
  });

  it('is not served with METRICS_ENABLED=false', async () => {
    s = await startTestStack({ env: { METRICS_ENABLED: 'false' } });
    expect((await fetch(`${s.botUrl}/metrics`)).status).toBe(404);
    expect(s.bot.metrics).toBeUndefined();
  });
});
