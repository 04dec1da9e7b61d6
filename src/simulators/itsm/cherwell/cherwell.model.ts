/**
 * The Cherwell CSM business-object catalogue the simulator serves (itsm-apis.md §5): every BO has a busObId,
 * fields with fieldIds and relationships, all random per simulator instance (real ids are instance-specific, so
 * a client that hard-codes one fails here as it would on a customer's system).
 */
import { randomBytes } from 'node:crypto';

export type FieldType = 'Text' | 'Number' | 'DateTime' | 'Logical';

export interface SimField {
  /** Short field id (32 hex); the schema hands out the full form `BO:<busObId>,FI:<fieldId>`. */
  fieldId: string;
  name: string;
  displayName: string;
  type: FieldType;
  readOnly: boolean;
}

export interface SimRelationship {
  relationshipId: string;
  displayName: string;
  description: string;
  /** busObId of the related BO (a group BO for "Incident Owns Journals"). */
  target: string;
  cardinality: 'Many' | 'One';
  /** Field of the child holding the parent's RecID; relationships without one list nothing. */
  childKey?: string;
}

export type BusObKind = 'major' | 'supporting' | 'lookup' | 'group';

export interface SimBusOb {
  busObId: string;
  name: string;
  displayName: string;
  kind: BusObKind;
  fields: SimField[];
  relationships: SimRelationship[];
  /** Group members (Journal → Journal - Note …, ConfigurationItem → ConfigComputer …). */
  members: SimBusOb[];
  /** The group a member belongs to. */
  group?: SimBusOb;
  /** Field that holds the human public id (IncidentID); RecID for BOs without one. */
  publicIdField: string;
  stateField?: string;
  states?: string[];
}

export interface SimRecord {
  busObId: string;
  recId: string;
  fields: Record<string, string>;
}

export const hexId = (): string => randomBytes(16).toString('hex');
/** RecIDs are 42 hex characters on real systems (e.g. `9397b3c0357e0678f9e3c94ce290e3783e4a61cabc`). */
export const newRecId = (): string => randomBytes(21).toString('hex');

const spaced = (name: string): string => name.replace(/([a-z])([A-Z])/g, '$1 $2');

type FieldSpec = string | [string, FieldType];

function fields(specs: FieldSpec[]): SimField[] {
  return ['RecID', ...specs].map((s) => {
    const [name, type] = typeof s === 'string' ? [s, 'Text' as FieldType] : s;
    return { fieldId: hexId(), name, displayName: spaced(name), type, readOnly: name === 'RecID' || name === 'IncidentID' };
  });
}

function busOb(name: string, displayName: string, kind: BusObKind, specs: FieldSpec[], extra: Partial<SimBusOb> = {}): SimBusOb {
  return { busObId: hexId(), name, displayName, kind, fields: fields(specs), relationships: [], members: [], publicIdField: 'RecID', ...extra };
}

/** Members share their group's fields (same fieldIds), as journal and CI members do in CSM. */
function member(group: SimBusOb, name: string, displayName: string, extra: FieldSpec[] = []): SimBusOb {
  const m: SimBusOb = { ...busOb(name, displayName, 'supporting', []), fields: [...group.fields, ...fields(extra).slice(1)], group };
  group.members.push(m);
  return m;
}

export interface Catalog {
  incident: SimBusOb;
  customer: SimBusOb;
  user: SimBusOb;
  journal: SimBusOb;
  journalNote: SimBusOb;
  journalMail: SimBusOb;
  journalHistory: SimBusOb;
  ci: SimBusOb;
  computer: SimBusOb;
  server: SimBusOb;
  /** Top-level BOs (groups, not their members), in summary order. */
  topLevel: SimBusOb[];
}

const INCIDENT_STATES = ['New', 'Assigned', 'In Progress', 'Pending', 'Resolved', 'Closed', 'Reopened'];

