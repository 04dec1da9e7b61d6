/**
 * Jira Cloud, JSM and Assets response shapes as far as the connector reads them (itsm-apis.md §4.2). Everything is
 * optional: the connector checks what it uses and never trusts a vendor answer to be complete.
 */

/** A platform or JSM user; `emailAddress` is null or absent under Atlassian privacy settings (§4.3). */
export interface JiraUser {
  accountId?: string;
  displayName?: string;
  emailAddress?: string | null;
  active?: boolean;
}

export interface JiraStatus {
  id?: string;
  name?: string;
  statusCategory?: { key?: string; name?: string };
}

/** One entry of an "Assets objects" custom field value (§4.3, M). `id` is `<workspaceId>:<objectId>`. */
export interface JiraAssetsRef {
  workspaceId?: string;
  id?: string;
  objectId?: string;
}

export interface JiraIssue {
  id?: string;
  key?: string;
  fields?: {
    summary?: string | null;
    status?: JiraStatus | null;
    assignee?: JiraUser | null;
    reporter?: JiraUser | null;
    [customField: string]: unknown;
  };
}

/** `GET /rest/servicedeskapi/request/{key}`: the customer is `reporter`. */
export interface JsmRequest {
  issueKey?: string;
  reporter?: JiraUser | null;
  currentStatus?: { status?: string };
}

/** One row of `GET /rest/api/3/field`. */
export interface JiraField {
  id?: string;
  name?: string;
  custom?: boolean;
  schema?: { type?: string; items?: string; custom?: string; customId?: number };
}

export interface JiraComment {
  id?: string;
  /** ADF document in API v3 (a string in v2). */
  body?: unknown;
  jsdPublic?: boolean;
}

/** Classic paging: `startAt`/`maxResults`/`total` (§4.3). */
export interface JiraCommentPage {
  startAt?: number;
  maxResults?: number;
  total?: number;
  comments?: JiraComment[];
}

export interface JiraMyself {
  accountId?: string;
  displayName?: string;
}

/** `GET /rest/servicedeskapi/assets/workspace`: empty `values` without JSM Premium/Enterprise (§4.2). */
export interface JsmWorkspaces {
  values?: Array<{ workspaceId?: string }>;
}

export interface AssetsAttributeValue {
  value?: string | number | boolean | null;
  displayValue?: string | null;
}

export interface AssetsObjectAttribute {
  objectTypeAttributeId?: string | number;
  objectAttributeValues?: AssetsAttributeValue[];
}

export interface AssetsObject {
  id?: string | number;
  label?: string;
  objectKey?: string;
  objectType?: { id?: string | number; name?: string };
  attributes?: AssetsObjectAttribute[];
}

/** `POST …/v1/object/aql`: `startAt`/`maxResults` + `isLast` paging (§4.3). */
export interface AssetsAqlPage {
  startAt?: number;
  maxResults?: number;
  total?: number;
  isLast?: boolean;
  values?: AssetsObject[];
}

/** One row of `GET …/v1/objecttype/{id}/attributes`. */
export interface AssetsTypeAttribute {
  id?: string | number;
  name?: string;
  label?: boolean;
  editable?: boolean;
}
