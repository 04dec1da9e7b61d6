import { describe, expect, it } from 'vitest';
import { formatTeamViewerId, mergeDevices, normaliseTeamViewerId, storedTeamViewerId } from './device.js';

describe('TeamViewer IDs', () => {
  it('accepts digits with spaces, dashes or the legacy r prefix, and nothing else', () => {
    expect(normaliseTeamViewerId('r123456789')).toBe('123456789');
    expect(normaliseTeamViewerId('123 456 789')).toBe('123456789');
    expect(normaliseTeamViewerId(1234567890)).toBe('1234567890');
    expect(normaliseTeamViewerId('12-345-6789')).toBe('123456789');
    for (const bad of ['', 'abc', '12345', '1234567890123', 'd123456789', undefined, null]) expect(normaliseTeamViewerId(bad)).toBeUndefined();
  });

  it('formats IDs in groups of three like TeamViewer shows them', () => {
    expect(formatTeamViewerId('123456789')).toBe('123 456 789');
    expect(formatTeamViewerId('1234567890')).toBe('1 234 567 890');
  });
});

describe('mergeDevices', () => {
  it('keeps one entry per ID with every distinct name, first spelling first, online if any source says so', () => {
    const merged = mergeDevices([
      { teamViewerId: '1', names: ['PC-1'], online: false },
      { teamViewerId: '2', names: ['PC-2'] },
      { teamViewerId: '1', names: ['pc-1', 'PC-1.corp'], online: true },
    ]);
    expect(merged).toEqual([
      { teamViewerId: '1', names: ['PC-1', 'PC-1.corp'], online: true },
      { teamViewerId: '2', names: ['PC-2'] },
    ]);
  });
});

describe('storedTeamViewerId', () => {
  it('gives a valid ID as digits and anything else non-empty as typed, so connect can call it malformed', () => {
    expect(storedTeamViewerId(' 123 456 789 ')).toBe('123456789');
    expect(storedTeamViewerId(1234567890)).toBe('1234567890');
    expect(storedTeamViewerId('ask Fred')).toBe('ask Fred');
    expect(storedTeamViewerId('   ')).toBeUndefined();
    expect(storedTeamViewerId(null)).toBeUndefined();
    expect(storedTeamViewerId({ value: 1 })).toBeUndefined();
  });
});
