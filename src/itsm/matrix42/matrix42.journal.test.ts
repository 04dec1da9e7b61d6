import { describe, expect, it } from 'vitest';
import type { JournalEntry, TicketNumber, TicketRef } from '../../core/domain/ticket.js';
import { markerOf } from './matrix42.mapping.js';
import { connectorWith, dataCalls, exchangeOk, mockMatrix42, type Call, type Reply, type Route } from './matrix42.test-helper.js';

const now = () => new Date('2025-03-04T05:00:00Z');
const OBJECT = 'obj-1';
const ticket: TicketRef = { system: 'matrix42', id: OBJECT, number: 'TCK00012345' as TicketNumber, kind: 'SPSActivityTypeIncident' };
const entry: JournalEntry = { text: 'Beth <b>& co</b> started session s123\nsecond line', author: { name: 'Beth Anglin' }, dedupeKey: 'start-s123' };
const marker = markerOf(entry.dedupeKey);

const isMarkerQuery = (c: Call) => c.method === 'GET' && c.path === '/m42Services/api/data/fragments/SPSActivityClassUnitOfWork';
const isJournalAdd = (c: Call) => c.method === 'POST' && c.path === '/m42Services/api/journal/Add';
const isObjectPut = (c: Call) => c.method === 'PUT' && c.path === '/m42Services/api/data/objects/SPSActivityTypeIncident';

/** The journal as the server would show it: `hasMarker()` decides what the marker query finds. */
function journalRoutes(o: { add?: Reply; put?: Reply; hasMarker?: () => boolean }): Route[] {
  return [
    exchangeOk(now),
    (c) => (isMarkerQuery(c) ? { status: 200, json: o.hasMarker?.() ? [{ ID: 'j1' }] : [] } : undefined),
    (c) => (isJournalAdd(c) ? (o.add ?? { status: 200, json: { JournalId: 'j-new' } }) : undefined),
    (c) =>
      c.method === 'GET' && c.path === `/m42Services/api/data/objects/SPSActivityTypeIncident/${OBJECT}`
        ? { status: 200, json: { ID: OBJECT, SPSActivityClassBase: { ID: 'f1', Subject: 'x' }, SPSActivityClassUnitOfWork: [{ ID: 'old' }] } }
        : undefined,
    (c) => (isObjectPut(c) ? (o.put ?? { status: 204 }) : undefined),
  ];
}

const kinds = (calls: Call[]) => dataCalls(calls).map((c) => (isMarkerQuery(c) ? 'check' : isJournalAdd(c) ? 'add' : isObjectPut(c) ? 'put' : `${c.method} ${c.path}`));

