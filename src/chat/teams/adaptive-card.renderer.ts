import type { Inline, Reply, ReplyAction, RichText } from '../../core/ports/chat.port.js';

/**
 * Reply → Adaptive Card for Teams (chat-platforms.md §11). Pure; the surface wraps the attachment in an activity.
 * Teams renders a markdown subset (bold, italic, lists, links) in TextBlock and Fact values only, so text we did not
 * write is backslash-escaped, and times use the card's DATE/TIME functions so each viewer sees their own zone.
 */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Budget for the serialized attachment in UTF-8 bytes: Teams now takes ~100 KB, but §11 says design for 28 KB. */
export const MAX_CARD_BYTES = 28 * 1024;

const LIMITS = { title: 200, text: 3000, factTitle: 100, factValue: 1000, context: 1000, actionTitle: 75, value: 2000, fallbackText: 1000, minText: 200 };
/** Teams shows at most 6 buttons side by side; longer lists become further rows. */
export const ACTIONS_PER_ROW = 6;

export type ActionStyle = 'positive' | 'destructive';
export type ContainerStyle = 'emphasis' | 'good' | 'warning' | 'attention';
export interface TextBlock {
  type: 'TextBlock';
  text: string;
  wrap: true;
  size?: 'Small' | 'Medium';
  weight?: 'Bolder';
  isSubtle?: boolean;
  spacing?: 'Small';
}
export interface Container { type: 'Container'; items: CardElement[]; style?: ContainerStyle; bleed?: boolean }
export interface FactSet { type: 'FactSet'; facts: Array<{ title: string; value: string }> }
export interface ActionSet { type: 'ActionSet'; actions: CardAction[] }
export type CardElement = TextBlock | Container | FactSet | ActionSet;
/** What both `Action.Execute` (invoke) and `Action.Submit` (message `value`) carry back to the bot. */
export interface ActionData { action: string; value?: string }
export type CardAction =
  | { type: 'Action.OpenUrl'; title: string; url: string; style?: ActionStyle }
  | { type: 'Action.Execute'; title: string; verb: string; data: ActionData; style?: ActionStyle; fallback: { type: 'Action.Submit'; title: string; data: ActionData; style?: ActionStyle } }
  | { type: 'Action.ShowCard'; title: string; style?: ActionStyle; card: { type: 'AdaptiveCard'; body: CardElement[]; actions: CardAction[] } };
export interface MentionEntity { type: 'mention'; text: string; mentioned: { id: string; name: string } }
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: '1.5';
  fallbackText: string;
  /** ISO-639-1 language of the card's words; localises DATE()/TIME(). */
  lang?: string;
  body: CardElement[];
  msteams: { width: 'Full'; entities?: MentionEntity[] };
}
export interface AdaptiveCardAttachment { contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE; content: AdaptiveCard }
export interface RenderOptions {
  /** Display name for a Teams user id; with one, `user` inlines become real `<at>` mentions (they notify). */
  userName?: (userId: string) => string | undefined;
}

