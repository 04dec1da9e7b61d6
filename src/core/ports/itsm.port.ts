import type { JournalEntry, Ticket, TicketNumber, TicketRef, ItsmSystem } from '../domain/ticket.js';

/**
 * What the bot needs from a service desk (itsm-apis.md intro): resolve a ticket, write an internal note, prove
 * reachability. Asset methods arrive with the connectors issue. Connectors translate every vendor failure into a
 * ConnectorError (`itsm.*`) and never leak vendor types.
 */
export interface ItsmConnector {
  readonly kind: ItsmSystem;
  /** Human name of the system for messages ("ServiceNow"). */
  readonly displayName: string;
  /** Normalise and validate a typed number; no I/O. Undefined when it does not fit this system's format. */
  parseTicketNumber(input: string): TicketNumber | undefined;
  /** One-line hint of the expected format, shown when parseTicketNumber fails. */
  readonly ticketFormatHint: string;
  /** Undefined when no such ticket exists. */
  getTicket(number: TicketNumber): Promise<Ticket | undefined>;
  /** Always an internal note (work note / private comment), never customer-visible. */
  addJournalEntry(ticket: TicketRef, entry: JournalEntry): Promise<void>;
  healthCheck(): Promise<{ ok: boolean; detail?: string }>;
}