describe('addJournalEntry', () => {
  it('posts the rich journal/Add form, internal and HTML-escaped, with no lookup on a first attempt', async () => {
    const { agent, calls } = mockMatrix42(...journalRoutes({}));
    await connectorWith(agent, {}, now).addJournalEntry(ticket, entry);
    expect(kinds(calls)).toEqual(['add']);
    expect(calls.find(isMarkerQuery)).toBeUndefined();
    expect(calls.find(isJournalAdd)?.body).toEqual({
      ObjectId: OBJECT,
      Comments: `Beth &lt;b&gt;&amp; co&lt;/b&gt; started session s123<br>second line<br>(${marker})`,
      VisibleInPortal: false,
      Publish: false,
      EntryType: 0,
    });
  });

  it('falls back to the object update when journal/Add is absent, and keeps using it', async () => {
    const { agent, calls } = mockMatrix42(...journalRoutes({ add: { status: 404, json: { Message: 'No HTTP resource was found' } } }));
    const connector = connectorWith(agent, {}, now);
    await connector.addJournalEntry(ticket, entry);
    await connector.addJournalEntry(ticket, { ...entry, dedupeKey: 'close-s123' });
    expect(kinds(calls)).toEqual(['add', `GET /m42Services/api/data/objects/SPSActivityTypeIncident/${OBJECT}`, 'put', `GET /m42Services/api/data/objects/SPSActivityTypeIncident/${OBJECT}`, 'put']);
    const put = calls.find(isObjectPut);
    expect(put?.query.get('full')).toBe('true');
    expect(put?.body).toMatchObject({
      ID: OBJECT,
      SPSActivityClassBase: { ID: 'f1', Subject: 'x' },
      SPSActivityClassUnitOfWork: [{ ID: 'old' }, { OriginalSolutionHtml: expect.stringContaining(marker) as unknown, ActivityAction: 0, VisibleInPortal: false }],
    });
  });

  it('never falls back in journal-add mode, and never posts journal/Add in object-update mode', async () => {
    const strict = mockMatrix42(...journalRoutes({ add: { status: 404, json: {} } }));
    const refused = await connectorWith(strict.agent, { journalMode: 'journal-add' }, now)
      .addJournalEntry(ticket, entry)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'itsm.invalid_response', status: 404 });
    expect((refused as Error).message).toMatch(/journal\/Add.*HTTP 404.*MATRIX42_JOURNAL_MODE/);
    expect(kinds(strict.calls)).toEqual(['add']);
    const object = mockMatrix42(...journalRoutes({}));
    await connectorWith(object.agent, { journalMode: 'object-update' }, now).addJournalEntry(ticket, entry);
    expect(kinds(object.calls)).toEqual([`GET /m42Services/api/data/objects/SPSActivityTypeIncident/${OBJECT}`, 'put']);
  });

  it('after a 5xx looks for the marker: found means done, not found means the error, and no fallback either way', async () => {
    // The server stored the entry although it answered 503: the marker is there once journal/Add was called.
    const found = mockMatrix42(...journalRoutes({ add: { status: 503, json: {} }, hasMarker: () => found.calls.some(isJournalAdd) }));
    await connectorWith(found.agent, {}, now).addJournalEntry(ticket, entry);
    expect(kinds(found.calls)).toEqual(['add', 'check']);

    const notFound = mockMatrix42(...journalRoutes({ add: { status: 503, json: {} } }));
    await expect(connectorWith(notFound.agent, {}, now).addJournalEntry(ticket, entry)).rejects.toMatchObject({ code: 'itsm.unavailable' });
    expect(kinds(notFound.calls)).toEqual(['add', 'check']);
  });

  it('does not write again when the outbox retries an entry that is already there', async () => {
    const { agent, calls } = mockMatrix42(...journalRoutes({ hasMarker: () => true }));
    await connectorWith(agent, {}, now).addJournalEntry(ticket, { ...entry, mayExist: true });
    expect(kinds(calls)).toEqual(['check']);
    expect(calls.find(isMarkerQuery)?.query.get('where')).toBe(`T(SPSActivityClassBase).TicketNumber='TCK00012345' AND OriginalSolutionHtml LIKE '%${marker}%'`);
  });

  it('reads back after 200 + null and reports a write that did not land as refused', async () => {
    const { agent, calls } = mockMatrix42(...journalRoutes({ add: { status: 200, text: 'null' } }));
    await expect(connectorWith(agent, {}, now).addJournalEntry(ticket, entry)).rejects.toMatchObject({ code: 'itsm.forbidden' });
    expect(kinds(calls)).toEqual(['add', 'check']);
  });

  it('finds the CI from the ticket fragment when the ref does not carry it', async () => {
    const { agent, calls } = mockMatrix42(
      ...journalRoutes({}),
      (c) => (c.path === '/m42Services/api/data/fragments/SPSActivityClassBase' ? { status: 200, json: [{ ID: 'f1', ObjectId: OBJECT }] } : undefined),
      (c) => (c.path === '/m42Services/api/data/fragments/SPSActivityClassBase/f1' ? { status: 200, json: { ID: 'f1', UsedInTypeSPSActivityTypeIncident: OBJECT } } : undefined),
    );
    await connectorWith(agent, { journalMode: 'object-update' }, now).addJournalEntry({ ...ticket, kind: undefined }, entry);
    expect(kinds(calls)).toContain('put');
  });
});
