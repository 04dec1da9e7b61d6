/**
 * One benchmark world: the sandbox stack (real bot, real HTTP server, simulators on 127.0.0.1) with the agent
 * linked through the real routes, a ServiceNow ticket per start, and a watch on the Slack channel that notes when
 * each session card appears (the simulator's message list is wrapped, so no polling skews the figures).
 */
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { MiniBrowser } from '../../src/sandbox/browser.js';
import { startStack, type Stack } from '../../src/sandbox/stack.js';
import { SERVICENOW_SEED, type PostedMessage } from '../../src/simulators/index.js';
import { CallLog } from './calls.js';

export const JOBS_OFF = { JOBS_EXPIRE_CRON: 'off', JOBS_LOGS_CRON: 'off', JOBS_TOKENS_CRON: 'off', JOBS_RECONCILE_CRON: 'off', JOBS_ASSETS_CRON: 'off' };

/** One process-wide log: the diagnostics channels are global. */
export const callLog = new CallLog();

const CARD = /^TeamViewer session \S+ for (\S+?):/;

export class CardWatch {
  private readonly first = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private readonly waiters = new Map<string, Array<(at: number) => void>>();

  constructor(messages: PostedMessage[]) {
    const push = messages.push.bind(messages);
    messages.push = (...items: PostedMessage[]) => {
      const at = performance.now();
      for (const m of items) this.seen(m, at);
      return push(...items);
    };
  }

  private seen(m: PostedMessage, at: number): void {
    if (m.postedBy !== 'bot') return;
    const ticket = CARD.exec(m.text)?.[1];
    if (!ticket) return;
    this.counts.set(ticket, (this.counts.get(ticket) ?? 0) + 1);
    if (this.first.has(ticket)) return;
    this.first.set(ticket, at);
    for (const w of this.waiters.get(ticket) ?? []) w(at);
    this.waiters.delete(ticket);
  }

  at(ticket: string): number | undefined {
    return this.first.get(ticket);
  }

  count(ticket: string): number {
    return this.counts.get(ticket) ?? 0;
  }

  /** performance.now() of the card, or undefined after `timeoutMs`. */
  wait(ticket: string, timeoutMs: number): Promise<number | undefined> {
    const known = this.first.get(ticket);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      const list = this.waiters.get(ticket) ?? [];
      list.push((at) => {
        clearTimeout(timer);
        resolve(at);
      });
      this.waiters.set(ticket, list);
    });
  }
}

export interface StartResult {
  ticket: string;
  /** performance.now() just before the simulator delivered the command. */
  sentAt: number;
  status: number;
  ackMs: number;
  responseUrl?: string;
  /** Why there was no 200: `timeout`, the network error, or `HTTP <status>`. */
  error?: string;
}

export interface Checks {
  starts: number;
  cards: number;
  /** Acked, no card, but the agent was told privately why (an error reply on the command's response_url). */
  reported: number;
  /** Not acked with 200 (Slack shows the agent "operation_timeout" / "dispatch_failed"). */
  unacked: number;
  /** Acked, and then neither a card nor a word: the action was lost. */
  lost: number;
  /** Tickets with more than one TeamViewer session. */
  duplicateSessions: number;
  /** Tickets with more than one card. */
  duplicateCards: number;
}

