import type { Dispatcher } from 'undici';
import type { Config } from '../config/load.js';
import { BotError } from '../core/errors.js';
import type { Logger } from '../core/ports/logger.port.js';
import { UnreachableError } from '../upstream/http.js';

/** The parts doctor checks, in the order it prints them. */
export const PARTS = ['Store', 'Slack', 'Teams', 'TeamViewer', 'ITSM', 'SMTP', 'Public URL'] as const;
export type Part = (typeof PARTS)[number];

/**
 * `ok` was proven; `fail` will stop something working (exit 1); `warn` works but is risky (shown, exit 0);
 * `info` is a fact the admin should compare by eye, or something doctor cannot prove from here.
 */
export type CheckStatus = 'ok' | 'info' | 'warn' | 'fail';

export interface CheckLine {
  part: Part;
  status: CheckStatus;
  /** What was verified, or what failed. */
  message: string;
  /** What to change, for `fail` and `warn`. */
  fix?: string;
}

export interface CheckContext {
  config: Config;
  dispatcher: Dispatcher;
  /** UPSTREAM_TIMEOUT_MS: the limit for each probe. */
  timeoutMs: number;
  logger: Logger;
  /** `--ticket <number>`: also look this ticket up in the ITSM. */
  ticket?: string;
}

export interface DoctorCheck {
  part: Part;
  /** False when the part is not configured at all (Slack off, no SMTP_URL …); then it prints nothing. */
  applies(config: Config): boolean;
  run(ctx: CheckContext): Promise<CheckLine[]>;
}

export const ok = (part: Part, message: string): CheckLine => ({ part, status: 'ok', message });
export const info = (part: Part, message: string): CheckLine => ({ part, status: 'info', message });
export const warn = (part: Part, message: string, fix: string): CheckLine => ({ part, status: 'warn', message, fix });
export const fail = (part: Part, message: string, fix: string): CheckLine => ({ part, status: 'fail', message, fix });

export class DeadlineError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${seconds(ms)}`);
    this.name = 'DeadlineError';
  }
}

export const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

/** Resolves like `p`, or rejects with DeadlineError after `ms`; the timer never keeps the process alive. */
export function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(ms)), ms);
    timer.unref();
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/**
 * One probe of a part: its lines, or one ✗ line when it throws or runs past `limitMs`, so a hanging vendor never
 * holds up the other checks. `what` names the probe in that line ("auth.test", "the token endpoint").
 */
export async function probe(part: Part, what: string, limitMs: number, fix: string, fn: () => Promise<CheckLine | CheckLine[]>): Promise<CheckLine[]> {
  try {
    const r = await withDeadline(fn(), limitMs);
    return Array.isArray(r) ? r : [r];
  } catch (err) {
    return [fail(part, `${what}: ${reasonOf(err)}`, fix)];
  }
}

/** A short reason for a thrown error: the public message of ours, the network reason of an unreachable host. */
export function reasonOf(err: unknown): string {
  if (err instanceof DeadlineError) return err.message;
  if (err instanceof UnreachableError) {
    const cause = err.cause as { code?: string; cause?: { code?: string } } | undefined;
    const code = cause?.code ?? cause?.cause?.code;
    return err.reason === 'timeout' ? 'timed out' : `not reachable (${code && code !== 'UND_ERR_SOCKET' ? code : 'network error'})`;
  }
  if (err instanceof BotError) return err.publicMessage;
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The host part of a URL, for messages (never the path or query, which may carry secrets). */
export function originOf(url: string): string {
  return URL.canParse(url) ? new URL(url).origin : url;
}

/** True for names that only this machine reaches: a PUBLIC_URL on them works for a browser on the same host only. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\./.test(h);
}
