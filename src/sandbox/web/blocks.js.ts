/**
 * Browser code: renders the raw Block Kit and mrkdwn the bot sent Slack into HTML strings, the way a Slack client
 * shows them. Every piece of text is escaped before it becomes markup; only http(s)/mailto links become anchors.
 * `<!date^…>` tokens use the browser's own zone and locale, as Slack clients do.
 * Plain ES2020 in a String.raw literal (no backticks or dollar-brace inside), so no build step is needed.
 * Globals it defines: esc, mrkdwn, textObj, renderBlocks, formatDateToken.
 */
export const BLOCKS_JS = String.raw`
const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
function esc(s) { return String(s).replace(/[&<>"']/g, (c) => ESC[c]); }
// Slack escapes only these three in message text (chat-platforms.md: formatting).
function unslack(s) { return String(s).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'); }

function fmt(d, o) { return new Intl.DateTimeFormat(undefined, o).format(d); }
function dayOffset(d) {
  const a = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const now = new Date();
  const b = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((a - b) / 86400000);
}
function pretty(d, otherwise) {
  const off = dayOffset(d);
  return off === 0 ? 'Today' : off === 1 ? 'Tomorrow' : off === -1 ? 'Yesterday' : otherwise();
}
function ago(d) {
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  const s = Math.round((d.getTime() - Date.now()) / 1000);
  const units = [['day', 86400], ['hour', 3600], ['minute', 60]];
  for (const [unit, size] of units) if (Math.abs(s) >= size) return rtf.format(Math.round(s / size), unit);
  return rtf.format(s, 'second');
}
/** Slack's date token formats (api.slack.com/reference/surfaces/formatting#date-formatting). */
function formatDateToken(epochSeconds, format) {
  const d = new Date(epochSeconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  const parts = {
    date_num: () => d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()),
    date: () => fmt(d, { month: 'long', day: 'numeric', year: 'numeric' }),
    date_short: () => fmt(d, { month: 'short', day: 'numeric', year: 'numeric' }),
    date_long: () => fmt(d, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
    time: () => fmt(d, { hour: 'numeric', minute: '2-digit' }),
    time_secs: () => fmt(d, { hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    ago: () => ago(d),
  };
  parts.date_pretty = () => pretty(d, parts.date);
  parts.date_short_pretty = () => pretty(d, parts.date_short);
  parts.date_long_pretty = () => pretty(d, parts.date_long);
  return format.replace(/\{(\w+)\}/g, (m, key) => (parts[key] ? parts[key]() : m));
}

function link(url, label) {
  if (!/^(https?:|mailto:)/i.test(url)) return esc(label);
  return '<a href="' + esc(url) + '" target="_blank" rel="noopener noreferrer">' + esc(label) + '</a>';
}

/** One <…> control sequence: user/channel mention, special mention, date token, or link. */
function angle(inner, ctx) {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? '' : unslack(inner.slice(bar + 1));
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return '<span class="mention' + (id === ctx.me ? ' mention-me' : '') + '">@' + esc(ctx.users[id] || label || id) + '</span>';
  }
  if (target.startsWith('#')) return '<span class="mention">#' + esc(label || target.slice(1)) + '</span>';
  if (target.startsWith('!date^')) {
    const spec = target.split('^');
    const epoch = Number(spec[1]);
    // Past Date's range (±8.64e15 ms) toISOString throws, and one bad token would stop the whole page rendering.
    if (!Number.isFinite(new Date(epoch * 1000).getTime())) return esc(label);
    const shown = esc(formatDateToken(epoch, unslack(spec[2] || '{date_short}')));
    const time = '<time datetime="' + new Date(epoch * 1000).toISOString() + '" title="' + esc(label) + '">' + shown + '</time>';
    return spec[3] && /^https?:/i.test(unslack(spec[3])) ? '<a href="' + esc(unslack(spec[3])) + '" target="_blank" rel="noopener noreferrer">' + time + '</a>' : time;
  }
  if (target.startsWith('!')) {
    const special = target.slice(1).split('^')[0];
    return '<span class="mention">@' + esc(label || special) + '</span>';
  }
  return link(unslack(target), label || unslack(target));
}

/** Slack mrkdwn, minimally: control sequences, *bold*, _italic_, ~strike~, code spans, line breaks (by CSS). */
function mrkdwn(text, ctx) {
  const slots = [];
  const hold = (html) => '\u0000' + (slots.push(html) - 1) + '\u0000';
  // NUL marks the slots: one in the text itself could splice a slot's markup into another's href attribute.
  let s = String(text).replace(/\u0000/g, '').replace(/<([^<>]+)>/g, (m, inner) => hold(angle(inner, ctx)));
  s = esc(unslack(s));
  s = s.replace(/\x60([^\x60\n]+)\x60/g, (m, code) => hold('<code>' + code + '</code>'));
  s = s.replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1<b>$2</b>');
  s = s.replace(/(^|[^\w_])_(?!\s)([^_\n]+?)_(?!\w)/g, '$1<i>$2</i>');
  s = s.replace(/(^|[^\w~])~(?!\s)([^~\n]+?)~(?!\w)/g, '$1<s>$2</s>');
  for (let i = 0; i < 3 && /\u0000\d+\u0000/.test(s); i++) s = s.replace(/\u0000(\d+)\u0000/g, (m, n) => slots[Number(n)]);
  return s;
}

/** A Block Kit text object. plain_text is shown as typed; mrkdwn is formatted. */
function textObj(t, ctx) {
  if (!t || typeof t !== 'object') return '';
  return t.type === 'mrkdwn' ? mrkdwn(t.text || '', ctx) : esc(t.text || '');
}

function button(el, ctx) {
  const i = ctx.buttons.push({ el: el, msg: ctx.msg }) - 1;
  const style = el.style === 'primary' || el.style === 'danger' ? ' ' + el.style : '';
  const external = el.url ? '<span class="ext" aria-hidden="true">↗</span>' : '';
  return '<button type="button" class="bk-btn' + style + '" data-button="' + i + '">' + textObj(el.text, ctx) + external + '</button>';
}

function elementHtml(el, ctx) {
  if (!el || typeof el !== 'object') return '';
  if (el.type === 'button') return button(el, ctx);
  if (el.type === 'image') return '<span class="bk-image" title="' + esc(el.alt_text || '') + '">[' + esc(el.alt_text || 'image') + ']</span>';
  if (el.type === 'mrkdwn' || el.type === 'plain_text') return '<span>' + textObj(el, ctx) + '</span>';
  return '<span class="bk-unknown">[' + esc(el.type || 'element') + ']</span>';
}

/** Blocks → HTML. ctx: { users, me, msg, buttons } — buttons collects each button with its message for clicks. */
function renderBlocks(blocks, ctx) {
  return blocks.map((b) => {
    switch (b && b.type) {
      case 'header':
        return '<div class="bk-header">' + textObj(b.text, ctx) + '</div>';
      case 'divider':
        return '<hr class="bk-divider">';
      case 'section': {
        const text = b.text ? '<div class="bk-text">' + textObj(b.text, ctx) + '</div>' : '';
        const fields = Array.isArray(b.fields) ? '<div class="bk-fields">' + b.fields.map((f) => '<div class="bk-field">' + textObj(f, ctx) + '</div>').join('') + '</div>' : '';
        const accessory = b.accessory ? '<div class="bk-accessory">' + elementHtml(b.accessory, ctx) + '</div>' : '';
        return '<div class="bk-section"><div class="bk-section-main">' + text + fields + '</div>' + accessory + '</div>';
      }
      case 'context':
        return '<div class="bk-context">' + (b.elements || []).map((e) => elementHtml(e, ctx)).join('') + '</div>';
      case 'actions':
        return '<div class="bk-actions">' + (b.elements || []).map((e) => elementHtml(e, ctx)).join('') + '</div>';
      case 'image':
        return '<div class="bk-image">[' + esc(b.alt_text || 'image') + ']</div>';
      default:
        return '<div class="bk-unknown">[' + esc((b && b.type) || 'block') + ' block]</div>';
    }
  }).join('');
}
`;
