import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCherwellSim, type CherwellSim } from './cherwell.simulator.js';
import { client, signIn, valuesOf, type Call, type Related, type Schema, type SearchResults, type Summary } from './cherwell.test-helper.js';

let now = new Date('2025-03-04T05:06:07Z');
let sim: CherwellSim;
let call: Call;

interface Setup {
  incident: string;
  recId: string;
  relationshipId: string;
  journal: string;
  note: string;
  mail: string;
  field: (name: string) => string;
}

async function setup(): Promise<Setup> {
  const incident = String((await call<Summary[]>('GET', 'getbusinessobjectsummary/busobname/Incident')).body[0]?.busObId);
  const schema = (await call<Schema>('GET', `getbusinessobjectschema/busobid/${incident}?includerelationships=true`)).body;
  const rel = schema.relationships.find((r) => r.displayName === 'Incident Owns Journals');
  const group = (await call<Summary[]>('GET', 'getbusinessobjectsummary/busobname/Journal')).body[0];
  const member = (display: string) => String(group?.groupSummaries.find((m) => m.displayName === display)?.busObId);
  const jschema = (await call<Schema>('GET', `getbusinessobjectschema/busobid/${group?.busObId}`)).body.fieldDefinitions;
  const recId = String((await call('GET', `getbusinessobject/busobid/${incident}/publicid/10217`)).body.busObRecId);
  return { incident, recId, relationshipId: String(rel?.relationshipId), journal: String(group?.busObId), note: member('Journal - Note'), mail: member('Journal - Mail History'), field: (n) => jschema.find((f) => f.name === n)?.fieldId ?? '' };
}

const journalBody = (s: Setup, type: string, details: string, parent: Record<string, string> = {}) => ({
  parentBusObId: s.incident,
  parentBusObRecId: s.recId,
  ...parent,
  relationshipId: s.relationshipId,
  busObId: s.journal,
  fields: [
    { fieldId: s.field('JournalTypeID'), name: 'JournalTypeID', value: type, dirty: true },
    { fieldId: s.field('Details'), name: 'Details', value: details, dirty: true },
  ],
  persist: true,
});

beforeEach(async () => {
  now = new Date('2025-03-04T05:06:07Z');
  sim = await startCherwellSim({ clock: { now: () => now }, pageSize: 2 });
  const token = await signIn(sim);
  call = client(sim, () => token);
});
afterEach(() => sim.stop());

describe('saverelatedbusinessobject (journals)', () => {
  it('stores a "Journal - Note" under the incident, by RecID or public id', async () => {
    const s = await setup();
    const res = await call('POST', 'saverelatedbusinessobject', journalBody(s, s.note, 'Beth Anglin: session created'));
    expect(res.body).toMatchObject({ hasError: false, parentBusObPublicId: '10217' });
    expect(res.body.busObRecId).toMatch(/^[0-9a-f]{42}$/);
    await call('POST', 'saverelatedbusinessobject', journalBody(s, s.note, 'second', { parentBusObRecId: '', parentBusObPublicId: '10217' }));
    expect(sim.internalNotes('10217')).toEqual(['Beth Anglin: session created', 'second']);
    expect(sim.journals('10217')[0]).toMatchObject({ type: 'Journal - Note', details: 'Beth Anglin: session created', createdBy: 'svc.teamviewer', createdAt: '2025-03-04T05:06:07.000Z' });
    expect(sim.publicNotes('10217')).toEqual([]);
  });

  it('counts other journal kinds as customer-facing', async () => {
    const s = await setup();
    await call('POST', 'saverelatedbusinessobject', journalBody(s, s.mail, 'Mail to the customer'));
    expect(sim.publicNotes('10217')).toEqual(['Mail to the customer']);
    expect(sim.internalNotes('10217')).toEqual([]);
  });

  it('refuses a journal without a valid JournalTypeID, and saves nothing', async () => {
    const s = await setup();
    const res = await call('POST', 'saverelatedbusinessobject', journalBody(s, '', 'x'));
    expect(res).toMatchObject({ status: 200, body: { hasError: true, fieldValidationErrors: [expect.objectContaining({ errorCode: 'REQUIRED' })] } });
    expect(sim.journals('10217')).toEqual([]);
  });

  it('refuses an unknown or removed relationship and an unknown parent with hasError', async () => {
    const s = await setup();
    expect((await call('POST', 'saverelatedbusinessobject', journalBody(s, s.note, 'x', { parentBusObRecId: 'nope' }))).body).toMatchObject({ hasError: true, errorCode: 'RECORDNOTFOUND' });
    sim.dropRelationship('Incident Owns Journals');
    expect((await call('POST', 'saverelatedbusinessobject', journalBody(s, s.note, 'x'))).body).toMatchObject({ hasError: true, errorCode: 'RELATIONSHIPNOTFOUND' });
  });

  it('does not persist without persist:true', async () => {
    const s = await setup();
    const res = await call('POST', 'saverelatedbusinessobject', { ...journalBody(s, s.note, 'x'), persist: false });
    expect(typeof res.body.cacheKey).toBe('string');
    expect(sim.journals('10217')).toEqual([]);
  });
});

