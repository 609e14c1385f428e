/**
 * Locates the first syntax error in a JSON text, with jsonc-parser (strict: no comments, no trailing commas).
 * JSON.parse's own messages quote a snippet of the input, which may contain the secret, so they are never shown;
 * this reports only a position and a fixed reason chosen by the parser's error code, never the text itself.
 */
import { parseTree, ParseErrorCode, type ParseError } from 'jsonc-parser';

export interface JsonErrorLocation {
  offset: number;
  line: number;
  column: number;
  reason: string;
}

const REASONS: Partial<Record<ParseErrorCode, string>> = {
  [ParseErrorCode.InvalidSymbol]: 'unexpected character (strings and property names need double quotes)',
  [ParseErrorCode.InvalidNumberFormat]: 'bad number',
  [ParseErrorCode.UnexpectedEndOfNumber]: 'bad number',
  [ParseErrorCode.PropertyNameExpected]: 'expected a double-quoted property name',
  [ParseErrorCode.ValueExpected]: 'expected a value (string, number, object, array, true, false or null)',
  [ParseErrorCode.ColonExpected]: 'expected ":" after property name',
  [ParseErrorCode.CommaExpected]: 'expected "," between values',
  [ParseErrorCode.CloseBraceExpected]: 'expected "," or "}"',
  [ParseErrorCode.CloseBracketExpected]: 'expected "," or "]"',
  [ParseErrorCode.EndOfFileExpected]: 'unexpected text after the end of the JSON value',
  [ParseErrorCode.InvalidCommentToken]: 'comments are not allowed in JSON',
  [ParseErrorCode.UnexpectedEndOfComment]: 'comments are not allowed in JSON',
  [ParseErrorCode.UnexpectedEndOfString]: 'unterminated string (a raw line break cannot be inside a string)',
  [ParseErrorCode.InvalidUnicode]: 'bad \\u escape in string',
  [ParseErrorCode.InvalidEscapeCharacter]: 'bad escape in string',
  [ParseErrorCode.InvalidCharacter]: 'control character inside a string',
};

/** The reason and offset for people: a trailing comma named as such, an unterminated string at its end. */
function explain(text: string, error: ParseError, valueEnd: number): { offset: number; reason: string } {
  let offset = error.offset;
  let reason = offset >= valueEnd ? REASONS[ParseErrorCode.EndOfFileExpected]! : (REASONS[error.error] ?? 'syntax error');
  if (error.error === ParseErrorCode.UnexpectedEndOfString) offset += error.length;
  const closing = text[offset];
  if ((closing === '}' || closing === ']') && text.slice(0, offset).trimEnd().endsWith(',')) {
    reason = `trailing comma before "${closing}"`;
  }
  return { offset, reason: offset >= text.length ? 'unexpected end of file' : reason };
}

export function locateJsonError(text: string): JsonErrorLocation | undefined {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first === undefined) return undefined;
  // Past the end of a complete value, any error is text after it (reported as a bad symbol or "end of file expected").
  const valueEnd = root && first.offset >= root.offset + root.length && root.length > 0 ? root.offset + root.length : Infinity;
  const { offset, reason } = explain(text, first, valueEnd);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { offset, line, column: offset - (before.lastIndexOf('\n') + 1) + 1, reason };
}
