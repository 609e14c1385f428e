/**
 * Just enough of TOML's surface syntax to edit a file without rewriting it: splits the text into statements
 * (a table header, a key/value pair — which may span lines through multi-line strings or arrays — or a run of
 * blank/comment text), each with its byte span, so an edit can replace one value and leave every other byte as
 * it was. It does not validate: the caller parses the text before and after with smol-toml.
 * No dependencies, so the flag check can use it before any network call without loading a TOML parser.
 */

export type Statement =
  | { kind: 'trivia'; start: number; end: number }
  | { kind: 'table' | 'array-table'; start: number; end: number; key: string[] | undefined }
  | {
      kind: 'pair';
      start: number;
      end: number;
      key: string[] | undefined;
      /** Where the value's text starts and ends (trailing blanks and comment excluded). */
      valueStart: number;
      valueEnd: number;
    };

/** Splits a dotted key (`a."b c".'d'`) into its parts; undefined when it is not a key this reader understands. */
export function parseKey(text: string): string[] | undefined {
  const parts: string[] = [];
  let i = 0;
  const skipBlanks = () => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  for (;;) {
    skipBlanks();
    const c = text[i];
    if (c === '"') {
      const close = closingQuote(text, i, '"');
      if (close < 0) return undefined;
      try {
        parts.push(JSON.parse(text.slice(i, close + 1)) as string);
      } catch {
        return undefined; // TOML-only escapes (\e, \UXXXXXXXX): not worth handling in a key
      }
      i = close + 1;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return undefined;
      parts.push(text.slice(i + 1, close));
      i = close + 1;
    } else {
      const bare = /^[A-Za-z0-9_-]+/.exec(text.slice(i));
      if (!bare) return undefined;
      parts.push(bare[0]);
      i += bare[0].length;
    }
    skipBlanks();
    if (i >= text.length) return parts;
    if (text[i] !== '.') return undefined;
    i++;
  }
}

/** Index of the quote closing a basic string opened at `open` (backslash escapes honoured), or -1. */
function closingQuote(text: string, open: number, quote: string): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
    else if (text[i] === '\n') return -1;
  }
  return -1;
}

/** Splits TOML text into statements covering it end to end (concatenating the spans gives the text back). */
export function scanToml(text: string): Statement[] {
  const statements: Statement[] = [];
  let pos = 0;
  let triviaStart = -1;
  const flushTrivia = (end: number) => {
    if (triviaStart >= 0) statements.push({ kind: 'trivia', start: triviaStart, end });
    triviaStart = -1;
  };
  while (pos < text.length) {
    const lineEnd = endOfLine(text, pos);
    const line = text.slice(pos, lineEnd);
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      if (triviaStart < 0) triviaStart = pos;
      pos = lineEnd;
      continue;
    }
    flushTrivia(pos);
    if (trimmed.startsWith('[')) {
      const array = trimmed.startsWith('[[');
      const open = text.indexOf('[', pos) + (array ? 2 : 1);
      const close = headerClose(text, open, lineEnd);
      const key = close < 0 ? undefined : parseKey(text.slice(open, close));
      statements.push({ kind: array ? 'array-table' : 'table', start: pos, end: lineEnd, key });
      pos = lineEnd;
      continue;
    }
    const pair = scanPair(text, pos);
    statements.push(pair);
    pos = pair.end;
  }
  flushTrivia(text.length);
  return statements;
}

/** The offset just past the line's "\n" (or the end of the text). */
function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}

/** The `]` closing a header's key, skipping quoted parts; -1 when there is none on the line. */
function headerClose(text: string, from: number, lineEnd: number): number {
  for (let i = from; i < lineEnd; i++) {
    const c = text[i];
    if (c === '"') i = closingQuote(text, i, '"');
    else if (c === "'") i = text.indexOf("'", i + 1);
    if (i < 0) return -1;
    if (text[i] === ']') return i;
  }
  return -1;
}

/** One key/value pair starting at `start`: the key up to the first `=`, then the value to its real end. */
function scanPair(text: string, start: number): Statement {
  let i = start;
  // The key: quoted parts may hold "=".
  for (; i < text.length && text[i] !== '=' && text[i] !== '\n'; i++) {
    if (text[i] === '"') i = Math.max(i, closingQuote(text, i, '"'));
    else if (text[i] === "'") i = Math.max(i, text.indexOf("'", i + 1));
  }
  if (text[i] !== '=') {
    const end = endOfLine(text, start);
    return { kind: 'pair', start, end, key: undefined, valueStart: end, valueEnd: end };
  }
  const key = parseKey(text.slice(start, i));
  i++;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const valueStart = i;
  let depth = 0;
  let valueEnd = i;
  while (i < text.length) {
    const c = text[i] as string;
    if (text.startsWith('"""', i) || text.startsWith("'''", i)) {
      const quote = text.slice(i, i + 3);
      let j = i + 3;
      for (;;) {
        const found = text.indexOf(quote, j);
        if (found < 0) {
          j = text.length;
          break;
        }
        // A basic multi-line string's `\"""` is not its end; up to two extra quotes belong to the content.
        if (quote === '"""' && isEscaped(text, found)) {
          j = found + 1;
          continue;
        }
        j = found + 3;
        while (text[j] === quote[0] && j < found + 5) j++;
        break;
      }
      i = j;
      valueEnd = i;
    } else if (c === '"') {
      const close = closingQuote(text, i, '"');
      i = close < 0 ? endOfLine(text, i) - 1 : close + 1;
      valueEnd = i;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? endOfLine(text, i) - 1 : close + 1;
      valueEnd = i;
    } else if (c === '#') {
      i = endOfLine(text, i) - (text[endOfLine(text, i) - 1] === '\n' ? 1 : 0);
    } else if (c === '\n') {
      if (depth === 0) return { kind: 'pair', start, end: i + 1, key, valueStart, valueEnd: trimEnd(text, valueStart, valueEnd) };
      i++;
    } else {
      if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') depth--;
      i++;
      if (c !== ' ' && c !== '\t' && c !== '\r') valueEnd = i;
    }
  }
  return { kind: 'pair', start, end: text.length, key, valueStart, valueEnd: trimEnd(text, valueStart, valueEnd) };
}

function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let k = at - 1; k >= 0 && text[k] === '\\'; k--) backslashes++;
  return backslashes % 2 === 1;
}

function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && /[ \t\r]/.test(text[end - 1] as string)) end--;
  return end;
}

export function sameKey(a: string[] | undefined, b: string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((part, i) => part === b[i]);
}

/** The statements of table `[name]` (after its header, up to the next header); undefined when it has no header. */
export function tableBody(statements: Statement[], name: string[]): { header: Statement; body: Statement[] } | undefined {
  const at = statements.findIndex((s) => s.kind === 'table' && sameKey(s.key, name));
  if (at < 0) return undefined;
  const body: Statement[] = [];
  for (const s of statements.slice(at + 1)) {
    if (s.kind === 'table' || s.kind === 'array-table') break;
    body.push(s);
  }
  return { header: statements[at] as Statement, body };
}
