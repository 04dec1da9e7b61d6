import { describe, expect, it } from 'vitest';
import type { TicketNumber, TicketRef } from '../../core/domain/ticket.js';
import { BotError } from '../../core/errors.js';
import { journalMarker, toAdf } from './jira.mapping.js';
import { mockJira } from './jira.test-helper.js';

const ref = (id = 'SD-1'): TicketRef => ({ system: 'jira', id, number: id as TicketNumber });
const entry = { text: 'Beth Anglin started session s1.', author: { name: 'Beth Anglin' }, dedupeKey: 'k-1' };
const noted = `Beth Anglin started session s1.\n(${journalMarker('k-1')})`;
const comments = (texts: string[], total: number, startAt = 0) => ({ status: 200, json: { startAt, maxResults: texts.length, total, comments: texts.map((t, i) => ({ id: String(i), body: toAdf(t) })) } });
const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof BotError ? e.code : String(e)));

describe('addJournalEntry', () => {
  it('writes an internal JSM comment: plain text with the marker, public:false', async () => {
    const m = mockJira();
    m.on('POST', '/rest/servicedeskapi/request/SD-1/comment', { status: 201, json: { id: '1', public: false } });
    await m.connector.addJournalEntry(ref(), entry);
    expect(m.seen.map((s) => [s.method, s.path, s.body])).toEqual([['POST', '/rest/servicedeskapi/request/SD-1/comment', { body: noted, public: false }]]);
  });

  it('uses the platform API with ADF and sd.public.comment internal when the issue is not a JSM request', async () => {
    const m = mockJira();
    m.on('POST', '/rest/servicedeskapi/request/OPS-7/comment', { status: 404, json: { errorMessage: 'no request' } });
    m.on('POST', '/rest/api/3/issue/OPS-7/comment', { status: 201, json: { id: '2' } });
    await m.connector.addJournalEntry(ref('OPS-7'), entry);
    expect(m.calls('POST', '/rest/api/3/issue/OPS-7/comment')[0]?.body).toEqual({ body: toAdf(noted), properties: [{ key: 'sd.public.comment', value: { internal: true } }] });
  });

  it('reports a vanished issue as not found', async () => {
    const m = mockJira();
    m.on('POST', '/rest/servicedeskapi/request/SD-5/comment', { status: 404, json: {} });
    m.on('POST', '/rest/api/3/issue/SD-5/comment', { status: 404, json: { errorMessages: ['Issue does not exist or you do not have permission to see it.'] } });
    expect(await codeOf(m.connector.addJournalEntry(ref('SD-5'), entry))).toBe('itsm.not_found');
  });

  it('never repeats the POST after a 503; finds the marker on the second newest-first page and stays quiet on retry', async () => {
    const m = mockJira();
    m.on('POST', '/rest/servicedeskapi/request/SD-1/comment', { status: 503, json: {} });
    m.on('GET', '/rest/api/3/issue/SD-1/comment', (s) => (new URL(s.path, 'http://x').searchParams.get('startAt') === '0' ? comments(['newer', 'other'], 3) : comments([noted], 3, 2)));
    await m.connector.addJournalEntry(ref(), entry);
    expect(m.calls('POST', '/rest/servicedeskapi/')).toHaveLength(1);
    const reads = m.calls('GET', '/rest/api/3/issue/SD-1/comment').map((s) => Object.fromEntries(new URL(s.path, 'http://x').searchParams));
    expect(reads).toEqual([
      { startAt: '0', maxResults: '100', orderBy: '-created' },
      { startAt: '2', maxResults: '100', orderBy: '-created' },
    ]);
    const before = m.seen.length;
    await m.connector.addJournalEntry(ref(), entry);
    expect(m.seen.length).toBe(before);
  });

  it('rethrows when the marker is not there, and looks again before writing on the retry', async () => {
    const m = mockJira();
    m.on('POST', '/rest/servicedeskapi/request/SD-1/comment', { status: 503, json: {} }, 1);
    m.on('POST', '/rest/servicedeskapi/request/SD-1/comment', { status: 201, json: {} }, 1);
    m.on('GET', '/rest/api/3/issue/SD-1/comment', comments(['unrelated'], 1));
    expect(await codeOf(m.connector.addJournalEntry(ref(), entry))).toBe('itsm.unavailable');
    await m.connector.addJournalEntry(ref(), entry);
    expect(m.seen.map((s) => s.method)).toEqual(['POST', 'GET', 'GET', 'POST']);
  });

  it('does not write when the look before a retry fails', async () => {
    const m = mockJira();
    m.on('POST', '/rest/servicedeskapi/request/SD-1/comment', { status: 502, json: {} });
    m.on('GET', '/rest/api/3/issue/SD-1/comment', { status: 503, json: {} });
    expect(await codeOf(m.connector.addJournalEntry(ref(), entry))).toBe('itsm.unavailable');
    expect(await codeOf(m.connector.addJournalEntry(ref(), entry))).toBe('itsm.unavailable');
    expect(m.calls('POST', '/rest/')).toHaveLength(1);
  });

  it('does not look for a marker after a plain refusal', async () => {
    const m = mockJira();
    m.on('POST', '/rest/servicedeskapi/request/SD-1/comment', { status: 403, json: { errorMessage: 'not an agent' } });
    expect(await codeOf(m.connector.addJournalEntry(ref(), entry))).toBe('itsm.forbidden');
    expect(m.seen).toHaveLength(1);
  });

  it('refuses a ticket id that is not an issue key, without calling out', async () => {
    const m = mockJira();
    expect(await codeOf(m.connector.addJournalEntry(ref('SD-1/../../x'), entry))).toBe('command.invalid_args');
    expect(m.seen).toHaveLength(0);
  });
});
