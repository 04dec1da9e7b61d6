/**
 * Step 1, ack latency: `/teamviewer start <ticket>` delivered signed by the Slack simulator to the bot's real
 * `POST /slack/events`, open loop at each rate, against a bare Bolt app (HTTPReceiver, a `/teamviewer` handler
 * that only acks) fed the same way by the same simulator in the same run.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import bolt from '@slack/bolt';
import { SANDBOX_SECRETS } from '../../src/sandbox/stack.js';
import { dist, openLoop, progress, ProcessMeter, ratio, type Dist, type Meter } from './util.js';
import type { World } from './world.js';

export interface AckRow extends Meter {
  rate: number;
  bot: Dist;
  bare: Dist;
  /** bot p99 / bare p99. */
  p99Ratio: number;
  botNon200: number;
  /** Starts acked at this rate that never got a card. */
  botLost: number;
  /** How late the open-loop schedule fired, worst case (the load generator shares the event loop). */
  maxLagMs: number;
}

export interface BareBolt {
  url: string;
  stop(): Promise<void>;
}

/** The reference: Bolt's own HTTPReceiver and nothing else, on 127.0.0.1, talking to the same Slack simulator. */
export async function startBareBolt(slackApiUrl: string): Promise<BareBolt> {
  const receiver = new bolt.HTTPReceiver({ signingSecret: SANDBOX_SECRETS.signingSecret, endpoints: '/slack/events' });
  const app = new bolt.App({ token: SANDBOX_SECRETS.botToken, receiver, logLevel: bolt.LogLevel.ERROR, clientOptions: { slackApiUrl } });
  app.command('/teamviewer', async ({ ack }) => {
    await ack();
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, stop: () => app.stop() as Promise<void> };
}

export async function measureAck(w: World, bare: BareBolt, plan: Array<{ rate: number; seconds: number }>): Promise<AckRow[]> {
  // Warm both sides (connections, Bolt's auth.test, JIT) before anything is measured.
  for (let i = 0; i < 10; i++) {
    await w.start(w.newTicket());
    await w.send('start INC0000000', bare.url);
  }
  await w.settle();
  const rows: AckRow[] = [];
  for (const { rate, seconds } of plan) {
    const count = Math.max(1, Math.round(rate * seconds));
    const tickets = Array.from({ length: count }, () => w.newTicket());
    progress(`ack: ${count} starts at ${rate}/s to the bot`);
    const meter = new ProcessMeter();
    meter.start();
    const botRun = await openLoop(rate, count, (i) => w.start(tickets[i] ?? ''));
    const botMeter = meter.stop();
    const cardWaits = await Promise.all(botRun.results.map((r) => w.cards.wait(r.ticket, 20_000)));
    const botLost = cardWaits.filter((c) => c === undefined).length;
    await w.settle();
    progress(`ack: ${count} commands at ${rate}/s to bare Bolt`);
    const bareRun = await openLoop(rate, count, () => w.send('start INC0000000', bare.url));
    await w.settle();
    const botAck = botRun.results.map((r) => r.ackMs);
    const bareAck = bareRun.results.map((r) => r.ackMs);
    const b = dist(botAck);
    const r = dist(bareAck);
    rows.push({
      rate,
      bot: b,
      bare: r,
      p99Ratio: ratio(b.p99, r.p99),
      botNon200: botRun.results.filter((x) => x.status !== 200).length,
      botLost,
      maxLagMs: Math.max(botRun.maxLagMs, bareRun.maxLagMs),
      ...botMeter,
    });
  }
  return rows;
}
