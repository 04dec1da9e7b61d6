/**
 * The simulated tenant's data: objects typed by a configuration item (CI), each made of fragments (rows of data
 * definitions, DD), plus the schema that says which attributes exist (itsm-apis.md §6 intro). Attribute names
 * are case-insensitive like ASQL identifiers; values are stored under the schema's spelling.
 */
import { randomUUID } from 'node:crypto';

export type Value = string | number | boolean | null;

export type AttrDef =
  | { name: string; kind: 'value' }
  | { name: string; kind: 'ref'; target: string }
  | { name: string; kind: 'pickup'; pickup: string };

export interface Fragment {
  ID: string;
  dd: string;
  objectId: string;
  /** Row version for concurrency checks on PUT, rendered as `TimeStamp`. */
  version: number;
  attrs: Record<string, Value>;
}

export interface M42Object {
  id: string;
  ci: string;
  /** DD name → fragment ids (one for single DDs, any number for lists such as the journal). */
  parts: Map<string, string[]>;
}

/** A pickup list: stored number → label per language (`Explicit-Language`, itsm-apis.md §6.1). */
export type Pickup = Map<number, { 'en-US': string; 'de-DE': string }>;

export interface Schema {
  /** DD → attributes keyed by lower-case name. `ID` and `TimeStamp` exist on every DD implicitly. */
  dds: Map<string, Map<string, AttrDef>>;
  /** CI → its DDs; `list` DDs hold many fragments per object (the journal). */
  cis: Map<string, Array<{ dd: string; list: boolean }>>;
  pickups: Map<string, Pickup>;
}

export interface Store {
  schema: Schema;
  objects: Map<string, M42Object>;
  fragments: Map<string, Fragment>;
  /** Journal fragment ids that came with the seed (not "added after seeding" for publicNotes). */
  seeded: Set<string>;
}

export interface SchemaOptions {
  /** The computer attribute holding the TeamViewer ID, or false for a tenant where nobody added it. */
  teamViewerAttribute: string | false;
  /** Ticket → asset relation on SPSActivityClassBase, or false when the tenant has none. */
  ticketAssetAttribute: string | false;
}

export const ACTIVITY_CIS = ['SPSActivityTypeIncident', 'SPSActivityTypeServiceRequest', 'SPSActivityTypeTicket'] as const;

const v = (name: string): AttrDef => ({ name, kind: 'value' });
const ref = (name: string, target: string): AttrDef => ({ name, kind: 'ref', target });

/**
 * State values of tickets. The real numbers differ per tenant and are read with the pickup API; these are
 * placeholders (assumption, itsm-apis.md §9 "state pickup values" are a discovery item).
 */
const STATE_PICKUP: Pickup = new Map([
  [200, { 'en-US': 'New', 'de-DE': 'Neu' }],
  [201, { 'en-US': 'In Progress', 'de-DE': 'In Bearbeitung' }],
  [204, { 'en-US': 'Closed', 'de-DE': 'Geschlossen' }],
]);

export function buildSchema(o: SchemaOptions): Schema {
  const activity = [v('TicketNumber'), v('Subject'), v('DescriptionHTML'), v('CreatedDate'), ref('Initiator', 'SPSUserClassBase'), ref('Recipient', 'SPSUserClassBase'), ref('RecipientRole', 'SPSScRoleClassBase')];
  // The ticket→asset relation's name is not public (itsm-apis.md §6.3, L): `Asset` is our assumption.
  if (o.ticketAssetAttribute) activity.push(ref(o.ticketAssetAttribute, 'SPSAssetClassBase'));
  const computer = [v('Name'), v('OperatingSystem')];
  // Customer attributes carry the `Ud_` prefix (§6.5, M); the TeamViewer add-on's own attribute is not public.
  if (o.teamViewerAttribute) computer.push(v(o.teamViewerAttribute));
  const defs: Record<string, AttrDef[]> = {
    SPSUserClassBase: [v('DisplayName'), v('FirstName'), v('LastName'), v('MailAddress')],
    SPSScRoleClassBase: [v('Name')],
    SPSCommonClassBase: [{ name: 'State', kind: 'pickup', pickup: 'SPSCommonPickupState' }],
    SPSActivityClassBase: activity,
    SPSActivityClassUnitOfWork: [v('CreatedDate'), v('ActivityAction'), ref('Creator', 'SPSUserClassBase'), v('OriginalSolutionHtml'), v('VisibleInPortal'), v('EntryType')],
    SPSAssetClassBase: [v('Name'), v('SerialNumber'), v('InventoryNumber'), v('Model')],
    SPSComputerClassBase: computer,
  };
  const dds = new Map<string, Map<string, AttrDef>>();
  for (const [dd, attrs] of Object.entries(defs)) dds.set(dd, new Map(attrs.map((a) => [a.name.toLowerCase(), a])));
  const activityParts = [
    { dd: 'SPSActivityClassBase', list: false },
    { dd: 'SPSCommonClassBase', list: false },
    { dd: 'SPSActivityClassUnitOfWork', list: true },
  ];
  const cis = new Map<string, Array<{ dd: string; list: boolean }>>([
    ...ACTIVITY_CIS.map((ci) => [ci, activityParts] as [string, typeof activityParts]),
    ['SPSUserType', [{ dd: 'SPSUserClassBase', list: false }, { dd: 'SPSCommonClassBase', list: false }]],
    ['SPSScRoleType', [{ dd: 'SPSScRoleClassBase', list: false }]],
    ['SPSComputerType', [{ dd: 'SPSAssetClassBase', list: false }, { dd: 'SPSComputerClassBase', list: false }, { dd: 'SPSCommonClassBase', list: false }]],
  ]);
  return { dds, cis, pickups: new Map([['SPSCommonPickupState', STATE_PICKUP]]) };
}

