import { describe, expect, it } from 'vitest';
import type { TicketNumber, TicketRef } from '../../core/domain/ticket.js';
import { codeOf, errorOf, f, instance } from './servicenow.test-helper.js';
import { journalMarker } from './servicenow.mapping.js';

const INC_ID = '9c573169c611228700193229fff72400';
const CI_ID = 'a9c0c8d2c6112276018f7705562f9cb0';

const incidentRow = (extra: Record<string, unknown> = {}) => ({
  sys_id: f(INC_ID),
  number: f('INC0010001'),
  short_description: f('Printer offline on 3rd floor'),
  state: f('2', 'In Progress'),
  'caller_id.name': f('Abel Tuter'),
  'caller_id.email': f('abel.tuter@example.com'),
  'assigned_to.name': f('Beth Anglin'),
  'cmdb_ci': f(CI_ID, 'PC-ABEL-01'),
  'cmdb_ci.name': f('PC-ABEL-01'),
  'cmdb_ci.sys_class_name': f('cmdb_ci_computer', 'Computer'),
  ...extra,
});
const num = (s: string) => s as TicketNumber;
const ref: TicketRef = { system: 'servicenow', id: INC_ID, number: num('INC0010001'), kind: 'incident' };

describe('ticket numbers', () => {
  it('normalises case, # and blanks, and refuses anything outside the pattern without a request', () => {
    const { connector, calls } = instance(() => ({ status: 500 }));
    expect(connector.parseTicketNumber(' #inc0010001 ')).toBe('INC0010001');
    for (const bad of ['INC12', 'INC0010001^ORnumberISNOTEMPTY', 'INC001\n0001', 'javascript:gs.getUserID()', 'FOO0010001']) {
      expect(connector.parseTicketNumber(bad)).toBeUndefined();
    }
    expect(calls).toEqual([]);
  });
});

