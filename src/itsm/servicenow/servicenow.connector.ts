import type { Dispatcher } from 'undici';
import type { JournalEntry, TicketNumber, TicketRef } from '../../core/domain/ticket.js';
import { ConnectorError, ValidationError } from '../../core/errors.js';
import type { ItsmConnector } from '../../core/ports/itsm.port.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { httpCall, INTERACTIVE_RETRY, UnreachableError, withRetry, type HttpResult } from '../../upstream/http.js';
import { itsmError, itsmUnreachable, retryableItsm } from '../itsm.errors.js';
import type { SnResult, SnRow } from './servicenow.api-types.js';
import { SN_HINT, SN_NUMBER, tableForNumber, ticketFields, toTicket } from './servicenow.mapping.js';
import type { ServiceNowConfig } from './servicenow.schema.js';

const VENDOR = 'servicenow';
const NAME = 'ServiceNow';

/**
 * `^` separates encoded-query terms, so a value containing it could add conditions (n8n's ServiceNow test rejects
 * it before any request; itsm-apis.md §3.3). Line breaks are refused for the same reason.
 */
export function assertQueryValue(v: string): string {
  if (/[\^\r\n]/.test(v)) throw new ValidationError('That value contains characters ServiceNow queries cannot take (^ or a line break).');
  return v;
}

export function createServiceNowConnector(cfg: ServiceNowConfig, deps: { dispatcher: Dispatcher; timeoutMs: number; logger: Logger }): ItsmConnector {
  const auth = `Basic ${Buffer.from(`${cfg.username}:${cfg.password}`).toString('base64')}`;

  async function call(method: 'GET' | 'PATCH', path: string, what: string, body?: unknown): Promise<HttpResult> {
    let res: HttpResult;
    try {
      res = await httpCall(deps.dispatcher, { method, url: `${cfg.url}${path}`, headers: { authorization: auth }, timeoutMs: deps.timeoutMs, ...(body !== undefined ? { body } : {}) });
    } catch (err) {
      if (err instanceof UnreachableError) throw itsmUnreachable(VENDOR, NAME, err, what);
      throw err;
    }
    if (res.status >= 200 && res.status < 300) return res;
    throw itsmError(VENDOR, NAME, res, what);
  }

  const get = (path: string, what: string) => withRetry(() => call('GET', path, what), INTERACTIVE_RETRY, retryableItsm);

  async function rows(table: string, params: Record<string, string>, what: string): Promise<SnRow[]> {
    const q = new URLSearchParams({ sysparm_display_value: 'all', sysparm_exclude_reference_link: 'true', ...params });
    const res = await get(`/api/now/table/${table}?${q.toString()}`, what);
    const body = res.json as SnResult<SnRow[]> | undefined;
    if (!body || !Array.isArray(body.result)) {
      throw new ConnectorError('itsm.invalid_response', `${NAME} answered with something that is not a Table API result.`, { vendor: VENDOR, status: res.status, reached: true });
    }
    return body.result;
  }

  /** True when a note carrying `marker` is already in the ticket's work notes (an ambiguous failure that did land). */
  async function noteExists(sysId: string, marker: string): Promise<boolean> {
    const found = await rows('sys_journal_field', { sysparm_query: `element_id=${assertQueryValue(sysId)}^element=work_notes^valueLIKE${marker}`, sysparm_fields: 'sys_id', sysparm_limit: '1' }, 'read work notes');
    return found.length > 0;
  }

  return {
    kind: 'servicenow',
    displayName: NAME,
    ticketFormatHint: SN_HINT,
    parseTicketNumber(input) {
      const v = input.trim().replace(/^#/, '').toUpperCase();
      return SN_NUMBER.test(v) ? (v as TicketNumber) : undefined;
    },

    async getTicket(number) {
      assertQueryValue(number);
      let table = tableForNumber(number);
      if (!table) {
        const [task] = await rows('task', { sysparm_query: `number=${number}`, sysparm_fields: 'sys_id,sys_class_name,number', sysparm_limit: '1' }, 'look up the ticket');
        if (!task) return undefined;
        const cls = task.sys_class_name;
        table = typeof cls === 'string' ? cls : cls?.value;
        if (!table) return undefined;
      }
      const [row] = await rows(table, { sysparm_query: `number=${number}`, sysparm_fields: ticketFields(table), sysparm_limit: '1' }, 'read the ticket');
      return row ? toTicket(row, table, cfg.url, number) : undefined;
    },

    /**
     * Work notes (never `comments`, which the customer sees). Not blindly retried: after a timeout or 5xx the
     * journal is searched for this note's marker first, so a note that did land is not written twice.
     */
    async addJournalEntry(ticket: TicketRef, entry: JournalEntry) {
      const table = ticket.kind ?? tableForNumber(ticket.number) ?? 'task';
      const marker = `tvc:${entry.dedupeKey.replace(/[^A-Za-z0-9]/g, '').slice(0, 12)}`;
      const text = `${entry.text}\n(${marker})`;
      try {
        await call('PATCH', `/api/now/table/${table}/${encodeURIComponent(ticket.id)}`, 'write a work note', { work_notes: text });
      } catch (err) {
        const ambiguous = err instanceof ConnectorError && err.code === 'itsm.unavailable';
        if (ambiguous && (await noteExists(ticket.id, marker).catch(() => false))) {
          deps.logger.info({ ticket: ticket.number }, 'work note landed despite an error; not writing it again');
          return;
        }
        throw err;
      }
    },

    async healthCheck() {
      try {
        await rows('task', { sysparm_limit: '1', sysparm_fields: 'sys_id' }, 'read tasks');
        return { ok: true };
      } catch (err) {
        return { ok: false, detail: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