/**
 * The out-of-the-box BOs the bot touches, with the fields named in itsm-apis.md §5.3–5.5. `teamViewerField` is
 * the admin-added CI field (none exists out of the box, §5.5); undefined simulates a system without it.
 */
export function buildCatalog(teamViewerField: string | undefined): Catalog {
  const incident = busOb(
    'Incident',
    'Incident',
    'major',
    ['IncidentID', 'ShortDescription', 'Description', 'Status', 'Priority', 'OwnedBy', 'OwnedByID', 'OwnedByTeam', 'OwnedByTeamID', 'CustomerDisplayName', 'CustomerRecID', 'CustomerTypeID', 'ConfigItemRecID', 'ConfigItemDisplayName', 'ConfigItemType', 'ConfigItemTypeID', ['CreatedDateTime', 'DateTime'], ['LastModifiedDateTime', 'DateTime']],
    { publicIdField: 'IncidentID', stateField: 'Status', states: INCIDENT_STATES },
  );
  // Customer e-mail lives on CustomerInternal only (itsm-apis.md §5.3 step 4, M; §10 q2).
  const customer = busOb('CustomerInternal', 'Customer - Internal', 'major', ['FullName', 'FirstName', 'LastName', 'Email', 'Phone']);
  const user = busOb('UserInfo', 'User Info', 'supporting', ['FullName', 'LoginID', 'Email', 'Department']);
  const journal = busOb('Journal', 'Journal', 'group', ['JournalTypeID', 'JournalTypeName', 'Details', 'ParentRecID', 'ParentTypeID', 'CreatedBy', ['CreatedDateTime', 'DateTime'], 'Priority', ['MarkedAsRead', 'Logical']]);
  const journalNote = member(journal, 'JournalNote', 'Journal - Note');
  const journalMail = member(journal, 'JournalMailHistory', 'Journal - Mail History');
  const journalHistory = member(journal, 'JournalHistory', 'Journal - History');
  const ci = busOb('ConfigurationItem', 'Configuration Item', 'group', ['FriendlyName', 'ConfigItemTypeName', 'Status', 'SerialNumber', 'OwnedBy']);
  const computer = member(ci, 'ConfigComputer', 'Config - Computer', ['HostName', 'PrimaryUserName', 'OperatingSystem', ...(teamViewerField ? [teamViewerField] : [])]);
  const server = member(ci, 'ConfigServer', 'Config - Server', ['HostName', 'OperatingSystem']);

  const rel = (displayName: string, target: string, childKey?: string): SimRelationship => ({
    relationshipId: hexId(),
    displayName,
    description: `${displayName} relationship`,
    target,
    cardinality: 'Many',
    ...(childKey ? { childKey } : {}),
  });
  incident.relationships.push(
    rel('Incident Owns Journals', journal.busObId, 'ParentRecID'),
    rel('Incident Links Configuration Items', ci.busObId),
    rel('Incident Owns Tasks', hexId()),
    rel('Incident Owns Attachments', hexId()),
  );
  customer.relationships.push(rel('Customer Owns Incidents', incident.busObId));
  return { incident, customer, user, journal, journalNote, journalMail, journalHistory, ci, computer, server, topLevel: [incident, customer, user, journal, ci] };
}

/** `BO:<busObId>,FI:<fieldId>` as the schema hands it out (Ivanti CSM docs, "Field Identifiers"). */
export const fullFieldId = (bo: SimBusOb, f: SimField): string => `BO:${bo.busObId},FI:${f.fieldId}`;

/** A field by short id, full id (`BO:…,FI:…`) or, when `byName`, by name; case-insensitive like the server. */
export function findField(bo: SimBusOb, key: string | undefined, byName = false): SimField | undefined {
  if (!key) return undefined;
  const fi = /FI:([0-9a-f]+)/i.exec(key)?.[1] ?? key;
  const lower = fi.toLowerCase();
  return bo.fields.find((f) => f.fieldId === lower) ?? (byName ? bo.fields.find((f) => f.name.toLowerCase() === key.toLowerCase()) : undefined);
}
