import { describe, expect, it } from 'vitest';
import { BASE, codeOf, errorOf, f, instance, type Answer } from './servicenow.test-helper.js';

const ci = (i: number, name = `PC-${i}`, tv = '') => ({ sys_id: f(`id${i}`), name: f(name), serial_number: f(''), sys_class_name: f('cmdb_ci_computer', 'Computer'), u_teamviewer_id: f(tv) });
const result = (rows: unknown[], headers?: Record<string, string>): Answer => ({ status: 200, json: { result: rows }, ...(headers ? { headers } : {}) });

describe('findAssetsByName', () => {
  it('asks for all names in one OR query with the CI fields and the TeamViewer column', async () => {
    const { connector, calls } = instance(() => result([ci(1, 'PC-ABEL-01', '123456789'), ci(2, 'PC-FRED-01')]));
    const found = await connector.findAssetsByName(['PC-ABEL-01', 'pc-fred-01', 'NO-SUCH-PC']);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.path).toBe('/api/now/table/cmdb_ci_computer');
    expect(Object.fromEntries(calls[0]!.query)).toEqual({
      sysparm_display_value: 'all',
      sysparm_exclude_reference_link: 'true',
      sysparm_query: 'name=PC-ABEL-01^ORname=pc-fred-01^ORname=NO-SUCH-PC^ORDERBYsys_id',
      sysparm_fields: 'sys_id,name,serial_number,sys_class_name,u_teamviewer_id',
      sysparm_limit: '100',
      sysparm_offset: '0',
    });
    expect(found).toEqual([
      { ref: { system: 'servicenow', id: 'id1', type: 'cmdb_ci_computer' }, name: 'PC-ABEL-01', teamViewerId: '123456789' },
      { ref: { system: 'servicenow', id: 'id2', type: 'cmdb_ci_computer' }, name: 'PC-FRED-01' },
    ]);
  });

  it('refuses ^, commas, line breaks and script values before any request, so no ^ of theirs reaches the wire', async () => {
    const { connector, calls } = instance(() => result([]));
    for (const hostile of ['x^ORnameISNOTEMPTY', 'a,b', 'PC-1\nname=PC-2', 'javascript:gs.getUserID()']) {
      expect(await codeOf(connector.findAssetsByName(['PC-OK', hostile])), hostile).toBe('command.invalid_args');
    }
    expect(calls).toEqual([]);
  });

  it('drops rows it did not ask for (matching names case-insensitively) and dedupes names', async () => {
    const { connector, calls } = instance(() => result([ci(1, 'pc-abel-01'), ci(9, 'PC-OTHER')]));
    const found = await connector.findAssetsByName(['PC-ABEL-01', 'pc-abel-01', ' ']);
    expect(calls[0]!.query.get('sysparm_query')).toBe('name=PC-ABEL-01^ORDERBYsys_id');
    expect(found.map((a) => a.name)).toEqual(['pc-abel-01']);
  });

  it('follows Link rel="next" when the instance caps pages below sysparm_limit', async () => {
    const rows = [1, 2, 3, 4, 5].map((i) => ci(i));
    const { connector, calls } = instance((c) => {
      const offset = Number(c.query.get('sysparm_offset'));
      const next = offset + 2 < rows.length ? `<${BASE}/api/now/table/cmdb_ci_computer?sysparm_limit=2&sysparm_offset=${offset + 2}>;rel="next",` : '';
      return result(rows.slice(offset, offset + 2), { link: `${next}<${BASE}/api/now/table/cmdb_ci_computer?sysparm_offset=0>;rel="first"`, 'x-total-count': '5' });
    });
    const found = await connector.findAssetsByName(rows.map((_, i) => `PC-${i + 1}`));
    expect(calls.map((c) => c.query.get('sysparm_offset'))).toEqual(['0', '2', '4']);
    expect(found).toHaveLength(5);
  });

  it('without a Link header pages until a short page', async () => {
    const names = Array.from({ length: 50 }, (_, i) => `PC-${i}`);
    const rows = Array.from({ length: 130 }, (_, i) => ci(i, names[i % 50]));
    const { connector, calls } = instance((c) => {
      const offset = Number(c.query.get('sysparm_offset'));
      return result(rows.slice(offset, offset + Number(c.query.get('sysparm_limit'))));
    });
    expect(await connector.findAssetsByName(names)).toHaveLength(130);
    expect(calls.map((c) => c.query.get('sysparm_offset'))).toEqual(['0', '100']);
  });

  it('stops when the instance ignores sysparm_offset and repeats the page', async () => {
    const page = Array.from({ length: 100 }, (_, i) => ci(i, 'PC-SAME'));
    const { connector, calls } = instance(() => result(page));
    expect(await connector.findAssetsByName(['PC-SAME'])).toHaveLength(100);
    expect(calls).toHaveLength(2);
  });

  it('sends more than 50 names in batches of 50', async () => {
    const { connector, calls } = instance(() => result([]));
    await connector.findAssetsByName(Array.from({ length: 51 }, (_, i) => `PC-${i}`));
    expect(calls.map((c) => (c.query.get('sysparm_query') ?? '').split('name=').length - 1)).toEqual([50, 1]);
  });

  it('tells the admin to add the column when rows come back without it', async () => {
    const { connector } = instance(() => result([{ sys_id: f('id1'), name: f('PC-1'), sys_class_name: f('cmdb_ci_computer') }]));
    const err = await errorOf(connector.findAssetsByName(['PC-1']));
    expect(err).toMatchObject({ code: 'itsm.assets_unavailable' });
    expect(err.publicMessage).toContain('`u_teamviewer_id` to cmdb_ci_computer');
    expect(err.publicMessage).toContain('ITSM_ASSET_TEAMVIEWER_FIELD');
  });
});

