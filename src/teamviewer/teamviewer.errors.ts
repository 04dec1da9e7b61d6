import { ConnectorError } from '../core/errors.js';
import type { UnreachableError} from '../upstream/http.js';
import { retryAfterSeconds, type HttpResult } from '../upstream/http.js';
import type { TvError } from './teamviewer.api-types.js';

const vendor = 'teamviewer';

/** Error bodies are JSON `{error, error_description}` or plain text (teamviewer-api.md §9): read both. */
function describe(res: HttpResult): { error: string; description: string } {
  const body = (res.json ?? {}) as TvError;
  return { error: body.error ?? '', description: body.error_description ?? res.text.slice(0, 200) };
}

/** Maps a non-2xx TeamViewer answer to our error model (teamviewer-api.md §9 table). */
export function teamviewerError(res: HttpResult, what: string): ConnectorError {
  const { error, description } = describe(res);
  const base = { vendor, status: res.status, reached: true, details: { what, error, description } };
  if (/license limitation/i.test(description) || /license limitation/i.test(res.text)) {
    return new ConnectorError('teamviewer.license_limit', 'Your TeamViewer licence allows no more concurrent sessions. Close a session you no longer need (`status` lists yours) and try again.', { ...base, kind: 'user' });
  }
  if (res.status === 401 || error === 'invalid_token') {
    return new ConnectorError('teamviewer.auth_failed', 'TeamViewer did not accept your sign-in.', base);
  }
  if (res.status === 403) {
    return new ConnectorError('teamviewer.forbidden', `TeamViewer refused to ${what}: the TeamViewer app lacks a permission (Session management: create, view and edit own sessions). Ask your TeamViewer admin to check the app's permissions.`, { ...base, kind: 'user' });
  }
  if (res.status === 404) return new ConnectorError('teamviewer.not_found', `TeamViewer does not know this ${what.replace(/^\w+ /, '')}.`, { ...base, kind: 'user' });
  if (res.status === 429) {
    const after = retryAfterSeconds(res.headers);
    return new ConnectorError('teamviewer.rate_limited', `TeamViewer is limiting how fast we may call it. Try again${after ? ` in ${after} second${after === 1 ? '' : 's'}` : ' in a minute'}.`, { ...base, retryable: true, ...(after !== undefined ? { retryAfter: after } : {}) });
  }
  if (res.status >= 500) return new ConnectorError('teamviewer.unavailable', 'TeamViewer is not answering properly right now. Try again in a minute.', { ...base, retryable: true });
  // Operational, not the agent's typo: the bot built the request, so support needs the reference to follow it up.
  const reason = (description || error || `HTTP ${res.status}`).replace(/[.\s]+$/, '');
  return new ConnectorError('teamviewer.invalid_request', `TeamViewer rejected the request to ${what}: ${reason}.`, base);
}

export function teamviewerUnreachable(err: UnreachableError, what: string): ConnectorError {
  return new ConnectorError('teamviewer.unavailable', `TeamViewer did not answer in time when trying to ${what}. Try again in a minute.`, {
    vendor,
    reached: false,
    retryable: true,
    cause: err,
    details: { what, reason: err.reason },
  });
}

/** Retry decision for idempotent calls: 429 (with Retry-After), 5xx and unreachable. */
export function retryableTv(err: unknown): { retry: boolean; afterSeconds?: number } {
  if (err instanceof ConnectorError && err.vendor === vendor && err.retryable) {
    return { retry: true, ...(err.retryAfter !== undefined ? { afterSeconds: err.retryAfter } : {}) };
  }
  return { retry: false };
}

/** For calls that create something: only a 429 proves nothing happened, so only a 429 is retried. */
export function retryableTvCreate(err: unknown): { retry: boolean; afterSeconds?: number } {
  if (err instanceof ConnectorError && err.code === 'teamviewer.rate_limited') return retryableTv(err);
  return { retry: false };
}
