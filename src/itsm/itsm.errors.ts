import { ConnectorError } from '../core/errors.js';
import type { UnreachableError} from '../upstream/http.js';
import { retryAfterSeconds, type HttpResult } from '../upstream/http.js';

/** Status → our ITSM error codes (itsm-apis.md §9), with the vendor's own words kept for the logs. */
export function itsmError(vendor: string, displayName: string, res: HttpResult, what: string): ConnectorError {
  const base = { vendor, status: res.status, reached: true, details: { what, body: res.text.slice(0, 300) } };
  if (res.status === 401) {
    return new ConnectorError('itsm.auth_failed', `${displayName} rejected the bot's credentials. An admin needs to check the integration user's username and password.`, base);
  }
  if (res.status === 403) {
    return new ConnectorError('itsm.forbidden', `${displayName} does not allow the integration user to ${what}. An admin needs to grant it (e.g. the itil role).`, base);
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

export function retryableItsm(err: unknown): { retry: boolean; afterSeconds?: number } {
  if (err instanceof ConnectorError && err.retryable) return { retry: true, ...(err.retryAfter !== undefined ? { afterSeconds: err.retryAfter } : {}) };
  return { retry: false };
}
