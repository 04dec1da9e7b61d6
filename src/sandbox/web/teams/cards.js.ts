/**
 * Browser code: renders the raw Adaptive Cards the bot sent Teams into HTML strings, the way a Teams client shows
 * them: TextBlock and FactSet with Teams' markdown subset and `{{DATE()}}`/`{{TIME()}}` in the browser's own zone,
 * Container, ColumnSet/Column, Image, RichTextBlock, ActionSet and card actions (OpenUrl, Execute, Submit, ShowCard).
 * Every piece of text is escaped before it becomes markup; only http(s)/mailto links become anchors, and only
 * same-origin or data: images load (the page CSP allows no others). Same String.raw rules as ../blocks.js.ts.
 * Globals it defines: esc, cardMarkdown, renderCard (and its helpers).
 */
export const CARDS_JS = String.raw`
const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
// Only strings and numbers are text: String() on an object from a card could call its own toString and throw.
function str(v) { return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : ''; }
function esc(s) { return str(s).replace(/[&<>"']/g, (c) => ESC[c]); }

const DATE_STYLES = {
  COMPACT: { year: 'numeric', month: 'numeric', day: 'numeric' },
  SHORT: { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' },
  LONG: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
};
const ISO = '(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?:Z|[+-]\\d\\d:\\d\\d))';

/** One DATE()/TIME() function as the viewer's client formats it: their zone, the card's language. */
function cardTime(iso, options, lang) {
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return null;
  let shown;
  try { shown = new Intl.DateTimeFormat(lang || undefined, options).format(d); } catch (e) { shown = new Intl.DateTimeFormat(undefined, options).format(d); }
  return '<time datetime="' + esc(d.toISOString()) + '" title="' + esc(iso) + '">' + esc(shown) + '</time>';
}

/** Teams' markdown subset: backslash escapes, **bold**, _italic_ / *italic*, [links](url), <at> mentions, paragraphs. */
function cardMarkdown(text, lang) {
  const slots = [];
  const hold = (html) => '\u0000' + (slots.push(html) - 1) + '\u0000';
  // NUL marks the slots: one in the text itself could splice a slot's markup into another's attribute.
  let s = str(text).replace(/\u0000/g, '');
  s = s.replace(/\\([!-\/:-@\[-\x60{-~])/g, (m, c) => hold(esc(c)));
  s = s.replace(new RegExp('\\{\\{DATE\\(' + ISO + '(?:,\\s*(COMPACT|SHORT|LONG))?\\)\\}\\}', 'g'), (m, iso, style) => {
    const t = cardTime(iso, DATE_STYLES[style || 'COMPACT'], lang);
    return t ? hold(t) : m;
  });
  s = s.replace(new RegExp('\\{\\{TIME\\(' + ISO + '\\)\\}\\}', 'g'), (m, iso) => {
    const t = cardTime(iso, { hour: 'numeric', minute: '2-digit' }, lang);
    return t ? hold(t) : m;
  });
  s = s.replace(/<at>([^<]{1,200})<\/at>/g, (m, name) => hold('<span class="mention">' + esc(name) + '</span>'));
  s = s.replace(/\[([^\]\n]*)\]\(([^)\s]+)\)/g, (m, label, url) => {
    const safe = /^(https?:|mailto:)/i.test(url) && !url.includes('\u0000');
    return hold(safe ? '<a href="' + esc(url) + '" target="_blank" rel="noopener noreferrer">' + emphasis(esc(label)) + '</a>' : emphasis(esc(label)));
  });
  s = emphasis(esc(s));
  const html = s.split(/\n{2,}/).map((p) => '<p>' + p.split('\n').map((line) => line.replace(/^[-*] /, '\u2022 ')).join('<br>') + '</p>').join('');
  let out = html;
  for (let i = 0; i < 3 && /\u0000\d+\u0000/.test(out); i++) out = out.replace(/\u0000(\d+)\u0000/g, (m, n) => slots[Number(n)]);
  return out;
}

function emphasis(s) {
  return s.replace(/\*\*(?!\s)([^*\n]+?)\*\*/g, '<b>$1</b>')
    .replace(/(^|[^\w*])\*(?!\s)([^*\n]+?)\*(?!\w)/g, '$1<i>$2</i>')
    .replace(/(^|[^\w_])_(?!\s)([^_\n]+?)_(?!\w)/g, '$1<i>$2</i>');
}

const CLASS_WORD = /^[A-Za-z]{1,20}$/;
function mod(prefix, value) { return typeof value === 'string' && CLASS_WORD.test(value) ? ' ' + prefix + value.toLowerCase() : ''; }

function textBlock(el, ctx) {
  const cls = 'ac-text' + mod('ac-size-', el.size) + mod('ac-weight-', el.weight) + mod('ac-color-', el.color) + (el.isSubtle ? ' ac-subtle' : '');
  return '<div class="' + cls + '">' + cardMarkdown(el.text, ctx.lang) + '</div>';
}

function image(el) {
  const alt = esc(el.altText || 'image');
  let url;
  try { url = new URL(str(el.url), location.href); } catch (e) { url = null; }
  if (url && (url.origin === location.origin || url.protocol === 'data:')) return '<img class="ac-image" src="' + esc(url.href) + '" alt="' + alt + '">';
  return '<span class="ac-image-off" title="' + esc(el.url || '') + '">[' + alt + ']</span>';
}

/** One button; ctx.actions collects every pressable action with its message, ShowCards get a key to stay open. */
function actionButton(a, ctx) {
  const i = ctx.actions.push({ a: a, msg: ctx.msg, key: ctx.msg.id + '#' + ctx.actions.length }) - 1;
  const style = a.style === 'positive' || a.style === 'destructive' ? ' ' + a.style : '';
  const open = a.type === 'Action.ShowCard' && ctx.open[ctx.actions[i].key] ? ' open' : '';
  const external = a.type === 'Action.OpenUrl' ? '<span class="ext" aria-hidden="true">↗</span>' : '';
  return '<button type="button" class="ac-btn' + style + open + '" data-action="' + i + '">' + esc(a.title || '') + external + '</button>';
}

function actionSet(actions, ctx) {
  const list = Array.isArray(actions) ? actions.filter((a) => a && typeof a === 'object' && a.isVisible !== false) : [];
  if (!list.length) return '';
  const cards = [];
  const buttons = list.map((a) => {
    const b = actionButton(a, ctx);
    const key = ctx.actions[ctx.actions.length - 1].key;
    if (a.type === 'Action.ShowCard' && ctx.open[key]) cards.push('<div class="ac-showcard">' + cardBody(a.card || {}, ctx) + '</div>');
    return b;
  }).join('');
  return '<div class="ac-actions">' + buttons + '</div>' + cards.join('');
}

// A card with a malformed array (a typo in the bot, an older schema) must not stop the page from rendering at all.
function cardList(v) { return Array.isArray(v) ? v : []; }

function elements(items, ctx) {
  return cardList(items).map((el) => element(el, ctx)).join('');
}

function element(el, ctx) {
  if (!el || typeof el !== 'object' || el.isVisible === false) return '';
  switch (el.type) {
    case 'TextBlock': return textBlock(el, ctx);
    case 'RichTextBlock': return '<div class="ac-text">' + cardList(el.inlines).map((r) => esc(typeof r === 'string' ? r : (r && r.text) || '')).join('') + '</div>';
    case 'FactSet': return '<table class="ac-facts">' + cardList(el.facts).filter((f) => f && typeof f === 'object').map((f) => '<tr><th>' + cardMarkdown(f.title, ctx.lang) + '</th><td>' + cardMarkdown(f.value, ctx.lang) + '</td></tr>').join('') + '</table>';
    case 'Container': return '<div class="ac-container' + mod('ac-style-', el.style) + '">' + elements(el.items, ctx) + '</div>';
    case 'ColumnSet': return '<div class="ac-columns">' + cardList(el.columns).map((c) => '<div class="ac-column' + (c && c.width === 'auto' ? ' ac-auto' : '') + '">' + elements(c && c.items, ctx) + '</div>').join('') + '</div>';
    case 'Image': return image(el);
    case 'ActionSet': return actionSet(el.actions, ctx);
    default: return '<div class="ac-unknown">[' + esc(el.type || 'element') + ']</div>';
  }
}

function cardBody(card, ctx) {
  return elements(card.body, ctx) + actionSet(card.actions, ctx);
}

/** An Adaptive Card → HTML. ctx: { msg, actions, open } — open: ShowCard keys currently unfolded. */
function renderCard(card, ctx) {
  return '<div class="ac-card">' + cardBody(card, Object.assign({}, ctx, { lang: typeof card.lang === 'string' ? card.lang : undefined })) + '</div>';
}
`;
