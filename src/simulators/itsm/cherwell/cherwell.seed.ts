/**
 * The shared demo story (ITSM_STORY) in Cherwell's own shape: incidents 10216–10218 (numbers as in the Cortex
 * XSOAR sample, itsm-apis.md §5.3), CustomerInternal records, one UserInfo for the agent, ConfigComputer CIs.
 * RecIDs and busObIds are random per simulator instance; tests reach records through their public ids and names.
 */
import { ITSM_STORY } from '../itsm-sim.js';
import type { SimRecord } from './cherwell.model.js';
import { insertRecord, type CherwellState } from './cherwell.state.js';

export const CHERWELL_SEED = {
  incidents: { printer: '10216', vpn: '10217', laptop: '10218' },
  /** Well-formed but absent. */
  unknown: '99999',
  /** Not a Cherwell number at all. */
  malformed: 'INC10216',
  team: 'Service Desk',
  agentLogin: 'beth.anglin',
} as const;

function customer(state: CherwellState, person: { name: string; email?: string }): SimRecord {
  const [first = '', ...rest] = person.name.split(' ');
  return insertRecord(state, state.catalog.customer, { FullName: person.name, FirstName: first, LastName: rest.join(' '), Email: person.email ?? '' });
}

/** A ConfigComputer CI; `teamViewerField` is absent on systems where nobody added it (itsm-apis.md §5.5). */
export function addComputer(state: CherwellState, teamViewerField: string | undefined, name: string, teamViewerId?: string, primaryUser = ''): SimRecord {
  const values: Record<string, string> = { HostName: name, FriendlyName: name, ConfigItemTypeName: state.catalog.computer.displayName, Status: 'Deployed', PrimaryUserName: primaryUser, SerialNumber: `SN-${name}` };
  if (teamViewerField && teamViewerId) values[teamViewerField] = teamViewerId;
  return insertRecord(state, state.catalog.computer, values);
}

export function seedCherwell(state: CherwellState, teamViewerField: string | undefined, now: Date): void {
  const { people, titles, assets } = ITSM_STORY;
  const { incident, user, computer, journalHistory } = state.catalog;
  const abel = customer(state, people.abel);
  const bow = customer(state, people.bow);
  const fred = customer(state, people.fred);
  const beth = insertRecord(state, user, { FullName: people.beth.name, LoginID: CHERWELL_SEED.agentLogin, Email: people.beth.email, Department: 'IT' });
  const pcAbel = addComputer(state, teamViewerField, assets.pcAbel.name, assets.pcAbel.teamViewerId, people.abel.name);
  const pcFred = addComputer(state, teamViewerField, assets.pcFred.name, undefined, people.fred.name);
  insertRecord(state, state.catalog.server, { HostName: 'SRV-FILE-01', FriendlyName: 'SRV-FILE-01', ConfigItemTypeName: state.catalog.server.displayName, Status: 'Deployed' });

  const created = now.toISOString();
  const owner = (rec: SimRecord) => ({ OwnedBy: rec.fields.FullName ?? '', OwnedByID: rec.recId, OwnedByTeam: CHERWELL_SEED.team });
  const cust = (rec: SimRecord) => ({ CustomerDisplayName: rec.fields.FullName ?? '', CustomerRecID: rec.recId, CustomerTypeID: state.catalog.customer.busObId });
  const ci = (rec: SimRecord) => ({ ConfigItemRecID: rec.recId, ConfigItemDisplayName: rec.fields.FriendlyName ?? '', ConfigItemType: computer.displayName, ConfigItemTypeID: computer.busObId });
  const base = { Priority: '3', CreatedDateTime: created, LastModifiedDateTime: created };

  const printer = insertRecord(state, incident, { ...base, IncidentID: CHERWELL_SEED.incidents.printer, ShortDescription: titles.printer, Description: 'The 3rd-floor printer shows offline for everyone.', Status: 'In Progress', ...cust(abel), ...owner(beth), ...ci(pcAbel) });
  insertRecord(state, incident, { ...base, IncidentID: CHERWELL_SEED.incidents.vpn, ShortDescription: titles.vpn, Status: 'New', OwnedByTeam: CHERWELL_SEED.team, ...cust(bow) });
  insertRecord(state, incident, { ...base, IncidentID: CHERWELL_SEED.incidents.laptop, ShortDescription: titles.laptop, Status: 'Assigned', ...cust(fred), ...owner(beth), ...ci(pcFred) });

  // A system journal on the printer incident, so journal reads see more than the bot's own notes.
  insertRecord(state, journalHistory, {
    JournalTypeID: journalHistory.busObId,
    JournalTypeName: journalHistory.displayName,
    Details: 'Incident created from the self-service portal.',
    ParentRecID: printer.recId,
    ParentTypeID: incident.busObId,
    CreatedBy: 'CSM System',
    CreatedDateTime: created,
  });
}
