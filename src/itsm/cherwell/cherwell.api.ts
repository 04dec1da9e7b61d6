/**
 * Typed JSON calls over the shared ITSM HTTP client, plus the one place that turns Cherwell's "HTTP 200 but
 * `hasError`" answers (itsm-apis.md §5.6) into errors or "no such record".
 */
import { ConnectorError } from '../../core/errors.js';
import { jsonOf, type ItsmHttp } from '../itsm.http.js';
import { itsmInvalid } from '../itsm.errors.js';
import type { CwErrorPart, CwRecord } from './cherwell.api-types.js';
import { isNotFound, PATHS, vendorError } from './cherwell.mapping.js';

export const VENDOR = 'cherwell';
export const NAME = 'Cherwell';

export interface CwApi {
  get<T>(path: string, what: string): Promise<T>;
  /** A POST; `idempotent` lets the HTTP client repeat it (searches, setting a field), never for journal writes. */
  post<T>(path: string, body: unknown, what: string, idempotent: boolean): Promise<T>;
  /** One record by public id or RecID; undefined when it does not exist (HTTP 404 or `RECORDNOTFOUND` on 200). */
  record(busObId: string, by: 'publicid' | 'recid', id: string, what: string): Promise<CwRecord | undefined>;
}

/** Throws the `hasError` of a 2xx answer as `itsm.invalid_response`, keeping the vendor's words for the logs. */
export function assertNoError<T extends CwErrorPart>(body: T, what: string): T {
  if (body.hasError) throw itsmInvalid(VENDOR, NAME, what, vendorError(body), 200);
  return body;
}

export function createCwApi(http: ItsmHttp): CwApi {
  return {
    async get<T>(path: string, what: string): Promise<T> {
      return jsonOf<T>(await http.get(path, what), VENDOR, NAME, what);
    },
    async post<T>(path: string, body: unknown, what: string, idempotent: boolean): Promise<T> {
      return jsonOf<T>(await http.call('POST', path, what, { body, idempotent }), VENDOR, NAME, what);
    },
    async record(busObId, by, id, what) {
      const path = by === 'publicid' ? PATHS.byPublicId(busObId, id) : PATHS.byRecId(busObId, id);
      const res = await http.get(path, what, { pass: [404] });
      if (res.status === 404) return undefined;
      const body = jsonOf<CwRecord>(res, VENDOR, NAME, what);
      if (body.hasError) {
        if (isNotFound(body)) return undefined;
        throw itsmInvalid(VENDOR, NAME, what, vendorError(body), res.status);
      }
      return body.busObRecId ? body : undefined;
    },
  };
}

/** Errors worth swallowing for optional details (an e-mail, a CI's TeamViewer ID): the ticket still resolves. */
export function isOptionalDetailFailure(err: unknown): boolean {
  return err instanceof ConnectorError && ['itsm.forbidden', 'itsm.invalid_response', 'itsm.not_found', 'itsm.assets_unavailable'].includes(err.code);
}
