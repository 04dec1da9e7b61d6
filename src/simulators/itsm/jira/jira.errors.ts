/**
 * The error bodies a Jira Cloud site answers with (itsm-apis.md §4.3): the platform and Assets APIs use
 * `{errorMessages:[…], errors:{field: msg}}`; the JSM API uses `{errorMessage, i18nErrorMessage}` (assumption: seen
 * in JSM answers, not in our docs, §4.3 documents only the platform shape).
 */
import type { SimResponse } from '../../shared/sim-server.js';

export function jiraError(status: number, errorMessages: string[], errors: Record<string, string> = {}): SimResponse {
  return { status, json: { errorMessages, errors } };
}

export function jsmError(status: number, message: string, i18nKey: string): SimResponse {
  return { status, json: { errorMessage: message, i18nErrorMessage: { i18nKey, parameters: [] } } };
}

/**
 * Wrong or revoked Basic credentials. Jira Cloud answers in plain text and marks the failed login in
 * `X-Seraph-LoginReason` (assumption from observed sites; the docs only say 401).
 */
export function notAuthenticated(): SimResponse {
  return {
    status: 401,
    headers: { 'www-authenticate': 'OAuth realm="https%3A%2F%2Fsite.atlassian.net"', 'x-seraph-loginreason': 'AUTHENTICATED_FAILED' },
    text: 'Client must be authenticated to access this resource.',
  };
}

/** Same answer for a missing issue and one the caller may not browse (§4.3, H). */
export function issueNotFound(): SimResponse {
  return jiraError(404, ['Issue does not exist or you do not have permission to see it.']);
}

export function notARequest(key: string): SimResponse {
  return jsmError(404, `The request '${key}' does not exist or you do not have permission to see it.`, 'sd.request.not.found');
}

export function notFoundPath(): SimResponse {
  return jiraError(404, ['No resource found for this path.']);
}

export function methodNotAllowed(): SimResponse {
  return { status: 405, text: 'Method Not Allowed' };
}
