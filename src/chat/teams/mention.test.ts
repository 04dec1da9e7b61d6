import { describe, expect, it } from 'vitest';
import { stripMentions } from './mention.js';

const BOT = ['TeamViewer'];

describe('stripMentions', () => {
  it('removes the bot mention and the trailing line break Teams sends', () => {
    expect(stripMentions('<at>TeamViewer</at> start INC0010023\n', BOT)).toBe('start INC0010023');
  });

  it('removes every mention, the bot twice and other people, wherever they are', () => {
    expect(stripMentions('<at>TeamViewer</at> <at>TeamViewer</at> status', BOT)).toBe('status');
    expect(stripMentions('share <at>Beth Anglin</at> INC0010023 <at id="1">TeamViewer</at>', BOT)).toBe('share INC0010023');
    expect(stripMentions('<AT>TeamViewer</AT>help', BOT)).toBe('help');
  });

  it('decodes &nbsp; and the other entities once, and collapses whitespace', () => {
    expect(stripMentions('<at>TeamViewer</at>&nbsp;start&nbsp;&nbsp;INC0010023', BOT)).toBe('start INC0010023');
    expect(stripMentions('start INC1 a&amp;b@example.com &lt;x&gt; &quot;q&quot; &#39;s&#39; &amp;lt;', BOT)).toBe('start INC1 a&b@example.com <x> "q" \'s\' &lt;');
    expect(stripMentions('start\u00a0INC1 &#x41;&#66; &bogus; &#0;', BOT)).toBe('start INC1 AB &bogus; &#0;');
  });

  it('turns CR/LF and the HTML copy’s block tags into single spaces', () => {
    expect(stripMentions('\r\n<at>TeamViewer</at>\r\nstart\r\n\r\nINC0010023\r\n', BOT)).toBe('start INC0010023');
    expect(stripMentions('<p><at>TeamViewer</at>&nbsp;close</p><div>INC1<br/></div>', BOT)).toBe('close INC1');
  });

  it('removes a leading plain "@BotName" or "BotName", longest name first, but not a longer word', () => {
    expect(stripMentions('@TeamViewer start INC1', BOT)).toBe('start INC1');
    expect(stripMentions('teamviewer: status', BOT)).toBe('status');
    expect(stripMentions('TeamViewer Bot logs INC1', ['TeamViewer', 'TeamViewer Bot'])).toBe('logs INC1');
    expect(stripMentions('TeamViewerX status', BOT)).toBe('TeamViewerX status');
    expect(stripMentions('status TeamViewer', BOT)).toBe('status TeamViewer');
    expect(stripMentions('@TeamViewer', BOT)).toBe('');
    expect(stripMentions('Bot (beta) help', ['Bot (beta)', ' '])).toBe('help');
    expect(stripMentions('  report   week ', [])).toBe('report week');
  });
});
