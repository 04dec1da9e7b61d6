import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { BLOCKS_JS } from './blocks.js.js';

type Ctx = { users: Record<string, string>; me: string; msg?: unknown; buttons: { el: Record<string, unknown> }[] };
const api = runInNewContext(`${BLOCKS_JS};({ mrkdwn, renderBlocks })`) as {
  mrkdwn(text: string, ctx: Ctx): string;
  renderBlocks(blocks: unknown[], ctx: Ctx): string;
};
const ctx = (): Ctx => ({ users: { U1: 'Beth Anglin', U2: 'Fred <Luddy>' }, me: 'U1', buttons: [] });

describe('the sandbox page Block Kit renderer (browser code, run here in a bare VM)', () => {
  it('formats the mrkdwn subset the bot writes', () => {
    expect(api.mrkdwn('*Ticket*\n_soon_ ~old~ `s1-2-3` by <@U1> and <@U2>', ctx())).toBe(
      '<b>Ticket</b>\n<i>soon</i> <s>old</s> <code>s1-2-3</code> by <span class="mention mention-me">@Beth Anglin</span> and <span class="mention">@Fred &lt;Luddy&gt;</span>',
    );
    expect(api.mrkdwn('<https://sn.example/x?a=1&amp;b=2|INC0010001>', ctx())).toBe('<a href="https://sn.example/x?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">INC0010001</a>');
  });

  it('never turns text from a ticket into markup', () => {
    const hostile = api.mrkdwn('&lt;img src=x onerror=alert(1)&gt; "quoted" \'single\' `&lt;/code&gt;&lt;script&gt;`', ctx());
    expect(hostile).not.toMatch(/<(img|script|\/code><script)/);
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &#39;single&#39;');
    expect(api.mrkdwn('<javascript:alert(1)|click me>', ctx())).toBe('click me');
    expect(api.mrkdwn('<https://x.example/"onmouseover="alert(1)|label>', ctx())).toBe(
      '<a href="https://x.example/&quot;onmouseover=&quot;alert(1)" target="_blank" rel="noopener noreferrer">label</a>',
    );
    const header = api.renderBlocks([{ type: 'header', text: { type: 'plain_text', text: '<b>*not bold*</b>' } }], ctx());
    expect(header).toBe('<div class="bk-header">&lt;b&gt;*not bold*&lt;/b&gt;</div>');
  });

  it('keeps each slot of markup out of the attributes of another, and survives a date token out of range', () => {
    const spliced = api.mrkdwn('<https://a.example/\u00001\u0000|x> <https://b.example/ onmouseover=alert(1) |y>', ctx());
    expect(spliced).toBe(
      '<a href="https://a.example/1" target="_blank" rel="noopener noreferrer">x</a> <a href="https://b.example/ onmouseover=alert(1) " target="_blank" rel="noopener noreferrer">y</a>',
    );
    expect(api.mrkdwn('see \u00007\u0000', ctx())).toBe('see 7');
    expect(api.mrkdwn('until <!date^99999999999999^{date}|some day>', ctx())).toBe('until some day');
  });

  it('keeps date tokens as <time> with the ISO instant and the fallback as title', () => {
    const html = api.mrkdwn('until <!date^1767225600^{date_num}|2026-01-01 00:00 UTC>', ctx());
    expect(html).toMatch(/^until <time datetime="2026-01-01T00:00:00.000Z" title="2026-01-01 00:00 UTC">\d{4}-\d{2}-\d{2}<\/time>$/);
  });

  it('renders fields, buttons and their confirm dialogs for the page to act on', () => {
    const c = ctx();
    const close = { type: 'button', action_id: 'session.close:1', text: { type: 'plain_text', text: 'Close session' }, style: 'danger', confirm: { title: { type: 'plain_text', text: 'Close?' } } };
    const join = { type: 'button', action_id: 'session.join_app:0', text: { type: 'plain_text', text: 'Join' }, url: 'https://get.teamviewer.com/x' };
    const html = api.renderBlocks(
      [
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*State*\nOpen' }] },
        { type: 'actions', elements: [join, close] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Closed' }] },
        { type: 'video' },
      ],
      c,
    );
    expect(html).toContain('<div class="bk-field"><b>State</b>\nOpen</div>');
    expect(html).toContain('<button type="button" class="bk-btn" data-button="0">Join<span class="ext" aria-hidden="true">↗</span></button>');
    expect(html).toContain('<button type="button" class="bk-btn danger" data-button="1">Close session</button>');
    expect(html).toContain('[video block]');
    expect(c.buttons.map((b) => b.el.action_id)).toEqual(['session.join_app:0', 'session.close:1']);
  });
});
