/**
 * Step 2, command to card: one start at a time, from the simulator sending the command to the card appearing in
 * the channel, with TeamViewer and ServiceNow answering at once and then 50 ms late on every call. The servers'
 * timings (calls.ts) give, per start, the chain of sequential upstream calls before the card and the time the
 * simulators spent serving it; the rest is the bot's own time.
 */
import { busyTime, sequentialCalls } from './calls.js';
import { dist, pct, progress, round, sleep, type Dist } from './util.js';
import { callLog, type World } from './world.js';

export interface CardRow {
  upstreamDelayMs: number;
  /** Sessions already in the store when the step began (lowdb rewrites them all on every change). */
  storedSessions: number;
  /** Simulator sends the command → card in the channel. */
  latency: Dist;
  /** Bot receives the command → card (leaves out the Slack simulator's own delivery). */
  fromBot: Dist;
  /** TeamViewer + ServiceNow calls on the critical path (each starts after the previous ended), median and max. */
  sequentialUpstream: { p50: number; max: number };
  /** The calls of the longest chain seen, in order (`tv POST /api/v1/sessions`, …). */
  longestChain: string[];
  /** Slack Web API calls the bot made before the card (the card's own chat.postMessage included). */
  slackCallsBeforeCard: number;
  /** Time any simulator (TeamViewer, ServiceNow, Slack) was serving this start, between command and card. */
  simulatorTime: Dist;
  /** fromBot minus simulatorTime, per start: what the bot itself spends. */
  botOwn: Dist;
  lost: number;
}

export async function measureCard(w: World, delays: number[], count: number): Promise<{ rows: CardRow[]; derivedSequential: number }> {
  const rows: CardRow[] = [];
  const itsm = w.s.itsm;
  for (const delayMs of delays) {
    if (delayMs > 0) {
      w.s.tv.fail({ delayMs, times: 1e9 });
      itsm?.fail({ delayMs, times: 1e9 });
    }
    const storedSessions = w.s.tv.state.sessions.length;
    progress(`card: ${count} sequential starts, upstream +${delayMs} ms, ${storedSessions} sessions stored`);
    const latency: number[] = [];
    const fromBot: number[] = [];
    const seq: number[] = [];
    const slackCalls: number[] = [];
    const simTime: number[] = [];
    const own: number[] = [];
    let lost = 0;
    let longest: string[] = [];
    for (let i = 0; i < count; i++) {
      const ticket = w.newTicket();
      const r = await w.start(ticket);
      const card = await w.cards.wait(ticket, 15_000);
      if (card === undefined || r.status !== 200) {
        lost += 1;
        continue;
      }
      // A ServiceNow call on another record (a previous start's work note arriving late) is not this start's.
      const sysId = w.s.servicenow.findTicket(ticket)?.sys_id ?? '';
      const window = callLog.between(r.sentAt, card).filter((c) => !(c.by === 'itsm' && /\/[0-9a-f]{32}$/.test(c.path) && !c.path.endsWith(`/${sysId}`)));
      const botIn = window.find((c) => c.by === 'bot' && c.path === '/slack/events')?.start ?? r.sentAt;
      const upstream = window.filter((c) => c.by === 'tv' || c.by === 'itsm');
      const sims = window.filter((c) => c.by !== 'bot' && !c.path.startsWith('/response/'));
      latency.push(card - r.sentAt);
      fromBot.push(card - botIn);
      const chain = sequentialCalls(upstream, card);
      seq.push(chain.length);
      if (chain.length > longest.length) longest = chain.map((c) => `${c.by} ${c.method} ${c.path.replace(/\/[0-9a-f]{32}$/, '/<sys_id>')}`);
      slackCalls.push(window.filter((c) => c.by === 'slack' && c.path.startsWith('/api/')).length);
      const busy = busyTime(sims, botIn, card);
      simTime.push(busy);
      own.push(card - botIn - busy);
      // Let the invitation e-mail and the work note go out before the next start, so they never share its window.
      await w.s.bot.drainOutbox();
      await sleep(5);
      callLog.clear();
    }
    w.s.tv.clearFaults();
    itsm?.clearFaults();
    await w.settle();
    rows.push({
      upstreamDelayMs: delayMs,
      storedSessions,
      latency: dist(latency),
      fromBot: dist(fromBot),
      sequentialUpstream: { p50: pct(seq, 50), max: seq.length ? Math.max(...seq) : Number.NaN },
      longestChain: longest,
      slackCallsBeforeCard: pct(slackCalls, 50),
      simulatorTime: dist(simTime),
      botOwn: dist(own),
      lost,
    });
  }
  const zero = rows.find((r) => r.upstreamDelayMs === 0);
  const late = rows.find((r) => r.upstreamDelayMs > 0);
  const derivedSequential = zero && late ? round((late.latency.p50 - zero.latency.p50) / late.upstreamDelayMs, 2) : Number.NaN;
  return { rows, derivedSequential };
}
