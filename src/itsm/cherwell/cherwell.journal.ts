/**
 * Internal journal notes: `saverelatedbusinessobject` over "Incident Owns Journals" with JournalTypeID =
 * "Journal - Note" (itsm-apis.md §5.4 Variant A). Never blindly retried: each note carries a marker, and after
 * an ambiguous failure the incident's journals are searched for it before anything is written again.
 */
import type { JournalEntry, TicketRef } from '../../core/domain/ticket.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { isAmbiguousWriteFailure, itsmInvalid } from '../itsm.errors.js';
import { assertNoError, NAME, VENDOR, type CwApi } from './cherwell.api.js';
import type { CwRelatedResults, CwSaveResult } from './cherwell.api-types.js';
import type { Discovery, JournalSetup } from './cherwell.discovery.js';
import { fieldIn, JOURNAL_FIELDS, MAX_PAGES, noteMarker, noteText, PAGE_SIZE, PATHS, vendorError } from './cherwell.mapping.js';

/** Remembers the last `limit` keys; enough for the outbox's retry window, bounded for a long-running bot. */
class RecentKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly limit: number) {}
  has(k: string): boolean {
    return this.keys.has(k);
  }
  add(k: string): void {
    this.keys.delete(k);
    this.keys.add(k);
    if (this.keys.size > this.limit) this.keys.delete(this.keys.values().next().value as string);
  }
  delete(k: string): void {
    this.keys.delete(k);
  }
}

export interface CherwellJournal {
  add(ticket: TicketRef, entry: JournalEntry): Promise<void>;
}

export function createJournal(api: CwApi, discovery: Discovery, logger: Logger): CherwellJournal {
  /** Keys whose note is known to be in the journal: a repeat (outbox retry) writes nothing. */
  const written = new RecentKeys(2000);
  /** Keys whose last write failed ambiguously: the next attempt looks for the marker first. */
  const doubtful = new RecentKeys(2000);

  async function hasMarker(parentBusObId: string, parentRecId: string, j: JournalSetup, marker: string): Promise<boolean> {
    const what = 'read journal notes';
    let seen = 0;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const body = assertNoError(await api.get<CwRelatedResults>(PATHS.related(parentBusObId, parentRecId, j.relationshipId, page, PAGE_SIZE), what), what);
      const rows = body.relatedBusinessObjects ?? [];
      if (rows.some((r) => (r.fields ?? []).some((f) => f.name === JOURNAL_FIELDS.details && f.value?.includes(marker)))) return true;
      seen += rows.length;
      if (rows.length === 0 || seen >= (body.totalRecords ?? 0)) return false;
    }
    return false;
  }

  async function parentRecId(ticket: TicketRef, busObId: string): Promise<string> {
    if (ticket.id) return ticket.id;
    const rec = await api.record(busObId, 'publicid', ticket.number, 'read the incident');
    if (!rec?.busObRecId) throw itsmInvalid(VENDOR, NAME, 'write a journal note', `incident ${ticket.number} not found`);
    return rec.busObRecId;
  }

  return {
    async add(ticket, entry) {
      const key = entry.dedupeKey;
      if (written.has(key)) {
        logger.debug({ ticket: ticket.number }, 'journal note already written for this key; not writing it again');
        return;
      }
      const [t, j] = await Promise.all([discovery.ticket(), discovery.journal()]);
      const recId = await parentRecId(ticket, t.busObId);
      const marker = noteMarker(key);
      const landed = (): void => {
        written.add(key);
        doubtful.delete(key);
      };
      if ((doubtful.has(key) || entry.mayExist) && (await hasMarker(t.busObId, recId, j, marker))) {
        landed();
        return;
      }

      const what = 'write a journal note';
      const body = {
        parentBusObId: t.busObId,
        parentBusObRecId: recId,
        relationshipId: j.relationshipId,
        busObId: j.busObId,
        fields: [fieldIn(j.typeFieldId, JOURNAL_FIELDS.type, j.noteTypeId), fieldIn(j.detailsFieldId, JOURNAL_FIELDS.details, noteText(entry.text, marker))],
        persist: true,
      };
      try {
        const res = await api.post<CwSaveResult>(PATHS.saveRelated, body, what, false);
        const invalid = res.fieldValidationErrors ?? [];
        if (res.hasError || invalid.length > 0) {
          const detail = [vendorError(res), ...invalid.map((e) => `${e.fieldId ?? ''} ${e.error ?? ''}`)].join('; ');
          throw itsmInvalid(VENDOR, NAME, what, detail, 200);
        }
        landed();
      } catch (err) {
        if (isAmbiguousWriteFailure(err)) {
          const found = await hasMarker(t.busObId, recId, j, marker).catch(() => false);
          if (found) {
            logger.info({ ticket: ticket.number }, 'journal note landed despite an error; not writing it again');
            landed();
            return;
          }
          doubtful.add(key);
        }
        throw err;
      }
    },
  };
}
