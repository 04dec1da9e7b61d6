/**
 * Block Kit checks Slack applies to message blocks (chat-platforms.md §7), with Slack's error shape:
 * `invalid_blocks` plus `response_metadata.messages` entries ending in `[json-pointer:/blocks/…]`.
 * Also the normalisation Slack does on store (missing `block_id`/`action_id` filled in, `emoji` on plain text).
 */
import { randomAlnum } from '../shared/sim-server.js';
import type { Block } from './slack.types.js';

export const LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  actionsElements: 25,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  accessibilityLabel: 75,
  id: 255,
  markdownText: 12_000,
  /**
   * Undocumented aggregate over all text in the blocks (`msg_blocks_too_long`). Assumption: ~13.2k chars observed in
   * bolt-js#2509 (chat-platforms.md §5); we reject above 13,000 text characters.
   */
  aggregateText: 13_000,
} as const;

const MESSAGE_BLOCK_TYPES = new Set(['section', 'divider', 'image', 'actions', 'context', 'header', 'input', 'rich_text', 'markdown', 'file', 'video', 'table']);
const INTERACTIVE = new Set(['button', 'static_select', 'external_select', 'users_select', 'conversations_select', 'channels_select', 'multi_static_select', 'multi_external_select', 'multi_users_select', 'multi_conversations_select', 'multi_channels_select', 'overflow', 'datepicker', 'timepicker', 'datetimepicker', 'checkboxes', 'radio_buttons', 'plain_text_input', 'email_text_input', 'url_text_input', 'number_input', 'rich_text_input', 'workflow_button']);

export type BlocksCheck =
  | { ok: true; blocks: Block[] | undefined }
  | { ok: false; error: 'invalid_blocks' | 'invalid_blocks_format' | 'msg_blocks_too_long'; messages: string[] };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Problems {
  readonly list: string[] = [];
  add(pointer: string, message: string): void {
    this.list.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  }
  maxLen(pointer: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) this.add(pointer, `must be less than ${max + 1} characters`);
  }
}

function checkTextObject(p: Problems, at: string, v: unknown, o: { plainOnly?: boolean; max: number; required?: boolean }): void {
  if (v === undefined) {
    if (o.required) p.add(at, 'missing required field: text');
    return;
  }
  if (!isObj(v) || typeof v.text !== 'string' || (v.type !== 'plain_text' && v.type !== 'mrkdwn')) {
    p.add(at, 'must be a text object of type plain_text or mrkdwn');
    return;
  }
  if (o.plainOnly && v.type !== 'plain_text') p.add(`${at}/type`, 'must be plain_text');
  if (v.text.length === 0) p.add(`${at}/text`, 'must be more than 0 characters');
  p.maxLen(`${at}/text`, v.text, o.max);
}

function checkElement(p: Problems, at: string, el: unknown, actionIds: Set<string>): void {
  if (!isObj(el) || typeof el.type !== 'string') return p.add(at, 'must be an element object with a type');
  if (!INTERACTIVE.has(el.type)) return;
  if (el.action_id !== undefined) {
    if (typeof el.action_id !== 'string') p.add(`${at}/action_id`, 'must be a string');
    else {
      p.maxLen(`${at}/action_id`, el.action_id, LIMITS.id);
      if (actionIds.has(el.action_id)) p.add(`${at}/action_id`, `duplicate action_id: ${el.action_id}`);
      actionIds.add(el.action_id);
    }
  }
  if (el.type !== 'button') return;
  checkTextObject(p, `${at}/text`, el.text, { plainOnly: true, max: LIMITS.buttonText, required: true });
  p.maxLen(`${at}/value`, el.value, LIMITS.buttonValue);
  p.maxLen(`${at}/url`, el.url, LIMITS.buttonUrl);
  p.maxLen(`${at}/accessibility_label`, el.accessibility_label, LIMITS.accessibilityLabel);
  if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') p.add(`${at}/style`, 'must be one of primary, danger');
}

