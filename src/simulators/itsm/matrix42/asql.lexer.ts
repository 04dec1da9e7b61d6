/**
 * The ASQL tokenizer (see asql.parser.ts): string literals with doubled quotes, [bracketed] identifiers, names,
 * numbers, comparison operators and punctuation. Anything else, comments included, is an error.
 */

/** Anything the simulated server cannot parse or resolve; answered with a bare HTTP 500. */
export class AsqlError extends Error {
  override name = 'AsqlError';
}

export type Token =
  | { t: 'ident'; v: string; bracketed: boolean }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'op'; v: string }
  | { t: 'punct'; v: '(' | ')' | ',' | '.' };

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      // A quote inside a literal is written twice ('it''s'); a lone quote ends the literal.
      let v = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new AsqlError('unterminated string literal');
        const ch = src.charAt(i);
        if (ch === "'" && src.charAt(i + 1) === "'") {
          v += "'";
          i += 2;
        } else if (ch === "'") {
          i++;
          break;
        } else {
          v += ch;
          i++;
        }
      }
      out.push({ t: 'string', v });
    } else if (c === '[') {
      const end = src.indexOf(']', i);
      if (end < 0) throw new AsqlError('unterminated [identifier]');
      const v = src.slice(i + 1, end);
      if (!v) throw new AsqlError('empty [identifier]');
      out.push({ t: 'ident', v, bracketed: true });
      i = end + 1;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(src.slice(i));
      const text = m?.[0] ?? c;
      out.push({ t: 'number', v: Number(text) });
      i += text.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      const text = m?.[0] ?? c;
      out.push({ t: 'ident', v: text, bracketed: false });
      i += text.length;
    } else if (c === '(' || c === ')' || c === ',' || c === '.') {
      out.push({ t: 'punct', v: c });
      i++;
    } else {
      const two = src.slice(i, i + 2);
      if (two === '<>' || two === '!=' || two === '<=' || two === '>=') {
        out.push({ t: 'op', v: two === '!=' ? '<>' : two });
        i += 2;
      } else if (c === '=' || c === '<' || c === '>') {
        out.push({ t: 'op', v: c });
        i++;
      } else {
        throw new AsqlError(`unexpected character ${JSON.stringify(c)}`);
      }
    }
  }
  return out;
}