const ZWSP = '\u200b';
const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** Escapes what Teams' markdown would interpret in text we did not write; `{{` is broken so it can't become a DATE(). */
export function escapeMarkdown(s: string): string {
  return s
    .replace(/[\\*_[\]<>]/g, '\\$&')
    .replace(/&(?=#?\w+;)/g, '\\&')
    .replace(/\{(?=\{)/g, `{${ZWSP}`)
    .replace(/^(\s*)([-+])(?=\s)/gm, '$1\\$2')
    .replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.');
}

const escapedAt = (s: string, at: number): boolean => {
  let n = 0;
  while (s[at - n - 1] === '\\') n++;
  return n % 2 === 1;
};
function lastUnescaped(s: string, token: string): number {
  let at = s.lastIndexOf(token);
  while (at > 0 && escapedAt(s, at)) at = s.lastIndexOf(token, at - 1);
  return at >= 0 && !escapedAt(s, at) ? at : -1;
}

/** Clips rendered markdown without leaving half a DATE() function, mention tag or link, or a dangling escape. */
function clipMarkdown(s: string, n: number): string {
  if (s.length <= n) return s;
  let cut = s.slice(0, Math.max(0, n - 1));
  const date = cut.lastIndexOf('{{'); // user text never holds `{{` (escapeMarkdown breaks it), so this one is ours
  if (date >= 0 && date > cut.lastIndexOf('}}')) cut = cut.slice(0, date);
  const at = lastUnescaped(cut, '<at>');
  if (at >= 0 && !cut.includes('</at>', at)) cut = cut.slice(0, at);
  const bracket = lastUnescaped(cut, '[');
  if (bracket >= 0 && !/^\[(?:\\.|[^\\\]])*\]\([^)\s]*\)/.test(cut.slice(bracket))) cut = cut.slice(0, bracket);
  if (escapedAt(cut + ' ', cut.length) || /[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** RFC 3339 without milliseconds, as Teams' DATE()/TIME() want it. */
function time(at: string, show?: 'time' | 'date'): string {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) return escapeMarkdown(at);
  const iso = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (show === 'time') return `{{TIME(${iso})}}`;
  if (show === 'date') return `{{DATE(${iso}, SHORT)}}`;
  return `{{DATE(${iso}, SHORT)}} {{TIME(${iso})}}`;
}

function link(url: string, label: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return escapeMarkdown(label || url);
  }
  if (!['http:', 'https:', 'mailto:'].includes(u.protocol)) return escapeMarkdown(label || url);
  // A markdown link destination ends at `)` or whitespace; URL already encodes spaces and angle brackets.
  const href = u.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  return `[${escapeMarkdown(label || u.href)}](${href})`;
}

function bold(text: string): string {
  const t = text.trim();
  if (!t) return text;
  const [lead, trail] = [text.slice(0, text.indexOf(t)), text.slice(text.indexOf(t) + t.length)];
  return `${lead}**${escapeMarkdown(t)}**${trail}`;
}

/** Collects `<at>` mention entities; the Inline model only has a user id, so without a name it falls back to bold. */
class Mentions {
  readonly entities: MentionEntity[] = [];
  constructor(private readonly nameOf?: (userId: string) => string | undefined) {}

  render(userId: string): string {
    const name = this.nameOf?.(userId)?.replace(/[<>]/g, '').trim();
    if (!name) return `**${escapeMarkdown(userId)}**`;
    const text = `<at>${name}</at>`;
    const same = this.entities.find((e) => e.text === text);
    if (same && same.mentioned.id !== userId) return `**${escapeMarkdown(name)}**`; // Teams matches mentions by text.
    if (!same) this.entities.push({ type: 'mention', text, mentioned: { id: userId, name } });
    return text;
  }
}

function markdown(t: RichText, m: Mentions): string {
  const inline = (i: Inline): string => {
    if (typeof i === 'string') return escapeMarkdown(i);
    switch (i.kind) {
      case 'time':
        return time(i.at, i.show);
      case 'user':
        return m.render(i.userId);
      case 'link':
        return link(i.url, i.label);
      case 'code':
        // Teams renders no code spans: the backticks show literally, so the inside is escaped like any text.
        return i.text ? `\`${escapeMarkdown(i.text.replace(/`/g, "'"))}\`` : '';
      case 'bold':
        return bold(i.text);
    }
  };
  // A single newline is not a break in card markdown; a blank line is.
  return (typeof t === 'string' ? escapeMarkdown(t) : t.map(inline).join('')).replace(/\r?\n/g, '\n\n');
}

const textBlock = (text: string, extra: Partial<TextBlock> = {}): TextBlock => ({ type: 'TextBlock', text, wrap: true, ...extra });

function leafAction(a: ReplyAction, title: string, style: { style?: ActionStyle }): CardAction {
  if (a.url) return { type: 'Action.OpenUrl', title, url: a.url, ...style };
  const data = (): ActionData => ({ action: a.id, ...(a.value !== undefined ? { value: clip(a.value, LIMITS.value) } : {}) });
  // Action.Submit fallback: clients without Universal Actions post a message whose `value` is the same data.
  return { type: 'Action.Execute', title, verb: a.id, data: data(), ...style, fallback: { type: 'Action.Submit', title, data: data(), ...style } };
}

/**
 * Adaptive Cards have no confirm dialog, so a confirmed action becomes an `Action.ShowCard` that unfolds the
 * question and the real button; pressing the first button again folds it (that is the "deny", whose label is unused).
 */
function cardAction(a: ReplyAction): CardAction {
  const style: { style?: ActionStyle } = a.style === 'primary' ? { style: 'positive' } : a.style === 'danger' ? { style: 'destructive' } : {};
  const title = clip(a.label, LIMITS.actionTitle);
  if (!a.confirm) return leafAction(a, title, style);
  const body = [textBlock(escapeMarkdown(clip(a.confirm.title, LIMITS.title)), { weight: 'Bolder' }), textBlock(escapeMarkdown(clip(a.confirm.text, LIMITS.context)))];
  return { type: 'Action.ShowCard', title, ...style, card: { type: 'AdaptiveCard', body, actions: [leafAction(a, clip(a.confirm.confirm, LIMITS.actionTitle), style)] } };
}

const SEVERITY: Record<NonNullable<Reply['severity']>, ContainerStyle> = { info: 'emphasis', success: 'good', warning: 'warning', error: 'attention' };
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v), 'utf8');

interface Parts {
  header?: TextBlock;
  body: TextBlock[];
  facts: FactSet['facts'];
  rows: ActionSet[];
  context: TextBlock[];
}

