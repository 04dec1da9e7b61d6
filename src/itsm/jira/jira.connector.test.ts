import { describe, expect, it } from 'vitest';
import type { TicketNumber } from '../../core/domain/ticket.js';
import { BotError } from '../../core/errors.js';
import { ASSETS, AUTH, fx, mockJira, SITE, WS, type MockJira } from './jira.test-helper.js';

const SD1 = 'SD-1' as TicketNumber;
const issue = (fields: Record<string, unknown>, key = 'SD-1') => ({ status: 200, json: { id: '10001', key, fields: { summary: 'Printer offline', status: { id: '3', name: 'In Progress' }, ...fields } } });

function printerSite(m: MockJira, opts: { jsm?: boolean } = {}) {
  m.on('GET', '/rest/api/3/field', { status: 200, json: fx.fields([fx.assetsField('customfield_10050'), fx.assetsField('customfield_10051', 'Affected service')]) });
  m.on('GET', '/rest/api/3/issue/SD-1', issue({ assignee: fx.user('Beth Anglin', 'beth@acme.example'), reporter: fx.user('Abel Tuter', null), customfield_10050: [{ workspaceId: WS, id: `${WS}:88`, objectId: '88' }], customfield_10051: null }));
  if (opts.jsm === false) m.on('GET', '/rest/servicedeskapi/request/SD-1', { status: 404, json: { errorMessage: 'not a request' } });
  else m.on('GET', '/rest/servicedeskapi/request/SD-1', { status: 200, json: { issueKey: 'SD-1', reporter: fx.user('Abel Tuter', 'abel@acme.example') } });
  m.on('GET', `${ASSETS}/object/88`, { status: 200, json: fx.object('88', 'PC-ABEL-01', '23', 'Computer', { '304': 'SN-1', '305': '123 456 789' }) });
  m.on('GET', `${ASSETS}/objecttype/23/attributes`, { status: 200, json: fx.computerAttributes });
}

