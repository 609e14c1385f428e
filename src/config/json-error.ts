/**
 * Locates the first syntax error in a JSON text. JSON.parse's own messages quote a
 * snippet of the input, which may contain the secret, so they are never shown; this
 * scanner reports only a position and a generic reason.
 */
export interface JsonErrorLocation {
  offset: number;
  line: number;
  column: number;
  reason: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function locateJsonError(text: string): JsonErrorLocation | undefined {
  let pos = 0;
  const n = text.length;

  const fail = (reason: string, at = pos): never => {
    throw new Stop(at, at >= n ? 'unexpected end of file' : reason);
  };
  const ws = (): void => {
    while (pos < n) {
      const c = text[pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') pos++;
      else break;
    }
  };
  const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

  const str = (): void => {
    pos++; // opening quote
    for (;;) {
      if (pos >= n) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        return;
      }
      if (c < 0x20) fail('control character (e.g. a raw line break) inside a string');
      if (c === 0x5c) {
        const e = text[pos + 1];
        if (e === undefined) fail('unterminated string', pos + 1);
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape in string');
          pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          pos += 2;
        } else {
          fail('bad escape in string');
        }
        continue;
      }
      pos++;
    }
  };

  const num = (): void => {
    if (text[pos] === '-') pos++;
    if (text[pos] === '0') pos++;
    else if (isDigit(text[pos])) while (isDigit(text[pos])) pos++;
    else fail('bad number');
    if (text[pos] === '.') {
      pos++;
      if (!isDigit(text[pos])) fail('bad number');
      while (isDigit(text[pos])) pos++;
    }
    if (text[pos] === 'e' || text[pos] === 'E') {
      pos++;
      if (text[pos] === '+' || text[pos] === '-') pos++;
      if (!isDigit(text[pos])) fail('bad number');
      while (isDigit(text[pos])) pos++;
    }
  };

  const value = (): void => {
    ws();
    const c = text[pos];
    if (c === '{') return obj();
    if (c === '[') return arr();
    if (c === '"') return str();
    if (c === '-' || isDigit(c)) return num();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return;
      }
    }
    if (c === "'") fail('strings must use double quotes');
    fail('unexpected character (expected a value: string, number, object, array, true, false or null)');
  };

  const obj = (): void => {
    pos++;
    ws();
    if (text[pos] === '}') {
      pos++;
      return;
    }
    for (;;) {
      ws();
      if (text[pos] !== '"') {
        fail(text[pos] === '}' ? 'trailing comma before "}"' : 'expected a double-quoted property name');
      }
      str();
      ws();
      if (text[pos] !== ':') fail('expected ":" after property name');
      pos++;
      value();
      ws();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === '}') {
        pos++;
        return;
      }
      fail('expected "," or "}" after property value');
    }
  };

  const arr = (): void => {
    pos++;
    ws();
    if (text[pos] === ']') {
      pos++;
      return;
    }
    for (;;) {
      ws();
      if (text[pos] === ']') fail('trailing comma before "]"');
      value();
      ws();
      if (text[pos] === ',') {
        pos++;
        continue;
      }
      if (text[pos] === ']') {
        pos++;
        return;
      }
      fail('expected "," or "]" after array element');
    }
  };

  try {
    value();
    ws();
    if (pos < n) fail('unexpected text after the end of the JSON value');
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    const offset = Math.min(e.offset, n);
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (text.charCodeAt(i) === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    return { offset, line, column: offset - lineStart + 1, reason: e.reason };
  }
}
