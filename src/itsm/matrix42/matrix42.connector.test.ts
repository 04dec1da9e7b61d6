import { describe, expect, it } from 'vitest';
import type { TicketNumber } from '../../core/domain/ticket.js';
import { connectorWith, dataCalls, exchangeOk, mockMatrix42, type Call, type Route } from './matrix42.test-helper.js';

const now = () => new Date('2025-03-04T05:00:00Z');
const N = 'TCK00012345' as TicketNumber;
const OBJECT = '5f1c1b7e-0000-4000-8000-000000000001';
const FRAGMENT = '5f1c1b7e-0000-4000-8000-000000000002';
const ASSET = '5f1c1b7e-0000-4000-8000-000000000003';
const COMPUTER = '5f1c1b7e-0000-4000-8000-000000000004';

const ticketRow = {
  ID: FRAGMENT,
  TicketNumber: N,
  Subject: 'Printer offline on 3rd floor',
  InitiatorId: 'u-abel',
  InitiatorName: 'Abel Tuter',
  InitiatorMail: 'abel.tuter@example.com',
  RecipientId: null,
  RecipientName: null,
  RecipientMail: null,
  StatusValue: 201,
  Status: 'In Progress',
  ObjectId: OBJECT,
  AssetId: ASSET,
  AssetName: 'PC-ABEL-01',
};

const isList = (c: Call, dd: string) => c.method === 'GET' && c.path === `/m42Services/api/data/fragments/${dd}`;
/** Like the server: the asset columns come back only when they were asked for. */
function rowFor(c: Call): Record<string, unknown> {
  const { AssetId, AssetName, ...rest } = ticketRow;
  return c.query.get('columns')?.includes('AssetId') ? { ...rest, AssetId, AssetName } : rest;
}
const tickets: Route = (c) => (isList(c, 'SPSActivityClassBase') ? { status: 200, json: c.query.get('where') === `TicketNumber='${N}'` ? [rowFor(c)] : [] } : undefined);
const fragment: Route = (c) =>
  c.path === `/m42Services/api/data/fragments/SPSActivityClassBase/${FRAGMENT}` ? { status: 200, json: { ID: FRAGMENT, UsedInTypeSPSActivityTypeTicket: null, UsedInTypeSPSActivityTypeIncident: OBJECT } } : undefined;
const computers: Route = (c) =>
  isList(c, 'SPSComputerClassBase') ? { status: 200, json: c.query.get('pageNumber') === '0' ? [{ ID: COMPUTER, AssetId: ASSET, Name: 'PC-ABEL-01', SerialNumber: 'SN1', TeamViewerId: '123 456 789', ObjectId: 'o2' }] : [] } : undefined;

describe('ticket numbers', () => {
  it('normalises case, # and blanks, and refuses anything that is not letters + digits', () => {
    const { agent } = mockMatrix42();
    const c = connectorWith(agent);
    expect(c.parseTicketNumber(' #tck00012345 ')).toBe('TCK00012345');
    expect(c.parseTicketNumber('INC42')).toBe('INC42');
    for (const bad of ['TCK-12345', '12345', 'TCK', "TCK1'", 'TCK1 OR 1=1', 'TCK1\nx']) expect(c.parseTicketNumber(bad), bad).toBeUndefined();
    expect(c.ticketFormatHint).toMatch(/TCK00012345/);
  });
});

