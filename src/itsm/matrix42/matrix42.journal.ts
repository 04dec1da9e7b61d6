/**
 * Internal journal entries (itsm-apis.md §6.4). Two public paths, because the `journal/Add` contract differs
 * between tenants: the rich `journal/Add` form, and the portable object update that appends a
 * `SPSActivityClassUnitOfWork` row. In `auto` mode the first is tried and, when the tenant answers that the
 * contract does not fit (400/404/405/415), the second is used and remembered. Writes are never blindly repeated:
 * every entry carries a marker, looked for before writing (an outbox retry) and after any answer that leaves it
 * open whether the write landed (timeout, 5xx, or 200 + `null`, §6.6).
 */
import type { JournalEntry, TicketRef } from '../../core/domain/ticket.js';
import { ConnectorError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.port.js';
import type { HttpResult } from '../../upstream/http.js';
import type { ItsmHttp } from '../itsm.http.js';
import { isAmbiguousWriteFailure } from '../itsm.errors.js';
import type { M42Object } from './matrix42.api-types.js';
import { NAME, VENDOR } from './matrix42.auth.js';
import { DD, journalHtml, markerOf, markerQuery } from './matrix42.mapping.js';
import type { Matrix42JournalMode } from './matrix42.schema.js';

/** Statuses by which a tenant says "this `journal/Add` contract is not mine" (route absent, shell form, …). */
const CONTRACT_MISMATCH = new Set([400, 404, 405, 415]);
/** Markers known to be written, so an outbox retry in this process costs no request (bounded). */
const REMEMBERED = 500;

export interface JournalWriterDeps {
  http: ItsmHttp;
  logger: Logger;
  mode: Matrix42JournalMode;
  /** The ticket's CI for object-level calls when the ref does not carry it. */
  resolveCi(ticket: TicketRef): Promise<string>;
}

export interface JournalWriter {
  add(ticket: TicketRef, entry: JournalEntry): Promise<void>;
  /** The path in use: the configured one, or in `auto` mode what the tenant turned out to take (undefined: not yet known). */
  path(): 'journal-add' | 'object-update' | undefined;
}

function silentlyRefused(): ConnectorError {
  return new ConnectorError(
    'itsm.forbidden',
    `${NAME} accepted the journal entry but did not store it. An admin needs to check that the API token's user may write tickets and their journal in Matrix42.`,
    { vendor: VENDOR, status: 200, reached: true, details: { what: 'write a journal entry', body: 'null' } },
  );
}

const isNullBody = (res: HttpResult) => res.json === null;

/** MATRIX42_JOURNAL_MODE=journal-add on a tenant whose `journal/Add` refuses the rich form. */
function contractRefused(err: ConnectorError): ConnectorError {
  return new ConnectorError(
    'itsm.invalid_response',
    `${NAME} refused the journal entry at journal/Add (HTTP ${err.status ?? '?'}). If this tenant's journal/Add takes another form, an admin needs to set MATRIX42_JOURNAL_MODE to object-update (or auto).`,
    { vendor: VENDOR, ...(err.status !== undefined ? { status: err.status } : {}), reached: true, cause: err, details: err.details },
  );
}

/**
 * What a contract-mismatch status means for this attempt: try the object update instead (auto mode, path not yet
 * known), explain the setting (journal-add configured), or nothing special (the path already proved to work).
 */
type OnMismatch = 'fall-back' | 'explain' | 'throw';

export function createJournalWriter(d: JournalWriterDeps): JournalWriter {
  let decided: 'journal-add' | 'object-update' | undefined = d.mode === 'auto' ? undefined : d.mode;
  const written = new Set<string>();

  async function markerExists(ticket: TicketRef, marker: string): Promise<boolean> {
    const q = new URLSearchParams(markerQuery(ticket.number, marker));
    const res = await d.http.get(`/data/fragments/${DD.journal}?${q.toString()}`, 'read the ticket journal');
    return Array.isArray(res.json) && res.json.length > 0;
  }

  function remember(marker: string): void {
    if (written.size >= REMEMBERED) written.clear();
    written.add(marker);
  }

  function journalAdd(ticket: TicketRef, html: string): Promise<HttpResult> {
    // The rich form (§6.4 path 1); VisibleInPortal and Publish false keep it internal.
    const body = { ObjectId: ticket.id, Comments: html, VisibleInPortal: false, Publish: false, EntryType: 0 };
    return d.http.call('POST', '/journal/Add', 'write a journal entry', { body });
  }

  async function objectUpdate(ticket: TicketRef, html: string): Promise<HttpResult> {
    const ci = ticket.kind ?? (await d.resolveCi(ticket));
    const path = `/data/objects/${encodeURIComponent(ci)}`;
    const res = await d.http.get(`${path}/${encodeURIComponent(ticket.id)}?full=true`, 'read the ticket');
    const obj = res.json as M42Object | null | undefined;
    if (!obj || typeof obj !== 'object') {
      throw new ConnectorError('itsm.not_found', `${NAME} has no ticket ${ticket.number} any more (or the integration user may not see it).`, { vendor: VENDOR, status: res.status, reached: true });
    }
    const rows = Array.isArray(obj[DD.journal]) ? (obj[DD.journal] as unknown[]) : [];
    // §6.4 path 3: ActivityAction 0 is the plain comment template; VisibleInPortal false keeps it internal.
    const body = { ...obj, [DD.journal]: [...rows, { OriginalSolutionHtml: html, ActivityAction: 0, VisibleInPortal: false }] };
    return d.http.call('PUT', `${path}?full=true`, 'write a journal entry', { body });
  }

  /** 'written', or 'mismatch' when `journal/Add` does not fit this tenant and the other path may be tried. */
  async function attempt(send: () => Promise<HttpResult>, ticket: TicketRef, marker: string, onMismatch: OnMismatch): Promise<'written' | 'mismatch'> {
    try {
      const res = await send();
      if (!isNullBody(res)) return 'written';
      // 200 + null can hide a refused write on some tenants (§6.6): believe only what the journal shows.
      if (await markerExists(ticket, marker)) return 'written';
      throw silentlyRefused();
    } catch (err) {
      if (isAmbiguousWriteFailure(err)) {
        if (await markerExists(ticket, marker).catch(() => false)) {
          d.logger.info({ ticket: ticket.number }, 'journal entry landed despite an error; not writing it again');
          return 'written';
        }
        throw err;
      }
      if (onMismatch !== 'throw' && err instanceof ConnectorError && err.status !== undefined && CONTRACT_MISMATCH.has(err.status)) {
        if (onMismatch === 'fall-back') return 'mismatch';
        throw contractRefused(err);
      }
      throw err;
    }
  }

  return {
    path: () => decided,
    async add(ticket, entry) {
      const marker = markerOf(entry.dedupeKey);
      // Only a possible repeat pays for the lookup; a first attempt cannot have landed before.
      if (written.has(marker) || (entry.mayExist && (await markerExists(ticket, marker)))) {
        remember(marker);
        return;
      }
      const html = journalHtml(entry.text, marker);
      if (decided !== 'object-update') {
        const onMismatch: OnMismatch = decided === undefined ? 'fall-back' : d.mode === 'journal-add' ? 'explain' : 'throw';
        const outcome = await attempt(() => journalAdd(ticket, html), ticket, marker, onMismatch);
        if (outcome === 'written') {
          decided = 'journal-add';
          remember(marker);
          return;
        }
        d.logger.warn({ ticket: ticket.number }, 'Matrix42 journal/Add does not take the rich form here; using the object update from now on');
      }
      await attempt(() => objectUpdate(ticket, html), ticket, marker, 'throw');
      decided = 'object-update';
      remember(marker);
    },
  };
}