export function createStore(schema: Schema): Store {
  return { schema, objects: new Map(), fragments: new Map(), seeded: new Set() };
}

/** The schema spelling of a DD name (ASQL names are case-insensitive), or undefined. */
export function ddName(schema: Schema, name: string): string | undefined {
  const lower = name.toLowerCase();
  return [...schema.dds.keys()].find((dd) => dd.toLowerCase() === lower);
}

export function ciName(schema: Schema, name: string): string | undefined {
  const lower = name.toLowerCase();
  return [...schema.cis.keys()].find((ci) => ci.toLowerCase() === lower);
}

export function attrDef(schema: Schema, dd: string, name: string): AttrDef | undefined {
  return schema.dds.get(dd)?.get(name.toLowerCase());
}

/** CIs that use a DD; each gives the DD's fragments a `UsedInType<CI>` owner pointer (§6.3). */
export function cisUsing(schema: Schema, dd: string): string[] {
  return [...schema.cis.entries()].filter(([, parts]) => parts.some((p) => p.dd === dd)).map(([ci]) => ci);
}

/** Creates an object with one fragment per single DD of its CI, filled from `values` (DD → attributes). */
export function createObject(store: Store, ci: string, values: Record<string, Record<string, Value>>): M42Object {
  const parts = store.schema.cis.get(ci);
  if (!parts) throw new Error(`Matrix42 sim: unknown CI ${ci}`);
  const obj: M42Object = { id: randomUUID(), ci, parts: new Map() };
  store.objects.set(obj.id, obj);
  for (const part of parts) {
    obj.parts.set(part.dd, []);
    if (!part.list) addFragment(store, obj, part.dd, values[part.dd] ?? {});
  }
  return obj;
}

/** Adds a fragment to an object; unknown attribute names throw (a typo in a seed or helper must fail loudly). */
export function addFragment(store: Store, obj: M42Object, dd: string, values: Record<string, Value>): Fragment {
  const attrs: Record<string, Value> = {};
  for (const def of store.schema.dds.get(dd)?.values() ?? []) attrs[def.name] = null;
  for (const [k, val] of Object.entries(values)) {
    const def = attrDef(store.schema, dd, k);
    if (!def) throw new Error(`Matrix42 sim: ${dd} has no attribute ${k}`);
    attrs[def.name] = val;
  }
  const frag: Fragment = { ID: randomUUID(), dd, objectId: obj.id, version: 1, attrs };
  store.fragments.set(frag.ID, frag);
  obj.parts.get(dd)?.push(frag.ID);
  return frag;
}

export function fragmentsOf(store: Store, dd: string): Fragment[] {
  return [...store.fragments.values()].filter((f) => f.dd === dd);
}

/** The first fragment of `dd` in the object (the sibling a `T(<DD>)` pivot reaches). */
export function sibling(store: Store, objectId: string, dd: string): Fragment | undefined {
  const id = store.objects.get(objectId)?.parts.get(dd)?.[0];
  return id ? store.fragments.get(id) : undefined;
}

/** A row version as the API shows it (base64 of SQL Server's rowversion bytes). */
export function timeStampOf(f: Fragment): string {
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(BigInt(f.version));
  return buf.toString('base64');
}

/** The fragment as `GET data/fragments/{DD}/{id}` renders it: every attribute, TimeStamp and owner pointers. */
export function renderFragment(store: Store, f: Fragment): Record<string, Value> {
  const out: Record<string, Value> = { ID: f.ID, TimeStamp: timeStampOf(f), ...f.attrs };
  const owner = store.objects.get(f.objectId);
  for (const ci of cisUsing(store.schema, f.dd)) out[`UsedInType${ci}`] = owner?.ci === ci ? f.objectId : null;
  return out;
}

/** Journal HTML → the plain text an agent reads (for the sim's note helpers). */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
