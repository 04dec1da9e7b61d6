/**
 * Cherwell CSM REST response and request shapes the connector reads or sends (models of the CSM 9.3.2 Swagger
 * as generated in `greenpau/pycherwell` docs; itsm-apis.md §5.2). Everything optional: the server omits members
 * freely, and these types never leave this folder.
 */

/** Error members most responses carry, also on HTTP 200 (itsm-apis.md §5.6). */
export interface CwErrorPart {
  hasError?: boolean;
  errorCode?: string | null;
  errorMessage?: string | null;
}

export interface CwField {
  fieldId?: string;
  name?: string;
  displayName?: string;
  value?: string | null;
  dirty?: boolean;
}

/** ReadResponse: one record (getbusinessobject, search and related results). */
export interface CwRecord extends CwErrorPart {
  busObId?: string | null;
  busObPublicId?: string | null;
  busObRecId?: string | null;
  fields?: CwField[];
}

/** Summary of a BO; groups (Journal, ConfigurationItem) list their members in groupSummaries. */
export interface CwSummary extends CwErrorPart {
  busObId?: string;
  name?: string;
  displayName?: string;
  group?: boolean;
  groupSummaries?: CwSummary[];
}

export interface CwFieldDefinition {
  /** Full form `BO:<busObId>,FI:<fieldId>` on real systems; used as is in filters and saves. */
  fieldId?: string;
  name?: string;
  displayName?: string;
  type?: string;
}

export interface CwRelationship {
  relationshipId?: string;
  displayName?: string;
  /** busObId of the related BO. */
  target?: string;
  cardinality?: string;
}

export interface CwSchema extends CwErrorPart {
  busObId?: string;
  name?: string;
  fieldDefinitions?: CwFieldDefinition[];
  relationships?: CwRelationship[];
}

export interface CwSearchResults extends CwErrorPart {
  businessObjects?: CwRecord[];
  totalRows?: number;
}

export interface CwRelatedResults extends CwErrorPart {
  relatedBusinessObjects?: CwRecord[];
  totalRecords?: number;
  pageNumber?: number;
  pageSize?: number;
}

export interface CwFieldValidationError {
  error?: string;
  errorCode?: string;
  fieldId?: string;
}

/** SaveResponse and RelatedSaveResponse. */
export interface CwSaveResult extends CwErrorPart {
  busObPublicId?: string | null;
  busObRecId?: string | null;
  fieldValidationErrors?: CwFieldValidationError[] | null;
}

/** getuserbyrecid: the User model; its error text is `error`, not `errorMessage`. */
export interface CwUser {
  displayName?: string;
  fields?: CwField[];
  hasError?: boolean;
  errorCode?: string | null;
  error?: string | null;
}

export interface CwToken {
  access_token?: string;
  token_type?: string;
  expires_in?: number | string;
  refresh_token?: string;
}

/** OAuth-style token refusal (itsm-apis.md §5.6, M). */
export interface CwTokenError {
  error?: string;
  error_description?: string;
}

/** A field as savebusinessobject / saverelatedbusinessobject take it. */
export interface CwFieldIn {
  fieldId: string;
  name: string;
  value: string;
  dirty: true;
}
