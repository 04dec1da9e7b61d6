import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ITSM_STORY } from '../itsm-sim.js';
import { startCherwellSim, type CherwellSim } from './cherwell.simulator.js';
import { client, signIn, valuesOf, type Answer, type Call, type Rec, type Schema, type SearchResults, type Summary } from './cherwell.test-helper.js';

let sim: CherwellSim;
let call: Call;

beforeEach(async () => {
  sim = await startCherwellSim({ pageSize: 3 });
  const token = await signIn(sim);
  call = client(sim, () => token);
});
afterEach(() => sim.stop());

const busObId = async (name: string): Promise<string> => String((await call<Summary[]>('GET', `getbusinessobjectsummary/busobname/${name}`)).body[0]?.busObId);

describe('summaries and schema', () => {
  it('names BOs by busObId, groups with their members', async () => {
    const incident = await call('GET', 'getbusinessobjectsummary/busobname/incident');
    expect(incident.body).toEqual([expect.objectContaining({ name: 'Incident', major: true, group: false })]);
    expect(await busObId('Incident')).toMatch(/^[0-9a-f]{32}$/);
    const journal = (await call<Summary[]>('GET', 'getbusinessobjectsummary/busobname/Journal')).body[0];
    expect(journal?.group).toBe(true);
    expect(journal?.groupSummaries.map((s) => s.displayName)).toContain('Journal - Note');
    expect((await call<Summary[]>('GET', 'getbusinessobjectsummary/busobname/ConfigComputer')).body[0]?.displayName).toBe('Config - Computer');
    expect((await call('GET', 'getbusinessobjectsummary/busobname/NoSuchThing')).body).toEqual([]);
    const all = (await call<Summary[]>('GET', 'getbusinessobjectsummaries/type/All')).body;
    expect(all.find((s) => s.name === 'ConfigurationItem')?.groupSummaries.map((m) => m.name)).toEqual(['ConfigComputer', 'ConfigServer']);
  });

  it('gives full field ids, and relationships only when asked', async () => {
    const id = await busObId('Incident');
    const plain = (await call<Schema>('GET', `getbusinessobjectschema/busobid/${id}`)).body;
    expect(plain.relationships).toEqual([]);
    expect(plain.fieldDefinitions.find((f) => f.name === 'ShortDescription')?.fieldId).toMatch(new RegExp(`^BO:${id},FI:[0-9a-f]{32}$`));
    const full = (await call<Schema>('GET', `getbusinessobjectschema/busobid/${id}?includerelationships=true`)).body;
    expect(full.relationships.map((r) => r.displayName)).toContain('Incident Owns Journals');
    sim.dropRelationship('Incident Owns Journals');
    const dropped = (await call<Schema>('GET', `getbusinessobjectschema/busobid/${id}?includerelationships=true`)).body;
    expect(dropped.relationships.map((r) => r.displayName)).not.toContain('Incident Owns Journals');
  });

  it('uses different ids on every instance', async () => {
    const other = await startCherwellSim();
    try {
      const token = await signIn(other);
      const theirs = (await client(other, () => token)<Summary[]>('GET', 'getbusinessobjectsummary/busobname/Incident')).body[0]?.busObId;
      expect(theirs).not.toBe(await busObId('Incident'));
    } finally {
      await other.stop();
    }
  });

  it('has no TeamViewer field when the option says nobody added it', async () => {
    const bare = await startCherwellSim({ withTeamViewerField: false });
    try {
      const token = await signIn(bare);
      const c = client(bare, () => token);
      const id = (await c<Summary[]>('GET', 'getbusinessobjectsummary/busobname/ConfigComputer')).body[0]?.busObId ?? '';
      const names = (await c<Schema>('GET', `getbusinessobjectschema/busobid/${id}`)).body.fieldDefinitions.map((f) => f.name);
      expect(names).toContain('HostName');
      expect(names).not.toContain('TeamViewerID');
      expect(bare.assetTeamViewerId('PC-ABEL-01')).toBe('');
    } finally {
      await bare.stop();
    }
  });
});