describe('setAssetTeamViewerId', () => {
  const asset = { system: 'servicenow' as const, id: 'a9a2d0c3c6112276010e6e6f4e1e3c9a', type: 'cmdb_ci_computer' };

  it('PATCHes the column on the CI class and checks the answer carries the value', async () => {
    const { connector, calls } = instance(() => ({ status: 200, json: { result: { sys_id: asset.id, u_teamviewer_id: '987654321' } } }));
    await connector.setAssetTeamViewerId(asset, '987 654 321');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'PATCH', path: `/api/now/table/cmdb_ci_computer/${asset.id}`, body: { u_teamviewer_id: '987654321' } });
    expect(Object.fromEntries(calls[0]!.query)).toEqual({ sysparm_fields: 'sys_id,u_teamviewer_id' });
  });

  it('writes through the CI class it was found as, and cmdb_ci_computer when the class is unknown', async () => {
    const { connector, calls } = instance(() => ({ status: 200, json: { result: { sys_id: 'x', u_teamviewer_id: '111111111' } } }));
    await connector.setAssetTeamViewerId({ ...asset, type: 'cmdb_ci_pc_hardware' }, '111111111');
    await connector.setAssetTeamViewerId({ system: 'servicenow', id: 'x' }, '111111111');
    expect(calls.map((c) => c.path)).toEqual([`/api/now/table/cmdb_ci_pc_hardware/${asset.id}`, '/api/now/table/cmdb_ci_computer/x']);
  });

  it('reports a write dropped by a field-level ACL (200, old value) as forbidden, naming field and ACL', async () => {
    const { connector } = instance(() => ({ status: 200, json: { result: { sys_id: asset.id, u_teamviewer_id: '' } } }));
    const err = await errorOf(connector.setAssetTeamViewerId(asset, '987654321'));
    expect(err).toMatchObject({ code: 'itsm.forbidden' });
    expect(err.publicMessage).toContain('cmdb_ci_computer.u_teamviewer_id');
    expect(err.publicMessage).toContain('write ACL');
  });

  it('reports a missing column (absent from the answer) as assets_unavailable, a missing CI as not_found', async () => {
    expect(await codeOf(instance(() => ({ status: 200, json: { result: { sys_id: asset.id } } })).connector.setAssetTeamViewerId(asset, '111111111'))).toBe('itsm.assets_unavailable');
    expect(await codeOf(instance(() => ({ status: 404 })).connector.setAssetTeamViewerId(asset, '111111111'))).toBe('itsm.not_found');
  });

  it('refuses anything that is not a TeamViewer ID before any request', async () => {
    const { connector, calls } = instance(() => ({ status: 500 }));
    expect(await codeOf(connector.setAssetTeamViewerId(asset, '12a'))).toBe('command.invalid_args');
    expect(calls).toEqual([]);
  });

  it('repeats the write after a 503 (setting a value twice is harmless)', async () => {
    let n = 0;
    const { connector, calls } = instance(() => (++n === 1 ? { status: 503 } : { status: 200, json: { result: { sys_id: asset.id, u_teamviewer_id: '555555555' } } }));
    await connector.setAssetTeamViewerId(asset, '555555555');
    expect(calls).toHaveLength(2);
  });
});
