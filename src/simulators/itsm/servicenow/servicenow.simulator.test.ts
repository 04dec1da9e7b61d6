import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SERVICENOW_SEED } from './servicenow.seed.js';
import { startServiceNowSim, type ServiceNowSim } from './servicenow.simulator.js';

const AUTH = `Basic ${Buffer.from('svc.teamviewer:s3cret').toString('base64')}`;
let now = new Date('2025-03-04T05:06:07Z');
let sim: ServiceNowSim;

async function call(path: string, init: { method?: string; body?: unknown; auth?: string | null } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.auth !== null) headers.authorization = init.auth ?? AUTH;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.url}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
}

const printer = SERVICENOW_SEED.incidents.printer;

beforeEach(async () => {
  now = new Date('2025-03-04T05:06:07Z');
  sim = await startServiceNowSim({ username: 'svc.teamviewer', password: 's3cret', clock: { now: () => now } });
});
afterEach(() => sim.stop());

describe('authentication', () => {
  it.each([null, 'Basic ' + Buffer.from('svc.teamviewer:wrong').toString('base64'), 'Bearer abc'])('rejects %s with 401', async (auth) => {
    const res = await call('/api/now/table/incident', { auth });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' });
  });
});

describe('errors', () => {
  it('answers 400 for an unknown table', async () => {
    const res = await call('/api/now/table/u_nope');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { message: 'Invalid table u_nope', detail: null }, status: 'failure' });
  });

  it('answers 404 for an unknown sys_id, on read and on update', async () => {
    const expected = { error: { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" }, status: 'failure' };
    expect((await call('/api/now/table/incident/0123456789abcdef0123456789abcdef')).body).toEqual(expected);
    const patched = await call('/api/now/table/incident/0123456789abcdef0123456789abcdef', { method: 'PATCH', body: { work_notes: 'x' } });
    expect(patched.status).toBe(404);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await call(`/api/now/table/incident/${printer.sysId}`, { method: 'PATCH', body: 'work_notes=x' });
    expect(res.status).toBe(400);
  });
});

describe('journal fields', () => {
  it('stores work_notes as sys_journal_field rows, not on the record', async () => {
    const res = await call(`/api/now/table/incident/${printer.sysId}`, { method: 'PATCH', body: { work_notes: 'Beth Anglin: session s123 created' } });
    expect(res.status).toBe(200);
    const result = res.body.result as Record<string, unknown>;
    expect(result.work_notes).toBeUndefined();
    expect(result.sys_mod_count).toBe('1');
    expect(sim.workNotes(printer.sysId)).toEqual([
      { value: 'Beth Anglin: session s123 created', sys_created_by: 'svc.teamviewer', sys_created_on: '2025-03-04 05:06:07' },
    ]);
    expect(sim.comments(printer.sysId)).toEqual([]);
  });

  it('lists journal rows newest first through the Table API', async () => {
    await call(`/api/now/table/incident/${printer.sysId}`, { method: 'PUT', body: { work_notes: 'first' } });
    now = new Date('2025-03-04T05:07:00Z');
    await call(`/api/now/table/incident/${printer.sysId}`, { method: 'PATCH', body: { work_notes: 'second', comments: 'visible' } });
    const q = encodeURIComponent(`element_id=${printer.sysId}^element=work_notes^ORDERBYDESCsys_created_on`);
    const res = await call(`/api/now/table/sys_journal_field?sysparm_query=${q}&sysparm_fields=value,sys_created_by,sys_created_on`);
    expect(res.body.result).toEqual([
      { value: 'second', sys_created_by: 'svc.teamviewer', sys_created_on: '2025-03-04 05:07:00' },
      { value: 'first', sys_created_by: 'svc.teamviewer', sys_created_on: '2025-03-04 05:06:07' },
    ]);
    expect(sim.comments(printer.sysId).map((c) => c.value)).toEqual(['visible']);
  });

  it('ignores empty journal input, unknown and system fields', async () => {
    const res = await call(`/api/now/table/incident/${printer.sysId}`, { method: 'PATCH', body: { work_notes: '  ', u_missing: 'x', sys_id: 'x', state: 3 } });
    expect(res.status).toBe(200);
    const result = res.body.result as Record<string, unknown>;
    expect(result).toMatchObject({ sys_id: printer.sysId, state: '3' });
    expect(result.u_missing).toBeUndefined();
    expect(sim.workNotes(printer.sysId)).toEqual([]);
  });
});