function checkBlock(p: Problems, at: string, b: unknown, blockIds: Set<string>): void {
  if (!isObj(b) || typeof b.type !== 'string') return p.add(at, 'must be a block object with a type');
  if (!MESSAGE_BLOCK_TYPES.has(b.type)) return p.add(`${at}/type`, `unsupported type: ${b.type}`);
  if (b.block_id !== undefined) {
    if (typeof b.block_id !== 'string') p.add(`${at}/block_id`, 'must be a string');
    else {
      p.maxLen(`${at}/block_id`, b.block_id, LIMITS.id);
      if (blockIds.has(b.block_id)) p.add(`${at}/block_id`, `duplicate block_id: ${b.block_id}`);
      blockIds.add(b.block_id);
    }
  }
  const actionIds = new Set<string>();
  switch (b.type) {
    case 'header':
      return checkTextObject(p, `${at}/text`, b.text, { plainOnly: true, max: LIMITS.headerText, required: true });
    case 'section': {
      if (b.text === undefined && b.fields === undefined) p.add(at, 'must provide either text or fields');
      checkTextObject(p, `${at}/text`, b.text, { max: LIMITS.sectionText });
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields)) p.add(`${at}/fields`, 'must be an array');
        else {
          if (b.fields.length > LIMITS.sectionFields) p.add(`${at}/fields`, `must provide no more than ${LIMITS.sectionFields} items`);
          b.fields.forEach((f, i) => checkTextObject(p, `${at}/fields/${i}`, f, { max: LIMITS.fieldText, required: true }));
        }
      }
      if (b.accessory !== undefined) checkElement(p, `${at}/accessory`, b.accessory, actionIds);
      return;
    }
    case 'actions': {
      if (!Array.isArray(b.elements) || b.elements.length === 0) return p.add(`${at}/elements`, 'must provide at least 1 item');
      if (b.elements.length > LIMITS.actionsElements) p.add(`${at}/elements`, `must provide no more than ${LIMITS.actionsElements} items`);
      b.elements.forEach((el, i) => checkElement(p, `${at}/elements/${i}`, el, actionIds));
      const primaries = b.elements.filter((el) => isObj(el) && el.style === 'primary').length;
      if (primaries > 1) p.add(`${at}/elements`, 'only one button may have style primary');
      return;
    }
    case 'context': {
      if (!Array.isArray(b.elements) || b.elements.length === 0) return p.add(`${at}/elements`, 'must provide at least 1 item');
      if (b.elements.length > LIMITS.contextElements) p.add(`${at}/elements`, `must provide no more than ${LIMITS.contextElements} items`);
      return;
    }
    case 'markdown':
      if (typeof b.text !== 'string') return p.add(`${at}/text`, 'missing required field: text');
      return p.maxLen(`${at}/text`, b.text, LIMITS.markdownText);
    default:
      return;
  }
}

/** Sum of every `text` string in the tree: the closest public description of Slack's aggregate check. */
export function aggregateTextLength(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + aggregateTextLength(x), 0);
  if (!isObj(v)) return 0;
  let n = 0;
  for (const [k, x] of Object.entries(v)) n += k === 'text' && typeof x === 'string' ? x.length : aggregateTextLength(x);
  return n;
}

/** Accepts `blocks` as the Web API receives it: an array (JSON body) or a JSON string (form body). */
export function validateBlocks(raw: unknown): BlocksCheck {
  if (raw === undefined || raw === null || raw === '') return { ok: true, blocks: undefined };
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return { ok: false, error: 'invalid_blocks_format', messages: ['[ERROR] blocks is not valid JSON'] };
    }
  }
  if (!Array.isArray(value)) return { ok: false, error: 'invalid_blocks_format', messages: ['[ERROR] blocks must be an array [json-pointer:/blocks]'] };
  const p = new Problems();
  if (value.length > LIMITS.blocksPerMessage) p.add('/blocks', `must provide no more than ${LIMITS.blocksPerMessage} items`);
  const blockIds = new Set<string>();
  value.forEach((b, i) => checkBlock(p, `/blocks/${i}`, b, blockIds));
  if (p.list.length > 0) return { ok: false, error: 'invalid_blocks', messages: p.list };
  if (aggregateTextLength(value) > LIMITS.aggregateText) return { ok: false, error: 'msg_blocks_too_long', messages: [] };
  return { ok: true, blocks: normalizeBlocks(value as Block[]) };
}

/** What Slack stores: every block gets a `block_id`, every interactive element an `action_id`, plain text `emoji`. */
export function normalizeBlocks(blocks: Block[]): Block[] {
  const copy = structuredClone(blocks);
  const fill = (v: unknown, inElement: boolean): void => {
    if (Array.isArray(v)) return v.forEach((x) => fill(x, inElement));
    if (!isObj(v)) return;
    if (v.type === 'plain_text' && typeof v.text === 'string' && v.emoji === undefined) v.emoji = true;
    if (inElement && typeof v.type === 'string' && INTERACTIVE.has(v.type) && v.action_id === undefined) v.action_id = randomAlnum(5);
    for (const [k, x] of Object.entries(v)) fill(x, k === 'elements' || k === 'accessory' || inElement);
  };
  for (const b of copy) {
    if (typeof b.block_id !== 'string') b.block_id = randomAlnum(5);
    fill(b, false);
  }
  return copy;
}
