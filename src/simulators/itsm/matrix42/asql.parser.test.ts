import { describe, expect, it } from 'vitest';
import { compileWhere, likeRegex, project } from './asql.eval.js';
import { AsqlError, parseColumns, parseSort, parseWhere, tokenize } from './asql.parser.js';
import { buildSchema, createStore, fragmentsOf, type Store } from './matrix42.model.js';
import { seedMatrix42 } from './matrix42.seed.js';

function seeded(): Store {
  const store = createStore(buildSchema({ teamViewerAttribute: 'Ud_TeamViewerId', ticketAssetAttribute: 'Asset' }));
  seedMatrix42(store, { teamViewerAttribute: 'Ud_TeamViewerId', ticketAssetAttribute: 'Asset', now: new Date('2025-03-04T05:06:07Z') });
  return store;
}

function names(store: Store, where: string): string[] {
  const test = compileWhere(store, 'SPSAssetClassBase', parseWhere(where), 'en-US');
  return fragmentsOf(store, 'SPSAssetClassBase')
    .filter(test)
    .map((f) => String(f.attrs.Name))
    .sort();
}

describe('tokenizer', () => {
  it('reads doubled quotes as one quote inside a literal', () => {
    expect(tokenize("Name = 'it''s'")).toEqual([
      { t: 'ident', v: 'Name', bracketed: false },
      { t: 'op', v: '=' },
      { t: 'string', v: "it's" },
    ]);
  });

  it('reads bracketed identifiers and the objectId expression', () => {
    expect(tokenize('[End], [Expression-ObjectID]').map((t) => ('v' in t ? t.v : ''))).toEqual(['End', ',', 'Expression-ObjectID']);
  });

  it.each(["Name = 'open", 'Name = [open', 'Name ; x', 'Name = "x"'])('refuses %s', (src) => {
    expect(() => parseWhere(src)).toThrow(AsqlError);
  });
});

describe('where', () => {
  it('parses precedence: AND binds tighter than OR, parentheses override', () => {
    expect(parseWhere("a = 'x' OR b = 'y' AND c = 'z'")).toMatchObject({ kind: 'or', right: { kind: 'and' } });
    expect(parseWhere("(a = 'x' OR b = 'y') AND c = 'z'")).toMatchObject({ kind: 'and', left: { kind: 'or' } });
  });

  it('parses T() pivots, dot-walks, IN, LIKE, IS [NOT] NULL and NOT', () => {
    expect(parseWhere("T(SPSAssetClassBase).Name IN ('a','b')")).toMatchObject({
      kind: 'in',
      left: { kind: 'path', segments: [{ kind: 'pivot', dd: 'SPSAssetClassBase' }, { kind: 'attr', name: 'Name' }] },
      values: [{ value: 'a' }, { value: 'b' }],
    });
    expect(parseWhere("Initiator.MailAddress NOT LIKE '%@x'")).toMatchObject({ kind: 'like', negated: true });
    expect(parseWhere('UsedInTypeSPSActivityTypeIncident IS NOT NULL')).toMatchObject({ kind: 'isNull', negated: true });
    expect(parseWhere("NOT Name = 'x'")).toMatchObject({ kind: 'not' });
  });

  it('keeps a quote-injection attempt a literal', () => {
    const store = seeded();
    expect(names(store, "Name = 'PC-ABEL-01'' OR ''1''=''1'")).toEqual([]);
    expect(names(store, "Name IN ('PC-%''--')")).toEqual([]);
    expect(() => parseWhere("Name = 'PC-ABEL-01' OR '1'='1' --")).toThrow(AsqlError);
  });

  it('compares strings ignoring case, like SQL Server', () => {
    const store = seeded();
    expect(names(store, "Name IN ('pc-abel-01', 'PC-FRED-01')")).toEqual(['PC-ABEL-01', 'PC-FRED-01']);
    expect(names(store, "Name LIKE 'pc-%' AND NOT Name = 'pc-fred-01'")).toEqual(['PC-ABEL-01']);
    expect(names(store, "(Name = 'x' OR Name = 'PC-FRED-01') AND SerialNumber IS NOT NULL")).toEqual(['PC-FRED-01']);
  });

  it('pivots to a sibling fragment and treats null with three-valued logic', () => {
    const store = seeded();
    const test = compileWhere(store, 'SPSComputerClassBase', parseWhere("T(SPSAssetClassBase).Name = 'PC-FRED-01' AND NOT Ud_TeamViewerId = '1'"), 'en-US');
    expect(fragmentsOf(store, 'SPSComputerClassBase').filter(test)).toEqual([]);
    const isNull = compileWhere(store, 'SPSComputerClassBase', parseWhere('Ud_TeamViewerId IS NULL'), 'en-US');
    expect(fragmentsOf(store, 'SPSComputerClassBase').filter(isNull)).toHaveLength(1);
  });

  it('refuses unknown attributes and data definitions', () => {
    const store = seeded();
    expect(() => compileWhere(store, 'SPSAssetClassBase', parseWhere("Nope = 'x'"), 'en-US')).toThrow(AsqlError);
    expect(() => compileWhere(store, 'SPSAssetClassBase', parseWhere("T(Nope).Name = 'x'"), 'en-US')).toThrow(AsqlError);
    expect(() => compileWhere(store, 'SPSAssetClassBase', parseWhere("Name.Length = 'x'"), 'en-US')).toThrow(AsqlError);
  });

  it('turns LIKE patterns into anchored, literal-safe expressions', () => {
    expect(likeRegex('a%b_c.(d)').test('AxxxBzC.(D)')).toBe(true);
    expect(likeRegex('a.c').test('abc')).toBe(false);
  });
});

