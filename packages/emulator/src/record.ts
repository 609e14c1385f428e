// The request log tests assert on. Secrets never enter it: login bodies are
// reduced to authenticator + login name, and SQL text is scrubbed of PAT
// secrets and password literals before it is stored.
import type { EndpointKind } from './faults.js';

export interface RecordedRequest {
  method: string;
  path: string;
  kind: EndpointKind;
  authenticator?: string;
  loginName?: string;
  account?: string;
  sqlText?: string;
  requestId?: string;
  retryCount?: number;
  /** HTTP status sent; 0 when the connection was dropped without a reply. */
  status: number;
  errorCode?: string;
}

export const REDACTED = '***';

// A single-quoted literal, honouring '' and backslash escapes.
const LITERAL = String.raw`'(?:[^'\\]|\\.|'')*'`;
const SECRET_LITERALS = [
  new RegExp(String.raw`(SYSTEM\$DECODE_PAT\s*\(\s*)${LITERAL}`, 'gi'),
  new RegExp(String.raw`(\bPASSWORD\s*=\s*)${LITERAL}`, 'gi'),
];

export function redactSql(sql: string, secrets: Iterable<string>): string {
  let out = sql;
  for (const re of SECRET_LITERALS) out = out.replace(re, `$1'${REDACTED}'`);
  for (const s of secrets) if (s.length >= 6 && out.includes(s)) out = out.split(s).join(REDACTED);
  return out;
}