describe('getTicket', () => {
  it('reads an incident in one request with dot-walked people and CI, TeamViewer ID through the computer downcast', async () => {
    const { connector, calls } = instance(() => ({ status: 200, json: { result: [incidentRow({ 'cmdb_ci.ref_cmdb_ci_computer.u_teamviewer_id': f('123 456 789') })] } }));
    const t = await connector.getTicket(num('INC0010001'));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe('/api/now/table/incident');
    expect(Object.fromEntries(calls[0]!.query)).toEqual({
      sysparm_display_value: 'all',
      sysparm_exclude_reference_link: 'true',
      sysparm_query: 'number=INC0010001',
      sysparm_fields:
        'sys_id,number,short_description,state,sys_class_name,caller_id.name,caller_id.email,caller_id.sys_id,assigned_to.name,assigned_to.email,assigned_to.sys_id,assignment_group.name,cmdb_ci,cmdb_ci.name,cmdb_ci.sys_class_name,cmdb_ci.u_teamviewer_id,cmdb_ci.ref_cmdb_ci_computer.u_teamviewer_id',
      sysparm_limit: '1',
    });
    expect(t).toMatchObject({
      ref: { system: 'servicenow', id: INC_ID, number: 'INC0010001', kind: 'incident' },
      title: 'Printer offline on 3rd floor',
      state: { code: '2', label: 'In Progress' },
      requester: { name: 'Abel Tuter', email: 'abel.tuter@example.com' },
      assignee: { name: 'Beth Anglin' },
      asset: { ref: { system: 'servicenow', id: CI_ID, type: 'cmdb_ci_computer' }, name: 'PC-ABEL-01', teamViewerId: '123456789' },
    });
  });

  it('still resolves the ticket when the instance has no TeamViewer column (the dot-walks come back absent)', async () => {
    const { connector } = instance(() => ({ status: 200, json: { result: [incidentRow()] } }));
    const t = await connector.getTicket(num('INC0010001'));
    expect(t?.asset).toEqual({ ref: { system: 'servicenow', id: CI_ID, type: 'cmdb_ci_computer' }, name: 'PC-ABEL-01' });
  });

  it('takes an RITM requester from request.requested_for when requested_for is empty', async () => {
    const row = { sys_id: f('r1'), number: f('RITM0010001'), short_description: f('New laptop'), 'requested_for.name': f(''), 'request.requested_for.name': f('Fred Luddy'), 'request.requested_for.email': f('fred.luddy@example.com') };
    const { connector, calls } = instance(() => ({ status: 200, json: { result: [row] } }));
    const t = await connector.getTicket(num('RITM0010001'));
    expect(calls[0]!.path).toBe('/api/now/table/sc_req_item');
    expect(calls[0]!.query.get('sysparm_fields')).toContain('request.requested_for.email');
    expect(t?.requester).toEqual({ name: 'Fred Luddy', email: 'fred.luddy@example.com' });
  });

  it('finds the class of an unknown prefix through the task table first', async () => {
    const { connector, calls } = instance((c) =>
      c.path === '/api/now/table/task'
        ? { status: 200, json: { result: [{ sys_id: f('c1'), sys_class_name: f('change_task', 'Change Task'), number: f('CTASK0010001') }] } }
        : { status: 200, json: { result: [{ sys_id: f('c1'), number: f('CTASK0010001'), short_description: f('Swap the disk') }] } },
    );
    const t = await connector.getTicket(num('CTASK0010001'));
    expect(calls.map((c) => `${c.path}?${c.query.get('sysparm_query')}`)).toEqual(['/api/now/table/task?number=CTASK0010001', '/api/now/table/change_task?number=CTASK0010001']);
    expect(calls[0]!.query.get('sysparm_fields')).toBe('sys_id,sys_class_name,number');
    expect(t?.ref.kind).toBe('change_task');
  });

  it('answers undefined for an empty result (ServiceNow never answers 404 to a query)', async () => {
    const { connector } = instance(() => ({ status: 200, json: { result: [] } }));
    expect(await connector.getTicket(num('INC0099999'))).toBeUndefined();
  });

  it('refuses a number carrying query syntax even when it skipped parseTicketNumber, before any request', async () => {
    const { connector, calls } = instance(() => ({ status: 200, json: { result: [] } }));
    expect(await codeOf(connector.getTicket(num('INC0010001^ORnumberISNOTEMPTY')))).toBe('command.invalid_args');
    expect(await codeOf(connector.getTicket(num('javascript:gs.getUserID()')))).toBe('command.invalid_args');
    expect(calls).toEqual([]);
  });

  it('treats a 200 without a result list as an invalid answer', async () => {
    const { connector } = instance(() => ({ status: 200, json: { status: 'ok' } }));
    expect(await codeOf(connector.getTicket(num('INC0010001')))).toBe('itsm.invalid_response');
  });

  it('says what to check on 401 and 403', async () => {
    const denied = await errorOf(instance(() => ({ status: 401, json: { error: { message: 'User Not Authenticated' }, status: 'failure' } })).connector.getTicket(num('INC0010001')));
    expect(denied).toMatchObject({ code: 'itsm.auth_failed' });
    expect(denied.publicMessage).toContain('SERVICENOW_USERNAME and SERVICENOW_PASSWORD');
    const acl = await errorOf(instance(() => ({ status: 403, json: { error: { message: 'Operation Failed' }, status: 'failure' } })).connector.getTicket(num('INC0010001')));
    expect(acl).toMatchObject({ code: 'itsm.forbidden' });
    expect(acl.publicMessage).toMatch(/read the ticket.*itil/);
  });
});

