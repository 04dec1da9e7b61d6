import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../core/domain/remote-session.js';
import type { Reply } from '../../core/ports/chat.port.js';
import { sessionCard } from '../../core/replies/session-card.reply.js';
import { actionFromTeams, escapeMarkdown, MAX_CARD_BYTES, renderAdaptiveCard, type ActionSet, type CardAction, type FactSet, type TextBlock } from './adaptive-card.renderer.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const session: SessionRecord = {
  id: 's1',
  ticketKey: 'servicenow:INC0010023',
  ticket: { system: 'servicenow', number: 'INC0010023', id: 'sys1', title: 'Printer *jams* on_tray [2]', url: 'https://acme.example.com/incident?id=sys1' },
  requester: { name: 'Abel Tuter', email: 'abel.tuter@example.com' },
  agent: { key: 'teams:t1:29:1abc', chatUserId: '29:1abc', name: 'Beth Anglin' },
  state: 'created',
  idempotencyKey: 'k1',
  code: 's12-345-678',
  supporterLink: 'https://start.teamviewer.com/s12345678',
  webSupporterLink: 'https://web.teamviewer.com/s12345678',
  validUntil: '2026-11-21T13:00:00.000Z',
  createdAt: '2026-11-21T12:00:00.000Z',
  updatedAt: '2026-11-21T12:00:00.000Z',
  origin: { surface: 'teams', conversationId: 'c1' },
  invite: { status: 'sent', to: 'abel.tuter@example.com' },
};

const bodyText = (reply: Reply, i = 0) => (renderAdaptiveCard(reply).content.body[i] as TextBlock).text;
const one = (t: Reply['body']) => bodyText({ text: 'x', body: t });
const actionsOf = (reply: Reply) => renderAdaptiveCard(reply).content.body.filter((e): e is ActionSet => e.type === 'ActionSet');
const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

