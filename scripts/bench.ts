/**
 * `npm run bench`: how fast the bot answers and how much it carries, on this machine, with every upstream simulated
 * on 127.0.0.1 in this same process (sandbox stack). Five steps: (1) ack latency of `/teamviewer start` against a
 * bare Bolt app, open loop at fixed rates; (2) command-to-card latency at 0 and +50 ms per upstream call, with the
 * sequential upstream calls before the card and the bot's own time; (3) saturated throughput of one bot on lowdb
 * and on PostgreSQL, two replicas on PostgreSQL, the duplicate and lost-action checks, a run with faults and a
 * replica stopped midway, and the same with the bots in processes of their own; (4) store cost (bench-jobs, and
 * latency with lowdb pre-filled); (5) resident memory. Prints a table and one JSON line; docs/performance.md
 * explains the figures. Sizes come from BENCH_* variables (see `config` below).
 */
import { performance } from 'node:perf_hooks';
import { measureAck, startBareBolt, type AckRow } from './bench/ack.js';
import { measureCard } from './bench/card.js';
import { faultRun, ramp, type FaultResult, type LoadResult } from './bench/load.js';
import { countTransactions, databaseProblem, redactedDatabaseUrl, withSchema } from './bench/pg.js';
import { measureProcs, warm, type ProcsResult } from './bench/procs.js';
import { printReport, targets, type BenchResult, type PgCard } from './bench/report.js';
import { measurePrefilled, runBenchJobs } from './bench/store.js';
import { envList, envNumber, machine, mb, print, progress, round, sleep } from './bench/util.js';
import { callLog, startWorld, type World } from './bench/world.js';

const config = {
  ackRates: envList('BENCH_ACK_RATES', [10, 50]),
  /** Seconds of open-loop load per rate; the lowest rate gets `ackSecondsLow` so its p99 rests on ≥ 100 samples. */
  ackSeconds: envNumber('BENCH_ACK_SECONDS', 5),
  ackSecondsLow: envNumber('BENCH_ACK_SECONDS_LOW', 10),
  cardStarts: envNumber('BENCH_CARD_STARTS', 40),
  upstreamDelayMs: envNumber('BENCH_UPSTREAM_DELAY_MS', 50),
  clients: envList('BENCH_CLIENTS', [4, 8, 16, 32, 64]),
  stepSeconds: envNumber('BENCH_STEP_SECONDS', 3),
  faultSeconds: envNumber('BENCH_FAULT_SECONDS', 6),
  /** 0 skips the runs with the bots in processes of their own. */
  procs: process.env.BENCH_PROCS !== '0',
  storeSizes: envList('BENCH_STORE_SIZES', [1_000, 10_000, 100_000]),
  storeStarts: envNumber('BENCH_STORE_STARTS', 20),
  storeBudgetS: envNumber('BENCH_STORE_BUDGET_S', 10),
};

function ackPlan(): Array<{ rate: number; seconds: number }> {
  const low = Math.min(...config.ackRates);
  return config.ackRates.map((rate) => ({ rate, seconds: rate === low ? config.ackSecondsLow : config.ackSeconds }));
}

async function idleRss(w: World): Promise<number> {
  await w.settle();
  await sleep(1000);
  return mb(process.memoryUsage().rss);
}

interface PgPart {
  pgCard?: PgCard;
  pgOne?: LoadResult;
  pgTwo?: LoadResult;
  faults?: FaultResult;
  procs?: ProcsResult;
}

