import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMatrix42Sim, type Matrix42Sim, type Matrix42SimOptions } from './matrix42.simulator.js';

let now = new Date('2025-03-04T05:00:00Z');
let sim: Matrix42Sim;
let token = '';

async function call(path: string, init: { method?: string; body?: unknown; auth?: string | null; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { accept: 'application/json', ...(init.headers ?? {}) };
  const auth = init.auth === undefined ? `Bearer ${token}` : init.auth;
  if (auth !== null) headers.authorization = auth;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.url}/api${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: (text ? JSON.parse(text) : undefined) as unknown };
}

const exchange = (apiToken: string) => call('/ApiToken/GenerateAccessTokenFromApiToken', { method: 'POST', auth: `Bearer ${apiToken}` });
const rows = (r: { body: unknown }) => r.body as Array<Record<string, unknown>>;
const q = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;

async function start(opts: Matrix42SimOptions = {}): Promise<void> {
  sim = await startMatrix42Sim({ clock: { now: () => now }, ...opts });
  token = ((await exchange(sim.apiToken)).body as { RawToken: string }).RawToken;
}

beforeEach(async () => {
  now = new Date('2025-03-04T05:00:00Z');
  await start();
});
afterEach(() => sim.stop());

describe('token exchange and bearer checks', () => {
  it('exchanges the API token for an access token with its LifeTime', async () => {
    const res = await exchange(sim.apiToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ RawToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) as unknown, LifeTime: '2025-03-04T06:00:00.000Z' });
  });

  it('answers 200 with a literal null for a wrong or revoked API token', async () => {
    expect(await exchange('nope')).toMatchObject({ status: 200, text: 'null' });
    sim.revokeCredentials();
    expect(await exchange(sim.apiToken)).toMatchObject({ status: 200, text: 'null' });
  });

  it('answers 406 to the raw API token, 401 without or with an expired token, 403 to Basic auth', async () => {
    const path = `/data/fragments/SPSActivityClassBase${q({ columns: 'ID' })}`;
    expect((await call(path, { auth: `Bearer ${sim.apiToken}` })).status).toBe(406);
    expect((await call(path, { auth: null })).status).toBe(401);
    expect((await call(path, { auth: 'Basic YTpi' })).status).toBe(403);
    expect((await call(path)).status).toBe(200);
    now = new Date('2025-03-04T06:00:01Z');
    expect((await call(path)).status).toBe(401);
  });

  it('invalidates every issued token on expireTokens', async () => {
    sim.expireTokens();
    expect((await call('/data/fragments/SPSActivityClassBase')).status).toBe(401);
  });
});

describe('fragments', () => {
  const ticketColumns = 'ID, Subject, Initiator.MailAddress as Mail, Recipient.DisplayName as Agent, T(SPSCommonClassBase).State.DisplayString as Status, Asset.Name as AssetName, [Expression-ObjectID] as ObjectId';

  it('answers a ticket query with aliased dot-walk columns, in the Explicit-Language', async () => {
    const res = await call(`/data/fragments/SPSActivityClassBase${q({ Where: "TicketNumber='tck00012345'", Columns: ticketColumns })}`, { headers: { 'Explicit-Language': 'de-DE' } });
    expect(rows(res)).toEqual([
      { ID: expect.any(String) as unknown, Subject: 'Printer offline on 3rd floor', Mail: 'abel.tuter@example.com', Agent: 'Beth Anglin', Status: 'In Bearbeitung', AssetName: 'PC-ABEL-01', ObjectId: sim.ticket('TCK00012345')?.objectId },
    ]);
  });

  it('keeps quote-injection a literal, and answers ASQL it cannot run with a bare 500', async () => {
    const hostile = await call(`/data/fragments/SPSAssetClassBase${q({ where: "Name IN ('PC-ABEL-01'' OR ''1''=''1')", columns: 'Name' })}`);
    expect(rows(hostile)).toEqual([]);
    for (const bad of ["Name = 'x' OR", 'Nope = 1', "Name = 'unterminated"]) {
      const res = await call(`/data/fragments/SPSAssetClassBase${q({ where: bad })}`);
      expect(res).toMatchObject({ status: 500, body: { Message: 'An error has occurred.' } });
    }
    expect((await call(`/data/fragments/SPSActivityClassBase${q({ columns: 'Initiator.MailAddress' })}`)).status).toBe(500);
  });

  it('pages with pageSize/pageNumber from 0, sorts by projected names only, and can cap or ignore paging', async () => {
    for (let i = 0; i < 5; i++) sim.addAsset(`BULK-${i}`);
    const page = (n: number) => call(`/data/fragments/SPSAssetClassBase${q({ where: "Name LIKE 'BULK-%'", columns: 'Name as N', sort: 'N DESC', pageSize: '2', pageNumber: String(n) })}`);
    expect(rows(await page(0)).map((r) => r.N)).toEqual(['BULK-4', 'BULK-3']);
    expect(rows(await page(2)).map((r) => r.N)).toEqual(['BULK-0']);
    expect(rows(await page(3))).toEqual([]);
    expect((await call(`/data/fragments/SPSAssetClassBase${q({ columns: 'Name as N', sort: 'Name' })}`)).status).toBe(500);
    await sim.stop();
    await start({ maxPageSize: 1, ignorePaging: false });
    expect(rows(await call(`/data/fragments/SPSAssetClassBase${q({ pageSize: '50' })}`))).toHaveLength(1);
    await sim.stop();
    await start({ ignorePaging: true });
    expect(rows(await call(`/data/fragments/SPSAssetClassBase${q({ pageSize: '1', pageNumber: '1' })}`))).toHaveLength(2);
  });

  it('reads one fragment with TimeStamp and its UsedInType owner pointer; null when unknown', async () => {
    const [row] = rows(await call(`/data/fragments/SPSActivityClassBase${q({ where: "TicketNumber='TCK00012346'" })}`));
    const frag = (await call(`/data/fragments/SPSActivityClassBase/${String(row?.ID)}?full=true`)).body as Record<string, unknown>;
    expect(frag).toMatchObject({ TicketNumber: 'TCK00012346', TimeStamp: expect.any(String) as unknown, UsedInTypeSPSActivityTypeServiceRequest: sim.ticket('TCK00012346')?.objectId, UsedInTypeSPSActivityTypeIncident: null });
    expect((await call('/data/fragments/SPSActivityClassBase/00000000-0000-0000-0000-000000000000')).text).toBe('null');
  });

  it('updates given attributes only; unknown attribute 400, stale TimeStamp 409, silent refusal 200 + null', async () => {
    const [pc] = rows(await call(`/data/fragments/SPSComputerClassBase${q({ where: "T(SPSAssetClassBase).Name='PC-FRED-01'", columns: 'TimeStamp as Ts' })}`));
    const put = (body: Record<string, unknown>) => call('/data/fragments/SPSComputerClassBase', { method: 'PUT', body: { ID: pc?.ID, ...body } });
    expect((await put({ Nope: 'x' })).status).toBe(400);
    expect((await put({ Ud_TeamViewerId: '111222333', TimeStamp: pc?.Ts })).status).toBe(204);
    expect(sim.assetTeamViewerId('pc-fred-01')).toBe('111222333');
    expect((await put({ Ud_TeamViewerId: '1', TimeStamp: pc?.Ts })).status).toBe(409);
    sim.rejectWritesSilently(true);
    expect(await put({ Ud_TeamViewerId: '444555666' })).toMatchObject({ status: 200, text: 'null' });
    expect(sim.assetTeamViewerId('PC-FRED-01')).toBe('111222333');
  });

  it('knows no TeamViewer attribute when the tenant has none', async () => {
    await sim.stop();
    await start({ teamViewerAttribute: false });
    expect((await call(`/data/fragments/SPSComputerClassBase${q({ columns: 'Ud_TeamViewerId' })}`)).status).toBe(500);
    expect(sim.assetTeamViewerId('PC-ABEL-01')).toBe('');
    expect(sim.assetTeamViewerId('NO-SUCH')).toBeUndefined();
  });
});

