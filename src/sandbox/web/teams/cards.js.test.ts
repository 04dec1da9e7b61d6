import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { renderAdaptiveCard } from '../../../chat/teams/adaptive-card.renderer.js';
import { PAGE_KIT_JS } from '../page-kit.js.js';
import { CARDS_JS } from './cards.js.js';

type Ctx = { msg: { id: string }; actions: { a: Record<string, unknown>; key: string }[]; open: Record<string, boolean> };
const location = { href: 'http://127.0.0.1:3000/sandbox/teams', origin: 'http://127.0.0.1:3000' };
const api = runInNewContext(`${CARDS_JS};({ cardMarkdown, renderCard })`, { URL, location }) as {
  cardMarkdown(text: string, lang?: string): string;
  renderCard(card: unknown, ctx: Ctx): string;
};
const ctx = (open: Record<string, boolean> = {}): Ctx => ({ msg: { id: 'm1' }, actions: [], open });
const kit = runInNewContext(`${PAGE_KIT_JS};({ isLocal })`, { URL, location }) as { isLocal(url: string): boolean };

describe('the Teams view Adaptive Card renderer (browser code, run here in a bare VM)', () => {
  it('formats the markdown subset the bot writes', () => {
    expect(api.cardMarkdown('**Printer** _soon_ by <at>Beth Anglin</at>\n\n[INC1](https://sn.example/x?a=1&b=2) \\*not bold\\*')).toBe(
      '<p><b>Printer</b> <i>soon</i> by <span class="mention">Beth Anglin</span></p><p><a href="https://sn.example/x?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">INC1</a> *not bold*</p>',
    );
    const time = api.cardMarkdown('{{DATE(2026-01-02T03:04:05Z, SHORT)}} {{TIME(2026-01-02T03:04:05Z)}} {{DATE(nonsense)}}', 'en');
    expect(time.match(/<time datetime="2026-01-02T03:04:05.000Z"/g)).toHaveLength(2);
    expect(time).toContain('{{DATE(nonsense)}}');
  });

  it('never turns text from a ticket into markup, through the bot’s own renderer', () => {
    const hostile = '<img src=x onerror=alert(1)> "q" [click](javascript:alert(1)) **x** {{DATE(2026-01-02T03:04:05Z)}} </at><script>';
    const card = renderAdaptiveCard({ text: hostile, title: hostile, body: [hostile], fields: [{ label: hostile, value: hostile }], actions: [{ id: 'a', label: hostile }] }).content;
    const html = api.renderCard(card, ctx());
    expect(html).not.toMatch(/<(img|script)|href="javascript|<b>x<\/b>|<time/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;q&quot; [click](javascript:alert(1)) **x**');
    expect(api.cardMarkdown('[x](javascript:alert(1)) [y](https://a.example/"onclick="z)')).toBe('<p>x) <a href="https://a.example/&quot;onclick=&quot;z" target="_blank" rel="noopener noreferrer">y</a></p>');
  });

  it('renders FactSet, ColumnSet, Container, Image and the actions, unfolding a ShowCard only when open', () => {
    const card = {
      type: 'AdaptiveCard',
      body: [
        { type: 'Container', style: 'good', items: [{ type: 'TextBlock', text: 'Head', size: 'Medium', weight: 'Bolder' }] },
        { type: 'ColumnSet', columns: [{ type: 'Column', width: 'auto', items: [{ type: 'Image', url: '/logo.png', altText: 'logo' }] }, { type: 'Column', items: [{ type: 'Image', url: 'https://evil.example/t.png', altText: 'x"y' }] }] },
        { type: 'FactSet', facts: [{ title: 'State', value: 'Open' }] },
        { type: 'ActionSet', actions: [{ type: 'Action.OpenUrl', title: 'Join', url: 'https://get.teamviewer.com/s1' }, { type: 'Action.ShowCard', title: 'Close', style: 'destructive', card: { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'Sure?' }], actions: [{ type: 'Action.Execute', title: 'Yes', verb: 'session.close' }] } }] },
        { type: 'Media' },
      ],
    };
    const closed = ctx();
    const html = api.renderCard(card, closed);
    expect(html).toContain('<div class="ac-container ac-style-good"><div class="ac-text ac-size-medium ac-weight-bolder"><p>Head</p></div></div>');
    expect(html).toContain('<img class="ac-image" src="http://127.0.0.1:3000/logo.png" alt="logo">');
    expect(html).toContain('<span class="ac-image-off" title="https://evil.example/t.png">[x&quot;y]</span>');
    expect(html).toContain('<tr><th><p>State</p></th><td><p>Open</p></td></tr>');
    expect(html).toContain('[Media]');
    expect(html).not.toContain('Sure?');
    expect(closed.actions.map((a) => a.a.title)).toEqual(['Join', 'Close']);
    const opened = ctx({ [closed.actions[1]?.key ?? '']: true });
    const unfolded = api.renderCard(card, opened);
    expect(unfolded).toContain('<div class="ac-showcard"><div class="ac-text"><p>Sure?</p></div><div class="ac-actions"><button type="button" class="ac-btn" data-action="2">Yes</button></div></div>');
    expect(opened.actions.map((a) => a.a.title)).toEqual(['Join', 'Close', 'Yes']);
  });

  it('renders a card with malformed arrays instead of stopping the whole page', () => {
    const card = { body: [{ type: 'RichTextBlock', inlines: 'x' }, { type: 'FactSet', facts: [null, 7, { title: 'T', value: 'V' }] }, { type: 'FactSet', facts: {} }, { type: 'ColumnSet', columns: 5 }, { type: 'TextBlock', text: 'after' }] };
    const html = api.renderCard(card, ctx());
    expect(html).toContain('<tr><th><p>T</p></th><td><p>V</p></td></tr>');
    expect(html).toContain('<p>after</p>');
  });

  it('treats objects where text belongs as no text, even one whose toString throws', () => {
    const evil = { toString: 1 };
    const card = { body: [{ type: 'TextBlock', text: evil }, { type: 'FactSet', facts: [{ title: evil, value: 'V' }] }, { type: 'TextBlock', text: 'after' }], actions: [{ type: 'Action.OpenUrl', title: evil, url: evil }] };
    const html = api.renderCard(card, ctx());
    expect(html).toContain('<p>after</p>');
    expect(html).not.toContain('[object');
  });

  it('opens only http(s) links on this machine, not a javascript: URL with a loopback "host"', () => {
    expect(['/sandbox', 'http://localhost:3000/x', 'http://[::1]/'].map((u) => kit.isLocal(u))).toEqual([true, true, true]);
    const hostile = ['javascript://127.0.0.1/%0Aalert(1)', 'JAVASCRIPT://localhost/%0a1', 'data://127.0.0.1/x', 'https://evil.example/'];
    expect(hostile.map((u) => kit.isLocal(u))).toEqual([false, false, false, false]);
  });
});
