/**
 * ServiceNow's error envelope `{"error":{"message","detail"},"status":"failure"}` (itsm-apis.md §3.3, from
 * `rbw/pysnow` `pysnow/response.py`) and the concrete errors the simulator answers with.
 */
import type { SimResponse } from '../../shared/sim-server.js';

export interface SnErrorBody {
  error: { message: string; detail: string | null };
  status: 'failure';
}

export function snErrorBody(message: string, detail: string | null): SnErrorBody {
  return { error: { message, detail }, status: 'failure' };
}

export function snError(status: number, message: string, detail: string | null, headers?: Record<string, string>): SimResponse {
  return { status, json: snErrorBody(message, detail), ...(headers ? { headers } : {}) };
}

export function notAuthenticated(): SimResponse {
  return snError(401, 'User Not Authenticated', 'Required to provide Auth information', {
    'www-authenticate': 'Basic realm="Service-now"',
  });
}

export function invalidTable(table: string): SimResponse {
  return snError(400, `Invalid table ${table}`, null);
}

/** Same answer for a missing row and a row hidden by a row-level read ACL: the instance doesn't tell them apart. */
export function noRecord(): SimResponse {
  return snError(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");
}

export type AclOperation = 'read' | 'insert' | 'update' | 'delete';

/**
 * Table-level ACL denial. The update wording is the one seen from instances; the read, insert and delete details
 * follow the same "<Op> Failed due to security constraints" pattern (assumption, itsm-apis.md §10).
 */
export function aclDenied(op: AclOperation): SimResponse {
  const verb = { read: 'Read', insert: 'Insert', update: 'Update', delete: 'Delete' }[op];
  return snError(403, 'Operation Failed', `ACL Exception ${verb} Failed due to security constraints`);
}

export function invalidPayload(): SimResponse {
  return snError(400, 'Exception while reading request', 'The payload is not valid JSON.');
}

export function unknownResource(): SimResponse {
  return snError(400, 'Requested URI does not represent any resource', null);
}

export function methodNotSupported(): SimResponse {
  return snError(405, 'Method not Supported', 'Requested method is not supported for this resource');
}

export function missingParameter(name: string): SimResponse {
  return snError(400, 'Invalid parameter', `Missing parameter: ${name}`);
}

/** Body of an over-the-limit answer; the headers travel with the fault (see `rateLimit`). */
export function tooManyRequestsBody(userName: string, limitPerHour: number): SnErrorBody {
  return snErrorBody(
    'Too Many Requests',
    `User ${userName} has exceeded the rate limit of ${limitPerHour} requests per hour. Retry after the time given in Retry-After.`,
  );
}
