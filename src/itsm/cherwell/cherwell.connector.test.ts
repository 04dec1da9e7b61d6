import { describe, expect, it } from 'vitest';
import type { TicketNumber, TicketRef } from '../../core/domain/ticket.js';
import { BotError } from '../../core/errors.js';
import { createCherwellConnector } from './cherwell.connector.js';
import { noteMarker } from './cherwell.mapping.js';
import { config, fakeCherwell, IDS, notFound, ok, record, silent, type FakeCherwell } from './cherwell.test-helper.js';

const n = (s: string) => s as TicketNumber;

function setup(opts: { withTeamViewerField?: boolean } = {}) {
  const fake = fakeCherwell(opts);
  const connector = createCherwellConnector(config(), { dispatcher: fake.agent, timeoutMs: 500, logger: silent, clock: { now: () => new Date() } });
  return { fake, connector };
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof BotError ? e.code : String(e)));
const ref: TicketRef = { system: 'cherwell', id: IDS.incRec, number: n('10216') };
const entry = (key: string) => ({ text: '[TeamViewer] Beth Anglin started session s1.', author: { name: 'Beth Anglin' }, dedupeKey: key });

describe('parseTicketNumber', () => {
  it('takes digits, trimmed and without #, and nothing else', () => {
    const { connector } = setup();
    expect(connector.parseTicketNumber(' #10216 ')).toBe('10216');
    for (const bad of ['INC10216', '10216a', '12345678901', '', '10 216', "10216'"]) expect(connector.parseTicketNumber(bad), bad).toBeUndefined();
  });
});

