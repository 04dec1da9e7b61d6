import { describe, expect, it } from 'vitest';
import { BotError } from '../../core/errors.js';
import { ASSETS, fx, mockJira, SITE, WS, type MockJira } from './jira.test-helper.js';

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof BotError ? e.code : String(e)));
const withWorkspace = (m: MockJira) => m.on('GET', '/rest/servicedeskapi/assets/workspace', { status: 200, json: { size: 1, values: [{ workspaceId: WS }] } });
const page = (values: unknown[], isLast: boolean, startAt = 0) => ({ status: 200, json: { startAt, maxResults: values.length, total: 3, isLast, values } });

describe('findAssetsByName', () => {
  it('sends one AQL query with every name quoted and escaped, follows isLast, and keeps exact (case-insensitive) matches', async () => {
    const m = mockJira();
    withWorkspace(m);
    m.on('POST', `${ASSETS}/object/aql`, (s) =>
      new URL(s.path, SITE).searchParams.get('startAt') === '0'
        ? page([fx.object('88', 'PC-ABEL-01', '23', 'Computer', { '305': '123456789' }), fx.object('95', 'PC-ABEL-01-OLD', '23', 'Computer')], false)
        : page([fx.object('89', 'pc-fred-01', '23', 'Computer')], true, 2),
    );
    m.on('GET', `${ASSETS}/objecttype/23/attributes`, { status: 200, json: fx.computerAttributes });
    const found = await m.connector.findAssetsByName(['PC-ABEL-01', 'PC-FRED-01', 'say "hi" \\o/']);
    expect(found.map((a) => [a.name, a.teamViewerId, a.ref])).toEqual([
      ['PC-ABEL-01', '123456789', { system: 'jira', id: '88', type: '23' }],
      ['pc-fred-01', undefined, { system: 'jira', id: '89', type: '23' }],
    ]);
    const [first, second] = m.calls('POST', `${ASSETS}/object/aql`);
    expect(first?.body).toEqual({ qlQuery: 'objectType = "Computer" AND Name IN ("PC-ABEL-01", "PC-FRED-01", "say \\"hi\\" \\\\o/")' });
    expect(Object.fromEntries(new URL(first?.path ?? '', SITE).searchParams)).toEqual({ startAt: '0', maxResults: '50', includeAttributes: 'true' });
    expect(new URL(second?.path ?? '', SITE).searchParams.get('startAt')).toBe('2');
    expect(m.calls('GET', `${ASSETS}/objecttype/`)).toHaveLength(1);
  });

  it('uses JIRA_ASSETS_OBJECT_TYPE and JIRA_ASSETS_API_URL', async () => {
    const m = mockJira({ JIRA_ASSETS_OBJECT_TYPE: 'Laptop', JIRA_ASSETS_API_URL: `${SITE}/custom/jsm/assets/` });
    withWorkspace(m);
    m.on('POST', `/custom/jsm/assets/workspace/${WS}/v1/object/aql`, page([], true));
    expect(await m.connector.findAssetsByName(['X'])).toEqual([]);
    expect(m.seen[1]?.body).toEqual({ qlQuery: 'objectType = "Laptop" AND Name IN ("X")' });
  });

  it('explains JSM Premium when the site has no Assets workspace', async () => {
    const m = mockJira();
    m.on('GET', '/rest/servicedeskapi/assets/workspace', { status: 200, json: { values: [] } });
    const err = (await m.connector.findAssetsByName(['PC-1']).catch((e: unknown) => e)) as BotError;
    expect(err.code).toBe('itsm.assets_unavailable');
    expect(err.publicMessage).toMatch(/Premium or Enterprise.*"TeamViewer ID".*"Computer"/);
  });

  it('says which attribute is missing on the object type', async () => {
    const m = mockJira();
    withWorkspace(m);
    m.on('POST', `${ASSETS}/object/aql`, page([fx.object('88', 'PC-ABEL-01', '23', 'Computer')], true));
    m.on('GET', `${ASSETS}/objecttype/23/attributes`, { status: 200, json: fx.computerAttributes.filter((a) => a.name !== 'TeamViewer ID') });
    const err = (await m.connector.findAssetsByName(['PC-ABEL-01']).catch((e: unknown) => e)) as BotError;
    expect(err.code).toBe('itsm.assets_unavailable');
    expect(err.publicMessage).toMatch(/add a text attribute "TeamViewer ID" on the "Computer" object type/);
  });

  it('turns a refused query (unknown object type) into assets_unavailable with Jira’s words', async () => {
    const m = mockJira();
    withWorkspace(m);
    m.on('POST', `${ASSETS}/object/aql`, { status: 400, json: { errorMessages: ['AQL: Object type "Computer" does not exist'] } });
    const err = (await m.connector.findAssetsByName(['PC-1']).catch((e: unknown) => e)) as BotError;
    expect(err.code).toBe('itsm.assets_unavailable');
    expect(err.publicMessage).toContain('Object type "Computer" does not exist');
  });

  it('trims names before quoting and matching them, like the other connectors', async () => {
    const m = mockJira();
    withWorkspace(m);
    m.on('POST', `${ASSETS}/object/aql`, page([fx.object('88', 'PC-ABEL-01', '23', 'Computer', { '305': '123456789' })], true));
    m.on('GET', `${ASSETS}/objecttype/23/attributes`, { status: 200, json: fx.computerAttributes });
    const found = await m.connector.findAssetsByName([' PC-ABEL-01 ', 'pc-abel-01']);
    expect(m.calls('POST', `${ASSETS}/object/aql`)[0]?.body).toEqual({ qlQuery: 'objectType = "Computer" AND Name IN ("PC-ABEL-01")' });
    expect(found.map((a) => a.name)).toEqual(['PC-ABEL-01']);
  });

  it('names JIRA_ASSETS_API_URL when the Assets API answers 404 for a workspace the site reported', async () => {
    const m = mockJira();
    withWorkspace(m);
    m.on('POST', `${ASSETS}/object/aql`, { status: 404, json: { errorMessages: ['Not Found'] } });
    const err = (await m.connector.findAssetsByName(['PC-1']).catch((e: unknown) => e)) as BotError;
    expect(err.code).toBe('itsm.assets_unavailable');
    expect(err.publicMessage).toContain(`${SITE}/gateway/api/jsm/assets`);
    expect(err.publicMessage).toContain('JIRA_ASSETS_API_URL');
  });

  it('refuses names with control characters before any call, and answers [] for no names', async () => {
    const m = mockJira();
    expect(await codeOf(m.connector.findAssetsByName(['PC-1\nOR x']))).toBe('command.invalid_args');
    expect(await m.connector.findAssetsByName(['  '])).toEqual([]);
    expect(m.seen).toHaveLength(0);
  });
});