describe('records', () => {
  it('reads an incident by public id and the linked records by RecID', async () => {
    const id = await busObId('Incident');
    const inc = (await call<Rec>('GET', `getbusinessobject/busobid/${id}/publicid/10216`)).body;
    expect(inc).toMatchObject({ busObId: id, busObPublicId: '10216', hasError: false });
    const v = valuesOf(inc);
    expect(v).toMatchObject({ ShortDescription: ITSM_STORY.titles.printer, Status: 'In Progress', OwnedBy: 'Beth Anglin', CustomerDisplayName: 'Abel Tuter' });
    const customer = valuesOf((await call<Rec>('GET', `getbusinessobject/busobid/${v.CustomerTypeID}/busobrecid/${v.CustomerRecID}`)).body);
    expect(customer.Email).toBe('abel.tuter@example.com');
    const ci = valuesOf((await call<Rec>('GET', `getbusinessobject/busobid/${v.ConfigItemTypeID}/busobrecid/${v.ConfigItemRecID}`)).body);
    expect(ci).toMatchObject({ HostName: 'PC-ABEL-01', TeamViewerID: '123456789' });
    const user = (await call<Rec>('GET', `getuserbyrecid/recid/${v.OwnedByID}`)).body;
    expect(user).toMatchObject({ displayName: 'Beth Anglin', publicId: 'beth.anglin', hasError: false });
    expect(valuesOf(user).Email).toBe('beth.anglin@example.com');
  });

  it('answers a missing record with hasError on HTTP 200', async () => {
    const id = await busObId('Incident');
    const res = await call('GET', `getbusinessobject/busobid/${id}/publicid/99999`);
    expect(res).toMatchObject({ status: 200, body: { hasError: true, errorCode: 'RECORDNOTFOUND', fields: [] } });
    expect((await call('GET', `getuserbyrecid/recid/abc`)).body).toMatchObject({ hasError: true, errorCode: 'RECORDNOTFOUND' });
  });
});

describe('search', () => {
  const computers = async () => {
    const id = await busObId('ConfigComputer');
    const fields = (await call<Schema>('GET', `getbusinessobjectschema/busobid/${id}`)).body.fieldDefinitions;
    const f = (name: string) => fields.find((x) => x.name === name)?.fieldId ?? '';
    return { id, f };
  };
  const names = (res: Answer<SearchResults>) => res.body.businessObjects.map((r) => valuesOf(r).HostName).sort();

  it('ORs filters on one field, ANDs across fields, ignores case', async () => {
    const { id, f } = await computers();
    const either = await call<SearchResults>('POST', 'getsearchresults', { busObId: id, filters: [{ fieldId: f('HostName'), operator: 'eq', value: 'pc-abel-01' }, { fieldId: f('HostName'), operator: 'eq', value: 'PC-FRED-01' }], includeAllFields: true });
    expect(names(either)).toEqual(['PC-ABEL-01', 'PC-FRED-01']);
    expect(either.body.totalRows).toBe(2);
    const both = await call<SearchResults>('POST', 'getsearchresults', { busObId: id, filters: [{ fieldId: f('HostName'), operator: 'startswith', value: 'pc-' }, { fieldId: f('TeamViewerID'), operator: 'eq', value: '123456789' }], includeAllFields: true });
    expect(names(both)).toEqual(['PC-ABEL-01']);
    const hostile = await call('POST', 'getsearchresults', { busObId: id, filters: [{ fieldId: f('HostName'), operator: 'eq', value: "PC-ABEL-01' OR '1'='1" }] });
    expect(hostile.body.totalRows).toBe(0);
  });

  it('returns only the asked fields and pages with totalRows', async () => {
    const { id, f } = await computers();
    for (let i = 0; i < 5; i++) sim.addAsset(`LAB-${i}`);
    const q = (pageNumber: number) => call<SearchResults>('POST', 'getsearchresults', { busObId: id, filters: [{ fieldId: f('HostName'), operator: 'contains', value: 'lab-' }], fields: [f('HostName')], pageNumber, pageSize: 10 });
    const first = await q(1);
    expect(first.body.totalRows).toBe(5);
    expect(first.body.businessObjects).toHaveLength(3);
    expect(first.body.businessObjects[0]?.fields.map((x) => x.name)).toEqual(['HostName']);
    expect((await q(2)).body.businessObjects).toHaveLength(2);
    sim.emptySearchPages(1);
    const buggy = await q(1);
    expect(buggy.body).toMatchObject({ totalRows: 5, businessObjects: [] });
  });

  it('reports unknown fields and operators with hasError', async () => {
    const { id, f } = await computers();
    expect((await call('POST', 'getsearchresults', { busObId: id, filters: [{ fieldId: 'BO:x,FI:0000', operator: 'eq', value: 'x' }] })).body).toMatchObject({ hasError: true, errorCode: 'FIELDNOTFOUND' });
    expect((await call('POST', 'getsearchresults', { busObId: id, filters: [{ fieldId: f('HostName'), operator: 'like', value: 'x' }] })).body.hasError).toBe(true);
  });
});