describe('objects and the journal', () => {
  it('reads a ticket object keyed by DD, and a PUT appending a journal row creates an internal entry', async () => {
    const t = sim.ticket('TCK00012347');
    const obj = (await call(`/data/objects/${t?.ci}/${t?.objectId}?full=true`)).body as Record<string, unknown>;
    expect(obj).toMatchObject({ ID: t?.objectId, SPSActivityClassBase: { TicketNumber: 'TCK00012347' }, SPSActivityClassUnitOfWork: [{ VisibleInPortal: true }] });
    const journal = [...(obj.SPSActivityClassUnitOfWork as unknown[]), { OriginalSolutionHtml: 'Beth &amp; co<br>(tvc:1)', ActivityAction: 0, VisibleInPortal: 0 }];
    expect((await call(`/data/objects/${t?.ci}?full=true`, { method: 'PUT', body: { ...obj, SPSActivityClassUnitOfWork: journal } })).status).toBe(204);
    expect(sim.internalNotes('TCK00012347')).toEqual(['Beth & co\n(tvc:1)']);
    expect(sim.journal('TCK00012347').at(-1)).toMatchObject({ visibleInPortal: false, seeded: false, creatorId: expect.any(String) as unknown });
    expect((await call(`/data/objects/${t?.ci}?full=true`, { method: 'PUT', body: { ID: t?.objectId, SPSNope: {} } })).status).toBe(400);
  });

  it('adds entries through the rich journal/Add; portal-visible ones count as public', async () => {
    const t = sim.ticket('TCK00012345');
    const res = await call('/journal/Add', { method: 'POST', body: { ObjectId: t?.objectId, Comments: 'internal', VisibleInPortal: false, Publish: false, EntryType: 0 } });
    expect(res.body).toEqual({ JournalId: expect.any(String) as unknown });
    await call('/journal/Add', { method: 'POST', body: { ObjectId: t?.objectId, Comments: 'for the customer', VisibleInPortal: true } });
    expect(sim.internalNotes('TCK00012345')).toEqual(['internal']);
    expect(sim.publicNotes('TCK00012345')).toEqual(['for the customer']);
    expect(sim.journalWrite).toEqual({ method: 'POST', path: '/m42Services/api/journal/Add' });
  });

  it('has no journal/Add on an "absent" tenant and refuses the rich form on a "shell" one', async () => {
    for (const journalAdd of ['absent', 'shell'] as const) {
      await sim.stop();
      await start({ journalAdd });
      const res = await call('/journal/Add', { method: 'POST', body: { ObjectId: sim.ticket('TCK00012345')?.objectId, Comments: 'x' } });
      expect(res.status).toBe(journalAdd === 'absent' ? 404 : 400);
      expect(sim.journalWrite.method).toBe('PUT');
    }
  });
});

describe('faults', () => {
  it('rate-limits as a test-only fault with Retry-After', async () => {
    sim.rateLimit(1, 7);
    const res = await call('/data/fragments/SPSActivityClassBase');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await call('/data/fragments/SPSActivityClassBase')).status).toBe(200);
  });
});
