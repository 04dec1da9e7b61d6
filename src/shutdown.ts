import type { Server } from 'node:http';
import type { Logger } from './core/ports/logger.port.js';

/** What a graceful stop takes apart, in order; app.ts hands in its pieces. */
export interface StopParts {
  server: Server;
  /** Tracked work (interactions, jobs, outbox delivery), by what it is. New entries may arrive while we wait. */
  inflight: ReadonlyMap<Promise<unknown>, string>;
  /** Other things that end by themselves once the work above is done (scheduler, control socket). */
  settling: Promise<unknown>[];
  timeoutMs: number;
  logger: Logger;
  /** Flushes and closes the store (lowdb's last write and lock; the PostgreSQL pool). */
  closeStore(): Promise<void>;
  /** Closes outbound connections; `force` when work was abandoned and may still hold requests open. */
  closeClients(force: boolean): Promise<void>;
}

/** "2 × chat interaction, job logs": what is running, for log lines. */
export function describeInFlight(inflight: ReadonlyMap<Promise<unknown>, string>): string[] {
  const counts = new Map<string, number>();
  for (const what of inflight.values()) counts.set(what, (counts.get(what) ?? 0) + 1);
  return [...counts].map(([what, n]) => (n > 1 ? `${n} × ${what}` : what));
}

/** Idle sockets get this long to close by themselves before the rest are cut. */
const SOCKET_GRACE_MS = 250;

function timer(ms: number): { done: Promise<'timeout'>; cancel(): void } {
  let t: NodeJS.Timeout | undefined;
  const done = new Promise<'timeout'>((resolve) => {
    t = setTimeout(() => resolve('timeout'), Math.max(0, ms));
  });
  return { done, cancel: () => clearTimeout(t) };
}

/**
 * The shutdown sequence (SIGTERM). The caller has already turned /readyz to 503. Here: stop listening (Node also
 * closes idle keep-alive sockets now), wait for in-flight work until none is left or the deadline passes, close the
 * remaining sockets, then flush and close the store. Returns what was abandoned at the deadline (empty when clean).
 */
export async function gracefulStop(p: StopParts): Promise<string[]> {
  const deadline = Date.now() + p.timeoutMs;
  const serverClosed = new Promise<void>((resolve) => p.server.close(() => resolve()));
  let unfinished: string[] = [];
  // Work may start while we wait (a request on a connection that was already open, an outbox kick), so look again.
  for (let first = true; first || p.inflight.size > 0; first = false) {
    const t = timer(deadline - Date.now());
    const outcome = await Promise.race([Promise.allSettled([...p.inflight.keys(), ...p.settling]), t.done]);
    t.cancel();
    if (outcome === 'timeout') {
      unfinished = describeInFlight(p.inflight);
      if (unfinished.length === 0) unfinished = ['scheduler or control socket'];
      p.logger.error({ running: unfinished, timeoutMs: p.timeoutMs }, 'SHUTDOWN_TIMEOUT passed with work still running; stopping anyway');
      break;
    }
  }
  p.server.closeIdleConnections();
  const grace = timer(SOCKET_GRACE_MS);
  await Promise.race([serverClosed, grace.done]);
  grace.cancel();
  p.server.closeAllConnections();
  try {
    await p.closeStore();
  } finally {
    await p.closeClients(unfinished.length > 0).catch((err: unknown) => p.logger.warn({ err }, 'could not close outbound connections'));
  }
  return unfinished;
}
