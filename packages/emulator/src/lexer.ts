// Tokenizer for the small SQL dialect the emulator understands. It keeps each
// token's source text and position because Snowflake's syntax errors quote
// both ("syntax error line 1 at position 47 unexpected 'NAME'.").
import { errors } from './errors.js';

export type TokenKind = 'ident' | 'qident' | 'string' | 'number' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Resolved value: upper-cased for unquoted identifiers, unescaped for strings/quoted identifiers. */
  value: string;
  /** The source text, used in error messages. */
  text: string;
  line: number; // 1-based
  pos: number; // 0-based column within the line
  offset: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
// '<', '>', '!' and ':' serve the ACCOUNT_USAGE SELECTs (comparisons, `col:key::VARCHAR`).
const PUNCT = new Set(['=', ',', '(', ')', ';', '.', '-', '+', '*', '<', '>', '!', ':']);

// Backslash escapes Snowflake honours inside single-quoted literals.
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0', '\\': '\\', "'": "'", '"': '"' };

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const at = (offset: number): { line: number; pos: number } => ({ line, pos: offset - lineStart });
  const advanceOver = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      if (sql[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
  };

  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) {
      advanceOver(i, i + 1);
      i++;
      continue;
    }
    // Comments: --, // to end of line, /* … */.
    if ((c === '-' && sql[i + 1] === '-') || (c === '/' && sql[i + 1] === '/')) {
      while (i < sql.length && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      advanceOver(i, stop);
      i = stop;
      continue;
    }
    const start = i;
    const { line: tl, pos: tp } = at(start);
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < sql.length && IDENT_PART.test(sql[j] as string)) j++;
      const text = sql.slice(i, j);
      tokens.push({ kind: 'ident', value: text.toUpperCase(), text, line: tl, pos: tp, offset: start });
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= sql.length) throw errors.syntax(tl, tp, '<EOF>');
        const d = sql[j] as string;
        if (d === '"') {
          if (sql[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          j++;
          break;
        }
        value += d;
        j++;
      }
      if (value === '') throw errors.syntax(tl, tp, '""');
      const text = sql.slice(i, j);
      advanceOver(i, j);
      tokens.push({ kind: 'qident', value, text, line: tl, pos: tp, offset: start });
      i = j;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let value = '';
      for (;;) {
        if (j >= sql.length) throw errors.syntax(tl, tp, '<EOF>');
        const d = sql[j] as string;
        if (d === "'") {
          if (sql[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          j++;
          break;
        }
        if (d === '\\' && j + 1 < sql.length) {
          const e = sql[j + 1] as string;
          value += ESCAPES[e] ?? e; // unknown escapes drop the backslash, as Snowflake does
          j += 2;
          continue;
        }
        value += d;
        j++;
      }
      const text = sql.slice(i, j);
      advanceOver(i, j);
      tokens.push({ kind: 'string', value, text, line: tl, pos: tp, offset: start });
      i = j;
      continue;
    }
    if (c === '$' && sql[i + 1] === '$') {
      // Dollar-quoted string: no escapes at all.
      const end = sql.indexOf('$$', i + 2);
      if (end < 0) throw errors.syntax(tl, tp, '<EOF>');
      const value = sql.slice(i + 2, end);
      const text = sql.slice(i, end + 2);
      advanceOver(i, end + 2);
      tokens.push({ kind: 'string', value, text, line: tl, pos: tp, offset: start });
      i = end + 2;
      continue;
    }
    if (/[0-9]/.test(c)) {
      let j = i;
      while (j < sql.length && /[0-9.]/.test(sql[j] as string)) j++;
      // 12abc is not a number followed by an identifier in Snowflake either.
      while (j < sql.length && IDENT_PART.test(sql[j] as string)) j++;
      const text = sql.slice(i, j);
      tokens.push({ kind: 'number', value: text, text, line: tl, pos: tp, offset: start });
      i = j;
      continue;
    }
    if (PUNCT.has(c)) {
      tokens.push({ kind: 'punct', value: c, text: c, line: tl, pos: tp, offset: start });
      i++;
      continue;
    }
    throw errors.syntax(tl, tp, c);
  }
  const end = at(sql.length);
  tokens.push({ kind: 'eof', value: '', text: '<EOF>', line: end.line, pos: end.pos, offset: sql.length });
  return tokens;
}
