/**
 * The shared ITSM story (itsm-sim.ts) in Jira's numbers: service project SD with SD-1 (printer), SD-2 (vpn, Bow's
 * address hidden by his privacy settings) and SD-3 (laptop); a software issue OPS-7 outside any service project;
 * an Assets schema "IT Assets" with Computer objects PC-ABEL-01 and PC-FRED-01 and a Service object.
 */
import type { JiraSimState, SimStatus, SimUser } from './jira.state.js';

const status = (id: string, name: string, key: 'new' | 'indeterminate' | 'done'): SimStatus => ({
  id,
  name,
  category: { id: { new: 2, indeterminate: 4, done: 3 }[key], key, name: { new: 'To Do', indeterminate: 'In Progress', done: 'Done' }[key] },
});

export const JIRA_SEED = {
  workspaceId: '0d2ff0c4-7b6f-4d4c-9a9e-2c9d3b1e6a11',
  fields: {
    /** "Affected device": the Assets objects field the story's Computer objects are linked through. */
    device: 'customfield_10050',
    /** "Affected business service": a second Assets field (SD-2 links a Service object there, not a Computer). */
    service: 'customfield_10051',
    requestType: 'customfield_10010',
  },
  users: {
    abel: { accountId: 'qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3581db05e2a66fa80b0', displayName: 'Abel Tuter', email: 'abel.tuter@example.com', emailHidden: false, accountType: 'customer' },
    beth: { accountId: '5b10ac8d82e05b22cc7d4ef5', displayName: 'Beth Anglin', email: 'beth.anglin@example.com', emailHidden: false, accountType: 'atlassian' },
    fred: { accountId: 'qm:a713c8ea-1075-4e30-9d96-891a7d181739:6c1e9b2f4d7a3e0b8c5f1a22', displayName: 'Fred Luddy', email: 'fred.luddy@example.com', emailHidden: false, accountType: 'customer' },
    /** Address set to "only me" in his Atlassian profile: absent from every API answer. */
    bow: { accountId: 'qm:a713c8ea-1075-4e30-9d96-891a7d181739:7d2f0c3a5e8b4f1c9d6a2b33', displayName: 'Bow Ruggeri', email: 'bow.ruggeri@example.com', emailHidden: true, accountType: 'customer' },
  } satisfies Record<string, SimUser>,
  statuses: {
    waitingForSupport: status('10002', 'Waiting for support', 'indeterminate'),
    inProgress: status('3', 'In Progress', 'indeterminate'),
    toDo: status('10000', 'To Do', 'new'),
  },
  issues: {
    printer: { id: '10001', key: 'SD-1', summary: 'Printer offline on 3rd floor' },
    vpn: { id: '10002', key: 'SD-2', summary: 'VPN drops every few minutes' },
    laptop: { id: '10003', key: 'SD-3', summary: 'New laptop for Fred Luddy' },
    /** Software project issue: not a JSM request, so the JSM API answers 404 for it. */
    backup: { id: '10007', key: 'OPS-7', summary: 'Rotate backup tapes' },
  },
  objectTypes: { computer: '23', service: '24' },
  objects: {
    pcAbel: { id: '88', name: 'PC-ABEL-01', serial: 'SN-ABEL-0001', teamViewerId: '123456789' },
    pcFred: { id: '89', name: 'PC-FRED-01', serial: 'SN-FRED-0001' },
    vpnGateway: { id: '90', name: 'VPN Gateway' },
  },
} as const;

/** The integration account the bot signs in as (its e-mail is the JIRA_EMAIL setting). */
export function integrationUser(email: string): SimUser {
  return { accountId: '712020:5f3c2a1e-8b4d-4c6e-9a7f-0d1e2f3a4b5c', displayName: 'TeamViewer ChatOps', email, emailHidden: false, accountType: 'atlassian' };
}

export function seedJira(state: JiraSimState, opts: { assets: boolean; teamViewerAttribute: string | null; now: Date }): void {
  const { users, statuses, issues, fields, objects, objectTypes } = JIRA_SEED;
  for (const u of Object.values(users)) state.users.set(u.accountId, { ...u });
  const sd = { projectKey: 'SD', serviceDeskId: '1', created: new Date(opts.now.getTime() - 86_400_000) };
  const linked = (field: string, id: string) => (opts.assets ? { [field]: [id] } : {});
  state.issues.push(
    { ...issues.printer, ...sd, requestTypeId: '12', status: statuses.inProgress, reporterId: users.abel.accountId, assigneeId: users.beth.accountId, assets: linked(fields.device, objects.pcAbel.id) },
    { ...issues.vpn, ...sd, requestTypeId: '11', status: statuses.waitingForSupport, reporterId: users.bow.accountId, assets: linked(fields.service, objects.vpnGateway.id) },
    { ...issues.laptop, ...sd, requestTypeId: '13', status: statuses.inProgress, reporterId: users.fred.accountId, assigneeId: users.beth.accountId, assets: linked(fields.device, objects.pcFred.id) },
    { ...issues.backup, projectKey: 'OPS', status: statuses.toDo, reporterId: users.beth.accountId, assigneeId: users.beth.accountId, assets: {}, created: sd.created },
  );
  const comment = (issueId: string, authorId: string, text: string, isPublic: boolean) => {
    state.comments.push({
      id: String(state.next.comment++),
      issueId,
      authorId,
      text,
      public: isPublic,
      properties: isPublic ? [] : [{ key: 'sd.public.comment', value: { internal: true } }],
      created: sd.created,
      seeded: true,
    });
  };
  comment(issues.printer.id, users.abel.accountId, 'The printer on the 3rd floor shows "offline" since this morning.', true);
  comment(issues.printer.id, users.beth.accountId, 'Print server looks fine; will connect to the PC next.', false);
  comment(issues.laptop.id, users.beth.accountId, 'Your laptop is being prepared.', true);

  const sys = (id: string, name: string) => ({ id, name, system: true });
  state.objectTypes.set(objectTypes.computer, {
    id: objectTypes.computer,
    name: 'Computer',
    schemaId: '3',
    attributes: [
      sys('300', 'Key'),
      { id: '301', name: 'Name', label: true },
      sys('302', 'Created'),
      sys('303', 'Updated'),
      { id: '304', name: 'Serial Number' },
      ...(opts.teamViewerAttribute ? [{ id: '305', name: opts.teamViewerAttribute }] : []),
    ],
  });
  state.objectTypes.set(objectTypes.service, {
    id: objectTypes.service,
    name: 'Service',
    schemaId: '3',
    attributes: [sys('310', 'Key'), { id: '311', name: 'Name', label: true }, sys('312', 'Created'), sys('313', 'Updated'), { id: '314', name: 'Owner' }],
  });
  const object = (id: string, typeId: string, values: Array<[string, string | undefined]>) => {
    const map = new Map<string, string[]>();
    for (const [attr, v] of values) if (v !== undefined && (attr !== '305' || opts.teamViewerAttribute)) map.set(attr, [v]);
    state.objects.set(id, { id, objectKey: `${state.schemaKey}-${id}`, typeId, values: map, created: sd.created, updated: sd.created });
  };
  object(objects.pcAbel.id, objectTypes.computer, [['301', objects.pcAbel.name], ['304', objects.pcAbel.serial], ['305', objects.pcAbel.teamViewerId]]);
  object(objects.pcFred.id, objectTypes.computer, [['301', objects.pcFred.name], ['304', objects.pcFred.serial]]);
  object(objects.vpnGateway.id, objectTypes.service, [['311', objects.vpnGateway.name], ['314', 'Network team']]);
}
