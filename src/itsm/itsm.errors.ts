import { ConnectorError } from '../core/errors.js';
import type { UnreachableError } from '../upstream/http.js';
import { retryAfterSeconds, type HttpResult } from '../upstream/http.js';

/** What an admin should do about a refusal, in this vendor's words (shown to users, so no secrets). */
export interface ErrorHints {
  /** After "<System> rejected the bot's credentials." e.g. "An admin needs to check SERVICENOW_USERNAME and SERVICENOW_PASSWORD." */
  auth?: string;
  /** After "<System> does not allow the integration user to <what>." e.g. "An admin needs to grant it the itil role." */
  forbidden?: string;
}

/** Status → our ITSM error codes (itsm-apis.md §9), with the vendor's own words kept for the logs. */
export function itsmError(vendor: string, displayName: string, res: HttpResult, what: string, hints: ErrorHints = {}): ConnectorError {
  const base = { vendor, status: res.status, reached: true, details: { what, body: res.text.slice(0, 300) } };
  if (res.status === 401) {
    return new ConnectorError('itsm.auth_failed', `${displayName} rejected the bot's credentials. ${hints.auth ?? "An admin needs to check the integration user's credentials."}`, base);
  }
  if (res.status === 403) {
    return new ConnectorError('itsm.forbidden', `${displayName} does not allow the integration user to ${what}. ${hints.forbidden ?? 'An admin needs to grant it that permission.'}`, base);
  }
  if (res.status === 429) {
    const after = retryAfterSeconds(res.headers);
    return new ConnectorError('itsm.rate_limited', `${displayName} is rate-limiting the bot. Try again${after ? ` in ${after} second${after === 1 ? '' : 's'}` : ' in a minute'}.`, { ...base, retryable: true, ...(after !== undefined ? { retryAfter: after } : {}) });
  }
  if (res.status >= 500) return new ConnectorError('itsm.unavailable', `${displayName} is not answering properly right now. Try again in a minute.`, { ...base, retryable: true });
  return new ConnectorError('itsm.invalid_response', `${displayName} refused to ${what} (HTTP ${res.status}).`, base);
}

export function itsmUnreachable(vendor: string, displayName: string, err: UnreachableError, what: string): ConnectorError {
  return new ConnectorError('itsm.unavailable', `${displayName} did not answer in time when trying to ${what}. Try again in a minute.`, { vendor, reached: false, retryable: true, cause: err, details: { what, reason: err.reason } });
}

/** A 2xx answer that is not what the API promises (Cherwell `hasError`, Matrix42 `null`, a non-JSON body). */
export function itsmInvalid(vendor: string, displayName: string, what: string, detail: string, status?: number): ConnectorError {
  return new ConnectorError('itsm.invalid_response', `${displayName} gave an answer the bot could not use when trying to ${what}.`, { vendor, reached: true, ...(status !== undefined ? { status } : {}), details: { what, detail: detail.slice(0, 300) } });
}

/** The tenant has no asset store or TeamViewer ID field the bot can use; `fix` says what an admin must set up. */
export function assetsUnavailable(vendor: string, displayName: string, fix: string): ConnectorError {
  return new ConnectorError('itsm.assets_unavailable', `${displayName} has no place for TeamViewer IDs the bot can use. ${fix}`, { vendor, reached: true });
}

export function retryableItsm(err: unknown): { retry: boolean; afterSeconds?: number } {
  if (err instanceof ConnectorError && err.retryable) return { retry: true, ...(err.retryAfter !== undefined ? { afterSeconds: err.retryAfter } : {}) };
  return { retry: false };
}

/** True for failures where a write may have landed although we saw an error (timeout, 5xx). */
export function isAmbiguousWriteFailure(err: unknown): boolean {
  return err instanceof ConnectorError && err.code === 'itsm.unavailable';
}
