import { afterEach, describe, expect, it } from 'vitest';
import { renderDateTokens, SERVICENOW_SEED } from '../../src/simulators/index.js';
import { allText, cardsIn, linkAgent, manualClock, startTestStack, type TestStack } from '../helpers/stack.js';

const PRINTER = SERVICENOW_SEED.incidents.printer;
const OUTLOOK = SERVICENOW_SEED.incidents.outlook;
const HOUR = 3_600_000;

describe('jobs expire and logs, through the job entry point the scheduler and the CLI share', () => {
  let s: TestStack;
  const clock = manualClock();
  afterEach(async () => {
    await s.stop();
  });

  async function boot(env: Record<string, string> = {}, extra: { tvPageSize?: number } = {}) {
    s = await startTestStack({ clock, env, ...extra });
    await linkAgent(s, s.people.agent, 'u1000001');
  }

  async function start(ticket: string) {
    const before = cardsIn(s, s.people.channel).length;
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `start ${ticket}` });
    const card = await s.slack.waitFor(() => cardsIn(s, s.people.channel)[before]);
    const session = await s.slack.waitFor(() => s.tv.state.sessions.find((x) => x.description?.startsWith(ticket)));
    return { card, code: session.code };
  }

  const thread = (card: { ts: string }) => s.slack.messagesIn(s.people.channel).filter((m) => m.threadTs === card.ts);
  const notes = (sysId: string, re: RegExp) => s.servicenow.workNotes(sysId).filter((n) => re.test(n.value));

  it('expire closes a session past valid_until once: TeamViewer, card, thread, work note; a second or concurrent run does nothing', async () => {
    await boot();
    const { card, code } = await start(PRINTER.number);
    const early = await s.bot.core.runJob('expire');
    expect(early.counts.expired).toBe(0);

    clock.advance(25 * HOUR); // SESSION_VALIDITY is P1D
    const [a, b] = await Promise.all([s.bot.core.runJob('expire'), s.bot.core.runJob('expire')]);
    expect([a.outcome, b.outcome].sort()).toEqual(['ok', 'skipped']);
    const report = a.outcome === 'ok' ? a : b;
    expect(report.counts.expired).toBe(1);
    expect(report.summary).toMatch(/^expire: ok in \d+ ms: expired 1, skipped 0$/);

    expect(s.tv.state.sessions.find((x) => x.code === code)?.state).toBe('Closed');
    const updated = s.slack.messagesIn(s.people.channel).find((m) => m.ts === card.ts);
    expect(allText(updated!)).toContain('Expired');
    expect(allText(updated!)).not.toContain('session.join_app');
    expect(thread(card).some((m) => /expired and was closed/.test(m.text))).toBe(true);
    await s.bot.drainOutbox();
    await s.slack.waitFor(() => notes(PRINTER.sysId, /expired/)[0]);

    const puts = s.tv.requests.filter((r) => r.method === 'PUT').length;
    const again = await s.bot.core.runJob('expire');
    expect(again.counts.expired).toBe(0);
    await s.bot.drainOutbox();
    expect(s.tv.requests.filter((r) => r.method === 'PUT')).toHaveLength(puts);
    expect(thread(card).filter((m) => /expired and was closed/.test(m.text))).toHaveLength(1);
    expect(notes(PRINTER.sysId, /expired/)).toHaveLength(1);
  });

  it('one session TeamViewer keeps failing does not stop the others; it is retried on the next run', async () => {
    await boot();
    const first = await start(PRINTER.number);
    const second = await start(OUTLOOK.number);
    clock.advance(25 * HOUR);
    s.tv.fail({ method: 'PUT', path: `/api/v1/sessions/${first.code}`, status: 503, times: 20 });
    const run = await s.bot.core.runJob('expire');
    expect(run.outcome).toBe('partial');
    expect(run.counts.expired).toBe(1);
    expect(run.failures).toEqual([expect.objectContaining({ subject: `${PRINTER.number} (${first.code})`, code: 'teamviewer.unavailable' })]);
    expect(s.tv.state.sessions.find((x) => x.code === second.code)?.state).toBe('Closed');
    expect(s.tv.state.sessions.find((x) => x.code === first.code)?.state).toBe('Open');
    expect(s.slack.messagesIn(s.people.channel).filter((m) => m.threadTs === first.card.ts && /expired and was closed/.test(m.text))).toHaveLength(0);

    s.tv.clearFaults();
    const retry = await s.bot.core.runJob('expire');
    expect(retry).toMatchObject({ outcome: 'ok', counts: { expired: 1 } });
    expect(s.tv.state.sessions.find((x) => x.code === first.code)?.state).toBe('Closed');
  });

  it('logs waits for late records, then writes "no connection took place" once LOGS_WAIT has passed', async () => {
    await boot({ LOGS_WAIT: 'PT1H', LOGS_RETRY_INTERVAL: 'PT5M' });
    const { card } = await start(PRINTER.number);
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `close ${PRINTER.number}` });
    await s.slack.waitFor(() => (s.tv.state.sessions[0]?.state === 'Closed' ? true : undefined));
    await s.slack.waitFor(() => (allText(s.slack.messagesIn(s.people.channel).find((m) => m.ts === card.ts)!).includes('Closed') ? true : undefined));

    expect((await s.bot.core.runJob('logs')).counts.waiting).toBe(1);
    // Not due again before LOGS_RETRY_INTERVAL: the report is not asked twice in a row.
    const reads = () => s.tv.requests.filter((r) => r.path === '/api/v1/reports/connections').length;
    const before = reads();
    expect((await s.bot.core.runJob('logs')).counts.waiting).toBe(0);
    expect(reads()).toBe(before);

    clock.advance(61 * 60_000);
    const final = await s.bot.core.runJob('logs');
    expect(final.counts.no_connection).toBe(1);
    expect(thread(card).some((m) => /No connection took place/.test(allText(m)))).toBe(true);
    await s.bot.drainOutbox();
    const note = await s.slack.waitFor(() => notes(PRINTER.sysId, /Connection log/)[0]);
    expect(note.value).toMatch(/no connection took place\. The session was closed at \d+ \w+ 2026, \d\d:\d\d Europe\/Berlin \(\d\d:\d\d UTC\)/);
    expect((await s.bot.core.runJob('logs')).counts).toMatchObject({ summarized: 0, no_connection: 0, waiting: 0 });
  });

  it('logs reads every page (stopping on a repeated cursor), rides out a 429, and summarises a record that arrived late', async () => {
    await boot({}, { tvPageSize: 2 });
    const { card, code } = await start(PRINTER.number);
    const t0 = clock.now();
    s.tv.addConnection({ code, userid: 'u1000001', deviceName: 'PRINTER-PC', start: new Date(t0.getTime() + 60_000), end: new Date(t0.getTime() + 13 * 60_000) });
    s.tv.addConnection({ code, userid: 'u1000001', deviceName: 'PRINTER-PC', start: new Date(t0.getTime() + 20 * 60_000), end: new Date(t0.getTime() + 25 * 60_000) });
    clock.advance(30 * 60_000);
    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `close ${PRINTER.number}` });
    await s.slack.waitFor(() => (s.tv.state.sessions[0]?.state === 'Closed' ? true : undefined));
    // A connection still running at TeamViewer when the code was closed: the summary waits for its end.
    const late = s.tv.addConnection({ code, userid: 'u1000001', deviceName: 'PRINTER-PC', start: new Date(t0.getTime() + 28 * 60_000) });
    expect((await s.bot.core.runJob('logs')).counts.waiting).toBe(1);

    s.tv.endConnection(late.id, new Date(t0.getTime() + 31 * 60_000));
    clock.advance(6 * 60_000);
    s.tv.fail({ path: '/api/v1/reports/connections', status: 429, retryAfterSeconds: 0, times: 1 });
    s.tv.repeatReportCursor(1);
    const run = await s.bot.core.runJob('logs');
    expect(run.outcome).toBe('ok');
    expect(run.counts.summarized).toBe(1);
    const statuses = s.tv.requests.filter((r) => r.path === '/api/v1/reports/connections').slice(-3);
    expect(statuses).toHaveLength(3); // the 429, page one, page two (whose cursor repeated: no third page)

    const summary = await s.slack.waitFor(() => thread(card).find((m) => /Connection log/.test(m.text)));
    const text = allText(summary);
    expect(text).toContain('20 min in 3 connections'); // 12 + 5 + 3 minutes, no record counted twice
    expect(text).toContain('PRINTER-PC');
    expect(text).toContain('Beth Anglin');
    await s.bot.drainOutbox();
    const note = await s.slack.waitFor(() => notes(PRINTER.sysId, /Connection log/)[0]);
    expect(note.value).toContain('Total connected time: 20 min');
    expect(note.value.match(/connected to PRINTER-PC/g)).toHaveLength(3);
  });

  it('managers get one batched post with times in each viewer’s zone; notes carry an explicit zone', async () => {
    await boot({ SLACK_LOG_CHANNEL: 'C0MANAGERS', DEFAULT_TIMEZONE: 'America/New_York' });
    s.slack.addChannel({ id: 'C0MANAGERS', name: 'tv-log', botIsMember: true, members: [s.people.agent, s.people.otherAgent] });
    const first = await start(PRINTER.number);
    const second = await start(OUTLOOK.number);
    const startAt = new Date('2026-11-21T09:00:00Z');
    for (const { code } of [first, second]) s.tv.addConnection({ code, userid: 'u1000001', deviceName: 'DESK-42', start: startAt, end: new Date(startAt.getTime() + 12 * 60_000) });
    for (const t of [PRINTER.number, OUTLOOK.number]) await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `close ${t}` });
    await s.slack.waitFor(() => (s.tv.state.sessions.every((x) => x.state === 'Closed') ? true : undefined));

    const run = await s.bot.core.runJob('logs');
    expect(run.counts).toMatchObject({ summarized: 2, posted_to_managers: 2 });
    const posts = s.slack.messagesIn('C0MANAGERS').filter((m) => m.postedBy === 'bot');
    expect(posts).toHaveLength(1);
    const digest = allText(posts[0]!);
    expect(digest).toContain(PRINTER.number);
    expect(digest).toContain(OUTLOOK.number);
    expect(digest).toContain(`<!date^${startAt.getTime() / 1000}^`);
    // The same post as a manager in Berlin and one in New York see it.
    expect(renderDateTokens(digest, { tz: 'Europe/Berlin' })).toContain('10:00 AM');
    expect(renderDateTokens(digest, { tz: 'America/New_York' })).toContain('4:00 AM');

    await s.bot.drainOutbox();
    const note = await s.slack.waitFor(() => notes(PRINTER.sysId, /Connection log/)[0]);
    expect(note.value).toContain('21 Nov 2026, 04:00 America/New_York (09:00 UTC)');
    expect((await s.bot.core.runJob('logs')).counts.posted_to_managers).toBe(0);
    expect(s.slack.messagesIn('C0MANAGERS').filter((m) => m.postedBy === 'bot')).toHaveLength(1);
  });

  it('/teamviewer logs <ticket> shows the log on demand and writes the summary to the thread once', async () => {
    await boot();
    const { card, code } = await start(PRINTER.number);
    const t0 = clock.now();
    s.tv.addConnection({ code, userid: 'u1000001', deviceName: 'PRINTER-PC', start: new Date(t0.getTime() + 60_000), end: new Date(t0.getTime() + 10 * 60_000) });
    await s.slack.sendCommand({ userId: s.people.otherAgent, channelId: s.people.channel, text: `logs ${PRINTER.number}` });
    const open = await s.slack.waitFor(() => s.slack.ephemeralsFor(s.people.otherAgent).map(allText).find((t) => /still open/.test(t)));
    expect(open).toContain('PRINTER-PC');

    await s.slack.sendCommand({ userId: s.people.agent, channelId: s.people.channel, text: `close ${PRINTER.number}` });
    await s.slack.waitFor(() => (s.tv.state.sessions[0]?.state === 'Closed' ? true : undefined));
    await s.slack.sendCommand({ userId: s.people.otherAgent, channelId: s.people.channel, text: `logs ${PRINTER.number}` });
    const shown = await s.slack.waitFor(() => s.slack.ephemeralsFor(s.people.otherAgent).map(allText).find((t) => /Connection log/.test(t)));
    expect(shown).toContain('9 min in 1 connection');
    expect((await s.bot.core.runJob('logs')).counts.summarized).toBe(0);
    expect(thread(card).filter((m) => /Connection log/.test(m.text))).toHaveLength(1);
  });

  it('the scheduler runs expire on its cron in DEFAULT_TIMEZONE', async () => {
    await boot({ JOBS_EXPIRE_CRON: '* * * * * *' });
    const { card } = await start(PRINTER.number);
    clock.advance(25 * HOUR);
    await s.slack.waitFor(() => (allText(s.slack.messagesIn(s.people.channel).find((m) => m.ts === card.ts)!).includes('Expired') ? true : undefined), 8000);
    // The run logs its one-line summary once it has finished (after the card update). Earlier ticks (nothing due
    // yet) already recorded an `ok`, so the status alone would not prove this run is done: wait for its line.
    await s.slack.waitFor(() => s.logs.some((l) => /"msg":"expire: ok in \d+ ms: expired 1, skipped 0"/.test(l)) || undefined, 8000);
    expect((await s.bot.jobStatus()).find((j) => j.job === 'expire')).toMatchObject({ schedule: '* * * * * *', lastOutcome: 'ok' });
  });
});
