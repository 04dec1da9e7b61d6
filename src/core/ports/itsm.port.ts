import type { Asset, AssetRef, JournalEntry, Ticket, TicketNumber, TicketRef, ItsmSystem } from '../domain/ticket.js';

/** Result of a connector's self-check: one line per thing it proved or could not prove. */
export interface HealthReport {
  ok: boolean;
  /** First failing check's message, or a short "all good" line. */
  detail?: string;
  checks?: Array<{ name: string; ok: boolean; detail?: string }>;
}

/**
 * What the bot needs from a service desk (itsm-apis.md intro): resolve a ticket, write an internal note, find
 * assets and keep their TeamViewer ID, prove reachability. Connectors translate every vendor failure into a
 * ConnectorError (`itsm.*`) and never leak vendor types or query syntax past their folder.
 */
export interface ItsmConnector {
  readonly kind: ItsmSystem;
  /** Human name of the system for messages ("ServiceNow"). */
  readonly displayName: string;
  /** Normalise and validate a typed number; no I/O. Undefined when it does not fit this system's format. */
  parseTicketNumber(input: string): TicketNumber | undefined;
  /** One-line hint of the expected format, shown when parseTicketNumber fails. */
  readonly ticketFormatHint: string;
  /** Undefined when no such ticket exists (or the integration user may not see it). */
  getTicket(number: TicketNumber): Promise<Ticket | undefined>;
  /**
   * Always an internal note (work note / private comment / non-portal journal), never customer-visible. Never
   * blindly retried: after an ambiguous failure the connector looks for `entry.dedupeKey`'s marker first.
   */
  addJournalEntry(ticket: TicketRef, entry: JournalEntry): Promise<void>;
  /**
   * Every asset whose name equals one of `names` (case-insensitive, all pages), with its TeamViewer ID read from
   * the configured field. At most 50 names per call; user-typed values are escaped or rejected, never spliced
   * into a vendor query raw. Throws `itsm.assets_unavailable` when this tenant has no usable asset store or field.
   */
  findAssetsByName(names: readonly string[]): Promise<Asset[]>;
  /** Writes the TeamViewer ID field of one asset, and reads it back where the vendor can fail silently. */
  setAssetTeamViewerId(asset: AssetRef, teamViewerId: string): Promise<void>;
  /**
   * Where an admin stores a device's TeamViewer ID in this system, in words ("the `u_teamviewer_id` field of
   * the computer CI"), for messages that tell people exactly what to set where.
   */
  readonly assetFieldHint: string;
  healthCheck(): Promise<HealthReport>;
}

/** Most names one findAssetsByName call accepts (keeps vendor query strings well under URL limits). */
export const ASSET_BATCH = 50;