describe('getTicket', () => {
  it('resolves the incident by public id with customer e-mail, owner e-mail and the CI', async () => {
    const { fake, connector } = setup();
    const t = await connector.getTicket(n('10216'));
    expect(t).toEqual({
      ref: { system: 'cherwell', id: IDS.incRec, number: '10216', kind: 'Incident' },
      title: 'Printer offline on 3rd floor',
      state: { code: 'In Progress', label: 'In Progress' },
      requester: { name: 'Abel Tuter', email: 'abel.tuter@example.com', itsmId: IDS.abelRec },
      assignee: { name: 'Beth Anglin', email: 'beth.anglin@example.com', itsmId: IDS.bethRec },
      assignmentGroup: 'Service Desk',
      asset: { ref: { system: 'cherwell', id: IDS.pcAbelRec, type: IDS.computer }, name: 'PC-ABEL-01', serial: 'SN-1', teamViewerId: '123456789' },
    });
    expect(fake.calls('getbusinessobject/busobid/').map((c) => c.path)).toEqual([
      `/CherwellAPI/api/V1/getbusinessobject/busobid/${IDS.incident}/publicid/10216`,
      `/CherwellAPI/api/V1/getbusinessobject/busobid/${IDS.customer}/busobrecid/${IDS.abelRec}`,
      `/CherwellAPI/api/V1/getbusinessobject/busobid/${IDS.computer}/busobrecid/${IDS.pcAbelRec}`,
    ]);
    expect(fake.calls('getuserbyrecid').map((c) => c.path)).toEqual([`/CherwellAPI/api/V1/getuserbyrecid/recid/${IDS.bethRec}`]);
  });

  it('discovers ids once and reuses them', async () => {
    const { fake, connector } = setup();
    await connector.getTicket(n('10216'));
    await connector.getTicket(n('10216'));
    expect(fake.calls('getbusinessobjectsummary/busobname/Incident')).toHaveLength(1);
    expect(fake.calls('getbusinessobjectschema')).toHaveLength(1);
    expect(fake.calls('/token')).toHaveLength(1);
  });

  it('answers undefined for RECORDNOTFOUND on HTTP 200 and for a 404', async () => {
    const { fake, connector } = setup();
    expect(await connector.getTicket(n('99999'))).toBeUndefined();
    fake.on((r) => (r.path.endsWith('/publicid/12345') ? { status: 404, json: { Message: 'not found' } } : undefined));
    expect(await connector.getTicket(n('12345'))).toBeUndefined();
  });

  it('treats any other hasError on HTTP 200 as an invalid response', async () => {
    const { fake, connector } = setup();
    fake.on((r) => (r.path.endsWith('/publicid/10216') ? ok({ hasError: true, errorCode: 'GENERALFAILURE', errorMessage: 'Boom' }) : undefined));
    expect(await codeOf(connector.getTicket(n('10216')))).toBe('itsm.invalid_response');
  });

  it('does not take a missing business object for a missing ticket', async () => {
    const { fake, connector } = setup();
    fake.on((r) => (r.path.endsWith('/publicid/10216') ? ok({ hasError: true, errorCode: 'BUSINESSOBJECTNOTFOUND', errorMessage: 'Business object not found' }) : undefined));
    expect(await codeOf(connector.getTicket(n('10216')))).toBe('itsm.invalid_response');
  });

  it('still resolves when the owner cannot be read (403) and the CI lookup says not found', async () => {
    const { fake, connector } = setup();
    fake.on((r) => (r.path.includes('getuserbyrecid') ? { status: 403, json: { Message: 'denied' } } : undefined));
    fake.on((r) => (r.path.includes(`/busobrecid/${IDS.pcAbelRec}`) ? ok(notFound) : undefined));
    const t = await connector.getTicket(n('10216'));
    expect(t?.assignee).toEqual({ name: 'Beth Anglin', itsmId: IDS.bethRec });
    expect(t?.asset).toEqual({ ref: { system: 'cherwell', id: IDS.pcAbelRec, type: IDS.computer }, name: 'PC-ABEL-01' });
  });

  it('falls back to CustomerInternal when the incident has no CustomerTypeID', async () => {
    const { fake, connector } = setup();
    fake.on((r) => (r.path.endsWith('/publicid/10300') ? ok(record(IDS.incident, 'rec-x', '10300', { ShortDescription: 'x', Status: 'New', CustomerDisplayName: 'Abel Tuter', CustomerRecID: IDS.abelRec })) : undefined));
    const t = await connector.getTicket(n('10300'));
    expect(t?.requester?.email).toBe('abel.tuter@example.com');
    expect(fake.calls('busobname/CustomerInternal')).toHaveLength(1);
  });

  it('leaves the TeamViewer ID out when the CI type has no such field', async () => {
    const { connector } = setup({ withTeamViewerField: false });
    expect((await connector.getTicket(n('10216')))?.asset).toMatchObject({ name: 'PC-ABEL-01' });
    expect((await connector.getTicket(n('10216')))?.asset?.teamViewerId).toBeUndefined();
  });
});

