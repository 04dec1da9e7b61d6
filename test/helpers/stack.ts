import { Writable } from 'node:stream';
import { MiniBrowser } from '../../src/sandbox/browser.js';
import { startStack, type Stack, type StackOptions } from '../../src/sandbox/stack.js';
import type { PostedMessage } from '../../src/simulators/index.js';

export interface TestStack extends Stack {
  /** Every log line the bot wrote, raw JSON text. */
  logs: string[];
  browser: MiniBrowser;
}

export const JOBS_OFF = { JOBS_EXPIRE_CRON: 'off', JOBS_LOGS_CRON: 'off', JOBS_TOKENS_CRON: 'off', JOBS_RECONCILE_CRON: 'off', JOBS_ASSETS_CRON: 'off' };

export async function startTestStack(o: StackOptions = {}): Promise<TestStack> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString('utf8'));
      cb();
    },
  });
  const stack = await startStack({
    logLevel: 'debug',
    outboxPollMs: 50,
    ...o,
    channelPostGapMs: 0,
    // Scheduled jobs stay off unless a test turns one on: a 5-minute tick must not land in the middle of a test.
    env: { OUTBOX_RETRY_DELAYS: 'PT0.1S,PT0.2S', UPSTREAM_TIMEOUT_MS: '1500', ...JOBS_OFF, ...(o.env ?? {}) },
    logDestination: { write: (line: string) => sink.write(line) },
  });
  return Object.assign(stack, { logs, browser: new MiniBrowser() });
}

type Block = Record<string, unknown>;

function elements(blocks: Block[] | undefined): Block[] {
  return (blocks ?? []).flatMap((b) => (Array.isArray(b.elements) ? (b.elements as Block[]) : []));
}

/** The Slack action_id of our action (the renderer suffixes `:<index>`). */
export function actionId(message: { blocks?: Block[] }, ours: string): string {
  const el = elements(message.blocks).find((e) => typeof e.action_id === 'string' && e.action_id.startsWith(`${ours}:`));
  if (!el) throw new Error(`no ${ours} button in message`);
  return el.action_id as string;
}

export function buttonUrl(message: { blocks?: Block[] }, ours: string): string | undefined {
  const el = elements(message.blocks).find((e) => typeof e.action_id === 'string' && e.action_id.startsWith(`${ours}:`));
  return el?.url as string | undefined;
}

export function allText(message: { text: string; blocks?: Block[] }): string {
  return `${message.text}\n${JSON.stringify(message.blocks ?? [])}`;
}

/** The latest DM the bot sent to `userId`. */
export function dmsTo(stack: Stack, userId: string): PostedMessage[] {
  const dm = stack.slack.state.dms.get(userId);
  return dm ? stack.slack.messagesIn(dm) : [];
}

/** Waits for the bot's DM with a one-time link and follows it like a browser; returns the browser steps. */
export async function followLinkDm(stack: TestStack, userId: string, before = 0) {
  const dm = await stack.slack.waitFor(() => dmsTo(stack, userId).filter((m) => buttonUrl(m, 'link.open'))[before]);
  const url = buttonUrl(dm, 'link.open');
  if (!url) throw new Error('no link in DM');
  return { url, steps: await stack.browser.open(url) };
}

/** Links `userId` to TeamViewer user `tvUserId` through the real routes. */
export async function linkAgent(stack: TestStack, userId: string, tvUserId: string): Promise<void> {
  stack.tv.consentAs(tvUserId);
  const before = dmsTo(stack, userId).filter((m) => buttonUrl(m, 'link.open')).length;
  await stack.slack.sendCommand({ userId, channelId: stack.people.channel, text: 'link' });
  const { steps } = await followLinkDm(stack, userId, before);
  const last = steps.at(-1);
  if (last?.status !== 200) throw new Error(`linking failed: ${last?.status} ${last?.body.slice(0, 200)}`);
}

export function cardsIn(stack: Stack, channel: string): PostedMessage[] {
  return stack.slack.messagesIn(channel).filter((m) => m.postedBy === 'bot' && /TeamViewer session/.test(m.text));
}

/** Everything only `userId` was shown (ephemerals, response_url replies, DMs), text plus blocks, oldest first. */
export function privateTexts(stack: Stack, userId: string): string[] {
  return [...stack.slack.ephemeralsFor(userId).map(allText), ...dmsTo(stack, userId).map(allText)];
}

/** Waits until `userId` privately saw a message matching `re`; returns its text. */
export function waitPrivate(stack: Stack, userId: string, re: RegExp, timeoutMs?: number): Promise<string> {
  return stack.slack.waitFor(() => privateTexts(stack, userId).find((t) => re.test(t)), timeoutMs);
}

/** The reference id an operational error shows (`Reference: \`…\``). */
export function referenceIn(text: string): string {
  const ref = /Reference: `([^`]+)`/.exec(text)?.[1];
  if (!ref) throw new Error(`no reference id in: ${text.slice(0, 300)}`);
  return ref;
}

/** A clock that runs with real time and can be moved forward, shared by the bot and the simulators. */
export function manualClock(): { now(): Date; advance(ms: number): void } {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms) {
      offset += ms;
    },
  };
}
