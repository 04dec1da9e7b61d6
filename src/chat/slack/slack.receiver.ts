import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../http/body.js';
import { verifySlackRequest, type App, type Receiver } from '@slack/bolt';
import type { Clock } from '../../core/ports/clock.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { newCorrelationId } from '../../observability/request-context.js';

const ACK_DEADLINE_MS = 3001;
const MAX_BODY = 1024 * 1024;
const STALE_MS = 5 * 60 * 1000;

export interface SlackReceiverOptions {
  signingSecret: string;
  clock: Clock;
  logger: Logger;
}

/** Raw body → object, Bolt's three shapes: interactivity (`payload=`), slash command (form), events (JSON). */
function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(raw);
    const payload = form.get('payload');
    if (payload !== null) return JSON.parse(payload) as Record<string, unknown>;
    return Object.fromEntries(form.entries());
  }
  return JSON.parse(raw) as Record<string, unknown>;
}

/**
 * An unsigned request passes only if it is exactly Slack's SSL probe: `ssl_check=1`, optionally with `token`, and
 * nothing else. Bolt ≤ 4.7 let `ssl_check=1&payload=…` skip verification and still dispatch the payload
 * (bolt-js #2897); this guard stands in front of Bolt whatever its version.
 */
export function isBareSslCheck(raw: string, contentType: string): boolean {
  if (!contentType.includes('application/x-www-form-urlencoded')) return false;
  const form = new URLSearchParams(raw);
  if (form.get('ssl_check') !== '1') return false;
  return [...form.keys()].every((k) => k === 'ssl_check' || k === 'token');
}

/**
 * Bolt's Receiver contract on our own HTTP server (the one server on PORT): verify, parse, ack within 3 s,
 * hand the body to `app.processEvent`. Modelled on bolt's HTTPReceiver, with a strict timestamp window in both
 * directions and the ssl_check guard above.
 */
export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly o: SlackReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const log = this.o.logger;
    let raw: string;
    try {
      raw = await readBody(req, MAX_BODY);
    } catch {
      return reply(res, 413, 'request body too large');
    }
    const contentType = String(req.headers['content-type'] ?? '');

    if (isBareSslCheck(raw, contentType)) return reply(res, 200, '');

    const signature = String(req.headers['x-slack-signature'] ?? '');
    const timestamp = Number(req.headers['x-slack-request-timestamp']);
    const now = this.o.clock.now().getTime();
    try {
      if (!signature || !Number.isFinite(timestamp)) throw new Error('missing signature headers');
      if (timestamp * 1000 - now > STALE_MS) throw new Error('timestamp in the future');
      verifySlackRequest({ signingSecret: this.o.signingSecret, body: raw, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp }, nowMilliseconds: now });
    } catch (err) {
      log.warn({ reason: err instanceof Error ? err.message : 'invalid' }, 'rejected a Slack request that failed signature verification');
      return reply(res, 401, '');
    }

    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, contentType);
    } catch {
      return reply(res, 400, 'malformed body');
    }
    if ('ssl_check' in body) return reply(res, 200, '');
    if (body.type === 'url_verification') return json(res, 200, { challenge: body.challenge });

    const retryNum = Number(req.headers['x-slack-retry-num']);
    const retryReason = req.headers['x-slack-retry-reason'];
    let acked = false;
    const timer = setTimeout(() => {
      if (acked) return;
      acked = true;
      log.error({}, 'a Slack request was not acknowledged within 3 seconds');
      reply(res, 404, '');
    }, ACK_DEADLINE_MS);
    const ack = (response?: unknown): Promise<void> => {
      if (acked) return Promise.resolve();
      acked = true;
      clearTimeout(timer);
      if (response === undefined || response === '') reply(res, 200, '');
      else if (typeof response === 'string') reply(res, 200, response);
      else json(res, 200, response);
      return Promise.resolve();
    };

    if (!this.app) return reply(res, 503, 'not ready');
    try {
      await this.app.processEvent({
        body,
        ack,
        ...(Number.isFinite(retryNum) ? { retryNum } : {}),
        ...(typeof retryReason === 'string' ? { retryReason } : {}),
        customProperties: { correlationId: newCorrelationId() },
      });
    } catch (err) {
      log.error({ err }, 'Bolt failed to process a Slack request');
      if (!acked) {
        acked = true;
        clearTimeout(timer);
        reply(res, 500, '');
      }
    }
  }
}

function reply(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

function json(res: ServerResponse, status: number, value: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}
