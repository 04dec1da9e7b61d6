import { describe, expect, it } from 'vitest';
import { matchesQuery, parseEncodedQuery, sortByOrder, withoutFields } from './encoded-query.js';

const row = (values: Record<string, string>) => (field: string) => values[field] ?? '';

describe('parseEncodedQuery', () => {
  it('parses AND, OR and NQ into alternatives of clauses of conditions', () => {
    const q = parseEncodedQuery('active=true^state=1^ORstate=2^NQnumber=INC0010003');
    expect(q.alternatives).toEqual([
      [[{ field: 'active', operator: '=', value: 'true' }], [
        { field: 'state', operator: '=', value: '1' },
        { field: 'state', operator: '=', value: '2' },
      ]],
      [[{ field: 'number', operator: '=', value: 'INC0010003' }]],
    ]);
  });

  it('reads word operators after a lower-case field name', () => {
    const q = parseEncodedQuery('short_descriptionLIKEprinter^numberSTARTSWITHINC^nameNOT LIKEx^stateIN1,2^emailISEMPTY');
    expect(q.alternatives[0]?.map((c) => c[0]?.operator)).toEqual(['LIKE', 'STARTSWITH', 'NOT LIKE', 'IN', 'ISEMPTY']);
  });

  it('parses != before = and dot-walked fields', () => {
    const q = parseEncodedQuery('caller_id.email!=a@example.com');
    expect(q.alternatives[0]?.[0]?.[0]).toEqual({ field: 'caller_id.email', operator: '!=', value: 'a@example.com' });
  });

  it('collects ORDERBY and ORDERBYDESC terms and ignores ^EQ', () => {
    const q = parseEncodedQuery('element=work_notes^ORDERBYDESCsys_created_on^ORDERBYnumber^EQ');
    expect(q.orderBy).toEqual([
      { field: 'sys_created_on', descending: true },
      { field: 'number', descending: false },
    ]);
    expect(q.unparsable).toEqual([]);
  });

  it('reports terms that are not encoded-query syntax', () => {
    expect(parseEncodedQuery('NUMBER=INC1^state').unparsable).toEqual(['NUMBER=INC1', 'state']);
  });

  it('lets an unescaped ^ in a value inject extra terms', () => {
    const q = parseEncodedQuery(`number=${'INC0010001^ORactive=true'}`);
    expect(q.alternatives[0]?.[0]).toHaveLength(2);
  });
});

describe('matchesQuery', () => {
  const incident = row({ number: 'INC0010001', state: '2', short_description: 'Printer offline', email: '' });

  it('compares case-insensitively like the instance', () => {
    expect(matchesQuery(parseEncodedQuery('number=inc0010001'), incident)).toBe(true);
    expect(matchesQuery(parseEncodedQuery('short_descriptionLIKEPRINTER'), incident)).toBe(true);
  });

  it('binds OR tighter than AND', () => {
    expect(matchesQuery(parseEncodedQuery('number=INC0010009^state=1^ORstate=2'), incident)).toBe(false);
    expect(matchesQuery(parseEncodedQuery('number=INC0010001^state=1^ORstate=2'), incident)).toBe(true);
  });

  it('treats NQ as an alternative query', () => {
    expect(matchesQuery(parseEncodedQuery('state=7^NQnumberSTARTSWITHINC'), incident)).toBe(true);
  });

  it('supports emptiness, IN, ENDSWITH and numeric comparison', () => {
    expect(matchesQuery(parseEncodedQuery('emailISEMPTY^stateIN1, 2^numberENDSWITH001'), incident)).toBe(true);
    expect(matchesQuery(parseEncodedQuery('state>10'), incident)).toBe(false);
    expect(matchesQuery(parseEncodedQuery('state<10'), incident)).toBe(true);
  });

  it('matches everything for an empty query', () => {
    expect(matchesQuery(parseEncodedQuery(''), incident)).toBe(true);
  });
});

describe('withoutFields', () => {
  it('drops conditions on invalid fields, widening the query', () => {
    const q = withoutFields(parseEncodedQuery('bogus=1^number=INC0010001^ORnope=2'), new Set(['bogus', 'nope']));
    expect(q.alternatives).toEqual([[[{ field: 'number', operator: '=', value: 'INC0010001' }]]]);
  });
});

describe('sortByOrder', () => {
  const items = [
    { id: 'a', on: '2024-01-01 10:00:00', n: '10' },
    { id: 'b', on: '2024-01-01 10:00:01', n: '9' },
    { id: 'c', on: '2024-01-01 10:00:01', n: '11' },
  ];
  const read = (i: (typeof items)[number], f: string) => (f === 'on' ? i.on : i.n);

  it('sorts descending with ties newest first', () => {
    expect(sortByOrder(items, [{ field: 'on', descending: true }], read).map((i) => i.id)).toEqual(['c', 'b', 'a']);
  });

  it('sorts numbers numerically', () => {
    expect(sortByOrder(items, [{ field: 'n', descending: false }], read).map((i) => i.id)).toEqual(['b', 'a', 'c']);
  });
});
