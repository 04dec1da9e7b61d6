import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import perfHooks, { PerformanceObserver } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const APPS = 30;
const PROCESS_EVENTS = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'uncaughtException', 'unhandledRejection', 'warning'] as const;

/** What a leaking app leaves behind in this process: handles, process listeners, perf_hooks observers. */
interface Footprint {
  resources: Record<string, number>;
  listeners: Record<string, number>;
  observers: number;
  delayMonitors: number;
}

describe('starting and stopping the bot many times in one process', () => {
  let s: TestStack;
  // Pass-through spies on the Node APIs prom-client's default metrics start (a GC PerformanceObserver, an
  // event-loop-delay monitor): neither shows in process.getActiveResourcesInfo().
  let observers = 0;
  let delayMonitors = 0;
  beforeAll(async () => {
    const observe = PerformanceObserver.prototype.observe;
    const disconnect = PerformanceObserver.prototype.disconnect;
    vi.spyOn(PerformanceObserver.prototype, 'observe').mockImplementation(function (this: PerformanceObserver, ...a: Parameters<typeof observe>) {
      observers++;
      return observe.apply(this, a);
    });
    vi.spyOn(PerformanceObserver.prototype, 'disconnect').mockImplementation(function (this: PerformanceObserver) {
      observers--;
      return disconnect.apply(this);
    });
    const monitor = perfHooks.monitorEventLoopDelay;
    vi.spyOn(perfHooks, 'monitorEventLoopDelay').mockImplementation((o) => {
      const h = monitor(o);
      const { enable, disable } = h;
      h.enable = () => {
        const changed = enable.call(h);
        if (changed) delayMonitors++;
        return changed;
      };
      h.disable = () => {
        const changed = disable.call(h);
        if (changed) delayMonitors--;
        return changed;
      };
      return h;
    });
    // The first app in a process may set up what every later one shares; it is part of the baseline.
    s = await startTestStack({ itsm: 'none', teams: {} });
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await s?.stop();
  });

  const footprint = (): Footprint => {
    const resources: Record<string, number> = {};
    for (const r of process.getActiveResourcesInfo()) resources[r] = (resources[r] ?? 0) + 1;
    const listeners = Object.fromEntries(PROCESS_EVENTS.map((e) => [e, process.listenerCount(e)]));
    return { resources, listeners, observers, delayMonitors };
  };
  /** Only growth counts: a socket or timer of the stack's own bot may be gone by the second look. */
  const grown = (before: Footprint, after: Footprint): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [k, n] of Object.entries(after.resources)) if (n > (before.resources[k] ?? 0)) out[k] = n - (before.resources[k] ?? 0);
    for (const [k, n] of Object.entries(after.listeners)) if (n > (before.listeners[k] ?? 0)) out[`process.on(${k})`] = n - (before.listeners[k] ?? 0);
    if (after.observers > before.observers) out.PerformanceObserver = after.observers - before.observers;
    if (after.delayMonitors > before.delayMonitors) out.monitorEventLoopDelay = after.delayMonitors - before.delayMonitors;
    return out;
  };

  /** One app's life: its own data directory, serve, scrape /metrics and /readyz, stop. */
  const cycle = async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tvco-leak-'));
    const config = loadConfig({ ...s.env(), DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
    const app = await createApp(config, { outboxPollMs: 50 });
    const url = await app.listen(0, '127.0.0.1');
    const metrics = await fetch(`${url}/metrics`, { headers: { connection: 'close' } });
    expect(await metrics.text()).toMatch(/^tvc_process_cpu_user_seconds_total \d/m);
    expect((await fetch(`${url}/readyz`, { headers: { connection: 'close' } })).status).toBe(200);
    await app.stop();
    return app;
  };

  it(`leaves no observers, timers, handles or process listeners behind after ${APPS} apps with their own data directories`, async () => {
    // What the first app sets up once per process (pino's exit hook, shared metrics) belongs to the baseline.
    await cycle();
    const before = footprint();
    for (let i = 0; i < APPS; i++) {
      const app = await cycle();
      expect((await app.metrics?.render())?.body).not.toMatch(/tvc_commands_total/);
    }
    // Sockets closed by the stop are released by the event loop shortly after; growth that stays is a leak.
    for (let i = 0; i < 100 && Object.keys(grown(before, footprint())).length > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(grown(before, footprint())).toEqual({});
  });
});
