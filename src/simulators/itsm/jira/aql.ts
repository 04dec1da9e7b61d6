/**
 * A subset of Assets Query Language, enough for what clients send (itsm-apis.md §4.2): `attr = value`, `==`, `!=`,
 * `LIKE`, `IN (…)`, `NOT IN (…)`, AND/OR with parentheses, bare or double-quoted values with backslash escapes.
 * Attribute names are case-insensitive and may be quoted ("Serial Number"); `objectType`, `objectTypeId`,
 * `objectId` and `Key` are the special names. A syntax error is thrown as AqlError (the routes answer 400).
 *
 * Assumptions (itsm-apis.md §4.3 only says "quote and escape"): AND binds tighter than OR; `=`, `!=`, IN and LIKE
 * ignore case while `==` does not (Atlassian's AQL reference); `\` escapes the next character inside quotes.
 */

export type AqlOperator = '=' | '==' | '!=' | 'LIKE' | 'IN' | 'NOT IN';

export type AqlNode =
  | { kind: 'and'; left: AqlNode; right: AqlNode }
  | { kind: 'or'; left: AqlNode; right: AqlNode }
  | { kind: 'term'; attribute: string; operator: AqlOperator; values: string[] };

export class AqlError extends Error {}

type Token = { t: 'word' | 'string' | 'op' | '(' | ')' | ','; v: string; at: number };

export function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ t: c, v: c, at: i++ });
    } else if (c === '"') {
      const at = i++;
      let v = '';
      for (;;) {
        if (i >= q.length) throw new AqlError(`unterminated string starting at position ${at}`);
        const d = q.charAt(i++);
        if (d === '"') break;
        if (d === '\\') {
          if (i >= q.length) throw new AqlError(`unterminated string starting at position ${at}`);
          v += q.charAt(i++);
        } else v += d;
      }
      out.push({ t: 'string', v, at });
    } else if (q.startsWith('==', i) || q.startsWith('!=', i)) {
      out.push({ t: 'op', v: q.slice(i, i + 2), at: i });
      i += 2;
    } else if (c === '=') {
      out.push({ t: 'op', v: '=', at: i++ });
    } else {
      const m = /^[^\s()",=!]+/.exec(q.slice(i));
      if (!m) throw new AqlError(`unexpected character '${c}' at position ${i}`);
      out.push({ t: 'word', v: m[0], at: i });
      i += m[0].length;
    }
  }
  return out;
}

const isKeyword = (tok: Token | undefined, word: string) => tok?.t === 'word' && tok.v.toUpperCase() === word;

export function parseAql(q: string): AqlNode {
  const toks = tokenize(q);
  let p = 0;
  const peek = () => toks[p];
  const fail = (what: string): never => {
    const tok = peek();
    throw new AqlError(tok ? `expected ${what} at position ${tok.at} but found '${tok.v}'` : `expected ${what} at the end of the query`);
  };
  const value = (): string => {
    const tok = peek();
    if (tok && (tok.t === 'string' || (tok.t === 'word' && !['AND', 'OR'].includes(tok.v.toUpperCase())))) {
      p++;
      return tok.v;
    }
    return fail('a value');
  };
  const list = (): string[] => {
    if (peek()?.t !== '(') fail("'('");
    p++;
    const values = [value()];
    while (peek()?.t === ',') {
      p++;
      values.push(value());
    }
    if (peek()?.t !== ')') fail("',' or ')'");
    p++;
    return values;
  };
  const term = (): AqlNode => {
    if (peek()?.t === '(') {
      p++;
      const inner = or();
      if (peek()?.t !== ')') fail("')'");
      p++;
      return inner;
    }
    const attr = peek();
    if (!attr || (attr.t !== 'word' && attr.t !== 'string')) return fail('an attribute name');
    p++;
    const op = peek();
    if (op?.t === 'op') {
      p++;
      return { kind: 'term', attribute: attr.v, operator: op.v as AqlOperator, values: [value()] };
    }
    if (isKeyword(op, 'LIKE')) {
      p++;
      return { kind: 'term', attribute: attr.v, operator: 'LIKE', values: [value()] };
    }
    if (isKeyword(op, 'IN')) {
      p++;
      return { kind: 'term', attribute: attr.v, operator: 'IN', values: list() };
    }
    if (isKeyword(op, 'NOT') && isKeyword(toks[p + 1], 'IN')) {
      p += 2;
      return { kind: 'term', attribute: attr.v, operator: 'NOT IN', values: list() };
    }
    return fail('an operator (=, ==, !=, LIKE, IN, NOT IN)');
  };
  const and = (): AqlNode => {
    let left = term();
    while (isKeyword(peek(), 'AND')) {
      p++;
      left = { kind: 'and', left, right: term() };
    }
    return left;
  };
  function or(): AqlNode {
    let left = and();
    while (isKeyword(peek(), 'OR')) {
      p++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  }
  if (toks.length === 0) throw new AqlError('the query is empty');
  const tree = or();
  if (p < toks.length) fail('AND, OR or the end of the query');
  return tree;
}

/** Every attribute name a query uses (for "no such attribute" checks before running it). */
export function attributesOf(node: AqlNode): string[] {
  return node.kind === 'term' ? [node.attribute] : [...attributesOf(node.left), ...attributesOf(node.right)];
}

/** `read(attribute)` gives an object's values for an attribute name, or undefined when its type has no such one. */
export function matchesAql(node: AqlNode, read: (attribute: string) => string[] | undefined): boolean {
  if (node.kind === 'and') return matchesAql(node.left, read) && matchesAql(node.right, read);
  if (node.kind === 'or') return matchesAql(node.left, read) || matchesAql(node.right, read);
  const have = read(node.attribute);
  if (have === undefined) return false;
  const lower = have.map((v) => v.toLowerCase());
  const wanted = node.values.map((v) => v.toLowerCase());
  switch (node.operator) {
    case '==':
      return have.includes(node.values[0] ?? '');
    case '=':
    case 'IN':
      return lower.some((v) => wanted.includes(v));
    case '!=':
    case 'NOT IN':
      return !lower.some((v) => wanted.includes(v));
    case 'LIKE':
      return lower.some((v) => v.includes(wanted[0] ?? ''));
  }
}