describe('ACLs', () => {
  it('denyAcl write answers 403 with the ACL exception body', async () => {
    sim.denyAcl('incident', 'write');
    const res = await call(`/api/now/table/incident/${printer.sysId}`, { method: 'PATCH', body: { work_notes: 'x' } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { message: 'Operation Failed', detail: 'ACL Exception Update Failed due to security constraints' }, status: 'failure' });
    expect(sim.workNotes(printer.sysId)).toEqual([]);
    sim.allowAcl('incident', 'write');
    expect((await call(`/api/now/table/incident/${printer.sysId}`, { method: 'PATCH', body: { work_notes: 'x' } })).status).toBe(200);
  });

  it('denyAcl read answers 403 on the table and hides its rows behind parent tables', async () => {
    sim.denyAcl('incident', 'read');
    expect((await call('/api/now/table/incident')).status).toBe(403);
    expect((await call(`/api/now/table/task/${printer.sysId}`)).status).toBe(404);
    const tasks = await call('/api/now/table/task?sysparm_fields=sys_class_name');
    expect((tasks.body.result as Array<Record<string, string>>).map((r) => r.sys_class_name)).not.toContain('incident');
  });

  it('denyFieldWrite drops the work note silently with 200', async () => {
    sim.denyFieldWrite('task', 'work_notes');
    const res = await call(`/api/now/table/incident/${printer.sysId}`, { method: 'PATCH', body: { work_notes: 'lost' } });
    expect(res.status).toBe(200);
    expect(sim.workNotes(printer.sysId)).toEqual([]);
  });
});

describe('faults', () => {
  it('rateLimit answers 429 with Retry-After and X-RateLimit headers, then recovers', async () => {
    sim.rateLimit(1, 30);
    const limited = await call('/api/now/table/task?sysparm_limit=1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('30');
    expect(limited.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(limited.headers.get('x-ratelimit-reset')).toBe(String(Math.floor(now.getTime() / 1000) + 30));
    expect(limited.headers.get('x-ratelimit-rule')).toMatch(/^[0-9a-f]{32}$/);
    expect(limited.body).toMatchObject({ error: { message: 'Too Many Requests' }, status: 'failure' });
    expect((await call('/api/now/table/task?sysparm_limit=1')).status).toBe(200);
  });

  it('passes the kit faults through, recording every request', async () => {
    sim.fail({ path: '/api/now/table/incident', status: 503, retryAfterSeconds: 2 });
    expect((await call('/api/now/table/incident')).status).toBe(503);
    expect((await call('/api/now/table/incident')).status).toBe(200);
    expect(sim.requests.map((r) => r.path)).toEqual(['/api/now/table/incident', '/api/now/table/incident']);
  });
});

describe('helpers and seed', () => {
  it('seeds the documented facts', () => {
    const inc = sim.findTicket('inc0010001');
    expect(inc).toMatchObject({ sys_id: printer.sysId, caller_id: SERVICENOW_SEED.users.abel.sysId, cmdb_ci: SERVICENOW_SEED.computers.pcAbel.sysId });
    expect(sim.findTicket('RITM0010001')?.requested_for).toBe(SERVICENOW_SEED.users.fred.sysId);
    expect(sim.state.tables.get('cmdb_ci_computer')?.find((c) => c.name === 'PC-ABEL-01')?.u_teamviewer_id).toBe('123456789');
  });

  it('numbers new tickets per table after the seed', () => {
    const user = sim.addUser({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(user.user_name).toBe('ada.lovelace');
    expect(sim.addTicket({ table: 'incident', short_description: 'x', caller: user.sys_id }).number).toBe('INC0010004');
    expect(sim.addTicket({ table: 'change_request', short_description: 'x' })).toMatchObject({ number: 'CHG0010001', state: '-5' });
    expect(sim.addTicket({ table: 'sc_task', short_description: 'x' }).number).toBe('SCTASK0010002');
  });

  it('rejects helper fields the table does not have', () => {
    expect(() => sim.addTicket({ table: 'problem', short_description: 'x', caller: 'abc' })).toThrow(/problem has no column caller_id/);
  });

  it('starts empty without seed and without the custom TeamViewer column when told', async () => {
    const bare = await startServiceNowSim({ username: 'u', password: 'p', seed: false, customFields: {} });
    try {
      expect(bare.findTicket('INC0010001')).toBeUndefined();
      expect(() => bare.addComputer({ name: 'PC-1', u_teamviewer_id: '1' })).toThrow(/u_teamviewer_id/);
      expect(bare.addTicket({ table: 'incident', short_description: 'first' }).number).toBe('INC0010001');
    } finally {
      await bare.stop();
    }
  });

  it('stores attachments uploaded through the Attachment API', async () => {
    const res = await fetch(`${sim.url}/api/now/attachment/file?table_name=incident&table_sys_id=${printer.sysId}&file_name=session.log`, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'text/plain' },
      body: 'connected 10:00\ndisconnected 10:12\n',
    });
    expect(res.status).toBe(201);
    const { result } = (await res.json()) as { result: Record<string, string> };
    expect(result).toMatchObject({ file_name: 'session.log', table_name: 'incident', size_bytes: '35' });
    expect(sim.attachments(printer.sysId).map((a) => a.content.toString())).toEqual(['connected 10:00\ndisconnected 10:12\n']);
    const file = await fetch(result.download_link ?? '', { headers: { authorization: AUTH } });
    expect(await file.text()).toBe('connected 10:00\ndisconnected 10:12\n');
  });
});
