/**
 * Work notes (itsm-apis.md §3.2 "Work note (internal)"): never `comments`, which the customer sees. Never blindly
 * retried; every note carries a marker so a note whose answer was lost is found instead of written twice.
 */
import type { JournalEntry, TicketRef } from '../../core/domain/ticket.js';
import { BotError, ConnectorError, NotFoundError } from '../../core/errors.js';
import type { Logger } from '../../core/ports/logger.port.js';
import { isAmbiguousWriteFailure } from '../itsm.errors.js';
import type { SnRow } from './servicenow.api-types.js';
import { JOURNAL_TABLE, TASK_TABLE, isIdentifier, journalMarker, markerQuery, tableForNumber } from './servicenow.mapping.js';
import { NAME, VENDOR, type SnTable } from './servicenow.table.js';

/** How many note outcomes are remembered per process (enough for every note of a busy day's retries). */
const REMEMBERED = 2000;

type Outcome = 'written' | 'uncertain';

/**
 * `addJournalEntry` for ServiceNow: one PATCH of `work_notes` on the ticket's class table, confirmed against the
 * answer (or the journal), and recovered after ambiguous failures by searching for the note's marker.
 */
export function createJournal(table: SnTable, logger: Logger): (ticket: TicketRef, entry: JournalEntry) => Promise<void> {
  // Marker → what we know about that note. 'uncertain': a write failed ambiguously and the journal did not show it,
  // so the next attempt looks again before writing. Lost on restart (the outbox then writes again; see README).
  const outcomes = new Map<string, Outcome>();
  const remember = (marker: string, o: Outcome): void => {
    outcomes.delete(marker);
    outcomes.set(marker, o);
    if (outcomes.size > REMEMBERED) outcomes.delete(outcomes.keys().next().value as string);
  };

  async function noteExists(sysId: string, marker: string): Promise<boolean> {
    const found = await table.rows(JOURNAL_TABLE, { sysparm_query: markerQuery(sysId, marker), sysparm_fields: 'sys_id', sysparm_limit: '1' }, 'read work notes');
    return found.length > 0;
  }

  /**
   * A field-level write ACL on work_notes drops the note and still answers 200 (itsm-apis.md §3.3 "Work-note ACL").
   * The PATCH asks for `work_notes` as display value, which (assumption, not in our docs) is the journal history;
   * when the marker is not in it, the journal itself is asked before the note is called dropped.
   */
  async function confirmLanded(ticket: TicketRef, tableName: string, workNotes: string | undefined, marker: string): Promise<void> {
    if (workNotes?.includes(marker)) return;
    const found = await noteExists(ticket.id, marker).catch((err: unknown) => {
      logger.warn({ ticket: ticket.number, err }, 'could not confirm the work note landed; assuming it did');
      return true;
    });
    if (found) return;
    throw new ConnectorError(
      'itsm.forbidden',
      `${NAME} accepted the work note on ${ticket.number} but did not store it, which is what a field-level write ACL on work_notes does. An admin needs to let the integration user write ${tableName}.work_notes.`,
      { vendor: VENDOR, status: 200, reached: true, details: { table: tableName } },
    );
  }

  return async function addJournalEntry(ticket, entry) {
    const tableName = ticket.kind && isIdentifier(ticket.kind) ? ticket.kind : (tableForNumber(ticket.number) ?? TASK_TABLE);
    const marker = journalMarker(entry.dedupeKey);
    const known = outcomes.get(marker);
    if (known === 'written') {
      logger.info({ ticket: ticket.number }, 'work note already written; not writing it again');
      return;
    }
    if (known === 'uncertain' || (known === undefined && entry.mayExist)) {
      const found = await noteExists(ticket.id, marker).catch((err: unknown) => {
        // Unreachable: try again later. Not allowed to read the journal: it will never tell, so write (and log it).
        if (err instanceof BotError && err.retryable) throw err;
        logger.warn({ ticket: ticket.number, err }, 'cannot read work notes to rule out a duplicate; writing the note again');
        return false;
      });
      if (found) {
        remember(marker, 'written');
        logger.info({ ticket: ticket.number }, 'work note landed on an earlier attempt; not writing it again');
        return;
      }
    }
    let record: SnRow | undefined;
    try {
      record = await table.patch(tableName, ticket.id, { work_notes: `${entry.text}\n(${marker})` }, { sysparm_display_value: 'true', sysparm_fields: 'sys_id,work_notes' }, 'write a work note');
    } catch (err) {
      if (!isAmbiguousWriteFailure(err)) throw err;
      if (await noteExists(ticket.id, marker).catch(() => false)) {
        remember(marker, 'written');
        logger.info({ ticket: ticket.number }, 'work note landed despite an error; not writing it again');
        return;
      }
      remember(marker, 'uncertain');
      throw err;
    }
    if (!record) throw new NotFoundError('itsm.not_found', `${ticket.number} no longer exists in ${NAME}, so the work note could not be written.`);
    const notes = record.work_notes;
    await confirmLanded(ticket, tableName, typeof notes === 'string' ? notes : notes?.display_value, marker);
    remember(marker, 'written');
  };
}