function assemble(p: Parts, reply: Reply, m: Mentions, truncated: boolean): AdaptiveCardAttachment {
  const body: CardElement[] = [];
  if (p.header) body.push(reply.severity ? { type: 'Container', style: SEVERITY[reply.severity], bleed: true, items: [p.header] } : p.header);
  body.push(...p.body);
  if (p.facts.length) body.push({ type: 'FactSet', facts: p.facts });
  body.push(...p.rows, ...p.context);
  if (truncated) body.push(textBlock('…', { isSubtle: true }));
  const serialized = JSON.stringify(body);
  const entities = m.entities.filter((e) => serialized.includes(JSON.stringify(e.text).slice(1, -1)));
  const content: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: clip(reply.text, LIMITS.fallbackText),
    // The card's language: Teams formats DATE()/TIME() with it (Adaptive Cards schema, `lang`).
    ...(reply.lang ? { lang: reply.lang } : {}),
    body,
    msteams: { width: 'Full', ...(entities.length ? { entities } : {}) },
  };
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}

/** Shortens the longest texts first, never below `minText`, until about `excess` bytes are gone. */
function shrinkTexts(blocks: TextBlock[], excess: number): void {
  for (const b of [...blocks].sort((x, y) => y.text.length - x.text.length)) {
    if (excess <= 0) return;
    const cut = Math.min(b.text.length - LIMITS.minText, excess + 8);
    if (cut <= 0) continue;
    const before = bytes(b.text);
    b.text = clipMarkdown(b.text, b.text.length - cut);
    excess -= before - bytes(b.text);
  }
}

/**
 * Renders a Reply as a Teams Adaptive Card attachment no larger than MAX_CARD_BYTES: long texts are clipped with
 * "…", then context lines, body texts, facts and action rows are dropped from the end, and a "…" line marks the cut.
 */
export function renderAdaptiveCard(reply: Reply, options: RenderOptions = {}): AdaptiveCardAttachment {
  const m = new Mentions(options.userName);
  const md = (t: RichText, n: number) => clipMarkdown(markdown(t, m), n);
  const body = (reply.body ?? []).map((b) => textBlock(md(b, LIMITS.text)));
  const header = reply.title ? textBlock(clipMarkdown(escapeMarkdown(reply.title), LIMITS.title), { size: 'Medium', weight: 'Bolder' }) : body.shift();
  const actions = (reply.actions ?? []).map(cardAction);
  const p: Parts = {
    ...(header ? { header } : {}),
    body,
    facts: (reply.fields ?? []).map((f) => ({ title: clipMarkdown(escapeMarkdown(f.label), LIMITS.factTitle), value: md(f.value, LIMITS.factValue) || '—' })),
    rows: Array.from({ length: Math.ceil(actions.length / ACTIONS_PER_ROW) }, (_, i) => ({ type: 'ActionSet' as const, actions: actions.slice(i * ACTIONS_PER_ROW, (i + 1) * ACTIONS_PER_ROW) })),
    context: (reply.context ?? []).map((c) => textBlock(md(c, LIMITS.context), { size: 'Small', isSubtle: true, spacing: 'Small' })),
  };
  let card = assemble(p, reply, m, false);
  if (bytes(card) <= MAX_CARD_BYTES) return card;

  shrinkTexts(header && !reply.title ? [header, ...p.body] : p.body, bytes(card) - MAX_CARD_BYTES);
  card = assemble(p, reply, m, false);
  // Drop whole elements, least important first, until it fits with the "…" line; the header always stays.
  const order: Array<{ list: unknown[] }> = [{ list: p.context }, { list: p.body }, { list: p.facts }, { list: p.rows }];
  while (bytes(card) > MAX_CARD_BYTES) {
    const from = order.find((o) => o.list.length > 0);
    if (!from) break;
    let excess = bytes(assemble(p, reply, m, true)) - MAX_CARD_BYTES;
    while (excess > 0 && from.list.length > 0) excess -= bytes(from.list.pop()) + 1;
    card = assemble(p, reply, m, true);
  }
  return card;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const actionId = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= 256 ? v : undefined);

/**
 * The action a card press carries, from either the `adaptiveCard/action` invoke value (`{action:{verb, data}}`) or
 * an `Action.Submit` message value (`{action, value}`); anything else is undefined.
 */
export function actionFromTeams(value: unknown): { actionId: string; value?: string } | undefined {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v) as unknown; // Older clients post string data; ours is always an object.
    } catch {
      return undefined;
    }
  }
  if (!isObject(v)) return undefined;
  const invoke = isObject(v.action) ? v.action : undefined;
  const data = invoke ? (isObject(invoke.data) ? invoke.data : {}) : v;
  const id = invoke ? (actionId(invoke.verb) ?? actionId(data.action)) : actionId(v.action);
  if (!id) return undefined;
  return typeof data.value === 'string' ? { actionId: id, value: data.value } : { actionId: id };
}
