import { describe, expect, it } from 'vitest';
import type { DoctorReport } from './doctor.js';
import { formatJson, formatText, wantsColour } from './format.js';

const report: DoctorReport = {
  lines: [
    { part: 'Store', status: 'ok', message: 'DATA_DIR ./data exists and is writable' },
    { part: 'Slack', status: 'fail', message: 'auth.test: invalid_auth', fix: 'copy the token again' },
    { part: 'Slack', status: 'info', message: 'the signing secret cannot be verified from here' },
  ],
  counts: { ok: 1, info: 1, warn: 0, fail: 1 },
  exitCode: 1,
};

describe('doctor output', () => {
  it('prints one line per check, a blank line between parts, the fix after an arrow, then the summary', () => {
    expect(formatText(report, false)).toBe(
      [
        '✓ Store: DATA_DIR ./data exists and is writable',
        '',
        '✗ Slack: auth.test: invalid_auth → copy the token again',
        'ℹ Slack: the signing secret cannot be verified from here',
        '',
        '1 problem to fix (✗ above), 1 passed, 1 note.',
        '',
      ].join('\n'),
    );
  });

  it('colours the symbol only on a terminal without NO_COLOR', () => {
    expect(formatText(report, true)).toContain('\x1b[31m✗\x1b[0m Slack:');
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    expect(wantsColour({}, { TERM: 'dumb' })).toBe(false);
  });

  it('gives automation one JSON object', () => {
    expect(JSON.parse(formatJson(report))).toEqual({
      ok: false,
      exitCode: 1,
      counts: { ok: 1, info: 1, warn: 0, fail: 1 },
      checks: [
        { part: 'Store', status: 'ok', message: 'DATA_DIR ./data exists and is writable' },
        { part: 'Slack', status: 'fail', message: 'auth.test: invalid_auth', fix: 'copy the token again' },
        { part: 'Slack', status: 'info', message: 'the signing secret cannot be verified from here' },
      ],
    });
  });
});
