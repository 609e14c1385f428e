// Imitations of the axum 0.7 extractors Pangolin's handlers use (`Json<T>`, `Path<Uuid>`, `Query<PaginationParams>`)
// and of serde's derived `Deserialize` with `#[serde(deny_unknown_fields)]`, close enough that the status codes
// match: 415 for a missing/wrong Content-Type, 400 for malformed JSON, 422 when the JSON does not fit the struct,
// 400 for a bad path parameter or query string. Rejection bodies are plain text, as axum's are.
import type { IncomingHttpHeaders } from 'node:http';

export class Rejection {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {}
}

/** `uuid::Uuid::parse_str`: hyphenated, simple (32 hex), braced and urn forms. Returns the lowercase hyphenated form. */
export function parseUuid(input: string): string | undefined {
  let s = input;
  if (s.length === 45 && s.toLowerCase().startsWith('urn:uuid:')) s = s.slice(9);
  else if (s.length === 38 && s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  let hex: string;
  if (s.length === 36 && /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s)) {
    hex = s.replace(/-/g, '');
  } else if (s.length === 32 && /^[0-9a-fA-F]{32}$/.test(s)) {
    hex = s;
  } else {
    return undefined;
  }
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type FieldType = 'string' | 'opt-string' | 'opt-u64' | 'opt-string-array' | 'opt-uuid';

export interface FieldSpec {
  /** The wire name; `aliases` are also accepted (serde `alias`). */
  name: string;
  type: FieldType;
  aliases?: string[];
}

export interface StructSpec {
  name: string;
  fields: FieldSpec[];
}

function describe(v: unknown): string {
  // serde's `Unexpected` wording.
  if (v === null) return 'null';
  if (typeof v === 'boolean') return `boolean \`${v}\``;
  if (typeof v === 'number') return Number.isInteger(v) ? `integer \`${v}\`` : `floating point \`${v}\``;
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (Array.isArray(v)) return 'sequence';
  return 'map';
}

const U64_MAX = 18446744073709551615n;

function check(field: FieldSpec, v: unknown): { ok: true; value: unknown } | { ok: false; msg: string } {
  const optional = field.type !== 'string';
  if (optional && v === null) return { ok: true, value: undefined };
  switch (field.type) {
    case 'string':
    case 'opt-string':
      return typeof v === 'string' ? { ok: true, value: v } : { ok: false, msg: `invalid type: ${describe(v)}, expected a string` };
    case 'opt-u64':
      if (typeof v !== 'number' || !Number.isInteger(v)) {
        return { ok: false, msg: `invalid type: ${describe(v)}, expected u64` };
      }
      if (v < 0) return { ok: false, msg: `invalid value: integer \`${v}\`, expected u64` };
      // UNCONFIRMED: serde_json rejects `24.0` for a u64 but JSON.parse cannot tell it from `24`; the emulator accepts it.
      if (BigInt(v) > U64_MAX) return { ok: false, msg: `invalid type: floating point \`${v}\`, expected u64` };
      return { ok: true, value: v };
    case 'opt-string-array': {
      if (!Array.isArray(v)) return { ok: false, msg: `invalid type: ${describe(v)}, expected a sequence` };
      for (const item of v) {
        if (typeof item !== 'string') return { ok: false, msg: `invalid type: ${describe(item)}, expected a string` };
      }
      return { ok: true, value: v as string[] };
    }
    case 'opt-uuid': {
      if (typeof v !== 'string') return { ok: false, msg: `invalid type: ${describe(v)}, expected UUID` };
      const u = parseUuid(v);
      // UNCONFIRMED: the exact text of uuid's serde error.
      return u === undefined ? { ok: false, msg: `UUID parsing failed: invalid UUID ${JSON.stringify(v)}` } : { ok: true, value: u };
    }
  }
}

const DATA_ERROR = 'Failed to deserialize the JSON body into the target type';

/**
 * `axum::Json<T>` with a `#[serde(deny_unknown_fields)]` struct T. Returns the fields keyed by their primary name.
 * UNCONFIRMED: the exact rejection texts (serde_json appends " at line L column C", which is not reproduced).
 */
export function extractJson(headers: IncomingHttpHeaders, body: Buffer, spec: StructSpec): Record<string, unknown> {
  const ct = headers['content-type'];
  const mime = (ct ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const [type, subtype = ''] = mime.split('/');
  const isJson = type === 'application' && (subtype === 'json' || subtype.endsWith('+json'));
  if (!isJson) throw new Rejection(415, 'Expected request with `Content-Type: application/json`');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (e) {
    const why = body.length === 0 ? 'EOF while parsing a value at line 1 column 0' : (e as Error).message;
    throw new Rejection(400, `Failed to parse the request body as JSON: ${why}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    // UNCONFIRMED: serde's derived struct visitor would also accept a JSON array (positional fields); the emulator does not.
    throw new Rejection(422, `${DATA_ERROR}: invalid type: ${describe(parsed)}, expected struct ${spec.name}`);
  }
  const out: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(parsed)) {
    const field = spec.fields.find((f) => f.name === key || (f.aliases ?? []).includes(key));
    if (field === undefined) {
      const expected = spec.fields.map((f) => `\`${f.name}\``).join(', ');
      throw new Rejection(422, `${DATA_ERROR}: unknown field \`${key}\`, expected one of ${expected}`);
    }
    if (seen.has(field.name)) throw new Rejection(422, `${DATA_ERROR}: duplicate field \`${field.name}\``);
    seen.add(field.name);
    const r = check(field, value);
    if (!r.ok) throw new Rejection(422, `${DATA_ERROR}: ${key}: ${r.msg}`);
    if (r.value !== undefined) out[field.name] = r.value;
  }
  for (const f of spec.fields) {
    if (f.type === 'string' && !seen.has(f.name)) throw new Rejection(422, `${DATA_ERROR}: missing field \`${f.name}\``);
  }
  return out;
}

/** `axum::extract::Path<Uuid>`. UNCONFIRMED: the exact text; the status (400) follows axum's PathRejection. */
export function extractUuidPath(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw new Rejection(400, 'Invalid URL: Cannot parse path parameter');
  }
  const u = parseUuid(decoded);
  if (u === undefined) throw new Rejection(400, `Invalid URL: UUID parsing failed: invalid UUID ${JSON.stringify(decoded)}`);
  return u;
}

export interface Pagination {
  limit?: number;
  offset?: number;
}

/** `axum::extract::Query<PaginationParams>` (`limit`/`offset`: Option<usize>; other keys ignored). */
export function extractPagination(search: URLSearchParams): Pagination {
  const out: Pagination = {};
  for (const key of ['limit', 'offset'] as const) {
    const all = search.getAll(key);
    if (all.length === 0) continue;
    if (all.length > 1) throw new Rejection(400, `Failed to deserialize query string: duplicate field \`${key}\``);
    const v = all[0] ?? '';
    if (!/^\+?[0-9]+$/.test(v)) {
      throw new Rejection(400, `Failed to deserialize query string: ${key}: invalid digit found in string`);
    }
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new Rejection(400, `Failed to deserialize query string: ${key}: number too large to fit in target type`);
    out[key] = n;
  }
  return out;
}
