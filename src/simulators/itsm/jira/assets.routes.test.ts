import { afterEach, describe, expect, it } from 'vitest';
import { JIRA_SEED } from './jira.seed.js';
import { call } from './jira.test-helper.js';
import { startJiraSim, type JiraSim } from './jira.simulator.js';

let sim: JiraSim;
afterEach(() => sim.stop());
const ws = JIRA_SEED.workspaceId;
const v1 = `/gateway/api/jsm/assets/workspace/${ws}/v1`;
type Obj = { id: string; label: string; objectType: { id: string; name: string }; attributes: Array<{ objectTypeAttributeId: string; objectAttributeValues: Array<{ value: string }> }> };
const aql = (qlQuery: string, params = 'startAt=0&maxResults=50&includeAttributes=true') => call(sim, `${v1}/object/aql?${params}`, { method: 'POST', body: { qlQuery } });

describe('AQL search', () => {
  it('finds computers by name ignoring case, with attribute values keyed by attribute id', async () => {
    sim = await startJiraSim();
    const res = await aql('objectType = "Computer" AND Name IN ("pc-abel-01", "PC-FRED-01", "NOPE")');
    expect(res.status).toBe(200);
    const values = res.body.values as Obj[];
    expect(values.map((o) => o.label)).toEqual(['PC-ABEL-01', 'PC-FRED-01']);
    expect(values[0]?.attributes.find((a) => a.objectTypeAttributeId === '305')?.objectAttributeValues[0]?.value).toBe('123456789');
    expect(res.body).toMatchObject({ total: 2, isLast: true, startAt: 0 });
  });

  it('pages with startAt/maxResults and isLast, capped by pageSize', async () => {
    sim = await startJiraSim({ pageSize: 2 });
    for (const n of ['A', 'B', 'C']) sim.addAsset(`BULK-${n}`);
    const first = await aql('objectType = Computer AND Name LIKE "bulk"');
    expect(first.body).toMatchObject({ maxResults: 2, total: 3, isLast: false });
    const second = await aql('objectType = Computer AND Name LIKE "bulk"', 'startAt=2&maxResults=50');
    expect((second.body.values as Obj[]).map((o) => o.label)).toEqual(['BULK-C']);
    expect(second.body.isLast).toBe(true);
  });

  it('keeps an escaped hostile name a literal, and refuses broken AQL with 400', async () => {
    sim = await startJiraSim();
    expect((await aql('objectType = "Computer" AND Name IN ("PC-ABEL-01\\" OR Name != \\"x")')).body.values).toEqual([]);
    const broken = await aql('objectType = "Computer" AND Name IN ("PC-ABEL-01" OR Name != "x")');
    expect(broken.status).toBe(400);
    expect((broken.body.errorMessages as string[])[0]).toMatch(/^AQL: /);
  });

  it('refuses unknown object types and attributes', async () => {
    sim = await startJiraSim();
    expect((await aql('objectType = "Laptop"')).status).toBe(400);
    expect((await aql('Colour = red')).status).toBe(400);
  });

  it('is served on the api.atlassian.com path form too, and not at all without Assets', async () => {
    sim = await startJiraSim();
    expect((await call(sim, `/jsm/assets/workspace/${ws}/v1/object/88`)).body.label).toBe('PC-ABEL-01');
    expect((await call(sim, `/gateway/api/jsm/assets/workspace/other/v1/object/88`)).status).toBe(404);
    await sim.stop();
    sim = await startJiraSim({ assets: false });
    expect((await call(sim, `${v1}/object/88`)).status).toBe(404);
  });
});

describe('objects and object types', () => {
  it('lists an object type’s attributes with ids and names', async () => {
    sim = await startJiraSim();
    const res = await call(sim, `${v1}/objecttype/${JIRA_SEED.objectTypes.computer}/attributes`);
    const attrs = res.body as unknown as Array<{ id: string; name: string; label: boolean; editable: boolean }>;
    expect(attrs.map((a) => a.name)).toEqual(['Key', 'Name', 'Created', 'Updated', 'Serial Number', 'TeamViewer ID']);
    expect(attrs.find((a) => a.name === 'Key')?.editable).toBe(false);
    expect(attrs.find((a) => a.name === 'Name')?.label).toBe(true);
  });

  it('has no TeamViewer attribute where an admin never added one', async () => {
    sim = await startJiraSim({ teamViewerAttribute: null });
    const attrs = (await call(sim, `${v1}/objecttype/23/attributes`)).body as unknown as Array<{ name: string }>;
    expect(attrs.map((a) => a.name)).not.toContain('TeamViewer ID');
    expect(sim.assetTeamViewerId('PC-ABEL-01')).toBe('');
  });

  it('updates an attribute with PUT and shows it afterwards', async () => {
    sim = await startJiraSim();
    const body = { objectTypeId: '23', attributes: [{ objectTypeAttributeId: '305', objectAttributeValues: [{ value: '987654321' }] }] };
    const res = await call(sim, `${v1}/object/89`, { method: 'PUT', body });
    expect(res.status).toBe(200);
    expect(sim.assetTeamViewerId('PC-FRED-01')).toBe('987654321');
    const cleared = await call(sim, `${v1}/object/89`, { method: 'PUT', body: { objectTypeId: '23', attributes: [{ objectTypeAttributeId: '305', objectAttributeValues: [] }] } });
    expect(cleared.status).toBe(200);
    expect(sim.assetTeamViewerId('PC-FRED-01')).toBe('');
  });

  it.each([
    ['a wrong object type', { objectTypeId: '24', attributes: [] }],
    ['an unknown attribute', { objectTypeId: '23', attributes: [{ objectTypeAttributeId: '999', objectAttributeValues: [{ value: 'x' }] }] }],
    ['a system attribute', { objectTypeId: '23', attributes: [{ objectTypeAttributeId: '300', objectAttributeValues: [{ value: 'x' }] }] }],
    ['an empty label', { objectTypeId: '23', attributes: [{ objectTypeAttributeId: '301', objectAttributeValues: [] }] }],
  ])('refuses a PUT with %s', async (_what, body) => {
    sim = await startJiraSim();
    expect((await call(sim, `${v1}/object/89`, { method: 'PUT', body })).status).toBe(400);
  });

  it('answers 404 for an unknown object', async () => {
    sim = await startJiraSim();
    expect((await call(sim, `${v1}/object/4711`)).status).toBe(404);
  });
});
