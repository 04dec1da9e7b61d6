import { en } from './i18n/en.js';
import { errorText, type ErrorText } from './i18n/error-text.js';
import { t } from './i18n/index.js';
import type { Locale } from './i18n/locale.js';

/**
 * The one error model of the bot (style.md §3.4). Every failure that reaches a user is a BotError: it carries a
 * dotted code, a kind that decides log level and retry policy, and a public message that is safe to show.
 * The reference id shown to users is the correlation id of the interaction, so support can find the log lines.
 */
export type ErrorKind = 'user' | 'operational' | 'unexpected';

export type ErrorCode =
  | 'command.invalid_args'
  | 'command.unknown'
  | 'auth.link_required'
  | 'auth.link_expired'
  | 'auth.forbidden'
  | 'itsm.not_found'
  | 'itsm.auth_failed'
  | 'itsm.forbidden'
  | 'itsm.rate_limited'
  | 'itsm.unavailable'
  | 'itsm.invalid_response'
  | 'itsm.assets_unavailable'
  | 'teamviewer.license_limit'
  | 'teamviewer.auth_failed'
  | 'teamviewer.forbidden'
  | 'teamviewer.not_found'
  | 'teamviewer.invalid_request'
  | 'teamviewer.rate_limited'
  | 'teamviewer.unavailable'
  | 'chat.failed'
  | 'session.not_found'
  | 'session.expired'
  | 'session.busy'
  | 'mail.failed'
  | 'config.invalid'
  | 'internal.unexpected';

export interface BotErrorOptions {
  kind?: ErrorKind;
  retryable?: boolean;
  /** Seconds the upstream asked us to wait (HTTP Retry-After), when known. */
  retryAfter?: number;
  /** Extra facts for the logs only; never shown to users and never containing secrets. */
  details?: Record<string, unknown>;
  cause?: unknown;
  /** The message as a catalog entry, for errors the core raises itself: shown in the user's language. */
  i18n?: ErrorText;
}

export class BotError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly publicMessage: string;
  readonly retryable: boolean;
  readonly retryAfter: number | undefined;
  readonly details: Record<string, unknown>;
  readonly i18n: ErrorText | undefined;

  constructor(code: ErrorCode, publicMessage: string, options: BotErrorOptions = {}) {
    super(publicMessage, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = options.kind ?? 'user';
    this.publicMessage = publicMessage;
    this.retryable = options.retryable ?? false;
    this.retryAfter = options.retryAfter;
    this.details = options.details ?? {};
    this.i18n = options.i18n;
  }
}

/**
 * `new NotFoundError('itsm.not_found', ...says({ key: 'ticketNotFound', params }))`: the English text becomes the
 * public message (logs, English users) and the key travels along for other languages.
 */
export function says(text: ErrorText, options: BotErrorOptions = {}): [string, BotErrorOptions] {
  return [errorText(en, text), { ...options, i18n: text }];
}

/** The user typed something we can't use. */
export class ValidationError extends BotError {
  constructor(publicMessage: string, options: BotErrorOptions = {}) {
    super('command.invalid_args', publicMessage, { ...options, kind: 'user' });
  }
}

/** The user is not allowed to do this (not the session owner, not the assignee, no linked account). */
export class PermissionError extends BotError {
  constructor(code: Extract<ErrorCode, `auth.${string}`>, publicMessage: string, options: BotErrorOptions = {}) {
    super(code, publicMessage, { ...options, kind: 'user' });
  }
}

export class NotFoundError extends BotError {
  constructor(code: Extract<ErrorCode, 'itsm.not_found' | 'session.not_found' | 'teamviewer.not_found'>, publicMessage: string, options: BotErrorOptions = {}) {
    super(code, publicMessage, { ...options, kind: 'user' });
  }
}

/**
 * A remote system failed. `reached` keeps grammY's split between "the vendor said no" (true, with an HTTP status)
 * and "we could not reach the vendor" (false: timeout, refused connection).
 */
export class ConnectorError extends BotError {
  readonly vendor: string;
  readonly status: number | undefined;
  readonly reached: boolean;

  constructor(
    code: ErrorCode,
    publicMessage: string,
    init: { vendor: string; status?: number; reached: boolean } & BotErrorOptions,
  ) {
    super(code, publicMessage, { kind: 'operational', ...init });
    this.vendor = init.vendor;
    this.status = init.status;
    this.reached = init.reached;
  }
}

export class ConfigError extends BotError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super('config.invalid', formatConfigProblems(problems), { kind: 'user' });
    this.problems = problems;
  }
}

export class UnexpectedError extends BotError {
  constructor(cause: unknown, details: Record<string, unknown> = {}) {
    super('internal.unexpected', ...says({ key: 'unexpected' }, { kind: 'unexpected', cause, details }));
  }
}

function formatConfigProblems(problems: string[]): string {
  return [
    `teamviewer-chatops cannot start: ${problems.length} setting${problems.length === 1 ? ' is' : 's are'} wrong.`,
    ...problems.map((p) => `  - ${p}`),
    'Settings come from the environment or a .env file in the working directory (see README, "Settings").',
  ].join('\n');
}

/** Wraps anything thrown into a BotError at a boundary (bolt's asCodedError). */
export function toBotError(err: unknown): BotError {
  if (err instanceof BotError) return err;
  return new UnexpectedError(err);
}

/**
 * An error's message in `locale`: its catalog entry when the core raised it, else a text by code. Connector
 * messages (English, naming vendor fields and fixes) keep their wording behind a translated lead sentence.
 */
export function errorMessage(err: BotError, locale: Locale = 'en'): string {
  const c = t(locale);
  if (err.i18n) return errorText(c, err.i18n);
  return c.codes[err.code]({ message: err.publicMessage, ...(err.retryAfter !== undefined ? { retryAfter: err.retryAfter } : {}) });
}

/** The text a user sees for an error: the message in their language plus, for non-user errors, the reference id. */
export function userFacingMessage(err: BotError, referenceId: string, locale: Locale = 'en'): string {
  const c = t(locale);
  if (err.kind === 'user') return errorMessage(err, locale);
  if (err.kind === 'unexpected') return `${c.sorry} ${c.reference(referenceId)}`;
  return `${errorMessage(err, locale)} ${c.reference(referenceId)}`;
}
