/**
 * A bot (or the bare Bolt reference) in a process of its own, for the runs that show what the one shared event loop
 * of the in-process stack costs. The parent forks this file with the stack's settings; the child listens on a free
 * port of 127.0.0.1, reports its URL over IPC, answers `stats` (CPU, RSS, event-loop delay since the last `stats`),
 * and on `stop` stops the bot, reports once more and exits.
 * Run as a child only: `fork(this file, [mode], { execArgv: ['--import', 'tsx'], env })`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export interface ChildStats {
  /** CPU core-seconds used since the process started. */
  cpuCoreSeconds: number;
  rssMb: number;
  /** Event-loop delay since the previous `stats()`, ms. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface ChildBot {
  url: string;
  stats(): Promise<ChildStats>;
  /** Stops the bot (in-flight work included) and the process; returns its last stats. */
  stop(): Promise<ChildStats>;
}

type Message = { url: string } | { stats: ChildStats } | { error: string };

/** Forks a bot (`mode: 'bot'`, settings from `env`, e.g. the stack's `env()`) or a bare Bolt app (`'bare'`). */
export async function spawnChild(mode: 'bot' | 'bare', env: Record<string, string>): Promise<ChildBot> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [mode], {
    // BENCH_PROFILE_DIR: each bot process writes a V8 CPU profile there when it stops (open it in Chrome DevTools).
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE_DIR && mode === 'bot' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [])],
    env: { ...process.env, ...env, BENCH_CHILD: '1' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const next = () =>
    new Promise<Message>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench child (${mode}) exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as Message);
      });
    });
  const ask = async (what: 'stats' | 'stop') => {
    const answer = next();
    child.send(what);
    const m = await answer;
    if (!('stats' in m)) throw new Error(`bench child (${mode}) did not answer ${what}`);
    return m.stats;
  };
  const first = await next();
  if (!('url' in first)) throw new Error(`bench child (${mode}) failed: ${'error' in first ? first.error : 'no url'}`);
  return { url: first.url, stats: () => ask('stats'), stop: () => ask('stop') };
}

async function runChild(mode: string): Promise<void> {
  const send = (m: Message, then?: () => void) => process.send?.(m, undefined, {}, () => then?.());
  let stop: () => Promise<unknown>;
  let url: string;
  if (mode === 'bare') {
    const { startBareBolt } = await import('./ack.js');
    const bare = await startBareBolt(process.env.SLACK_API_URL ?? '');
    url = bare.url;
    stop = () => bare.stop();
  } else {
    const { loadConfig } = await import('../../src/config/load.js');
    const { createApp } = await import('../../src/app.js');
    const settings = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;
    const bot = await createApp(loadConfig({ ...settings, LOG_LEVEL: 'silent' }));
    url = await bot.listen(0, '127.0.0.1');
    stop = () => bot.stop();
  }
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const stats = (): ChildStats => {
    const used = process.cpuUsage();
    const s = {
      cpuCoreSeconds: (used.user + used.system) / 1e6,
      rssMb: Math.round(process.memoryUsage().rss / (1024 * 1024)),
      loopDelayP99Ms: Math.round(loop.percentile(99) / 1e5) / 10,
      loopDelayMaxMs: Math.round(loop.max / 1e5) / 10,
    };
    loop.reset();
    return s;
  };
  process.on('message', (m) => {
    if (m === 'stats') send({ stats: stats() });
    if (m === 'stop') void stop().then(() => send({ stats: stats() }, () => process.exit(0)));
  });
  send({ url });
}

if (process.env.BENCH_CHILD === '1' && process.argv[2]) {
  runChild(process.argv[2]).catch((err: unknown) => {
    process.send?.({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    process.exit(1);
  });
}