describe('addJournalEntry', () => {
  const entry = { text: '[TeamViewer] Beth Anglin started session s123-456-789.', author: { name: 'Beth Anglin' }, dedupeKey: 'outbox-1' };
  const marker = journalMarker('outbox-1');
  const history = (withMarker: boolean) => ({ status: 200, json: { result: { sys_id: INC_ID, work_notes: withMarker ? `2025-03-04 05:06:07 - Chatops (Work notes)\n${entry.text}\n(${marker})\n\n` : '' } } });

  it('PATCHes work_notes (never comments) with the marker and asks for the journal back', async () => {
    const { connector, calls } = instance(() => history(true));
    await connector.addJournalEntry(ref, entry);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'PATCH', path: `/api/now/table/incident/${INC_ID}`, body: { work_notes: `${entry.text}\n(${marker})` } });
    expect(Object.fromEntries(calls[0]!.query)).toEqual({ sysparm_display_value: 'true', sysparm_fields: 'sys_id,work_notes' });
    expect(marker).toMatch(/^tvc:[0-9a-f]{16}$/);
  });

  it('reports a note dropped by a field-level write ACL (200, not in the journal) as forbidden', async () => {
    const { connector, calls } = instance((c) => (c.method === 'PATCH' ? history(false) : { status: 200, json: { result: [] } }));
    const err = await errorOf(connector.addJournalEntry(ref, entry));
    expect(err).toMatchObject({ code: 'itsm.forbidden' });
    expect(err.publicMessage).toContain('incident.work_notes');
    expect(calls[1]!.path).toBe('/api/now/table/sys_journal_field');
    expect(calls[1]!.query.get('sysparm_query')).toBe(`element_id=${INC_ID}^element=work_notes^valueLIKE${marker}`);
  });

  it('accepts a note the answer does not show when the journal has it', async () => {
    const { connector } = instance((c) => (c.method === 'PATCH' ? { status: 200, json: { result: { sys_id: INC_ID } } } : { status: 200, json: { result: [{ sys_id: f('j1') }] } }));
    expect(await codeOf(connector.addJournalEntry(ref, entry))).toBe('resolved');
  });

  it('after a lost answer finds the note instead of writing it again, also when the same key comes back', async () => {
    const { connector, calls } = instance((c) => (c.method === 'PATCH' ? { status: 503 } : { status: 200, json: { result: [{ sys_id: f('j1') }] } }));
    await connector.addJournalEntry(ref, entry);
    await connector.addJournalEntry(ref, entry);
    expect(calls.map((c) => c.method)).toEqual(['PATCH', 'GET']);
  });

  it('never repeats the PATCH by itself, and looks before writing again after an unresolved failure', async () => {
    let patches = 0;
    const { connector, calls } = instance((c) => (c.method === 'PATCH' ? (++patches === 1 ? { status: 502 } : history(true)) : { status: 200, json: { result: [] } }));
    expect(await codeOf(connector.addJournalEntry(ref, entry))).toBe('itsm.unavailable');
    expect(calls.map((c) => c.method)).toEqual(['PATCH', 'GET']);
    await connector.addJournalEntry(ref, entry);
    expect(calls.map((c) => c.method)).toEqual(['PATCH', 'GET', 'GET', 'PATCH']);
  });

  it('writes again after an unresolved failure when the journal cannot be read at all (403)', async () => {
    let patches = 0;
    const { connector, calls } = instance((c) => (c.method === 'PATCH' ? (++patches === 1 ? { status: 503 } : history(true)) : { status: 403 }));
    expect(await codeOf(connector.addJournalEntry(ref, entry))).toBe('itsm.unavailable');
    await connector.addJournalEntry(ref, entry);
    expect(calls.map((c) => c.method)).toEqual(['PATCH', 'GET', 'GET', 'PATCH']);
  });

  it('turns a 404 into not_found and a 403 into forbidden naming work notes, without retrying', async () => {
    expect(await codeOf(instance(() => ({ status: 404 })).connector.addJournalEntry(ref, entry))).toBe('itsm.not_found');
    const { connector, calls } = instance(() => ({ status: 403 }));
    const err = await errorOf(connector.addJournalEntry(ref, entry));
    expect(err.publicMessage).toContain('write a work note');
    expect(calls).toHaveLength(1);
  });
});

describe('healthCheck', () => {
  it('reports tickets and the TeamViewer column separately', async () => {
    const ok = await instance(() => ({ status: 200, json: { result: [{ sys_id: f('x'), u_teamviewer_id: f('') }] } })).connector.healthCheck();
    expect(ok).toMatchObject({ ok: true, checks: [{ name: 'tickets', ok: true }, { name: 'assets', ok: true }] });
    const noColumn = await instance(() => ({ status: 200, json: { result: [{ sys_id: f('x') }] } })).connector.healthCheck();
    expect(noColumn.ok).toBe(true);
    expect(noColumn.checks?.[1]).toMatchObject({ name: 'assets', ok: false });
    expect(noColumn.detail).toContain('u_teamviewer_id');
  });

  it('fails with the credentials message on 401 and does not go on to the assets', async () => {
    const { connector, calls } = instance(() => ({ status: 401 }));
    const h = await connector.healthCheck();
    expect(h).toMatchObject({ ok: false, checks: [{ name: 'tickets', ok: false }] });
    expect(h.detail).toMatch(/rejected the bot's credentials/);
    expect(calls).toHaveLength(1);
  });
});