describe('getTicket', () => {
  it('sends one aliased fragments query with the number quoted, and maps people, state, kind and asset', async () => {
    const { agent, calls } = mockMatrix42(exchangeOk(now), tickets, fragment, computers);
    const t = await connectorWith(agent, {}, now).getTicket(N);
    const q = dataCalls(calls)[0]?.query;
    expect(q?.get('where')).toBe("TicketNumber='TCK00012345'");
    expect(q?.get('columns')?.split(',')).toEqual([
      'ID',
      'TicketNumber',
      'Subject',
      'Initiator.ID as InitiatorId',
      'Initiator.DisplayName as InitiatorName',
      'Initiator.MailAddress as InitiatorMail',
      'Recipient.ID as RecipientId',
      'Recipient.DisplayName as RecipientName',
      'Recipient.MailAddress as RecipientMail',
      'T(SPSCommonClassBase).State.Value as StatusValue',
      'T(SPSCommonClassBase).State.DisplayString as Status',
      '[Expression-ObjectID] as ObjectId',
      '[Asset].ID as AssetId',
      '[Asset].Name as AssetName',
    ]);
    expect(calls.find((c) => isList(c, 'SPSComputerClassBase'))?.query.get('where')).toBe(`T(SPSAssetClassBase).ID='${ASSET}'`);
    expect(t).toEqual({
      ref: { system: 'matrix42', id: OBJECT, number: N, kind: 'SPSActivityTypeIncident', url: `https://esm.example.com/wm/object-details/SPSActivityTypeIncident/${OBJECT}` },
      title: 'Printer offline on 3rd floor',
      state: { code: '201', label: 'In Progress' },
      requester: { name: 'Abel Tuter', email: 'abel.tuter@example.com', itsmId: 'u-abel' },
      asset: { ref: { system: 'matrix42', id: COMPUTER, type: 'SPSComputerType' }, name: 'PC-ABEL-01', serial: 'SN1', teamViewerId: '123456789' },
    });
  });

  it("resolves the ticket with only the computer's name when the role may not read computers (403)", async () => {
    const denied: Route = (c) => (isList(c, 'SPSComputerClassBase') ? { status: 403, json: { Message: 'Access denied' } } : undefined);
    const { agent } = mockMatrix42(exchangeOk(now), tickets, fragment, denied);
    const t = await connectorWith(agent, {}, now).getTicket(N);
    expect(t?.title).toBe('Printer offline on 3rd floor');
    expect(t?.asset?.teamViewerId).toBeUndefined();
    expect(t?.asset?.ref).toBeUndefined();
  });

  it('answers undefined for an empty result', async () => {
    const { agent } = mockMatrix42(exchangeOk(now), tickets);
    expect(await connectorWith(agent, {}, now).getTicket('TCK1' as TicketNumber)).toBeUndefined();
  });

  it('reads the ticket without its asset once the tenant refuses the relation, and remembers that', async () => {
    const refusing: Route = (c) => (isList(c, 'SPSActivityClassBase') && c.query.get('columns')?.includes('[Asset]') ? { status: 500, json: { Message: 'An error has occurred.' } } : undefined);
    const { agent, calls } = mockMatrix42(exchangeOk(now), refusing, tickets, fragment);
    const connector = connectorWith(agent, {}, now);
    expect((await connector.getTicket(N))?.asset).toBeUndefined();
    const before = calls.length;
    expect((await connector.getTicket(N))?.title).toBe(ticketRow.Subject);
    expect(calls.slice(before).filter((c) => c.query.get('columns')?.includes('[Asset]'))).toEqual([]);
  });

  it('leaves the relation out when MATRIX42_TICKET_ASSET_ATTRIBUTE is none, and keeps a non-computer asset by name', async () => {
    const { agent, calls } = mockMatrix42(exchangeOk(now), tickets, fragment, (c) => (isList(c, 'SPSComputerClassBase') ? { status: 200, json: [] } : undefined));
    expect((await connectorWith(agent, { ticketAssetAttribute: undefined }, now).getTicket(N))?.asset).toBeUndefined();
    expect(calls.some((c) => c.query.get('columns')?.includes('Asset'))).toBe(false);
    const other = mockMatrix42(exchangeOk(now), tickets, fragment, (c) => (isList(c, 'SPSComputerClassBase') ? { status: 200, json: [] } : undefined));
    expect((await connectorWith(other.agent, {}, now).getTicket(N))?.asset).toEqual({ name: 'PC-ABEL-01' });
  });
});