describe('addJournalEntry', () => {
  const saves = (fake: FakeCherwell) => fake.calls('saverelatedbusinessobject');

  it('saves a Journal - Note over "Incident Owns Journals", found by display name, with the dedupe marker', async () => {
    const { fake, connector } = setup();
    await connector.addJournalEntry(ref, entry('k1'));
    expect(saves(fake)[0]?.json).toEqual({
      parentBusObId: IDS.incident,
      parentBusObRecId: IDS.incRec,
      relationshipId: IDS.journalRel,
      busObId: IDS.journal,
      fields: [
        { fieldId: `BO:${IDS.journal},FI:JournalTypeID`, name: 'JournalTypeID', value: IDS.note, dirty: true },
        { fieldId: `BO:${IDS.journal},FI:Details`, name: 'Details', value: `[TeamViewer] Beth Anglin started session s1.\n(${noteMarker('k1')})`, dirty: true },
      ],
      persist: true,
    });
  });

  it('reports hasError on HTTP 200 without repeating the write', async () => {
    const { fake, connector } = setup();
    fake.on((r) => (r.path.endsWith('saverelatedbusinessobject') ? ok({ hasError: true, errorCode: 'VALIDATIONFAILED', errorMessage: 'Details required', fieldValidationErrors: [] }) : undefined));
    expect(await codeOf(connector.addJournalEntry(ref, entry('k2')))).toBe('itsm.invalid_response');
    expect(saves(fake)).toHaveLength(1);
    expect(fake.calls('getrelatedbusinessobject')).toHaveLength(0);
  });

  it('after a 503 looks for the marker, and a retry with the same key writes nothing', async () => {
    const { fake, connector } = setup();
    let landed = false;
    fake.on((r) => {
      if (!r.path.endsWith('saverelatedbusinessobject')) return undefined;
      landed = true;
      return { status: 503, json: { Message: 'busy' } };
    });
    fake.on((r) =>
      r.path.includes('getrelatedbusinessobject') && landed ? ok({ relatedBusinessObjects: [record(IDS.journal, 'j1', 'j1', { Details: `text\n(${noteMarker('k3')})` })], totalRecords: 1, hasError: false }) : undefined,
    );
    expect(await codeOf(connector.addJournalEntry(ref, entry('k3')))).toBe('resolved');
    await connector.addJournalEntry(ref, entry('k3'));
    expect(saves(fake)).toHaveLength(1);
    expect(fake.calls('getrelatedbusinessobject')[0]?.path).toBe(`/CherwellAPI/api/V1/getrelatedbusinessobject/parentbusobid/${IDS.incident}/parentbusobrecid/${IDS.incRec}/relationshipid/${IDS.journalRel}`);
    expect(fake.calls('getrelatedbusinessobject')[0]?.query.get('allfields')).toBe('true');
  });

  it('rethrows a 503 whose note is not there, and checks again before the retry writes', async () => {
    const { fake, connector } = setup();
    let fail = true;
    fake.on((r) => (r.path.endsWith('saverelatedbusinessobject') && fail ? { status: 503, json: { Message: 'busy' } } : undefined));
    expect(await codeOf(connector.addJournalEntry(ref, entry('k4')))).toBe('itsm.unavailable');
    fail = false;
    await connector.addJournalEntry(ref, entry('k4'));
    expect(saves(fake)).toHaveLength(2);
    expect(fake.calls('getrelatedbusinessobject')).toHaveLength(2);
  });

  it('refuses clearly when the blueprint lost the journal relationship', async () => {
    const { fake, connector } = setup();
    fake.on((r) => (r.path.includes(`getbusinessobjectschema/busobid/${IDS.incident}`) ? ok({ busObId: IDS.incident, fieldDefinitions: [{ name: 'RecID', fieldId: 'f' }], relationships: [] }) : undefined));
    const err = await connector.addJournalEntry(ref, entry('k5')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BotError);
    expect((err as BotError).publicMessage).toMatch(/Incident Owns Journals/);
  });
});

describe('healthCheck', () => {
  it('signs in, proves the ticket BO and reports journal and asset set-up', async () => {
    const { connector } = setup({ withTeamViewerField: false });
    const h = await connector.healthCheck();
    expect(h.ok).toBe(true);
    expect(h.checks?.map((c) => [c.name, c.ok])).toEqual([
      ['sign-in', true],
      ['Incident business object', true],
      ['journal notes', true],
      ['TeamViewer ID field', false],
    ]);
    expect(h.detail).toMatch(/TeamViewerID.*ConfigComputer.*blueprint/);
  });

  it('fails with the credentials message when the sign-in is refused', async () => {
    const { fake, connector } = setup();
    fake.on((r) => (r.path === '/CherwellAPI/token' ? { status: 400, json: { error: 'invalid_grant', error_description: 'Could not login' } } : undefined));
    const h = await connector.healthCheck();
    expect(h).toMatchObject({ ok: false, checks: [{ name: 'sign-in', ok: false }] });
    expect(h.detail).toMatch(/rejected the bot's credentials.*CHERWELL_USERNAME and CHERWELL_PASSWORD/);
  });
});
