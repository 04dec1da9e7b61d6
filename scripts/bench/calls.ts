/**
 * Times every HTTP request the simulators and the bots serve, server side, from Node's `http.server.*` diagnostics
 * channels: when the request arrived and when its response was finished. The simulators' own journals only record
 * arrival; the end is what tells sequential upstream calls from parallel ones.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface ServedCall {
  /** Who answered: `tv`, `itsm`, `slack`, `bot`, … as registered with `name()`. */
  by: string;
  method: string;
  path: string;
  start: number;
  /** performance.now() when the response finished; undefined while in flight. */
  end?: number;
}

interface ServerMessage {
  request: IncomingMessage;
  server: Server;
}

export class CallLog {
  readonly calls: ServedCall[] = [];
  private readonly names = new Map<number, string>();
  private readonly open = new WeakMap<IncomingMessage, ServedCall>();

  constructor() {
    subscribe('http.server.request.start', (m) => this.onStart(m as ServerMessage));
    subscribe('http.server.response.finish', (m) => {
      const call = this.open.get((m as ServerMessage).request);
      if (call) call.end = performance.now();
    });
  }

  /** Calls to the server at `url` are recorded as `by`. */
  name(url: string, by: string): void {
    this.names.set(Number(new URL(url).port), by);
  }

  clear(): void {
    this.calls.length = 0;
  }

  private onStart(m: ServerMessage): void {
    const port = (m.server.address() as AddressInfo | null)?.port;
    const by = port === undefined ? undefined : this.names.get(port);
    if (!by) return;
    const call: ServedCall = { by, method: m.request.method ?? 'GET', path: (m.request.url ?? '/').split('?')[0] ?? '/', start: performance.now() };
    this.open.set(m.request, call);
    this.calls.push(call);
  }

  /** Calls that started in [from, to), optionally only those answered by one of `by`. */
  between(from: number, to: number, by?: string[]): ServedCall[] {
    return this.calls.filter((c) => c.start >= from && c.start < to && (!by || by.includes(c.by)));
  }
}

/**
 * The longest chain of calls in which each starts after the previous one ended: the calls a start had to wait for
 * one after the other (earliest-end-first greedy, optimal for this interval problem).
 */
export function sequentialCalls(calls: ServedCall[], until: number): ServedCall[] {
  const done = [...calls].sort((a, b) => (a.end ?? until) - (b.end ?? until));
  const chain: ServedCall[] = [];
  let lastEnd = Number.NEGATIVE_INFINITY;
  for (const c of done) {
    if (c.start >= lastEnd) {
      chain.push(c);
      lastEnd = c.end ?? until;
    }
  }
  return chain;
}

/** Milliseconds in [from, to] during which at least one of `calls` was being served. */
export function busyTime(calls: ServedCall[], from: number, to: number): number {
  const spans = calls.map((c) => [Math.max(c.start, from), Math.min(c.end ?? to, to)] as const).filter(([a, b]) => b > a);
  spans.sort((x, y) => x[0] - y[0]);
  let total = 0;
  let curStart = Number.NaN;
  let curEnd = Number.NaN;
  for (const [a, b] of spans) {
    if (Number.isNaN(curStart) || a > curEnd) {
      if (!Number.isNaN(curStart)) total += curEnd - curStart;
      curStart = a;
      curEnd = b;
    } else {
      curEnd = Math.max(curEnd, b);
    }
  }
  if (!Number.isNaN(curStart)) total += curEnd - curStart;
  return total;
}
