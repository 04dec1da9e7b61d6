import { describe, expect, it } from 'vitest';
import { actionVerb, commandVerb } from './command-metrics.js';

describe('metric labels for commands and actions', () => {
  it('maps known actions and typed verbs, and everything else to a fixed word (bounded label values)', () => {
    expect(actionVerb('session.close')).toBe('close');
    expect(commandVerb('start INC0010001')).toBe('start');
    expect(commandVerb('')).toBe('help');
    for (const id of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'no.such.action']) expect(actionVerb(id), id).toBe('unknown');
    expect(commandVerb('constructor')).toBe('unknown');
  });
});
