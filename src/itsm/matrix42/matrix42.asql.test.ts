import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { asqlIn, asqlName, asqlString } from './matrix42.asql.js';

describe('ASQL quoting', () => {
  it('wraps values in single quotes and doubles the quotes inside', () => {
    expect(asqlString('TCK00012345')).toBe("'TCK00012345'");
    expect(asqlString("O'Brien")).toBe("'O''Brien'");
    expect(asqlString("PC-ABEL-01' OR '1'='1")).toBe("'PC-ABEL-01'' OR ''1''=''1'");
    expect(asqlString("''")).toBe("''''''");
    expect(asqlString('')).toBe("''");
  });

  it('leaves double quotes, LIKE wildcards and brackets inside the literal alone', () => {
    expect(asqlString('PC-%"_[x]--')).toBe("'PC-%\"_[x]--'");
  });

  it('refuses control characters', () => {
    expect(() => asqlString('a\nb')).toThrow(ValidationError);
    expect(() => asqlString('a\u0000')).toThrow(ValidationError);
  });

  it('builds IN lists from quoted values', () => {
    expect(asqlIn('T(SPSAssetClassBase).Name', ['a', "b'c"])).toBe("T(SPSAssetClassBase).Name IN ('a','b''c')");
    expect(() => asqlIn('Name', [])).toThrow();
  });

  it('brackets plain identifiers only', () => {
    expect(asqlName('Ud_TeamViewerId')).toBe('[Ud_TeamViewerId]');
    for (const bad of ['x]', 'a b', "a'", '1abc', 'a.b', '']) expect(() => asqlName(bad), bad).toThrow();
  });
});
