import { describe, expect, it } from 'vitest';
import { AqlError, attributesOf, matchesAql, parseAql, tokenize } from './aql.js';

const obj = (values: Record<string, string[]>) => (attr: string) => values[attr.toLowerCase()];
const pc = obj({ objecttype: ['Computer'], name: ['PC-ABEL-01'], 'serial number': ['SN 1'] });

describe('parseAql', () => {
  it('parses the connector query: objectType = "X" AND Name IN (…)', () => {
    expect(parseAql('objectType = "Computer" AND Name IN ("a", "b")')).toEqual({
      kind: 'and',
      left: { kind: 'term', attribute: 'objectType', operator: '=', values: ['Computer'] },
      right: { kind: 'term', attribute: 'Name', operator: 'IN', values: ['a', 'b'] },
    });
  });

  it('reads backslash escapes inside quotes as literal characters', () => {
    expect(tokenize('"PC-ABEL-01\\" OR Name != \\"x" "a\\\\b"').map((t) => t.v)).toEqual(['PC-ABEL-01" OR Name != "x', 'a\\b']);
  });

  it('binds AND tighter than OR and honours parentheses', () => {
    const tree = parseAql('a = 1 OR b = 2 AND c = 3');
    expect(tree.kind).toBe('or');
    expect(parseAql('(a = 1 OR b = 2) AND c = 3').kind).toBe('and');
  });

  it('takes keywords in any case, quoted attribute names, ==, !=, LIKE and NOT IN', () => {
    const tree = parseAql('"Serial Number" like "sn" and Name not in (x) or Name == "PC"');
    expect(attributesOf(tree)).toEqual(['Serial Number', 'Name', 'Name']);
  });

  it.each([
    ['', 'empty'],
    ['Name = "open', 'unterminated'],
    ['Name IN ("a" OR Name != "x")', "expected ',' or ')'"],
    ['Name "x"', 'expected an operator'],
    ['Name = x y', 'expected AND, OR or the end'],
    ['Name = ', 'expected a value'],
  ])('refuses %j', (q, msg) => {
    expect(() => parseAql(q)).toThrow(AqlError);
    expect(() => parseAql(q)).toThrow(msg);
  });
});

describe('matchesAql', () => {
  it('compares with = and IN ignoring case, with == exactly', () => {
    expect(matchesAql(parseAql('Name = "pc-abel-01"'), pc)).toBe(true);
    expect(matchesAql(parseAql('Name IN ("x", "PC-abel-01")'), pc)).toBe(true);
    expect(matchesAql(parseAql('Name == "pc-abel-01"'), pc)).toBe(false);
    expect(matchesAql(parseAql('Name == "PC-ABEL-01"'), pc)).toBe(true);
  });

  it('supports != , NOT IN and LIKE (contains)', () => {
    expect(matchesAql(parseAql('Name != "x"'), pc)).toBe(true);
    expect(matchesAql(parseAql('Name NOT IN ("PC-ABEL-01")'), pc)).toBe(false);
    expect(matchesAql(parseAql('"Serial Number" LIKE "n 1"'), pc)).toBe(true);
  });

  it('never matches an attribute the object type does not have', () => {
    expect(matchesAql(parseAql('Owner != "x"'), pc)).toBe(false);
  });

  it('treats an escaped hostile name as one literal', () => {
    expect(matchesAql(parseAql('objectType = "Computer" AND Name IN ("PC-ABEL-01\\" OR Name != \\"x")'), pc)).toBe(false);
  });
});