describe('renderAdaptiveCard', () => {
  it('renders a session card as a 1.5 full-width card: title band, facts, join links, Execute actions, confirm as ShowCard', () => {
    const execute = (title: string, verb: string, style?: 'destructive') => ({
      type: 'Action.Execute',
      title,
      verb,
      data: { action: verb, value: 's1' },
      ...(style ? { style } : {}),
      fallback: { type: 'Action.Submit', title, data: { action: verb, value: 's1' }, ...(style ? { style } : {}) },
    });
    expect(renderAdaptiveCard(sessionCard(session, NOW))).toEqual({
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: {
        type: 'AdaptiveCard',
        $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
        version: '1.5',
        fallbackText: 'TeamViewer session s12-345-678 for INC0010023: Printer *jams* on_tray [2] (Open)',
        lang: 'en',
        body: [
          { type: 'Container', style: 'good', bleed: true, items: [{ type: 'TextBlock', text: 'TeamViewer session for INC0010023', wrap: true, size: 'Medium', weight: 'Bolder' }] },
          { type: 'TextBlock', text: '**Printer \\*jams\\* on\\_tray \\[2\\]**', wrap: true },
          {
            type: 'FactSet',
            facts: [
              { title: 'Ticket', value: '[INC0010023](https://acme.example.com/incident?id=sys1)' },
              { title: 'Requester', value: 'Abel Tuter' },
              { title: 'Session code', value: '`s12-345-678`' },
              { title: 'State', value: 'Open' },
              { title: 'Agent', value: '**29:1abc**' },
              { title: 'Valid until', value: '{{DATE(2026-11-21T13:00:00Z, SHORT)}} {{TIME(2026-11-21T13:00:00Z)}}' },
              { title: 'Invitation', value: 'E-mailed to abel.tuter@example.com' },
            ],
          },
          {
            type: 'ActionSet',
            actions: [
              { type: 'Action.OpenUrl', title: 'Join (TeamViewer app)', url: 'https://start.teamviewer.com/s12345678', style: 'positive' },
              { type: 'Action.OpenUrl', title: 'Join in browser', url: 'https://web.teamviewer.com/s12345678' },
              execute('Resend link to customer', 'session.share'),
              {
                type: 'Action.ShowCard',
                title: 'Close session',
                style: 'destructive',
                card: {
                  type: 'AdaptiveCard',
                  body: [
                    { type: 'TextBlock', text: 'Close this session?', wrap: true, weight: 'Bolder' },
                    { type: 'TextBlock', text: 'The customer link for INC0010023 stops working.', wrap: true },
                  ],
                  actions: [execute('Close session', 'session.close', 'destructive')],
                },
              },
            ],
          },
        ],
        msteams: { width: 'Full' },
      },
    });
  });

  it('escapes markdown, mention tags, entities, list markers and DATE() look-alikes in text we did not write', () => {
    expect(escapeMarkdown('a*b_c [x] <at>Boss</at> \\ &amp; & ok')).toBe('a\\*b\\_c \\[x\\] \\<at\\>Boss\\</at\\> \\\\ \\&amp; & ok');
    expect(escapeMarkdown('- one\n2. two\n-3')).toBe('\\- one\n2\\. two\n-3');
    expect(one(['{{DATE(2026-01-01T00:00:00Z, SHORT)}}'])).toBe('{\u200b{DATE(2026-01-01T00:00:00Z, SHORT)}}');
    expect(one(['line one\nline *two*'])).toBe('line one\n\nline \\*two\\*');
    expect(renderAdaptiveCard({ text: 'x', title: 'Re: **urgent**', fields: [{ label: 'a_b', value: '' }] }).content.body).toEqual([
      { type: 'TextBlock', text: 'Re: \\*\\*urgent\\*\\*', wrap: true, size: 'Medium', weight: 'Bolder' },
      { type: 'FactSet', facts: [{ title: 'a\\_b', value: '—' }] },
    ]);
  });

  it('renders times as DATE()/TIME() in UTC without milliseconds, so each viewer sees their own zone', () => {
    expect(one([[{ kind: 'time', at: '2026-11-21T12:00:00.123Z' }]])).toBe('{{DATE(2026-11-21T12:00:00Z, SHORT)}} {{TIME(2026-11-21T12:00:00Z)}}');
    expect(one([[{ kind: 'time', at: '2026-11-21T13:30:00+01:00', show: 'time' }]])).toBe('{{TIME(2026-11-21T12:30:00Z)}}');
    expect(one([[{ kind: 'time', at: '2026-11-21T12:00:00Z', show: 'date' }]])).toBe('{{DATE(2026-11-21T12:00:00Z, SHORT)}}');
    expect(one([['ended ', { kind: 'time', at: 'not_a_date' }]])).toBe('ended not\\_a\\_date');
  });

  it('renders links, code, bold and users; a known user name becomes a real mention entity', () => {
    expect(one([[{ kind: 'link', url: 'https://x.example/a_(b) c', label: 'see [1]' }]])).toBe('[see \\[1\\]](https://x.example/a_%28b%29%20c)');
    expect(one([[{ kind: 'link', url: 'javascript:alert(1)', label: 'click' }]])).toBe('click');
    expect(one([[{ kind: 'code', text: 'a`b_c' }, { kind: 'bold', text: ' hi ' }, { kind: 'bold', text: '' }]])).toBe("`a'b\\_c` **hi** ");
    const reply: Reply = { text: 'x', body: [[{ kind: 'user', userId: '29:1' }, ' and ', { kind: 'user', userId: '29:2' }, { kind: 'user', userId: '29:1' }, { kind: 'user', userId: '29:3' }]] };
    const names: Record<string, string> = { '29:1': 'Beth <Anglin>', '29:3': 'Beth Anglin' };
    const card = renderAdaptiveCard(reply, { userName: (id) => names[id] }).content;
    expect((card.body[0] as TextBlock).text).toBe('<at>Beth Anglin</at> and **29:2**<at>Beth Anglin</at>**Beth Anglin**');
    expect(card.msteams).toEqual({ width: 'Full', entities: [{ type: 'mention', text: '<at>Beth Anglin</at>', mentioned: { id: '29:1', name: 'Beth Anglin' } }] });
  });

  it('maps severity to a coloured band around the title, or around the first text when there is no title', () => {
    expect(renderAdaptiveCard({ text: 'x', title: 't', severity: 'info' }).content.body[0]).toMatchObject({ type: 'Container', style: 'emphasis' });
    expect(renderAdaptiveCard({ text: 'x', title: 't', severity: 'warning' }).content.body[0]).toMatchObject({ type: 'Container', style: 'warning' });
    expect(renderAdaptiveCard({ text: 'x', body: ['Failed', 'why'], severity: 'error' }).content.body).toEqual([
      { type: 'Container', style: 'attention', bleed: true, items: [{ type: 'TextBlock', text: 'Failed', wrap: true }] },
      { type: 'TextBlock', text: 'why', wrap: true },
    ]);
    expect(renderAdaptiveCard({ text: 'x', title: 't', context: ['small'] }).content.body).toEqual([
      { type: 'TextBlock', text: 't', wrap: true, size: 'Medium', weight: 'Bolder' },
      { type: 'TextBlock', text: 'small', wrap: true, size: 'Small', isSubtle: true, spacing: 'Small' },
    ]);
  });

  it('puts at most 6 actions in a row and maps styles; an action without value carries none', () => {
    const actions = Array.from({ length: 8 }, (_, i) => ({ id: `a.${i}`, label: `A${i}`, ...(i === 0 ? { style: 'primary' as const } : {}) }));
    const rows = actionsOf({ text: 'x', actions });
    expect(rows.map((r) => r.actions.length)).toEqual([6, 2]);
    expect(rows[0]!.actions[0]).toEqual({
      type: 'Action.Execute',
      title: 'A0',
      verb: 'a.0',
      data: { action: 'a.0' },
      style: 'positive',
      fallback: { type: 'Action.Submit', title: 'A0', data: { action: 'a.0' }, style: 'positive' },
    });
  });

  it('keeps a huge reply under the size cap, clipping texts and dropping the overflow with a visible "…"', () => {
    const huge: Reply = {
      text: 'y'.repeat(50_000),
      title: 'Big',
      body: Array.from({ length: 40 }, (_, i) => [`${i} `, 'ü'.repeat(5000), { kind: 'user' as const, userId: `29:${i}` }]),
      fields: Array.from({ length: 300 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(2000) })),
      actions: Array.from({ length: 30 }, (_, i) => ({ id: `a.${i}`, label: 'L'.repeat(200), value: 'v'.repeat(5000) })),
      context: Array.from({ length: 50 }, () => 'c'.repeat(3000)),
    };
    const card = renderAdaptiveCard(huge, { userName: (id) => `User ${id}` });
    expect(size(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const body = card.content.body;
    expect(body[0]).toMatchObject({ type: 'TextBlock', text: 'Big' });
    expect(body.at(-1)).toEqual({ type: 'TextBlock', text: '…', wrap: true, isSubtle: true });
    expect(card.content.fallbackText.length).toBeLessThanOrEqual(1000);
    // Entities only for mentions still in the card.
    const json = JSON.stringify(body);
    for (const e of card.content.msteams.entities ?? []) expect(json).toContain(e.text);

    expect(body.some((e) => e.type === 'ActionSet')).toBe(true); // buttons go last

    const card2 = sessionCard(session, NOW);
    const long = renderAdaptiveCard({ ...card2, body: Array.from({ length: 60 }, () => 'word '.repeat(400)) });
    expect(size(long)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(long.content.body.filter((e) => e.type === 'TextBlock' && e.text.endsWith('…')).length).toBeGreaterThan(10);
    expect(long.content.body.find((e) => e.type === 'FactSet')).toEqual(renderAdaptiveCard(card2).content.body.find((e) => e.type === 'FactSet'));
    expect(actionsOf({ ...card2 })).toEqual(long.content.body.filter((e) => e.type === 'ActionSet'));

    const facts: Reply = { text: 'x', title: 'Facts', fields: Array.from({ length: 400 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(500) })) };
    const factCard = renderAdaptiveCard(facts);
    expect(size(factCard)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    const kept = (factCard.content.body.find((e) => e.type === 'FactSet') as FactSet).facts;
    expect(kept.length).toBeGreaterThan(10);
    expect(kept[0]!.title).toBe('f0');
  });

  it('clips one long text with "…" instead of dropping it, never splitting a DATE(), link or escape', () => {
    const times = Array.from({ length: 200 }, () => ({ kind: 'time' as const, at: '2026-11-21T12:00:00Z' }));
    const text = one([times]);
    expect(text.endsWith('…')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.slice(0, -1)).toMatch(/\}\}\s*$/);
    const links = one([Array.from({ length: 300 }, () => ({ kind: 'link' as const, url: 'https://x.example/long/path', label: 'a_b' }))]);
    expect(links.slice(0, -1)).toMatch(/\)$/);
    const escapes = one(['*'.repeat(5000)]);
    expect(escapes).toMatch(/^(\\\*)+…$/);
    const big = renderAdaptiveCard({ text: 'x', body: ['z'.repeat(40_000)] });
    expect(size(big)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect((big.content.body[0] as TextBlock).text).toMatch(/^z+…$/);
    expect(big.content.body).toHaveLength(1); // clipped, nothing dropped: no "…" line
  });
});

