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
}

export class BotError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly publicMessage: string;
  readonly retryable: boolean;
  readonly retryAfter: number | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, publicMessage: string, options: BotErrorOptions = {}) {
    super(publicMessage, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = options.kind ?? 'user';
    this.publicMessage = publicMessage;
    this.retryable = options.retryable ?? false;
    this.retryAfter = options.retryAfter;
    this.details = options.details ?? {};
  }
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
    super('internal.unexpected', 'Something went wrong on our side.', { kind: 'unexpected', cause, details });
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

/** The text a user sees for an error: the public message plus, for non-user errors, the reference id. */
export function userFacingMessage(err: BotError, referenceId: string): string {
  if (err.kind === 'user') return err.publicMessage;
  if (err.kind === 'unexpected') return `Sorry, something went wrong on our side. Reference: \`${referenceId}\``;
  return `${err.publicMessage} Reference: \`${referenceId}\``;
}
