import { describe, expect, it } from 'vitest';
import { anyString } from './fake-bot.test-helper.js';
import { LIMITS, validateBlocks } from './block-kit.validate.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const button = (action_id: string, extra: Record<string, unknown> = {}) => ({ type: 'button', action_id, text: plain('Go'), ...extra });
const errorsOf = (blocks: unknown) => {
  const r = validateBlocks(blocks);
  return r.ok ? [] : r.error === 'invalid_blocks' ? r.messages : [r.error];
};

describe('validateBlocks', () => {
  it('accepts absent blocks and a typical session card', () => {
    expect(validateBlocks(undefined)).toEqual({ ok: true, blocks: undefined });
    const card = [
      { type: 'header', text: plain('INC0010023') },
      { type: 'section', text: { type: 'mrkdwn', text: '*Printer broken*' }, fields: [{ type: 'mrkdwn', text: 'a' }] },
      { type: 'actions', elements: [button('join', { style: 'primary', url: 'https://x', value: 'v' }), button('close', { style: 'danger' })] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'ctx' }] },
      { type: 'divider' },
    ];
    const r = validateBlocks(JSON.stringify(card));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.blocks?.every((b) => typeof b.block_id === 'string')).toBe(true);
  });

  it.each([
    ['more than 50 blocks', Array.from({ length: 51 }, () => ({ type: 'divider' })), '/blocks]'],
    ['a long header', [{ type: 'header', text: plain('h'.repeat(151)) }], '/blocks/0/text/text'],
    ['mrkdwn in a header', [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }], '/blocks/0/text/type'],
    ['long section text', [{ type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } }], '/blocks/0/text/text'],
    ['11 fields', [{ type: 'section', fields: Array.from({ length: 11 }, () => plain('f')) }], '/blocks/0/fields'],
    ['26 actions', [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)) }], '/blocks/0/elements'],
    ['a long button label', [{ type: 'actions', elements: [{ ...button('b'), text: plain('x'.repeat(76)) }] }], '/elements/0/text/text'],
    ['a long value', [{ type: 'actions', elements: [button('b', { value: 'v'.repeat(2001) })] }], '/elements/0/value'],
    ['a long url', [{ type: 'actions', elements: [button('b', { url: 'https://' + 'u'.repeat(3000) })] }], '/elements/0/url'],
    ['a long action_id', [{ type: 'actions', elements: [button('a'.repeat(256))] }], '/elements/0/action_id'],
    ['duplicate action ids', [{ type: 'actions', elements: [button('b'), button('b')] }], 'duplicate action_id'],
    ['duplicate block ids', [{ type: 'divider', block_id: 'x' }, { type: 'divider', block_id: 'x' }], 'duplicate block_id'],
    ['a long block_id', [{ type: 'divider', block_id: 'x'.repeat(256) }], '/blocks/0/block_id'],
    ['two primary buttons', [{ type: 'actions', elements: [button('a', { style: 'primary' }), button('b', { style: 'primary' })] }], 'only one button'],
    ['an unknown block type', [{ type: 'carousel' }], 'unsupported type'],
    ['11 context elements', [{ type: 'context', elements: Array.from({ length: 11 }, () => plain('c')) }], '/blocks/0/elements'],
  ])('rejects %s', (_name, blocks, pointer) => {
    const errors = errorsOf(blocks);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(pointer);
  });

  it('accepts values exactly at the limits', () => {
    const atLimit = [
      { type: 'header', text: plain('h'.repeat(LIMITS.headerText)) },
      { type: 'actions', elements: [{ ...button('b'), text: plain('x'.repeat(LIMITS.buttonText)), value: 'v'.repeat(LIMITS.buttonValue) }] },
    ];
    expect(errorsOf(atLimit)).toEqual([]);
  });

  it('reports malformed input and the aggregate limit', () => {
    expect(validateBlocks('{nope')).toMatchObject({ ok: false, error: 'invalid_blocks_format' });
    expect(validateBlocks({ type: 'divider' })).toMatchObject({ ok: false, error: 'invalid_blocks_format' });
    const big = Array.from({ length: 5 }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(2900) } }));
    expect(validateBlocks(big)).toMatchObject({ ok: false, error: 'msg_blocks_too_long' });
  });

  it('fills action ids and emoji the way Slack stores them', () => {
    const r = validateBlocks([{ type: 'actions', elements: [{ type: 'button', text: plain('Go') }] }]);
    expect(r.ok && r.blocks?.[0]).toMatchObject({ elements: [{ action_id: anyString, text: { emoji: true } }] });
  });
});
