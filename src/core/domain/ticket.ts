/** Domain types for tickets as the ITSM connectors hand them to the core (style.md §3.3). */
import type { BotError } from '../errors.js';

/** The human ticket number after normalisation (upper case, no `#`) and the connector's pattern check. */
export type TicketNumber = string & { readonly __brand: 'TicketNumber' };

export type ItsmSystem = 'servicenow' | 'jira' | 'cherwell' | 'matrix42' | 'none';

export interface TicketRef {
  system: ItsmSystem;
  /** The vendor's own id (ServiceNow sys_id, Jira key, Cherwell RecID …). */
  id: string;
  /** Human number as typed and normalised, e.g. INC0010023. */
  number: TicketNumber;
  /** Vendor table or type where that matters for writes (ServiceNow class, e.g. `incident`). */
  kind?: string;
  url?: string;
}

export interface Person {
  name: string;
  /** May be missing or hidden by the vendor. */
  email?: string;
  /** The vendor has an address but will not show it to the integration user (Atlassian privacy settings). */
  emailHidden?: boolean;
  itsmId?: string;
}

/** Where an asset/CI lives in the ITSM, enough to write to it again. */
export interface AssetRef {
  system: ItsmSystem;
  /** Vendor id: CI sys_id, Jira Assets object id, Cherwell CI RecID, Matrix42 fragment id. */
  id: string;
  /**
   * Vendor type where writes need it: ServiceNow class, Jira `objectTypeId`, Cherwell CI-type busObId,
   * Matrix42 CI name. Opaque to the core.
   */
  type?: string;
}

/** A device record in the ITSM (CMDB CI, Jira Assets object, Matrix42 asset). */
export interface Asset {
  /** Absent only when the vendor names a linked CI without handing out its id. */
  ref?: AssetRef;
  name: string;
  serial?: string;
  /**
   * Read from ITSM_ASSET_TEAMVIEWER_FIELD; undefined when the field is empty or missing. A valid ID as digits;
   * anything else as typed, so `connect` can say the value is malformed (`storedTeamViewerId`).
   */
  teamViewerId?: string;
}

export interface Ticket {
  ref: TicketRef;
  title: string;
  state: { code: string; label: string };
  requester?: Person;
  assignee?: Person;
  assignmentGroup?: string;
  asset?: Asset;
  /**
   * The ticket was read but its linked asset could not be (the asset store is down or rate-limiting): `start` needs no
   * asset and goes on; `connect` reports this instead of "no computer on this ticket".
   */
  assetError?: BotError;
}

export interface JournalEntry {
  text: string;
  /** The human agent on whose behalf the note is written; writes run as an integration user. */
  author: { name: string; email?: string };
  /** Stable key for this note so an ambiguous failure can be retried without writing it twice. */
  dedupeKey: string;
  /**
   * An earlier attempt with this key may have landed (a retry, or a delivery interrupted by a restart): the
   * connector looks for the key's marker on the ticket before writing.
   */
  mayExist?: boolean;
}

/** Key for "one open session per ticket": system plus normalised number. */
export function ticketKey(system: ItsmSystem, number: string): string {
  return `${system}:${number}`;
}
