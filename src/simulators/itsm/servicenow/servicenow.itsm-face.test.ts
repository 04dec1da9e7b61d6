import { afterEach, describe, expect, it } from 'vitest';
import { ITSM_STORY } from '../itsm-sim.js';
import { SERVICENOW_ITSM_CREDENTIALS, startServiceNowItsmSim, type ServiceNowSim } from './servicenow.simulator.js';

let sim: ServiceNowSim;
afterEach(() => sim.stop());

const auth = (password: string = SERVICENOW_ITSM_CREDENTIALS.password) => `Basic ${Buffer.from(`${SERVICENOW_ITSM_CREDENTIALS.username}:${password}`).toString('base64')}`;

async function call(path: string, init: { method?: string; body?: unknown; password?: string } = {}) {
  const res = await fetch(`${sim.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { accept: 'application/json', authorization: auth(init.password), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as { result: Record<string, unknown> & Array<Record<string, unknown>> } };
}

describe('the common ITSM face', () => {
  it('points the bot at itself and numbers the shared story in ServiceNow terms', async () => {
    sim = await startServiceNowItsmSim();
    expect(sim.kind).toBe('servicenow');
    expect(sim.env).toEqual({ ITSM_PROVIDER: 'servicenow', SERVICENOW_URL: sim.url, SERVICENOW_USERNAME: 'chatops.integration', SERVICENOW_PASSWORD: SERVICENOW_ITSM_CREDENTIALS.password });
    expect(sim.numbers).toEqual({ printer: 'INC0010001', vpn: 'INC0010002', laptop: 'RITM0010001', unknown: 'INC0099999', malformed: 'INC12' });
    expect(sim.findTicket(sim.numbers.printer)?.short_description).toBe(ITSM_STORY.titles.printer);
    expect(sim.findTicket(sim.numbers.vpn)?.short_description).toBe(ITSM_STORY.titles.vpn);
    expect(sim.findTicket(sim.numbers.laptop)?.short_description).toBe(ITSM_STORY.titles.laptop);
    expect(sim.findTicket(sim.numbers.unknown)).toBeUndefined();
  });

  it('reads work notes as internal and comments as public notes', async () => {
    sim = await startServiceNowItsmSim();
    const ritm = sim.findTicket('RITM0010001')?.sys_id ?? '';
    await call(`/api/now/table/sc_req_item/${ritm}`, { method: 'PATCH', body: { work_notes: 'internal one', comments: 'for the customer' } });
    expect(sim.internalNotes('ritm0010001')).toEqual(['internal one']);
    expect(sim.publicNotes('RITM0010001')).toEqual(['for the customer']);
    expect(sim.internalNotes('INC0099999')).toEqual([]);
  });

  it('keeps assets and their TeamViewer IDs, case-insensitively by name', async () => {
    sim = await startServiceNowItsmSim();
    expect(sim.assetTeamViewerId('pc-abel-01')).toBe(ITSM_STORY.assets.pcAbel.teamViewerId);
    expect(sim.assetTeamViewerId(ITSM_STORY.assets.pcFred.name)).toBe('');
    expect(sim.assetTeamViewerId('NOPE')).toBeUndefined();
    sim.addAsset('PC-NEW-01', '555000111');
    sim.addAsset('PC-NEW-02');
    expect(sim.assetTeamViewerId('PC-NEW-01')).toBe('555000111');
    expect(sim.assetTeamViewerId('PC-NEW-02')).toBe('');
  });

  it('adds assets on an instance without the TeamViewer column, which then has no IDs', async () => {
    sim = await startServiceNowItsmSim({ customFields: {} });
    sim.addAsset('PC-NEW-01', '555000111');
    expect(sim.assetTeamViewerId('PC-NEW-01')).toBe('');
  });

  it('rotates the password on revokeCredentials; expireTokens changes nothing for basic auth', async () => {
    sim = await startServiceNowItsmSim();
    sim.expireTokens();
    expect((await call('/api/now/table/incident?sysparm_limit=1')).status).toBe(200);
    sim.revokeCredentials();
    expect((await call('/api/now/table/incident?sysparm_limit=1')).status).toBe(401);
    expect(sim.env.SERVICENOW_PASSWORD).toBe(SERVICENOW_ITSM_CREDENTIALS.password);
  });

  it('names the work-note write for faults: a PATCH of a task record, not of a CI', async () => {
    sim = await startServiceNowItsmSim();
    const path = sim.journalWrite.path as RegExp;
    expect(sim.journalWrite.method).toBe('PATCH');
    expect(path.test(`/api/now/table/incident/${'a'.repeat(32)}`)).toBe(true);
    expect(path.test(`/api/now/v2/table/sc_req_item/${'b'.repeat(32)}`)).toBe(true);
    expect(path.test(`/api/now/table/cmdb_ci_computer/${'a'.repeat(32)}`)).toBe(false);
  });
});

describe('paging', () => {
  it('caps pages at maxPageSize and says where the next one starts', async () => {
    sim = await startServiceNowItsmSim({ maxPageSize: 2 });
    for (let i = 0; i < 3; i++) sim.addAsset(`BULK-${i}`);
    const res = await call('/api/now/table/cmdb_ci_computer?sysparm_query=nameSTARTSWITHBULK&sysparm_fields=name&sysparm_limit=100');
    expect(res.body.result).toEqual([{ name: 'BULK-0' }, { name: 'BULK-1' }]);
    expect(res.headers.get('x-total-count')).toBe('3');
    const next = /<([^>]+)>;rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? '';
    expect(new URL(next).searchParams.get('sysparm_offset')).toBe('2');
    expect(new URL(next).searchParams.get('sysparm_limit')).toBe('2');
    const last = await call(`/api/now/table/cmdb_ci_computer?sysparm_query=nameSTARTSWITHBULK&sysparm_fields=name&sysparm_limit=100&sysparm_offset=2`);
    expect(last.body.result).toEqual([{ name: 'BULK-2' }]);
    expect(last.headers.get('link')).not.toContain('rel="next"');
  });
});

describe('journal fields in answers', () => {
  it('shows the journal history as display value when work_notes is asked for, and not a dropped note', async () => {
    sim = await startServiceNowItsmSim();
    const inc = sim.findTicket('INC0010001')?.sys_id ?? '';
    const q = 'sysparm_display_value=true&sysparm_fields=sys_id,work_notes';
    const first = await call(`/api/now/table/incident/${inc}?${q}`, { method: 'PATCH', body: { work_notes: 'first note' } });
    expect(first.body.result.work_notes).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d - chatops\.integration \(Work notes\)\nfirst note\n\n$/);
    sim.denyFieldWrite('incident', 'work_notes');
    const dropped = await call(`/api/now/table/incident/${inc}?${q}`, { method: 'PATCH', body: { work_notes: 'second note' } });
    expect(dropped.status).toBe(200);
    expect(dropped.body.result.work_notes).not.toContain('second note');
    const raw = await call(`/api/now/table/incident/${inc}?sysparm_fields=work_notes,comments`);
    expect(raw.body.result).toEqual({ work_notes: '', comments: '' });
  });
});