describe('setAssetTeamViewerId', () => {
  it('PUTs the attribute by id with the object type id', async () => {
    const m = mockJira();
    withWorkspace(m);
    m.on('GET', `${ASSETS}/objecttype/23/attributes`, { status: 200, json: fx.computerAttributes });
    m.on('PUT', `${ASSETS}/object/89`, { status: 200, json: fx.object('89', 'PC-FRED-01', '23', 'Computer', { '305': '987654321' }) });
    await m.connector.setAssetTeamViewerId({ system: 'jira', id: '89', type: '23' }, '987 654 321');
    expect(m.calls('PUT', ASSETS)[0]?.body).toEqual({ objectTypeId: '23', attributes: [{ objectTypeAttributeId: '305', objectAttributeValues: [{ value: '987654321' }] }] });
  });

  it('reads the object first when the ref carries no type, and notices a write that did not stick', async () => {
    const m = mockJira();
    withWorkspace(m);
    m.on('GET', `${ASSETS}/object/89`, { status: 200, json: fx.object('89', 'PC-FRED-01', '23', 'Computer') });
    m.on('GET', `${ASSETS}/objecttype/23/attributes`, { status: 200, json: fx.computerAttributes });
    m.on('PUT', `${ASSETS}/object/89`, { status: 200, json: fx.object('89', 'PC-FRED-01', '23', 'Computer', { '305': '111111111' }) });
    expect(await codeOf(m.connector.setAssetTeamViewerId({ system: 'jira', id: '89' }, '987654321'))).toBe('itsm.invalid_response');
  });

  it('refuses a value that is not a TeamViewer ID without calling out', async () => {
    const m = mockJira();
    expect(await codeOf(m.connector.setAssetTeamViewerId({ system: 'jira', id: '89', type: '23' }, '12ab'))).toBe('command.invalid_args');
    expect(m.seen).toHaveLength(0);
  });
});
