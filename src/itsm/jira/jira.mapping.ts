/**
 * Everything about Jira's wire format the connector needs: key syntax, the fields asked for, users → Person, AQL
 * quoting, ADF in and out, and the dedupe marker (itsm-apis.md §4; style.md §3.3 keeps this out of the connector).
 */
import { createHash } from 'node:crypto';
import type { Person, Ticket, TicketNumber } from '../../core/domain/ticket.js';
import { storedTeamViewerId } from '../../core/domain/device.js';
import { ValidationError } from '../../core/errors.js';
import type { JiraAssetsRef, JiraIssue, JiraUser } from './jira.api-types.js';

/** itsm-apis.md §1: project key, dash, number. Users type lower case; the connector upper-cases first. */
export const JIRA_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;
export const JIRA_HINT = 'Jira keys look like SD-42 (project key, dash, number).';

/** `schema.custom` of an "Assets objects" custom field (§4.3; seen in public clients filtering `/rest/api/3/field`). */
export const ASSETS_FIELD_TYPE = 'com.atlassian.jira.plugins.cmdb:cmdb-object-cftype';

/** The JSM comment property that keeps a platform-API comment off the portal (§4.3, H). */
export const INTERNAL_PROPERTY = { key: 'sd.public.comment', value: { internal: true } } as const;

export function parseJiraKey(input: string): TicketNumber | undefined {
  const v = input.trim().replace(/^#/, '').toUpperCase();
  return v.length <= 64 && JIRA_KEY.test(v) ? (v as TicketNumber) : undefined;
}

/** Path segment for a key we produced or validated; encoded anyway so nothing else can reach the URL. */
export const keySegment = (key: string): string => encodeURIComponent(key.toUpperCase());

export function issueFieldList(assetFields: readonly string[]): string {
  return ['summary', 'status', 'assignee', 'reporter', ...assetFields].join(',');
}

/**
 * A Jira user as a Person. Every Atlassian account has an address, so a missing one means the account's privacy
 * settings hide it from the integration user (§4.3): say so instead of pretending there is none.
 */
export function toPerson(user: JiraUser | null | undefined): Person | undefined {
  const name = user?.displayName?.trim();
  if (!user || !name) return undefined;
  const email = typeof user.emailAddress === 'string' ? user.emailAddress.trim() : '';
  return { name, ...(email ? { email } : { emailHidden: true }), ...(user.accountId ? { itsmId: user.accountId } : {}) };
}

/** The objects an "Assets objects" field value points at, in order (`objectId`, else the tail of `id`). */
export function assetRefsOf(value: unknown): Array<{ workspaceId?: string; objectId: string }> {
  if (!Array.isArray(value)) return [];
  const out: Array<{ workspaceId?: string; objectId: string }> = [];
  for (const raw of value as unknown[]) {
    if (!raw || typeof raw !== 'object') continue;
    const ref = raw as JiraAssetsRef;
    const objectId = ref.objectId ?? (typeof ref.id === 'string' ? ref.id.split(':').pop() : undefined);
    if (objectId && /^\d+$/.test(objectId)) out.push({ objectId, ...(ref.workspaceId ? { workspaceId: ref.workspaceId } : {}) });
  }
  return out;
}

export function toTicket(issue: JiraIssue, number: TicketNumber, siteUrl: string, requester: Person | undefined): Omit<Ticket, 'asset'> {
  const key = issue.key ?? number;
  const f = issue.fields ?? {};
  const assignee = toPerson(f.assignee);
  return {
    ref: { system: 'jira', id: key, number, url: `${siteUrl}/browse/${encodeURIComponent(key)}` },
    title: f.summary?.trim() || '(no summary)',
    state: { code: f.status?.id ?? f.status?.statusCategory?.key ?? '', label: f.status?.name ?? '' },
    ...(requester ? { requester } : {}),
    ...(assignee ? { assignee } : {}),
  };
}

/**
 * An AQL string literal: double quotes, with `\` and `"` backslash-escaped, so a name can never end the literal
 * and add conditions (§4.3 "quote and escape"). Control characters have no business in a device name and are refused.
 */
export function aqlString(value: string): string {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ValidationError('That name contains line breaks or control characters, which Jira Assets names cannot have.');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** `objectType = "Computer" AND Name IN ("a", "b")`: every value quoted by aqlString. */
export function namesQuery(objectType: string, names: readonly string[]): string {
  return `objectType = ${aqlString(objectType)} AND Name IN (${names.map(aqlString).join(', ')})`;
}

/** `objectType = "Computer"`, for the health check's look at one object of the type. */
export function typeQuery(objectType: string): string {
  return `objectType = ${aqlString(objectType)}`;
}

/** Plain text as an Atlassian Document: one paragraph per line (API v3 takes no plain-text comment bodies). */
export function toAdf(text: string): unknown {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => (line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  };
}

/** The text of an ADF node (or a v2 string body), block nodes on their own lines; enough to find a marker. */
export function adfText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (!node || typeof node !== 'object') return '';
  const n = node as { type?: unknown; text?: unknown; content?: unknown };
  if (n.type === 'text' && typeof n.text === 'string') return n.text;
  if (n.type === 'hardBreak') return '\n';
  const parts = Array.isArray(n.content) ? (n.content as unknown[]).map(adfText) : [];
  return n.type === 'doc' ? parts.join('\n') : parts.join('');
}

/**
 * A short marker derived from the note's dedupe key, appended to the note so a lost answer can be checked against
 * the journal (like ServiceNow's `tvc:<key>`). Hashed so long keys sharing a prefix stay distinct.
 */
export function journalMarker(dedupeKey: string): string {
  return `tvc:${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 16)}`;
}

/**
 * The JSM comment API takes wiki markup (itsm-apis.md §4.2): `[TeamViewer]` would become a link and `_`/`*` would
 * restyle e-mail addresses, so markup characters are escaped with a backslash.
 */
export function escapeWiki(text: string): string {
  return text.replace(/[\\[\]{}|*_+^~]/g, (c) => `\\${c}`);
}

export function journalText(text: string, marker: string): string {
  return `${text}\n(${marker})`;
}

export const teamViewerIdOf = storedTeamViewerId;
