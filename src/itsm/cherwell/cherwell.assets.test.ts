import { describe, expect, it } from 'vitest';
import { BotError } from '../../core/errors.js';
import { createCherwellConnector } from './cherwell.connector.js';
import { config, fakeCherwell, IDS, ok, record, silent, type Seen } from './cherwell.test-helper.js';

function setup(opts: { withTeamViewerField?: boolean } = {}) {
  const fake = fakeCherwell(opts);
  const connector = createCherwellConnector(config(), { dispatcher: fake.agent, timeoutMs: 500, logger: silent, clock: { now: () => new Date() } });
  return { fake, connector };
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof BotError ? e.code : String(e)));
const pc = (name: string, tv?: string) => record(IDS.computer, `rec-${name}`, `rec-${name}`, { HostName: name, ...(tv ? { TeamViewerID: tv } : {}) });
const searches = (seen: Seen[]) => seen.filter((s) => s.path.endsWith('getsearchresults'));

describe('findAssetsByName', () => {
  it('searches the CI type with one eq filter per name on the name field, asking for the fields it reads', async () => {
    const { fake, connector } = setup();
    fake.on((r) => (r.path.endsWith('getsearchresults') ? ok({ businessObjects: [pc('PC-ABEL-01', '123456789'), pc('pc-fred-01')], totalRows: 2, hasError: false }) : undefined));
    const found = await connector.findAssetsByName(['PC-ABEL-01', 'PC-FRED-01', 'pc-abel-01']);
    expect(searches(fake.seen)[0]?.json).toEqual({
      busObId: IDS.computer,
      filters: [
        { fieldId: `BO:${IDS.computer},FI:HostName`, operator: 'eq', value: 'PC-ABEL-01' },
        { fieldId: `BO:${IDS.computer},FI:HostName`, operator: 'eq', value: 'PC-FRED-01' },
      ],
      fields: [`BO:${IDS.computer},FI:HostName`, `BO:${IDS.computer},FI:TeamViewerID`, `BO:${IDS.computer},FI:SerialNumber`],
      pageNumber: 1,
      pageSize: 200,
    });
    expect(found).toEqual([
      { ref: { system: 'cherwell', id: 'rec-PC-ABEL-01', type: IDS.computer }, name: 'PC-ABEL-01', teamViewerId: '123456789' },
      { ref: { system: 'cherwell', id: 'rec-pc-fred-01', type: IDS.computer }, name: 'pc-fred-01' },
    ]);
  });

  it('keeps only exact (case-insensitive) matches even when the server is looser', async () => {
    const { fake, connector } = setup();
    fake.on((r) => (r.path.endsWith('getsearchresults') ? ok({ businessObjects: [pc('PC-ABEL-01'), pc('PC-ABEL-01-OLD')], totalRows: 2, hasError: false }) : undefined));
    expect((await connector.findAssetsByName(['pc-abel-01'])).map((a) => a.name)).toEqual(['PC-ABEL-01']);
  });

  it('pages until totalRows, and stops on an empty page that totalRows says should not be empty (SR-152489)', async () => {
    const { fake, connector } = setup();
    fake.on((r) => {
      if (!r.path.endsWith('getsearchresults')) return undefined;
      const page = (r.json as { pageNumber: number }).pageNumber;
      return ok({ businessObjects: page === 1 ? [pc('A1')] : page === 2 ? [pc('A2')] : [], totalRows: 5, hasError: false });
    });
    expect((await connector.findAssetsByName(['A1', 'A2', 'A3'])).map((a) => a.name)).toEqual(['A1', 'A2']);
    expect(searches(fake.seen).map((s) => (s.json as { pageNumber: number }).pageNumber)).toEqual([1, 2, 3]);
  });

  it('refuses control characters and oversized batches before any call', async () => {
    const { fake, connector } = setup();
    expect(await codeOf(connector.findAssetsByName(['PC\n01']))).toBe('command.invalid_args');
    expect(await codeOf(connector.findAssetsByName(Array.from({ length: 51 }, (_, i) => `N${i}`)))).toBe('command.invalid_args');
    expect(fake.seen).toHaveLength(0);
    expect(await connector.findAssetsByName(['  '])).toEqual([]);
  });

  it('says which field to add when the CI type has no TeamViewer field', async () => {
    const { connector } = setup({ withTeamViewerField: false });
    const err = await connector.findAssetsByName(['PC-ABEL-01']).catch((e: unknown) => e);
    expect((err as BotError).code).toBe('itsm.assets_unavailable');
    expect((err as BotError).publicMessage).toMatch(/add a text field named TeamViewerID to ConfigComputer in a blueprint/);
  });

  it('reports a search hasError as an invalid response', async () => {
    const { fake, connector } = setup();
    fake.on((r) => (r.path.endsWith('getsearchresults') ? ok({ hasError: true, errorCode: 'FIELDNOTFOUND', errorMessage: 'x' }) : undefined));
    expect(await codeOf(connector.findAssetsByName(['PC-ABEL-01']))).toBe('itsm.invalid_response');
  });

  it('explains a CI type that does not exist', async () => {
    const fake = fakeCherwell();
    const connector = createCherwellConnector(config({ ciType: 'ConfigLaptop' }), { dispatcher: fake.agent, timeoutMs: 500, logger: silent, clock: { now: () => new Date() } });
    const err = await connector.findAssetsByName(['x']).catch((e: unknown) => e);
    expect((err as BotError).publicMessage).toMatch(/no configuration item type named ConfigLaptop.*CHERWELL_CI_TYPE/);
  });
});

describe('setAssetTeamViewerId', () => {
  const asset = { system: 'cherwell' as const, id: 'rec-PC-FRED-01', type: IDS.computer };

  it('saves the field by fieldId with persist:true', async () => {
    const { fake, connector } = setup();
    await connector.setAssetTeamViewerId(asset, '987 654 321');
    expect(fake.calls('savebusinessobject')[0]?.json).toEqual({
      busObId: IDS.computer,
      busObRecId: 'rec-PC-FRED-01',
      fields: [{ fieldId: `BO:${IDS.computer},FI:TeamViewerID`, name: 'TeamViewerID', value: '987654321', dirty: true }],
      persist: true,
    });
  });

  it('turns fieldValidationErrors and a missing record into errors', async () => {
    const { fake, connector } = setup();
    fake.on((r) => (r.path.endsWith('savebusinessobject') ? ok({ hasError: true, errorCode: 'VALIDATIONFAILED', errorMessage: 'bad', fieldValidationErrors: [{ fieldId: 'x', error: 'read-only' }] }) : undefined));
    expect(await codeOf(connector.setAssetTeamViewerId(asset, '987654321'))).toBe('itsm.invalid_response');
    fake.on((r) => (r.path.endsWith('savebusinessobject') ? ok({ hasError: true, errorCode: 'RECORDNOTFOUND', errorMessage: 'Record not found' }) : undefined));
    expect(await codeOf(connector.setAssetTeamViewerId(asset, '987654321'))).toBe('itsm.not_found');
    fake.on((r) => (r.path.endsWith('savebusinessobject') ? ok({ hasError: true, errorCode: 'FIELDNOTFOUND', errorMessage: 'Field not found' }) : undefined));
    expect(await codeOf(connector.setAssetTeamViewerId(asset, '987654321'))).toBe('itsm.invalid_response');
  });

  it('refuses an ID that is not digits, without calling out', async () => {
    const { fake, connector } = setup();
    expect(await codeOf(connector.setAssetTeamViewerId(asset, '12ab'))).toBe('command.invalid_args');
    expect(fake.seen).toHaveLength(0);
  });
});
