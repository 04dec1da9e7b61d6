/**
 * The same measurements with the bots in processes of their own (PostgreSQL only: lowdb allows one owner), so the
 * simulators and the load generator no longer share the bots' event loop: ack latency against a bare Bolt app that
 * is also a separate process, the bot process's CPU per start, RSS and event-loop delay, and saturated throughput
 * of one bot process against two.
 */
import { spawnChild, type ChildBot, type ChildStats } from './child.js';
import { ramp, type LoadResult } from './load.js';
import { dist, openLoop, progress, ratio, round, sleep, type Dist } from './util.js';
import { callLog, type World } from './world.js';

export interface ProcsAck {
  rate: number;
  bot: Dist;
  bare: Dist;
  p99Ratio: number;
  botLost: number;
  /** CPU time of the bot process per start at this rate, ms (ack, card, e-mail, work note, card update). */
  botCpuMsPerStart: number;
  /** The bot process's event-loop delay while the commands came in, ms. */
  botLoopDelayP99Ms: number;
  botLoopDelayMaxMs: number;
}

export interface ProcsResult {
  /** The bot process after start and ten warm-up starts, 3 s without traffic. */
  idle: { rssMb: number; cpuCores: number };
  ack: ProcsAck[];
  one: LoadResult;
  two: LoadResult;
  ratio: number;
  /** Each bot process when it stopped (first bot, second bot). */
  atStop: ChildStats[];
}

/** Ten sequential starts, so a fresh bot has loaded its modules and warmed its connections and JIT. */
export async function warm(w: World, url: string): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const t = w.newTicket();
    await w.start(t, url);
    await w.cards.wait(t, 10_000);
  }
  await w.settle();
}

async function ackAt(w: World, bot: ChildBot, bare: ChildBot, rate: number, seconds: number): Promise<ProcsAck> {
  const count = Math.round(rate * seconds);
  const tickets = Array.from({ length: count }, () => w.newTicket());
  progress(`own processes: ${count} starts at ${rate}/s to a bot process, then to a bare Bolt process`);
  const before = await bot.stats();
  const botRun = await openLoop(rate, count, (i) => w.start(tickets[i] ?? '', bot.url));
  const during = await bot.stats();
  const waits = await Promise.all(botRun.results.map((r) => w.cards.wait(r.ticket, 20_000)));
  await w.settle();
  const after = await bot.stats();
  const bareRun = await openLoop(rate, count, () => w.send('start INC0000000', bare.url));
  await w.settle();
  const b = dist(botRun.results.map((r) => r.ackMs));
  const r = dist(bareRun.results.map((x) => x.ackMs));
  return {
    rate,
    bot: b,
    bare: r,
    p99Ratio: ratio(b.p99, r.p99),
    botLost: waits.filter((x) => x === undefined).length,
    botCpuMsPerStart: round(((after.cpuCoreSeconds - before.cpuCoreSeconds) * 1000) / count, 1),
    botLoopDelayP99Ms: during.loopDelayP99Ms,
    botLoopDelayMaxMs: during.loopDelayMaxMs,
  };
}

export async function measureProcs(w: World, rates: Array<{ rate: number; seconds: number }>, clients: number[], stepSeconds: number): Promise<ProcsResult> {
  const env = w.s.env();
  const a = await spawnChild('bot', env);
  const bare = await spawnChild('bare', env);
  callLog.name(a.url, 'bot');
  const atStop: ChildStats[] = [];
  try {
    for (let i = 0; i < 10; i++) await w.send('start INC0000000', bare.url);
    await warm(w, a.url);
    const s0 = await a.stats();
    await sleep(3000);
    const s1 = await a.stats();
    const idle = { rssMb: s1.rssMb, cpuCores: round((s1.cpuCoreSeconds - s0.cpuCoreSeconds) / 3, 3) };
    // Highest rate first: the lower rate then runs on a fully warmed process.
    const ack: ProcsAck[] = [];
    for (const { rate, seconds } of [...rates].sort((x, y) => y.rate - x.rate)) ack.unshift(await ackAt(w, a, bare, rate, seconds));
    const one = await ramp(w, 'one bot process, PostgreSQL', [a.url], clients, stepSeconds);
    const second = await spawnChild('bot', env);
    callLog.name(second.url, 'bot');
    let two: LoadResult;
    try {
      await warm(w, second.url);
      two = await ramp(w, 'two bot processes, PostgreSQL', [a.url, second.url], clients, stepSeconds);
    } finally {
      atStop[1] = await second.stop();
    }
    return { idle, ack, one, two, ratio: ratio(two.best, one.best), atStop };
  } finally {
    atStop[0] = await a.stop();
    await bare.stop();
  }
}
