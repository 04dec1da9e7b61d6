import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from './servicenow.seed.js';
import { startServiceNowSim, type ServiceNowSim } from './servicenow.simulator.js';

const AUTH = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
const { users, computers, incidents, requestItem, groups } = SERVICENOW_SEED;
let sim: ServiceNowSim;

type Row = Record<string, unknown>;

async function list(table: string, params: Record<string, string>) {
  const res = await fetch(`${sim.url}/api/now/table/${table}?${new URLSearchParams(params).toString()}`, { headers: { authorization: AUTH } });
  const body = (await res.json()) as { result: Row[] };
  return { status: res.status, headers: res.headers, result: body.result };
}

beforeAll(async () => {
  sim = await startServiceNowSim({ username: 'admin', password: 'admin' });
});
afterAll(() => sim.stop());

describe('lookup by number', () => {
  it('finds any task by number through the task parent table, with its class', async () => {
    const res = await list('task', { sysparm_query: 'number=RITM0010001', sysparm_fields: 'sys_id,sys_class_name,number', sysparm_limit: '1' });
    expect(res.result).toEqual([{ sys_id: requestItem.sysId, sys_class_name: 'sc_req_item', number: 'RITM0010001' }]);
  });

  it('returns 200 with an empty result when nothing matches', async () => {
    const res = await list('incident', { sysparm_query: 'number=INC9999999' });
    expect(res.status).toBe(200);
    expect(res.result).toEqual([]);
    expect(res.headers.get('x-total-count')).toBe('0');
  });

  it('shows only task columns through task', async () => {
    const res = await list('task', { sysparm_query: `number=${incidents.printer.number}` });
    expect(res.result[0]).toHaveProperty('assigned_to');
    expect(res.result[0]).not.toHaveProperty('caller_id');
  });
});

describe('display values and dot-walking', () => {
  const fields = 'sys_id,number,state,assigned_to.name,assigned_to.email,assignment_group.name,caller_id,caller_id.name,caller_id.email,cmdb_ci,cmdb_ci.name,cmdb_ci.sys_class_name';

  it('returns {display_value, value} pairs with display_value=all and no links when excluded', async () => {
    const res = await list('incident', {
      sysparm_query: `number=${incidents.printer.number}`,
      sysparm_fields: fields,
      sysparm_display_value: 'all',
      sysparm_exclude_reference_link: 'true',
    });
    expect(res.result[0]).toEqual({
      sys_id: { display_value: incidents.printer.sysId, value: incidents.printer.sysId },
      number: { display_value: 'INC0010001', value: 'INC0010001' },
      state: { display_value: 'In Progress', value: '2' },
      'assigned_to.name': { display_value: 'Beth Anglin', value: 'Beth Anglin' },
      'assigned_to.email': { display_value: 'beth.anglin@example.com', value: 'beth.anglin@example.com' },
      'assignment_group.name': { display_value: groups.serviceDesk.name, value: groups.serviceDesk.name },
      caller_id: { display_value: 'Abel Tuter', value: users.abel.sysId },
      'caller_id.name': { display_value: 'Abel Tuter', value: 'Abel Tuter' },
      'caller_id.email': { display_value: 'abel.tuter@example.com', value: 'abel.tuter@example.com' },
      cmdb_ci: { display_value: 'PC-ABEL-01', value: computers.pcAbel.sysId },
      'cmdb_ci.name': { display_value: 'PC-ABEL-01', value: 'PC-ABEL-01' },
      'cmdb_ci.sys_class_name': { display_value: 'Computer', value: 'cmdb_ci_computer' },
    });
  });

  it('adds links to references unless excluded', async () => {
    const params = { sysparm_query: `number=${incidents.printer.number}`, sysparm_fields: 'caller_id' };
    expect((await list('incident', params)).result[0]).toEqual({
      caller_id: { link: `${sim.url}/api/now/table/sys_user/${users.abel.sysId}`, value: users.abel.sysId },
    });
    expect((await list('incident', { ...params, sysparm_exclude_reference_link: 'true' })).result[0]).toEqual({ caller_id: users.abel.sysId });
    expect((await list('incident', { ...params, sysparm_display_value: 'true' })).result[0]).toEqual({
      caller_id: { display_value: 'Abel Tuter', link: `${sim.url}/api/now/table/sys_user/${users.abel.sysId}` },
    });
    const all = await list('incident', { ...params, sysparm_display_value: 'all' });
    expect(all.result[0]).toEqual({ caller_id: { display_value: 'Abel Tuter', link: `${sim.url}/api/now/table/sys_user/${users.abel.sysId}`, value: users.abel.sysId } });
  });

  it('gives labels with display_value=true and empty strings for empty references', async () => {
    const res = await list('incident', {
      sysparm_query: `number=${incidents.vpn.number}`,
      sysparm_fields: 'state,assigned_to,caller_id.email,cmdb_ci.name',
      sysparm_display_value: 'true',
    });
    expect(res.result[0]).toEqual({ state: 'New', assigned_to: '', 'caller_id.email': '', 'cmdb_ci.name': '' });
  });

  it('dot-walks in conditions', async () => {
    const res = await list('incident', { sysparm_query: 'caller_id.email=ABEL.TUTER@example.com', sysparm_fields: 'number' });
    expect(res.result).toEqual([{ number: 'INC0010001' }]);
  });

  it('reaches a computer column through cmdb_ci only with the ref_ downcast', async () => {
    const base = { sysparm_query: `number=${incidents.printer.number}` };
    const plain = await list('incident', { ...base, sysparm_fields: 'number,cmdb_ci.u_teamviewer_id' });
    expect(plain.result[0]).toEqual({ number: 'INC0010001' });
    const cast = await list('incident', { ...base, sysparm_fields: 'cmdb_ci.ref_cmdb_ci_computer.u_teamviewer_id' });
    expect(cast.result[0]).toEqual({ 'cmdb_ci.ref_cmdb_ci_computer.u_teamviewer_id': '123456789' });
  });

  it('reads the requester of an RITM through requested_for and request.requested_for', async () => {
    const res = await list('sc_req_item', {
      sysparm_query: 'number=ritm0010001',
      sysparm_fields: 'requested_for.email,request.number,request.requested_for.name',
    });
    expect(res.result[0]).toEqual({ 'requested_for.email': users.fred.email, 'request.number': 'REQ0010001', 'request.requested_for.name': 'Fred Luddy' });
  });
});

