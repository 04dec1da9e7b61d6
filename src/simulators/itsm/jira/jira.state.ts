/**
 * What the Jira simulator holds: accounts, issues (JSM requests or not), comments with their visibility, and an
 * Assets workspace with object types, attributes and objects. Plus the JSON renderings shared by the routes.
 */

export interface SimUser {
  accountId: string;
  displayName: string;
  email: string;
  /** The account's own privacy setting hides its address from everyone (§4.3, H). */
  emailHidden: boolean;
  accountType: 'atlassian' | 'customer';
}

export interface SimStatus {
  id: string;
  name: string;
  category: { id: number; key: 'new' | 'indeterminate' | 'done'; name: string };
}

export interface SimIssue {
  id: string;
  key: string;
  projectKey: string;
  summary: string;
  status: SimStatus;
  reporterId: string;
  assigneeId?: string;
  /** Set for issues of a service project (JSM requests); undefined for e.g. software issues. */
  serviceDeskId?: string;
  requestTypeId?: string;
  /** Assets custom field id → referenced object ids. */
  assets: Record<string, string[]>;
  created: Date;
}

export interface SimComment {
  id: string;
  issueId: string;
  authorId: string;
  /** Plain text (JSM API bodies as sent; platform ADF bodies flattened). */
  text: string;
  /** The ADF body as the platform API received it, returned as is. */
  adf?: unknown;
  /** Customer-visible on the portal. */
  public: boolean;
  properties: Array<{ key: string; value: unknown }>;
  created: Date;
  /** Part of the demo data, not written through the API. */
  seeded: boolean;
}

export interface SimAttribute {
  id: string;
  name: string;
  /** The attribute whose value is the object's label (Name). */
  label?: boolean;
  /** Key, Created, Updated: maintained by Assets, not writable. */
  system?: boolean;
}

export interface SimObjectType {
  id: string;
  name: string;
  schemaId: string;
  attributes: SimAttribute[];
}

export interface SimObject {
  id: string;
  objectKey: string;
  typeId: string;
  /** Attribute id → values (Key, Created and Updated are derived, not stored). */
  values: Map<string, string[]>;
  created: Date;
  updated: Date;
}

export interface JiraSimState {
  users: Map<string, SimUser>;
  issues: SimIssue[];
  comments: SimComment[];
  workspaceId: string;
  schemaKey: string;
  objectTypes: Map<string, SimObjectType>;
  objects: Map<string, SimObject>;
  next: { issue: number; comment: number; object: number };
}

export function createState(workspaceId: string): JiraSimState {
  return { users: new Map(), issues: [], comments: [], workspaceId, schemaKey: 'ITSM', objectTypes: new Map(), objects: new Map(), next: { issue: 10_100, comment: 10_500, object: 1000 } };
}

/** Jira looks keys up case-insensitively and also accepts the numeric issue id. */
export function findIssue(state: JiraSimState, keyOrId: string): SimIssue | undefined {
  const k = decodeURIComponent(keyOrId).toUpperCase();
  return state.issues.find((i) => i.key === k || i.id === k);
}

export function labelOf(state: JiraSimState, obj: SimObject): string {
  const type = state.objectTypes.get(obj.typeId);
  const label = type?.attributes.find((a) => a.label);
  return (label ? obj.values.get(label.id)?.[0] : undefined) ?? obj.objectKey;
}

/** Values of an object's attribute by name (case-insensitive), including the derived Key/Created/Updated. */
export function objectValues(state: JiraSimState, obj: SimObject, attribute: string): string[] | undefined {
  const type = state.objectTypes.get(obj.typeId);
  const name = attribute.toLowerCase();
  if (name === 'objecttype') return type ? [type.name] : [];
  if (name === 'objecttypeid') return [obj.typeId];
  if (name === 'objectid') return [obj.id];
  const attr = type?.attributes.find((a) => a.name.toLowerCase() === name);
  if (!attr) return undefined;
  if (attr.name === 'Key') return [obj.objectKey];
  if (attr.name === 'Created') return [obj.created.toISOString()];
  if (attr.name === 'Updated') return [obj.updated.toISOString()];
  return obj.values.get(attr.id) ?? [];
}

/** Jira's timestamp format, e.g. `2025-03-04T05:06:07.000+0000`. */
export function jiraTime(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

/** JSM's date object. */
export function jsmDate(d: Date): { iso8601: string; jira: string; friendly: string; epochMillis: number } {
  return { iso8601: d.toISOString().replace(/\.\d{3}Z$/, '+0000'), jira: jiraTime(d), friendly: d.toUTCString(), epochMillis: d.getTime() };
}

/** A user as the platform API shows it; `hideAll` is a site where nobody's address is visible to the caller. */
export function platformUser(base: string, u: SimUser, hideAll: boolean): Record<string, unknown> {
  return {
    self: `${base}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
    accountId: u.accountId,
    ...(u.emailHidden || hideAll ? {} : { emailAddress: u.email }),
    avatarUrls: { '48x48': `https://secure.gravatar.com/avatar/${u.accountId.length}?d=mm&s=48` },
    displayName: u.displayName,
    active: true,
    timeZone: 'Europe/Berlin',
    accountType: u.accountType,
  };
}

/**
 * A user as the JSM API shows it to an agent: customers' addresses stay visible there even where the platform API
 * hides them (§4.3, M), unless the account itself hides its address.
 */
export function jsmUser(base: string, u: SimUser): Record<string, unknown> {
  return {
    accountId: u.accountId,
    ...(u.emailHidden ? {} : { emailAddress: u.email }),
    displayName: u.displayName,
    active: true,
    timeZone: 'Europe/Berlin',
    _links: { jiraRest: `${base}/rest/api/2/user?accountId=${encodeURIComponent(u.accountId)}`, self: `${base}/rest/api/2/user?accountId=${encodeURIComponent(u.accountId)}` },
  };
}

/** What every route handler gets for one request. */
export interface JiraContext {
  state: JiraSimState;
  /** Site base URL (for `self` links). */
  base: string;
  /** The signed-in account. */
  me: SimUser;
  now: Date;
  /** JSM Premium/Enterprise: Assets workspace, Assets custom fields and the Assets API exist. */
  assets: boolean;
  /** The platform API shows nobody's e-mail address (site-wide privacy). */
  hideEmails: boolean;
  /** Largest page any list answers with, whatever maxResults asks. */
  pageSize: number;
}

export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  const n = raw === null ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}
