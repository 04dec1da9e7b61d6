import type { KnownBlock } from '@slack/types';
import type { Inline, Reply, ReplyAction, RichText } from '../../core/ports/chat.port.js';

/** Block Kit limits (chat-platforms.md §7); the renderer truncates rather than have Slack reject the message. */
const LIMITS = { blocks: 50, header: 150, sectionText: 3000, fields: 10, fieldText: 2000, buttons: 25, buttonText: 75, value: 2000, url: 3000, context: 10, text: 3900 };

export type Block = Record<string, unknown>;

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** Slack's mrkdwn control characters must be escaped in text we did not write (ticket titles, names). */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Times as Slack date tokens: each viewer sees their own zone and Slack's own words for the date; the word between
 * date and time is ours (the reply's language), and the fallback is explicit UTC.
 */
function time(iso: string, show: 'time' | 'date' | undefined, joiner: string): string {
  const d = new Date(iso);
  const fallback = `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const format = show === 'time' ? '{time}' : show === 'date' ? '{date_short_pretty}' : `{date_short_pretty} ${joiner.replace(/[{}^|<>]/g, '')} {time}`;
  return `<!date^${Math.floor(d.getTime() / 1000)}^${format}|${fallback}>`;
}

function inline(i: Inline, joiner: string): string {
  if (typeof i === 'string') return escapeMrkdwn(i);
  switch (i.kind) {
    case 'time':
      return time(i.at, i.show, joiner);
    case 'user':
      return `<@${i.userId}>`;
    case 'link':
      return `<${i.url}|${escapeMrkdwn(i.label).replace(/\|/g, '¦')}>`;
    case 'code':
      return `\`${escapeMrkdwn(i.text).replace(/`/g, "'")}\``;
    case 'bold':
      return `*${escapeMrkdwn(i.text).replace(/\*/g, '')}*`;
  }
}

/** Plain strings in a Reply may already use the small markdown subset (`code`, *bold*); only escape &<>. */
export function mrkdwn(t: RichText, joiner = 'at'): string {
  return typeof t === 'string' ? escapeMrkdwn(t) : t.map((i) => inline(i, joiner)).join('');
}

function button(a: ReplyAction, index: number): Block {
  const b: Block = { type: 'button', action_id: `${a.id}:${index}`, text: { type: 'plain_text', text: clip(a.label, LIMITS.buttonText), emoji: true } };
  if (a.url) b.url = clip(a.url, LIMITS.url);
  if (a.value) b.value = clip(a.value, LIMITS.value);
  if (a.style) b.style = a.style;
  if (a.confirm) {
    b.confirm = {
      title: { type: 'plain_text', text: clip(a.confirm.title, 100) },
      text: { type: 'plain_text', text: clip(a.confirm.text, 300) },
      confirm: { type: 'plain_text', text: clip(a.confirm.confirm, 30) },
      deny: { type: 'plain_text', text: clip(a.confirm.deny, 30) },
      ...(a.style === 'danger' ? { style: 'danger' } : {}),
    };
  }
  return b;
}

/** The action id Slack echoes back is `<our id>:<index>` (unique per block); this recovers ours. */
export function actionIdOf(slackActionId: string): string {
  return slackActionId.replace(/:\d+$/, '');
}

export function renderBlocks(reply: Reply): { text: string; blocks: KnownBlock[] } {
  const joiner = reply.dateTimeJoiner ?? 'at';
  const md = (t: RichText) => mrkdwn(t, joiner);
  const blocks: Block[] = [];
  if (reply.title) blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(reply.title, LIMITS.header), emoji: true } });
  for (const b of reply.body ?? []) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(md(b), LIMITS.sectionText) } });
  if (reply.fields?.length) {
    for (let i = 0; i < reply.fields.length; i += LIMITS.fields) {
      blocks.push({
        type: 'section',
        fields: reply.fields.slice(i, i + LIMITS.fields).map((f) => ({ type: 'mrkdwn', text: clip(`*${escapeMrkdwn(f.label)}*\n${md(f.value)}`, LIMITS.fieldText) })),
      });
    }
  }
  if (reply.actions?.length) {
    let primaryUsed = false;
    const elements = reply.actions.slice(0, LIMITS.buttons).map((a, i) => {
      // Slack allows one primary button per set.
      const style = a.style === 'primary' ? (primaryUsed ? undefined : ((primaryUsed = true), 'primary' as const)) : a.style;
      const { style: _s, ...rest } = a;
      return button(style ? { ...rest, style } : rest, i);
    });
    blocks.push({ type: 'actions', elements });
  }
  if (reply.context?.length) {
    blocks.push({ type: 'context', elements: reply.context.slice(0, LIMITS.context).map((c) => ({ type: 'mrkdwn', text: clip(md(c), LIMITS.sectionText) })) });
  }
  // Built to the documented shapes above (and checked by the Slack simulator's Block Kit validation), so the cast is safe.
  return { text: clip(reply.text, LIMITS.text), blocks: blocks.slice(0, LIMITS.blocks) as unknown as KnownBlock[] };
}