export interface World {
  s: Stack;
  cards: CardWatch;
  primaryUrl: string;
  newTicket(): string;
  send(text: string, botUrl?: string): Promise<{ status: number; ackMs: number; responseUrl?: string; sentAt: number; error?: string }>;
  start(ticket: string, botUrl?: string): Promise<StartResult>;
  addReplica(): Promise<{ botUrl: string; stop(): Promise<void> }>;
  check(results: StartResult[]): Checks;
  /** Waits for the bots' outboxes, then empties the simulators' journals (they grow with every request). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface WorldOptions {
  env?: Record<string, string>;
  dataDir?: string;
}

export async function startWorld(o: WorldOptions = {}): Promise<World> {
  const s = await startStack({ logLevel: 'silent', ...(o.dataDir ? { dataDir: o.dataDir } : {}), env: { ...JOBS_OFF, ...(o.env ?? {}) } });
  const itsm = s.itsm;
  if (!itsm) throw new Error('the bench needs the ServiceNow simulator');
  callLog.name(s.tv.url, 'tv');
  callLog.name(itsm.url, 'itsm');
  callLog.name(s.slack.url, 'slack');
  callLog.name(s.botUrl, 'bot');
  const cards = new CardWatch(s.slack.state.messages);
  const primaryUrl = s.botUrl;
  const replicas: Array<{ stop(): Promise<void> }> = [];
  const { agent, channel } = s.people;
  const { abel, beth } = SERVICENOW_SEED.users;
  let n = 0;

  const send: World['send'] = async (text, botUrl = primaryUrl) => {
    // The simulator reads the bot URL synchronously when it delivers: point it, send, point it back.
    const sentAt = performance.now();
    s.slack.setBotUrl(`${botUrl}/slack/events`);
    const pending = s.slack.sendCommand({ userId: agent, channelId: channel, text });
    s.slack.setBotUrl(`${primaryUrl}/slack/events`);
    const d = await pending;
    const error = d.status === 200 ? undefined : d.timedOut ? 'timeout' : (d.networkError ?? `HTTP ${d.status}`);
    return { status: d.status, ackMs: d.ackMs, sentAt, ...(d.responseUrl ? { responseUrl: d.responseUrl } : {}), ...(error ? { error } : {}) };
  };

  const world: World = {
    s,
    cards,
    primaryUrl,
    newTicket: () => s.servicenow.addTicket({ table: 'incident', short_description: `Bench ticket ${++n}`, state: '2', caller: abel.sysId, assignedTo: beth.sysId }).number ?? '',
    send,
    async start(ticket, botUrl) {
      return { ticket, ...(await send(`start ${ticket}`, botUrl)) };
    },
    async addReplica() {
      const r = await s.startReplica();
      callLog.name(r.botUrl, 'bot');
      const handle = { botUrl: r.botUrl, stop: () => r.bot.stop() };
      replicas.push(handle);
      return handle;
    },
    check(results) {
      const sessionsPerTicket = new Map<string, number>();
      for (const t of s.tv.state.sessions) {
        const ticket = t.description?.split(':')[0] ?? '';
        sessionsPerTicket.set(ticket, (sessionsPerTicket.get(ticket) ?? 0) + 1);
      }
      const replied = new Set(s.slack.state.responseUrlPosts.map((p) => p.url));
      const c: Checks = { starts: results.length, cards: 0, reported: 0, unacked: 0, lost: 0, duplicateSessions: 0, duplicateCards: 0 };
      for (const r of results) {
        if ((sessionsPerTicket.get(r.ticket) ?? 0) > 1) c.duplicateSessions += 1;
        if (cards.count(r.ticket) > 1) c.duplicateCards += 1;
        if (cards.at(r.ticket) !== undefined) c.cards += 1;
        else if (r.status !== 200) c.unacked += 1;
        else if (r.responseUrl && replied.has(r.responseUrl)) c.reported += 1;
        else c.lost += 1;
      }
      return c;
    },
    async settle() {
      await s.bot.drainOutbox();
      for (const list of [s.tv.requests, itsm.requests, s.slack.requests, s.slack.state.ephemerals, s.slack.state.apiCalls, s.slack.state.deliveries, s.slack.state.responseUrlPosts, s.smtp.messages]) {
        list.length = 0;
      }
      s.slack.state.messages.length = 0;
      callLog.clear();
    },
    async stop() {
      await Promise.allSettled(replicas.map((r) => r.stop()));
      await s.stop();
      // The stack made a temporary DATA_DIR when none was given; a caller's own directory is the caller's to remove.
      const dataDir = s.env().DATA_DIR;
      if (!o.dataDir && dataDir) await rm(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }).catch(() => undefined);
    },
  };
  await linkAgent(s);
  return world;
}

/** Links the Slack agent to TeamViewer user u1000001 through the real routes (test/helpers/stack.ts linkAgent). */
async function linkAgent(s: Stack): Promise<void> {
  const { agent, channel } = s.people;
  s.tv.consentAs('u1000001');
  await s.slack.sendCommand({ userId: agent, channelId: channel, text: 'link' });
  const linkUrl = await s.slack.waitFor(() => {
    const dm = s.slack.state.dms.get(agent);
    const found = dm ? s.slack.messagesIn(dm).flatMap((m) => JSON.stringify(m.blocks ?? []).match(/"url":"(http[^"]+)"/)?.[1] ?? []) : [];
    return found[0];
  });
  const steps = await new MiniBrowser().open(linkUrl);
  const last = steps.at(-1);
  if (last?.status !== 200) throw new Error(`linking the agent failed: ${last?.status} ${last?.body.slice(0, 200)}`);
}