describe('columns and sort', () => {
  it('parses aliases, pickups and the objectId expression', () => {
    expect(parseColumns('ID, T(SPSCommonClassBase).State.DisplayString as Status, [Expression-ObjectID] AS ObjectId, [Ud_X]')).toEqual([
      { segments: [{ kind: 'attr', name: 'ID' }] },
      { segments: [{ kind: 'pivot', dd: 'SPSCommonClassBase' }, { kind: 'attr', name: 'State' }, { kind: 'attr', name: 'DisplayString' }], alias: 'Status' },
      { segments: [{ kind: 'objectId' }], alias: 'ObjectId' },
      { segments: [{ kind: 'attr', name: 'Ud_X' }] },
    ]);
  });

  it('projects dot-walks, pickups in the asked language and object ids; a dotted column needs an alias', () => {
    const store = seeded();
    const rows = fragmentsOf(store, 'SPSActivityClassBase').filter((f) => f.attrs.TicketNumber === 'TCK00012345');
    const cols = parseColumns('Initiator.MailAddress as Mail, T(SPSCommonClassBase).State.DisplayString as Status, T(SPSCommonClassBase).State.Value as Code, Asset.Name as AssetName, [Expression-ObjectID]');
    const [en] = project(store, 'SPSActivityClassBase', cols, rows, 'en-US').rows;
    expect(en).toMatchObject({ Mail: 'abel.tuter@example.com', Status: 'In Progress', Code: 201, AssetName: 'PC-ABEL-01', 'Expression-ObjectID': rows[0]?.objectId });
    expect(project(store, 'SPSActivityClassBase', cols, rows, 'de-DE').rows[0]?.Status).toBe('In Bearbeitung');
    expect(() => project(store, 'SPSActivityClassBase', parseColumns('Initiator.MailAddress'), rows, 'en-US')).toThrow(AsqlError);
  });

  it('parses sort keys and refuses bracketed ones', () => {
    expect(parseSort('Name ASC, CreatedDate DESC')).toEqual([
      { name: 'Name', descending: false },
      { name: 'CreatedDate', descending: true },
    ]);
    expect(() => parseSort('[Name]')).toThrow(AsqlError);
  });
});
