/**
 * Demo data loaded unless `seed: false`: a few people, a service-desk group, two computers and one ticket of each
 * common kind. The user sys_ids are the ones of the same people in ServiceNow's own demo data, so payloads look
 * familiar; everything else is fixed too, so tests and the sandbox can refer to it through SERVICENOW_SEED.
 */
import type { ServiceNowSim } from './servicenow.simulator.js';

export const SERVICENOW_SEED = {
  users: {
    /** Caller of INC0010001; has an e-mail and a computer with a TeamViewer ID. */
    abel: { sysId: '62826bf03710200044e0bfc8bcbe5df1', name: 'Abel Tuter', email: 'abel.tuter@example.com', userName: 'abel.tuter' },
    /** The agent tickets are assigned to. */
    beth: { sysId: '46d44a23a9fe19810012d100cca80666', name: 'Beth Anglin', email: 'beth.anglin@example.com', userName: 'beth.anglin' },
    /** Requested-for of the RITM/REQ and caller of the resolved incident. */
    fred: { sysId: '5137153cc611227c000bbd1bd8cd2005', name: 'Fred Luddy', email: 'fred.luddy@example.com', userName: 'fred.luddy' },
    /** Caller without an e-mail address (the bot must not be able to mail the link). */
    bow: { sysId: 'b6ba5ad7c0a8016401b6f54e7c1df3ee', name: 'Bow Ruggeri', email: '', userName: 'bow.ruggeri' },
  },
  groups: {
    serviceDesk: { sysId: 'd625dccec0a8016700a222a0f7900d06', name: 'Service Desk' },
  },
  computers: {
    /** CI of INC0010001, carrying the custom TeamViewer ID column. */
    pcAbel: { sysId: 'a9c0c8d2c6112276018f7705562f9cb0', name: 'PC-ABEL-01', serialNumber: 'SN-ABEL-0001', teamViewerId: '123456789' },
    /** Fred's laptop with no TeamViewer ID yet (the `assets` job / `connect` must discover or write it). */
    pcFred: { sysId: 'a9a2d0c3c6112276010e6e6f4e1e3c9a', name: 'PC-FRED-01', serialNumber: 'SN-FRED-0001', teamViewerId: '' },
  },
  incidents: {
    /** In Progress, caller Abel (with e-mail), assigned to Beth, CI PC-ABEL-01. */
    printer: { sysId: '9c573169c611228700193229fff72400', number: 'INC0010001', shortDescription: 'Printer offline on 3rd floor', state: '2' },
    /** New, caller Bow Ruggeri (no e-mail), unassigned, no CI. */
    vpn: { sysId: '9d385017c611228701d22104cc95c371', number: 'INC0010002', shortDescription: 'VPN drops every few minutes', state: '1' },
    /** Resolved (inactive tickets are still found by number), caller Fred, assigned to Beth. */
    outlook: { sysId: 'e8caedcbc0a80164017df472f39eaed1', number: 'INC0010003', shortDescription: 'Outlook keeps asking for my password', state: '6' },
  },
  /**
   * REQ for Fred, its RITM (assigned to Beth, CI PC-FRED-01) and the RITM's catalog task. The RITM is the shared
   * story's `laptop` ticket (itsm-sim.ts ITSM_STORY), so it carries the story's title.
   */
  request: { sysId: 'd71b3b41c0a8016700a8ef040791e72a', number: 'REQ0010001', shortDescription: 'New laptop for Fred Luddy', state: '1' },
  requestItem: { sysId: 'aeed229047801200e0ef563dbb9a71c2', number: 'RITM0010001', shortDescription: 'New laptop for Fred Luddy', state: '2' },
  catalogTask: { sysId: 'b2c1cd1cc0a8016400b5ba0a7d7d3d6e', number: 'SCTASK0010001', shortDescription: 'Prepare laptop for Fred Luddy', state: '1' },
} as const;

type Seeder = Pick<ServiceNowSim, 'addUser' | 'addGroup' | 'addComputer' | 'addTicket'>;

export function seedServiceNow(sim: Seeder, hasTeamViewerColumn: boolean): void {
  const { users, groups, computers, incidents, request, requestItem, catalogTask } = SERVICENOW_SEED;
  for (const u of Object.values(users)) sim.addUser({ sys_id: u.sysId, name: u.name, email: u.email, user_name: u.userName });
  sim.addGroup({ sys_id: groups.serviceDesk.sysId, name: groups.serviceDesk.name, email: 'servicedesk@example.com' });
  sim.addComputer({
    sys_id: computers.pcAbel.sysId,
    name: computers.pcAbel.name,
    serial_number: computers.pcAbel.serialNumber,
    assigned_to: users.abel.sysId,
    // An instance without the custom column (customFields override) simply has no TeamViewer IDs.
    ...(hasTeamViewerColumn ? { u_teamviewer_id: computers.pcAbel.teamViewerId } : {}),
  });
  sim.addComputer({ sys_id: computers.pcFred.sysId, name: computers.pcFred.name, serial_number: computers.pcFred.serialNumber, assigned_to: users.fred.sysId });

  const desk = groups.serviceDesk.sysId;
  const ticket = (t: { sysId: string; number: string; shortDescription: string; state: string }) => ({
    sys_id: t.sysId,
    number: t.number,
    short_description: t.shortDescription,
    state: t.state,
  });
  sim.addTicket({ table: 'incident', ...ticket(incidents.printer), caller: users.abel.sysId, assignedTo: users.beth.sysId, assignmentGroup: desk, ci: computers.pcAbel.sysId });
  sim.addTicket({ table: 'incident', ...ticket(incidents.vpn), caller: users.bow.sysId, assignmentGroup: desk });
  sim.addTicket({
    table: 'incident',
    ...ticket(incidents.outlook),
    caller: users.fred.sysId,
    assignedTo: users.beth.sysId,
    assignmentGroup: desk,
    fields: { close_code: 'Solved (Permanently)', close_notes: 'Password reset and cached credentials cleared.' },
  });
  sim.addTicket({ table: 'sc_request', ...ticket(request), requestedFor: users.fred.sysId, fields: { request_state: 'in_process', approval: 'approved' } });
  sim.addTicket({
    table: 'sc_req_item',
    ...ticket(requestItem),
    requestedFor: users.fred.sysId,
    assignedTo: users.beth.sysId,
    assignmentGroup: desk,
    ci: computers.pcFred.sysId,
    fields: { request: request.sysId, quantity: '1' },
  });
  sim.addTicket({
    table: 'sc_task',
    ...ticket(catalogTask),
    assignedTo: users.beth.sysId,
    assignmentGroup: desk,
    fields: { request: request.sysId, request_item: requestItem.sysId },
  });
}
