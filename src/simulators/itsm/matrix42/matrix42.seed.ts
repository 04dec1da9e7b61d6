/**
 * The shared demo story (ITSM_STORY) in Matrix42's shape: users, three tickets of different CIs with the
 * `TCK` prefix (itsm-apis.md §1: one MCP server saw `TCK` for activity type 6), and two computers.
 */
import { ITSM_STORY } from '../itsm-sim.js';
import { addFragment, createObject, sibling, type Store, type Value } from './matrix42.model.js';

export const MATRIX42_NUMBERS = {
  printer: 'TCK00012345',
  vpn: 'TCK00012346',
  laptop: 'TCK00012347',
  unknown: 'TCK00099999',
  malformed: 'TCK-12345',
} as const;

export interface SeedIds {
  /** SPSUserClassBase fragment id of the integration account the API token belongs to. */
  serviceUser: string;
}

export function addUser(store: Store, name: string, email: string | null): string {
  const [first = '', ...rest] = name.split(' ');
  const obj = createObject(store, 'SPSUserType', { SPSUserClassBase: { DisplayName: name, FirstName: first, LastName: rest.join(' '), MailAddress: email } });
  return sibling(store, obj.id, 'SPSUserClassBase')?.ID ?? '';
}

/** A computer object (SPSComputerType); returns its SPSAssetClassBase fragment id. */
export function addComputer(store: Store, name: string, teamViewerAttribute: string | false, teamViewerId?: string): string {
  const computer: Record<string, Value> = { Name: name };
  if (teamViewerAttribute) computer[teamViewerAttribute] = teamViewerId ?? null;
  const obj = createObject(store, 'SPSComputerType', {
    SPSAssetClassBase: { Name: name, SerialNumber: `SN-${name}`, InventoryNumber: `INV-${name}`, Model: 'Latitude 7440' },
    SPSComputerClassBase: computer,
    SPSCommonClassBase: {},
  });
  return sibling(store, obj.id, 'SPSAssetClassBase')?.ID ?? '';
}

export interface TicketSeed {
  ci: string;
  number: string;
  subject: string;
  initiator: string;
  recipient?: string;
  /** SPSAssetClassBase fragment id for the ticket→asset relation. */
  asset?: string;
  state: number;
}

/** A ticket object with its portal-visible creation entry, which counts as seeded (not "added" for publicNotes). */
export function addTicket(store: Store, t: TicketSeed, assetAttribute: string | false, createdAt: Date): string {
  const activity: Record<string, Value> = {
    TicketNumber: t.number,
    Subject: t.subject,
    DescriptionHTML: `<p>${t.subject}</p>`,
    CreatedDate: createdAt.toISOString(),
    Initiator: t.initiator,
    Recipient: t.recipient ?? null,
  };
  if (assetAttribute) activity[assetAttribute] = t.asset ?? null;
  const obj = createObject(store, t.ci, { SPSActivityClassBase: activity, SPSCommonClassBase: { State: t.state } });
  const entry = addFragment(store, obj, 'SPSActivityClassUnitOfWork', {
    CreatedDate: createdAt.toISOString(),
    ActivityAction: 1,
    Creator: t.initiator,
    OriginalSolutionHtml: `<p>Ticket created in the self-service portal.</p>`,
    VisibleInPortal: true,
    EntryType: 0,
  });
  store.seeded.add(entry.ID);
  return obj.id;
}

export function seedMatrix42(store: Store, o: { teamViewerAttribute: string | false; ticketAssetAttribute: string | false; now: Date }): SeedIds {
  const p = ITSM_STORY.people;
  const abel = addUser(store, p.abel.name, p.abel.email);
  const beth = addUser(store, p.beth.name, p.beth.email);
  const fred = addUser(store, p.fred.name, p.fred.email);
  const bow = addUser(store, p.bow.name, null);
  const serviceUser = addUser(store, 'TeamViewer Integration', null);
  const pcAbel = addComputer(store, ITSM_STORY.assets.pcAbel.name, o.teamViewerAttribute, ITSM_STORY.assets.pcAbel.teamViewerId);
  const pcFred = addComputer(store, ITSM_STORY.assets.pcFred.name, o.teamViewerAttribute);
  const n = MATRIX42_NUMBERS;
  const a = o.ticketAssetAttribute;
  addTicket(store, { ci: 'SPSActivityTypeIncident', number: n.printer, subject: ITSM_STORY.titles.printer, initiator: abel, recipient: beth, asset: pcAbel, state: 201 }, a, o.now);
  addTicket(store, { ci: 'SPSActivityTypeServiceRequest', number: n.vpn, subject: ITSM_STORY.titles.vpn, initiator: bow, state: 200 }, a, o.now);
  addTicket(store, { ci: 'SPSActivityTypeTicket', number: n.laptop, subject: ITSM_STORY.titles.laptop, initiator: fred, recipient: beth, asset: pcFred, state: 200 }, a, o.now);
  return { serviceUser };
}