describe('queries', () => {
  it('supports OR, LIKE, STARTSWITH, != and ORDERBYDESC', async () => {
    const res = await list('incident', {
      sysparm_query: 'short_descriptionLIKEprinter^ORshort_descriptionSTARTSWITHoutlook^state!=7^ORDERBYDESCnumber',
      sysparm_fields: 'number',
    });
    expect(res.result).toEqual([{ number: 'INC0010003' }, { number: 'INC0010001' }]);
  });

  it('finds a computer by name, serial or asset tag', async () => {
    const res = await list('cmdb_ci_computer', { sysparm_query: 'name=nope^ORserial_number=SN-FRED-0001^ORasset_tag=nope', sysparm_fields: 'sys_id,name' });
    expect(res.result).toEqual([{ sys_id: computers.pcFred.sysId, name: 'PC-FRED-01' }]);
  });

  it('ignores conditions on unknown fields, widening the result', async () => {
    const res = await list('incident', { sysparm_query: 'u_ticket=INC0010001' });
    expect(res.result).toHaveLength(3);
  });

  it('returns nothing for unknown fields when the instance is configured to', async () => {
    const strict = await startServiceNowSim({ username: 'admin', password: 'admin', invalidQueryReturnsNoRows: true });
    try {
      const res = await fetch(`${strict.url}/api/now/table/task?sysparm_query=caller_id=x`, { headers: { authorization: AUTH } });
      expect(await res.json()).toEqual({ result: [] });
    } finally {
      await strict.stop();
    }
  });
});

describe('paging', () => {
  it('pages with limit and offset, X-Total-Count and Link rel=next', async () => {
    const first = await list('task', { sysparm_query: 'ORDERBYnumber', sysparm_fields: 'number', sysparm_limit: '4' });
    expect(first.headers.get('x-total-count')).toBe('6');
    expect(first.result.map((r) => r.number)).toEqual(['INC0010001', 'INC0010002', 'INC0010003', 'REQ0010001']);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain('rel="next"');
    const next = /<([^>]+)>;rel="next"/.exec(link)?.[1] ?? '';
    expect(new URL(next).searchParams.get('sysparm_offset')).toBe('4');
    const second = await fetch(next, { headers: { authorization: AUTH } });
    const body = (await second.json()) as { result: Row[] };
    expect(body.result.map((r) => r.number)).toEqual(['RITM0010001', 'SCTASK0010001']);
    expect(second.headers.get('link')).not.toContain('rel="next"');
  });

  it('suppresses the Link header on request', async () => {
    const res = await list('task', { sysparm_limit: '1', sysparm_suppress_pagination_header: 'true' });
    expect(res.headers.get('link')).toBeNull();
    expect(res.headers.get('x-total-count')).toBe('6');
  });
});

describe('single record', () => {
  it('reads one row by sys_id, also through a parent table', async () => {
    const res = await fetch(`${sim.url}/api/now/table/cmdb_ci/${computers.pcAbel.sysId}?sysparm_display_value=all`, { headers: { authorization: AUTH } });
    const { result } = (await res.json()) as { result: Record<string, { display_value: string }> };
    expect(result.name?.display_value).toBe('PC-ABEL-01');
    expect(result.assigned_to?.display_value).toBe('Abel Tuter');
    expect(result).not.toHaveProperty('u_teamviewer_id');
  });

  it('writes the TeamViewer ID onto the computer', async () => {
    const res = await fetch(`${sim.url}/api/now/table/cmdb_ci_computer/${computers.pcFred.sysId}`, {
      method: 'PATCH',
      headers: { authorization: AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ u_teamviewer_id: '987654321' }),
    });
    expect(((await res.json()) as { result: Row }).result.u_teamviewer_id).toBe('987654321');
  });
});
