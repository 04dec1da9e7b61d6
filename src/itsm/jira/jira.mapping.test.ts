import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { escapeWiki, adfText, aqlString, assetRefsOf, journalMarker, namesQuery, teamViewerIdOf, parseJiraKey, toAdf, toPerson } from './jira.mapping.js';

describe('parseJiraKey', () => {
  it.each([
    ['sd-42', 'SD-42'],
    ['#ITHELP-123', 'ITHELP-123'],
    [' it_ops-7 ', 'IT_OPS-7'],
  ])('normalises %j to %s', (input, key) => expect(parseJiraKey(input)).toBe(key));

  it.each(['SD42', '42-SD', 'S-1', '_SD-1', 'SD-1a', 'SD-1 x', 'SD-1"', "SD-1'", 'SD-1^OR', `S${'D'.repeat(70)}-1`])('refuses %j', (input) => expect(parseJiraKey(input)).toBeUndefined());
});

describe('AQL quoting', () => {
  it('backslash-escapes quotes and backslashes inside double quotes', () => {
    expect(aqlString('PC-1')).toBe('"PC-1"');
    expect(aqlString('PC-ABEL-01" OR Name != "x')).toBe('"PC-ABEL-01\\" OR Name != \\"x"');
    expect(aqlString('a\\"b')).toBe('"a\\\\\\"b"');
    expect(aqlString("PC-%'--")).toBe('"PC-%\'--"');
  });

  it('refuses control characters', () => {
    expect(() => aqlString('a\nb')).toThrow(ValidationError);
    expect(() => aqlString('a\u0000')).toThrow(ValidationError);
  });

  it('builds the names query with the object type quoted too', () => {
    expect(namesQuery('Computer "x"', ['a', 'b'])).toBe('objectType = "Computer \\"x\\"" AND Name IN ("a", "b")');
  });
});

describe('ADF', () => {
  it('round-trips multi-line text through paragraphs', () => {
    const text = 'line one\n\n(tvc:abc)';
    expect(adfText(toAdf(text))).toBe(text);
  });

  it('reads text nested in marks, hard breaks and v2 string bodies', () => {
    const doc = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a', marks: [{ type: 'strong' }] }, { type: 'hardBreak' }, { type: 'text', text: 'b' }] }] };
    expect(adfText(doc)).toBe('a\nb');
    expect(adfText('plain v2 body')).toBe('plain v2 body');
    expect(adfText(null)).toBe('');
  });
});

describe('toPerson', () => {
  it('keeps a visible address and marks a missing or null one as hidden', () => {
    expect(toPerson({ accountId: 'a', displayName: 'Abel', emailAddress: 'abel@x' })).toEqual({ name: 'Abel', email: 'abel@x', itsmId: 'a' });
    expect(toPerson({ accountId: 'b', displayName: 'Bow', emailAddress: null })).toEqual({ name: 'Bow', emailHidden: true, itsmId: 'b' });
    expect(toPerson({ displayName: 'Bow' })).toEqual({ name: 'Bow', emailHidden: true });
    expect(toPerson(null)).toBeUndefined();
    expect(toPerson({ accountId: 'c', displayName: ' ' })).toBeUndefined();
  });
});

describe('assetRefsOf', () => {
  it('reads objectId, else the tail of workspaceId:id, and ignores junk', () => {
    expect(assetRefsOf([{ workspaceId: 'w', id: 'w:88', objectId: '88' }, { workspaceId: 'w', id: 'w:89' }, { id: 'x' }, 'junk', null])).toEqual([
      { workspaceId: 'w', objectId: '88' },
      { workspaceId: 'w', objectId: '89' },
    ]);
    expect(assetRefsOf(null)).toEqual([]);
  });
});

describe('small helpers', () => {
  it('derives distinct markers for keys sharing a long prefix', () => {
    expect(journalMarker('session-1234567890-a')).not.toBe(journalMarker('session-1234567890-b'));
    expect(journalMarker('k')).toMatch(/^tvc:[0-9a-f]{16}$/);
  });

  it('normalises TeamViewer IDs written with spaces or dashes', () => {
    expect(teamViewerIdOf('123 456 789')).toBe('123456789');
    expect(teamViewerIdOf(1234567890)).toBe('1234567890');
    expect(teamViewerIdOf('n/a')).toBe('n/a'); // kept as typed: connect says the field holds no valid ID
    expect(teamViewerIdOf(null)).toBeUndefined();
    expect(teamViewerIdOf('  ')).toBeUndefined();
  });
});

describe('escapeWiki', () => {
  it('escapes wiki markup so a note reads as typed, and leaves plain words, e-mails and session codes alone', () => {
    expect(escapeWiki('[TeamViewer] Beth closed s123-456-789 for a_b*c@example.com {x}|y+z^~')).toBe('\\[TeamViewer\\] Beth closed s123-456-789 for a\\_b\\*c@example.com \\{x\\}\\|y\\+z\\^\\~');
  });
});