describe('getTicket', () => {
  it('reads the issue with the discovered Assets fields, the JSM customer and the linked computer', async () => {
    const m = mockJira();
    printerSite(m);
    const t = await m.connector.getTicket(m.connector.parseTicketNumber('sd-1') as TicketNumber);
    expect(t).toEqual({
      ref: { system: 'jira', id: 'SD-1', number: 'SD-1', url: `${SITE}/browse/SD-1` },
      title: 'Printer offline',
      state: { code: '3', label: 'In Progress' },
      requester: { name: 'Abel Tuter', email: 'abel@acme.example', itsmId: 'id-abel' },
      assignee: { name: 'Beth Anglin', email: 'beth@acme.example', itsmId: 'id-beth' },
      asset: { ref: { system: 'jira', id: '88', type: '23' }, name: 'PC-ABEL-01', serial: 'SN-1', teamViewerId: '123456789' },
    });
    const [get] = m.calls('GET', '/rest/api/3/issue/SD-1');
    expect(new URL(get?.path ?? '', SITE).searchParams.get('fields')).toBe('summary,status,assignee,reporter,customfield_10050,customfield_10051');
    expect(get?.headers.authorization).toBe(AUTH);
  });

  it('discovers the field and the attribute list once', async () => {
    const m = mockJira();
    printerSite(m);
    await m.connector.getTicket(SD1);
    await m.connector.getTicket(SD1);
    expect(m.calls('GET', '/rest/api/3/field')).toHaveLength(1);
    expect(m.calls('GET', `${ASSETS}/objecttype/23/attributes`)).toHaveLength(1);
  });

  it('uses JIRA_ASSETS_FIELD without asking /field', async () => {
    const m = mockJira({ JIRA_ASSETS_FIELD: 'customfield_10050' });
    printerSite(m);
    await m.connector.getTicket(SD1);
    expect(m.calls('GET', '/rest/api/3/field')).toHaveLength(0);
    expect(new URL(m.calls('GET', '/rest/api/3/issue/')[0]?.path ?? '', SITE).searchParams.get('fields')).toBe('summary,status,assignee,reporter,customfield_10050');
  });

  it('falls back to the issue reporter outside a service project, marking a hidden address as such', async () => {
    const m = mockJira();
    printerSite(m, { jsm: false });
    const t = await m.connector.getTicket(SD1);
    expect(t?.requester).toEqual({ name: 'Abel Tuter', emailHidden: true, itsmId: 'id-abel' });
  });

  it('answers undefined for 404 (missing or not browsable) without further calls', async () => {
    const m = mockJira();
    m.on('GET', '/rest/api/3/field', { status: 200, json: fx.fields() });
    m.on('GET', '/rest/api/3/issue/SD-9', { status: 404, json: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } });
    expect(await m.connector.getTicket('SD-9' as TicketNumber)).toBeUndefined();
    expect(m.calls('GET', '/rest/servicedeskapi/')).toHaveLength(0);
  });

  it('skips linked objects of other types and resolves without an asset when only those are linked', async () => {
    const m = mockJira();
    m.on('GET', '/rest/api/3/field', { status: 200, json: fx.fields([fx.assetsField('customfield_10051', 'Affected service')]) });
    m.on('GET', '/rest/api/3/issue/SD-2', issue({ reporter: fx.user('Bow Ruggeri'), assignee: null, customfield_10051: [{ workspaceId: WS, id: `${WS}:90`, objectId: '90' }] }, 'SD-2'));
    m.on('GET', '/rest/servicedeskapi/request/SD-2', { status: 200, json: { reporter: fx.user('Bow Ruggeri') } });
    m.on('GET', `${ASSETS}/object/90`, { status: 200, json: fx.object('90', 'VPN Gateway', '24', 'Service') });
    const t = await m.connector.getTicket('SD-2' as TicketNumber);
    expect(t?.asset).toBeUndefined();
    expect(t?.assignee).toBeUndefined();
    expect(t?.requester).toEqual({ name: 'Bow Ruggeri', emailHidden: true, itsmId: 'id-bow' });
  });

  it('resolves the ticket without its asset when Assets refuses the integration user', async () => {
    const m = mockJira();
    m.on('GET', '/rest/api/3/field', { status: 200, json: fx.fields([fx.assetsField('customfield_10050')]) });
    m.on('GET', '/rest/api/3/issue/SD-1', issue({ customfield_10050: [{ workspaceId: WS, objectId: '88' }] }));
    m.on('GET', '/rest/servicedeskapi/request/SD-1', { status: 200, json: { reporter: fx.user('Abel Tuter', 'abel@acme.example') } });
    m.on('GET', `${ASSETS}/object/88`, { status: 403, json: { errorMessages: ['You do not have permission'] } });
    const t = await m.connector.getTicket(SD1);
    expect(t?.title).toBe('Printer offline');
    expect(t?.asset).toBeUndefined();
  });

  it.each([
    [401, 'itsm.auth_failed', /JIRA_EMAIL and JIRA_API_TOKEN.*id\.atlassian\.com/],
    [403, 'itsm.forbidden', /agent of the service project/],
  ])('translates %i into %s with a message saying what to fix', async (status, code, message) => {
    const m = mockJira();
    m.on('GET', '/rest/api/3/field', { status, json: { errorMessages: ['nope'], errors: {} } });
    const err = (await m.connector.getTicket(SD1).catch((e: unknown) => e)) as BotError;
    expect(err).toBeInstanceOf(BotError);
    expect(err.code).toBe(code);
    expect(err.publicMessage).toMatch(message);
  });
});

describe('ticket numbers', () => {
  it('upper-cases keys, strips #, and refuses anything else', () => {
    const { connector } = mockJira();
    expect(connector.parseTicketNumber(' #itHelp-123 ')).toBe('ITHELP-123');
    for (const bad of ['SD42', '42-SD', 'S-1', 'SD-1 OR 1=1', 'SD-1"', '', 'SD-']) expect(connector.parseTicketNumber(bad), bad).toBeUndefined();
    expect(connector.ticketFormatHint).toMatch(/SD-42/);
  });
});

describe('healthCheck', () => {
  it('reports the account and Assets, and stays ok without Assets', async () => {
    const m = mockJira();
    m.on('GET', '/rest/api/3/myself', { status: 200, json: { accountId: 'x', displayName: 'TeamViewer ChatOps' } });
    m.on('GET', '/rest/api/3/field', { status: 200, json: fx.fields() });
    m.on('GET', '/rest/servicedeskapi/assets/workspace', { status: 200, json: { values: [] } });
    const h = await m.connector.healthCheck();
    expect(h.ok).toBe(true);
    expect(h.checks?.map((c) => [c.name, c.ok])).toEqual([['credentials', true], ['assets field', true], ['assets', true]]);
    expect(h.checks?.[2]?.detail).toMatch(/Premium or Enterprise/);
  });

  it('fails with the credentials message on 401', async () => {
    const m = mockJira();
    m.on('GET', '/rest/api/3/myself', { status: 401, json: undefined });
    const h = await m.connector.healthCheck();
    expect(h.ok).toBe(false);
    expect(h.detail).toMatch(/rejected the bot's credentials.*JIRA_API_TOKEN/);
  });
});