describe('actionFromTeams', () => {
  const rendered = actionsOf({ text: 'x', actions: [{ id: 'session.close', label: 'Close', value: 's1' }] })[0]!.actions[0] as Extract<CardAction, { type: 'Action.Execute' }>;

  it('reads the adaptiveCard/action invoke value and the Action.Submit message value', () => {
    expect(actionFromTeams({ action: { type: 'Action.Execute', verb: rendered.verb, data: rendered.data } })).toEqual({ actionId: 'session.close', value: 's1' });
    expect(actionFromTeams(rendered.fallback.data)).toEqual({ actionId: 'session.close', value: 's1' });
    expect(actionFromTeams({ action: 'link.new' })).toEqual({ actionId: 'link.new' });
    expect(actionFromTeams({ action: { type: 'Action.Execute', data: { action: 'session.share', value: 's2' } } })).toEqual({ actionId: 'session.share', value: 's2' });
    expect(actionFromTeams('{"action":"session.share","value":"s3"}')).toEqual({ actionId: 'session.share', value: 's3' });
    expect(actionFromTeams({ action: 'session.share', value: 7, msteams: { type: 'messageBack' } })).toEqual({ actionId: 'session.share' });
  });

  it('returns undefined for anything else', () => {
    for (const v of [undefined, null, 3, 'start INC1', '', [], {}, { action: '' }, { action: 5 }, { action: {} }, { action: { verb: 1, data: 'x' } }, { action: 'a'.repeat(300) }]) {
      expect(actionFromTeams(v)).toBeUndefined();
    }
  });
});