describe('findAssetsByName', () => {
  it('asks for all names in one IN with doubled quotes, and matches names case-insensitively in code', async () => {
    const { agent, calls } = mockMatrix42(exchangeOk(now), computers);
    const found = await connectorWith(agent, {}, now).findAssetsByName(['pc-abel-01', "O'Brien-PC", 'PC-ABEL-01']);
    expect(found.map((a) => a.name)).toEqual(['PC-ABEL-01']);
    const first = calls.find((c) => isList(c, 'SPSComputerClassBase'));
    expect(first?.query.get('where')).toBe("T(SPSAssetClassBase).Name IN ('PC-ABEL-01','O''Brien-PC')");
    expect(first?.query.get('columns')).toBe('ID,T(SPSAssetClassBase).ID as AssetId,T(SPSAssetClassBase).Name as Name,T(SPSAssetClassBase).SerialNumber as SerialNumber,[Expression-ObjectID] as ObjectId,[Ud_TeamViewerId] as TeamViewerId');
  });

  it('pages until a page brings no new IDs (servers that ignore paging) or is empty', async () => {
    const row = (i: number) => ({ ID: `c${i}`, Name: `BULK-${i}` });
    const ignoring = mockMatrix42(exchangeOk(now), (c) => (isList(c, 'SPSComputerClassBase') ? { status: 200, json: [row(1), row(2)] } : undefined));
    expect(await connectorWith(ignoring.agent, {}, now).findAssetsByName(['BULK-1', 'BULK-2'])).toHaveLength(2);
    expect(ignoring.calls.filter((c) => isList(c, 'SPSComputerClassBase')).map((c) => c.query.get('pageNumber'))).toEqual(['0', '1']);
    const capped = mockMatrix42(exchangeOk(now), (c) => (isList(c, 'SPSComputerClassBase') ? { status: 200, json: [[row(1)], [row(2)], []][Number(c.query.get('pageNumber'))] ?? [] } : undefined));
    expect(await connectorWith(capped.agent, {}, now).findAssetsByName(['BULK-1', 'BULK-2'])).toHaveLength(2);
  });

  it('turns a 500 that goes away without the TeamViewer column into assets_unavailable with the fix', async () => {
    const { agent } = mockMatrix42(exchangeOk(now), (c) => (isList(c, 'SPSComputerClassBase') && c.query.get('columns')?.includes('Ud_TeamViewerId') ? { status: 500, json: { Message: 'An error has occurred.' } } : undefined), computers);
    const err = await connectorWith(agent, {}, now)
      .findAssetsByName(['PC-ABEL-01'])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'itsm.assets_unavailable' });
    expect((err as Error).message).toMatch(/Ud_TeamViewerId.*SPSComputerClassBase.*ITSM_ASSET_TEAMVIEWER_FIELD/);
  });

  it('splits long name lists so no query string outgrows the server limit', async () => {
    const { agent, calls } = mockMatrix42(exchangeOk(now), computers);
    const names = Array.from({ length: 50 }, (_, i) => `WORKSTATION-FINANCE-DEPARTMENT-${String(i).padStart(3, '0')}`);
    await connectorWith(agent, {}, now).findAssetsByName(names);
    const wheres = calls.filter((c) => isList(c, 'SPSComputerClassBase') && c.query.get('pageNumber') === '0').map((c) => c.query.get('where') ?? '');
    expect(wheres.length).toBeGreaterThan(1);
    for (const w of wheres) expect(encodeURIComponent(w).length).toBeLessThanOrEqual(1200);
    expect(wheres.flatMap((w) => w.match(/'[^']+'/g) ?? [])).toHaveLength(50);
  });

  it('refuses more than 50 names and control characters without calling out', async () => {
    const { agent, calls } = mockMatrix42(exchangeOk(now), computers);
    const c = connectorWith(agent, {}, now);
    await expect(c.findAssetsByName(Array.from({ length: 51 }, (_, i) => `PC-${i}`))).rejects.toMatchObject({ code: 'command.invalid_args' });
    await expect(c.findAssetsByName(['PC-1\nOR'])).rejects.toMatchObject({ code: 'command.invalid_args' });
    expect(await c.findAssetsByName(['  '])).toEqual([]);
    expect(dataCalls(calls)).toEqual([]);
  });
});

describe('setAssetTeamViewerId', () => {
  const ref = { system: 'matrix42' as const, id: COMPUTER, type: 'SPSComputerType' };
  const readBack =
    (value: unknown): Route =>
    (c) =>
      c.method === 'GET' && c.path.endsWith(`/SPSComputerClassBase/${COMPUTER}`) ? { status: 200, json: { ID: COMPUTER, Ud_TeamViewerId: value } } : undefined;
  const put =
    (reply: { status: number; json?: unknown; text?: string }): Route =>
    (c) =>
      c.method === 'PUT' ? reply : undefined;

  it('updates only that attribute, then reads it back', async () => {
    const { agent, calls } = mockMatrix42(exchangeOk(now), put({ status: 204 }), readBack('987654321'));
    await connectorWith(agent, {}, now).setAssetTeamViewerId(ref, '987654321');
    const w = calls.find((c) => c.method === 'PUT');
    expect(w?.path).toBe('/m42Services/api/data/fragments/SPSComputerClassBase');
    expect(w?.body).toEqual({ ID: COMPUTER, Ud_TeamViewerId: '987654321' });
  });

  it('reports 200 + null with the old value still there as a refused write', async () => {
    const { agent } = mockMatrix42(exchangeOk(now), put({ status: 200, text: 'null' }), readBack(null));
    await expect(connectorWith(agent, {}, now).setAssetTeamViewerId(ref, '987654321')).rejects.toMatchObject({ code: 'itsm.forbidden' });
  });

  it('turns "does not contain attribute" into assets_unavailable, and refuses non-digit IDs', async () => {
    const { agent } = mockMatrix42(exchangeOk(now), put({ status: 400, json: { Message: 'Class SPSComputerClassBase does not contain attribute Ud_TeamViewerId' } }));
    const c = connectorWith(agent, {}, now);
    await expect(c.setAssetTeamViewerId(ref, '987654321')).rejects.toMatchObject({ code: 'itsm.assets_unavailable' });
    await expect(c.setAssetTeamViewerId(ref, "1' OR 1=1")).rejects.toMatchObject({ code: 'command.invalid_args' });
  });
});