/** Step 3 on PostgreSQL: one bot, two replicas on one schema, faults, then bots in their own processes. */
async function postgresSteps(): Promise<PgPart> {
  const out: PgPart = {};
  await withSchema(async (env) => {
    const pw = await startWorld({ env });
    try {
      const { result, transactions } = await countTransactions(() => measureCard(pw, [0], config.storeStarts));
      const row = result.rows[0];
      if (row) out.pgCard = { ...row, transactionsPerStart: round(transactions / config.storeStarts, 1) };
      out.pgOne = await ramp(pw, 'one process, PostgreSQL', [pw.primaryUrl], config.clients, config.stepSeconds);
      const replica = await pw.addReplica();
      await warm(pw, replica.botUrl);
      out.pgTwo = await ramp(pw, 'two replicas, PostgreSQL', [pw.primaryUrl, replica.botUrl], config.clients, config.stepSeconds);
      await replica.stop();
    } finally {
      await pw.stop();
    }
  });
  await withSchema(async (env) => {
    // Short upstream timeout and outbox retries, so a hung call costs 1.5 s rather than the production 10 s.
    const fw = await startWorld({ env: { ...env, UPSTREAM_TIMEOUT_MS: '1500', OUTBOX_RETRY_DELAYS: 'PT0.2S,PT0.5S,PT1S' } });
    try {
      out.faults = await faultRun(fw, Math.min(Math.max(out.pgTwo?.bestClients ?? 8, 4), 16), config.faultSeconds);
    } finally {
      await fw.stop();
    }
  });
  if (config.procs) {
    await withSchema(async (env) => {
      const cw = await startWorld({ env });
      try {
        out.procs = await measureProcs(cw, ackPlan(), config.clients, config.stepSeconds);
      } finally {
        await cw.stop();
      }
    });
  }
  return out;
}

async function main(): Promise<void> {
  const began = performance.now();
  const memory = { beforeStackMb: mb(process.memoryUsage().rss), idleAfterStartMb: 0, idleAfterLoadMb: 0, peakUnderLoadMb: 0 };

  // Steps 1–3 on the embedded store (the default install).
  const w = await startWorld();
  memory.idleAfterStartMb = await idleRss(w);
  const bare = await startBareBolt(w.s.slack.apiUrl);
  callLog.name(bare.url, 'bare');
  let ack: AckRow[];
  let card: Awaited<ReturnType<typeof measureCard>>;
  let lowdbLoad: LoadResult;
  try {
    ack = await measureAck(w, bare, ackPlan());
    card = await measureCard(w, [0, config.upstreamDelayMs], config.cardStarts);
    lowdbLoad = await ramp(w, 'one process, lowdb', [w.primaryUrl], config.clients, config.stepSeconds);
    memory.idleAfterLoadMb = await idleRss(w);
  } finally {
    await bare.stop();
    await w.stop();
  }

  const dbProblem = await databaseProblem();
  if (dbProblem) progress(`PostgreSQL at ${redactedDatabaseUrl()} is not reachable (${dbProblem}): replica steps skipped`);
  const pgPart = dbProblem ? {} : await postgresSteps();

  // Step 4: the store.
  const jobs = await runBenchJobs();
  const prefilled = await measurePrefilled(config.storeSizes, config.storeStarts, config.storeBudgetS);

  const { pgOne, pgTwo, ...pgRest } = pgPart;
  const loads = [lowdbLoad, ...(pgOne ? [pgOne] : []), ...(pgTwo ? [pgTwo] : [])];
  memory.peakUnderLoadMb = Math.max(...ack.map((r) => r.peakRssMb), ...loads.map((l) => l.peakRssMb));
  const result: BenchResult = {
    machine: machine(),
    config: { ...config, databaseUrl: dbProblem ? `unreachable: ${dbProblem}` : redactedDatabaseUrl() },
    ack,
    card: card.rows,
    derivedSequential: card.derivedSequential,
    throughput: loads,
    replicaRatio: pgOne && pgTwo ? round(pgTwo.best / Math.max(pgOne.best, 0.1), 2) : Number.NaN,
    ...pgRest,
    store: { jobs, prefilled },
    memory,
    durationS: 0,
  };
  result.durationS = round((performance.now() - began) / 1000, 0);
  const verdicts = targets(result);
  printReport(result, verdicts);
  print(JSON.stringify({ bench: 'chatops', ...result, targets: verdicts }));
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? (err.stack ?? err.message) : err)}\n`);
  process.exit(1);
});
