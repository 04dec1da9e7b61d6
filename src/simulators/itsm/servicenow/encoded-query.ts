/**
 * ServiceNow encoded queries (`sysparm_query`): terms joined by `^` (AND), `^OR` (OR, binds tighter than AND), `^NQ`
 * (a new query OR-ed with the previous one), plus `ORDERBY<field>` / `ORDERBYDESC<field>` terms.
 *
 * `^` cannot be escaped inside a value, which is exactly the query-injection hole itsm-apis.md §3.3 warns about: a
 * ticket number like `INC0010001^ORactive=true` really does widen the query here, as it would on an instance.
 * Pure module: field values come in through a reader so the same evaluator serves every table.
 */

export type QueryOperator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'LIKE'
  | 'NOT LIKE'
  | 'STARTSWITH'
  | 'ENDSWITH'
  | 'IN'
  | 'NOT IN'
  | 'ISEMPTY'
  | 'ISNOTEMPTY';

export interface QueryCondition {
  /** Column name, possibly dot-walked (`caller_id.email`). */
  field: string;
  operator: QueryOperator;
  value: string;
}

export interface OrderTerm {
  field: string;
  descending: boolean;
}

export interface EncodedQuery {
  /** `^NQ` alternatives, each an AND of clauses, each clause an OR of conditions. */
  alternatives: QueryCondition[][][];
  orderBy: OrderTerm[];
  /** Terms that are not valid encoded-query syntax (e.g. an upper-case field name). */
  unparsable: string[];
}

/** Symbol operators first and longest first, so `!=` is not read as `=`; word operators are upper case. */
const OPERATORS: readonly QueryOperator[] = [
  '!=', '<=', '>=', '=', '<', '>',
  'NOT LIKE', 'NOT IN', 'LIKE', 'STARTSWITH', 'ENDSWITH', 'ISNOTEMPTY', 'ISEMPTY', 'IN',
];
const NO_VALUE: ReadonlySet<QueryOperator> = new Set(['ISEMPTY', 'ISNOTEMPTY']);
/** Column names are lower case in ServiceNow, which is what separates `short_description` from `LIKE` in `short_descriptionLIKEx`. */
const FIELD = /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*/;

function parseCondition(term: string): QueryCondition | undefined {
  const field = FIELD.exec(term)?.[0];
  if (!field) return undefined;
  const rest = term.slice(field.length);
  const operator = OPERATORS.find((op) => rest.startsWith(op));
  if (!operator) return undefined;
  const value = rest.slice(operator.length);
  if (NO_VALUE.has(operator) && value !== '') return undefined;
  return { field, operator, value };
}

function parseOrder(term: string): OrderTerm | undefined {
  const descending = term.startsWith('ORDERBYDESC');
  const field = term.slice(descending ? 'ORDERBYDESC'.length : 'ORDERBY'.length);
  return FIELD.exec(field)?.[0] === field ? { field, descending } : undefined;
}

export function parseEncodedQuery(query: string): EncodedQuery {
  const out: EncodedQuery = { alternatives: [], orderBy: [], unparsable: [] };
  let clauses: QueryCondition[][] = [];
  out.alternatives.push(clauses);
  for (let token of query.split('^')) {
    if (token.startsWith('NQ')) {
      clauses = [];
      out.alternatives.push(clauses);
      token = token.slice(2);
    }
    // `^EQ` ends queries the list UI generates; empty tokens come from `^^` or a trailing `^`.
    if (token === '' || token === 'EQ') continue;
    if (token.startsWith('ORDERBY')) {
      const order = parseOrder(token);
      if (order) out.orderBy.push(order);
      else out.unparsable.push(token);
      continue;
    }
    const isOr = token.startsWith('OR');
    const condition = parseCondition(isOr ? token.slice(2) : token);
    if (!condition) {
      out.unparsable.push(token);
      continue;
    }
    const last = clauses[clauses.length - 1];
    if (isOr && last) last.push(condition);
    else clauses.push([condition]);
  }
  return out;
}

/** Every field the query reads, conditions and ordering alike (for validating against the table's columns). */
export function fieldsOf(query: EncodedQuery): string[] {
  const conditionFields = query.alternatives.flat(2).map((c) => c.field);
  return [...new Set([...conditionFields, ...query.orderBy.map((o) => o.field)])];
}

/**
 * Drops conditions on fields the table doesn't have. Assumption (M): mirrors an instance with
 * `glide.invalid_query.returns_no_rows=false` (the platform default), where an invalid condition is silently
 * ignored, so a mistyped field widens the result instead of failing (itsm-apis.md §10: validate on a tenant).
 */
export function withoutFields(query: EncodedQuery, invalid: ReadonlySet<string>): EncodedQuery {
  const alternatives = query.alternatives.map((clauses) =>
    clauses.map((or) => or.filter((c) => !invalid.has(c.field))).filter((or) => or.length > 0),
  );
  return { alternatives, orderBy: query.orderBy.filter((o) => !invalid.has(o.field)), unparsable: [] };
}

/** Case-insensitive like the instance database's collation: users type `inc0010001` and still find the ticket. */
function fold(s: string): string {
  return s.toLowerCase();
}

function asNumber(s: string): number | undefined {
  if (s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** Numeric when both sides are numbers (state codes, counts), otherwise case-insensitive text (dates sort as text). */
export function compareValues(a: string, b: string): number {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return na - nb;
  const fa = fold(a);
  const fb = fold(b);
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}

export function testCondition(actual: string, c: QueryCondition): boolean {
  const a = fold(actual);
  const v = fold(c.value);
  const list = () => v.split(',').map((s) => s.trim());
  switch (c.operator) {
    case '=':
      return a === v;
    case '!=':
      return a !== v;
    case '<':
      return compareValues(actual, c.value) < 0;
    case '<=':
      return compareValues(actual, c.value) <= 0;
    case '>':
      return compareValues(actual, c.value) > 0;
    case '>=':
      return compareValues(actual, c.value) >= 0;
    case 'LIKE':
      return a.includes(v);
    case 'NOT LIKE':
      return !a.includes(v);
    case 'STARTSWITH':
      return a.startsWith(v);
    case 'ENDSWITH':
      return a.endsWith(v);
    case 'IN':
      return list().includes(a);
    case 'NOT IN':
      return !list().includes(a);
    case 'ISEMPTY':
      return a === '';
    case 'ISNOTEMPTY':
      return a !== '';
  }
}

/** `read` returns a row's value for a (possibly dot-walked) field; an empty reference reads as ''. */
export function matchesQuery(query: EncodedQuery, read: (field: string) => string): boolean {
  return query.alternatives.some((clauses) => clauses.every((or) => or.some((c) => testCondition(read(c.field), c))));
}

/** Stable sort by the ORDERBY terms; ties keep creation order, reversed when the first term is descending (newest first). */
export function sortByOrder<T>(items: readonly T[], order: readonly OrderTerm[], read: (item: T, field: string) => string): T[] {
  const indexed = items.map((item, index) => ({ item, index }));
  const tieDirection = order[0]?.descending ? -1 : 1;
  indexed.sort((x, y) => {
    for (const term of order) {
      const d = compareValues(read(x.item, term.field), read(y.item, term.field));
      if (d !== 0) return term.descending ? -d : d;
    }
    return order.length > 0 ? tieDirection * (x.index - y.index) : x.index - y.index;
  });
  return indexed.map((e) => e.item);
}