describe('getrelatedbusinessobject', () => {
  it('pages the journals of an incident (GET and POST forms)', async () => {
    const s = await setup();
    for (const t of ['a', 'b', 'c']) await call('POST', 'saverelatedbusinessobject', journalBody(s, s.note, t));
    const base = `getrelatedbusinessobject/parentbusobid/${s.incident}/parentbusobrecid/${s.recId}/relationshipid/${s.relationshipId}`;
    const first = (await call<Related>('GET', `${base}?pageNumber=1&pageSize=10&allfields=true`)).body;
    expect(first).toMatchObject({ totalRecords: 3, pageNumber: 1, pageSize: 2, parentBusObPublicId: '10217', hasError: false });
    expect(first.relatedBusinessObjects.map((r) => valuesOf(r).Details)).toEqual(['a', 'b']);
    const second = (await call<Related>('POST', 'getrelatedbusinessobject', { parentBusObId: s.incident, parentBusObRecId: s.recId, relationshipId: s.relationshipId, pageNumber: 2, pageSize: 2, allFields: true })).body;
    expect(second.relatedBusinessObjects).toHaveLength(1);
    expect((await call('GET', `${base.replace(s.relationshipId, 'nope')}`)).body).toMatchObject({ hasError: true, errorCode: 'RELATIONSHIPNOTFOUND' });
  });
});

describe('savebusinessobject', () => {
  async function pcFred() {
    const id = String((await call<Summary[]>('GET', 'getbusinessobjectsummary/busobname/ConfigComputer')).body[0]?.busObId);
    const fields = (await call<Schema>('GET', `getbusinessobjectschema/busobid/${id}`)).body.fieldDefinitions;
    const search = await call<SearchResults>('POST', 'getsearchresults', { busObId: id, filters: [{ fieldId: fields.find((f) => f.name === 'HostName')?.fieldId, operator: 'eq', value: 'PC-FRED-01' }] });
    return { id, recId: String(search.body.businessObjects[0]?.busObRecId), field: (n: string) => fields.find((f) => f.name === n)?.fieldId ?? '' };
  }

  it('updates a field given by its full field id', async () => {
    const pc = await pcFred();
    const res = await call('POST', 'savebusinessobject', { busObId: pc.id, busObRecId: pc.recId, fields: [{ fieldId: pc.field('TeamViewerID'), name: 'TeamViewerID', value: '987654321', dirty: true }], persist: true });
    expect(res.body).toMatchObject({ hasError: false, busObRecId: pc.recId });
    expect(sim.assetTeamViewerId('pc-fred-01')).toBe('987654321');
  });

  it('reports unknown and read-only fields as fieldValidationErrors and changes nothing', async () => {
    const pc = await pcFred();
    const res = await call('POST', 'savebusinessobject', {
      busObId: pc.id,
      busObRecId: pc.recId,
      fields: [
        { fieldId: pc.field('TeamViewerID'), name: 'TeamViewerID', value: '111', dirty: true },
        { fieldId: 'BO:x,FI:0123', name: 'Nope', value: 'x', dirty: true },
        { fieldId: pc.field('RecID'), name: 'RecID', value: 'x', dirty: true },
      ],
      persist: true,
    });
    expect(res.body).toMatchObject({ hasError: true, fieldValidationErrors: [expect.objectContaining({ errorCode: 'FIELDNOTFOUND' }), expect.objectContaining({ errorCode: 'READONLY' })] });
    expect(sim.assetTeamViewerId('PC-FRED-01')).toBe('');
  });

  it('reports a missing record with hasError', async () => {
    const pc = await pcFred();
    expect((await call('POST', 'savebusinessobject', { busObId: pc.id, busObRecId: 'gone', fields: [], persist: true })).body).toMatchObject({ hasError: true, errorCode: 'RECORDNOTFOUND' });
  });
});
