/**
 * A small ASQL parser: the subset of Matrix42's query language the fragments API takes in `where`, `columns` and
 * `sort` that the bot's connector sends (itsm-apis.md §6.2, §6.3, §6.5). It is a real tokenizer + recursive-descent
 * parser, so a quote-injection attempt stays a string literal. Anything outside the subset is a parse error, which
 * the simulator answers like Matrix42 answers every ASQL error: HTTP 500 without naming the problem (§6.6).
 */
import { AsqlError, tokenize, type Token } from './asql.lexer.js';

export { AsqlError, tokenize } from './asql.lexer.js';

/** One step of a dotted path: an attribute, `T(<DD>)` (pivot to a sibling fragment), or `[Expression-ObjectID]`. */
export type PathSegment = { kind: 'attr'; name: string } | { kind: 'pivot'; dd: string } | { kind: 'objectId' };

export type Operand = { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'null' } | { kind: 'path'; segments: PathSegment[] };

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; op: '=' | '<>' | '<' | '>' | '<=' | '>='; left: Operand; right: Operand }
  | { kind: 'like'; negated: boolean; left: Operand; pattern: Operand }
  | { kind: 'in'; negated: boolean; left: Operand; values: Operand[] }
  | { kind: 'isNull'; negated: boolean; operand: Operand };

export interface Column {
  segments: PathSegment[];
  alias?: string;
}

export interface SortKey {
  name: string;
  descending: boolean;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'IN', 'IS', 'NULL', 'AS', 'ASC', 'DESC']);

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.pos + offset];
  }
  private isKeyword(word: string, offset = 0): boolean {
    const tok = this.peek(offset);
    return tok?.t === 'ident' && !tok.bracketed && tok.v.toUpperCase() === word;
  }
  private isPunct(p: string): boolean {
    const tok = this.peek();
    return tok?.t === 'punct' && tok.v === p;
  }
  private expectPunct(p: string): void {
    if (!this.isPunct(p)) throw new AsqlError(`expected ${p}`);
    this.pos++;
  }
  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) throw new AsqlError(`expected ${word}`);
    this.pos++;
  }
  done(): boolean {
    return this.pos >= this.tokens.length;
  }
  expectEnd(): void {
    if (!this.done()) throw new AsqlError('unexpected text after the expression');
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.isKeyword('OR')) {
      this.pos++;
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.isKeyword('AND')) {
      this.pos++;
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  private negation(): Condition {
    if (this.isKeyword('NOT')) {
      this.pos++;
      return { kind: 'not', inner: this.negation() };
    }
    return this.predicate();
  }

  private predicate(): Condition {
    if (this.isPunct('(')) {
      this.pos++;
      const inner = this.condition();
      this.expectPunct(')');
      return inner;
    }
    const left = this.operand();
    const tok = this.peek();
    if (tok?.t === 'op') {
      this.pos++;
      return { kind: 'compare', op: tok.v as '=' | '<>' | '<' | '>' | '<=' | '>=', left, right: this.operand() };
    }
    if (this.isKeyword('IS')) {
      this.pos++;
      const negated = this.isKeyword('NOT');
      if (negated) this.pos++;
      this.expectKeyword('NULL');
      return { kind: 'isNull', negated, operand: left };
    }
    const negated = this.isKeyword('NOT');
    if (negated) this.pos++;
    if (this.isKeyword('LIKE')) {
      this.pos++;
      return { kind: 'like', negated, left, pattern: this.operand() };
    }
    if (this.isKeyword('IN')) {
      this.pos++;
      this.expectPunct('(');
      const values = [this.operand()];
      while (this.isPunct(',')) {
        this.pos++;
        values.push(this.operand());
      }
      this.expectPunct(')');
      return { kind: 'in', negated, left, values };
    }
    throw new AsqlError('expected a comparison');
  }

  operand(): Operand {
    const tok = this.peek();
    if (!tok) throw new AsqlError('expression ends too early');
    if (tok.t === 'string') {
      this.pos++;
      return { kind: 'string', value: tok.v };
    }
    if (tok.t === 'number') {
      this.pos++;
      return { kind: 'number', value: tok.v };
    }
    if (this.isKeyword('NULL')) {
      this.pos++;
      return { kind: 'null' };
    }
    return { kind: 'path', segments: this.path() };
  }

  path(): PathSegment[] {
    const segments = [this.segment()];
    while (this.isPunct('.')) {
      this.pos++;
      segments.push(this.segment());
    }
    return segments;
  }

  private segment(): PathSegment {
    const tok = this.peek();
    if (tok?.t !== 'ident') throw new AsqlError('expected a name');
    if (!tok.bracketed && KEYWORDS.has(tok.v.toUpperCase())) throw new AsqlError(`reserved word ${tok.v}`);
    this.pos++;
    if (!tok.bracketed && tok.v.toUpperCase() === 'T' && this.isPunct('(')) {
      this.pos++;
      const dd = this.peek();
      if (dd?.t !== 'ident') throw new AsqlError('expected a data definition in T(...)');
      this.pos++;
      this.expectPunct(')');
      return { kind: 'pivot', dd: dd.v };
    }
    if (tok.bracketed && tok.v.toLowerCase() === 'expression-objectid') return { kind: 'objectId' };
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(tok.v)) throw new AsqlError(`unknown expression [${tok.v}]`);
    return { kind: 'attr', name: tok.v };
  }

  column(): Column {
    const segments = this.path();
    if (!this.isKeyword('AS')) return { segments };
    this.pos++;
    const alias = this.peek();
    if (alias?.t !== 'ident' || (!alias.bracketed && KEYWORDS.has(alias.v.toUpperCase()))) throw new AsqlError('expected an alias after AS');
    this.pos++;
    return { segments, alias: alias.v };
  }

  list<T>(item: () => T): T[] {
    const items = [item()];
    while (this.isPunct(',')) {
      this.pos++;
      items.push(item());
    }
    this.expectEnd();
    return items;
  }
}

/** Parses a `where` expression. */
export function parseWhere(src: string): Condition {
  const p = new Parser(tokenize(src));
  const c = p.condition();
  p.expectEnd();
  return c;
}

/** Parses a `columns` list (`ID, Subject, Initiator.MailAddress as InitiatorMail, [Expression-ObjectID]`). */
export function parseColumns(src: string): Column[] {
  const p = new Parser(tokenize(src));
  return p.list(() => p.column());
}

/**
 * Parses `sort` (`Name ASC, CreatedDate DESC`). Names must be plain, unbracketed projected names (the MCP server's
 * ASQL guide, itsm-apis.md §6.6: "sort must reference a projected alias").
 */
export function parseSort(src: string): SortKey[] {
  const tokens = tokenize(src);
  const keys: SortKey[] = [];
  let i = 0;
  while (i < tokens.length) {
    const name = tokens[i];
    if (name?.t !== 'ident' || name.bracketed) throw new AsqlError('sort names a projected column, unbracketed');
    i++;
    let descending = false;
    const dir = tokens[i];
    if (dir?.t === 'ident' && /^(ASC|DESC)$/i.test(dir.v)) {
      descending = dir.v.toUpperCase() === 'DESC';
      i++;
    }
    keys.push({ name: name.v, descending });
    const sep = tokens[i];
    if (sep === undefined) break;
    if (sep.t !== 'punct' || sep.v !== ',') throw new AsqlError('expected , in sort');
    i++;
  }
  return keys;
}
