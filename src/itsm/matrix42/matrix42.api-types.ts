/** Matrix42 ESM response shapes the connector reads (itsm-apis.md §6.1, §6.2). Nothing here leaves this folder. */

/** `POST ApiToken/GenerateAccessTokenFromApiToken`; the whole body is `null` for an invalid API token. */
export interface M42AccessToken {
  RawToken?: string;
  /** ISO instant when the access token stops working. */
  LifeTime?: string;
}

/** A fragments-API row: `ID` always, then each requested column under its alias. */
export type M42Row = Record<string, unknown>;

/** One row of our ticket query (aliases from matrix42.mapping.ts `TICKET_COLUMNS`). */
export interface M42TicketRow {
  ID?: string;
  TicketNumber?: string | null;
  Subject?: string | null;
  InitiatorId?: string | null;
  InitiatorName?: string | null;
  InitiatorMail?: string | null;
  RecipientId?: string | null;
  RecipientName?: string | null;
  RecipientMail?: string | null;
  StatusValue?: number | string | null;
  Status?: string | null;
  ObjectId?: string | null;
  AssetId?: string | null;
  AssetName?: string | null;
}

/** One row of our computer query (aliases from matrix42.mapping.ts `computerColumns`). */
export interface M42ComputerRow {
  ID?: string;
  AssetId?: string | null;
  Name?: string | null;
  SerialNumber?: string | null;
  TeamViewerId?: string | number | null;
  ObjectId?: string | null;
}

/** `GET data/fragments/{DD}/{id}`: every attribute, plus `UsedInType<CI>` owner pointers. */
export type M42Fragment = Record<string, unknown> & { ID?: string; TimeStamp?: string };

/** `GET data/objects/{CI}/{id}?full=true`: keyed by DD name; list DDs (the journal) are arrays. */
export type M42Object = Record<string, unknown> & { ID?: string; SPSActivityClassUnitOfWork?: unknown };

/** `POST journal/Add` (rich form). */
export interface M42JournalAddResult {
  JournalId?: string;
}
