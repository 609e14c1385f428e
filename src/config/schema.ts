import { createRequire } from 'node:module';
import type * as Zod from 'zod';

// zod is loaded only to word the problems of an invalid file: a valid one (every networked command reads one) is
// checked by validWithoutZod below, which costs nothing to load (zod was 82 ms of every such command unbundled,
// and is the largest package in the bundle after the driver). A synchronous require keeps the API synchronous.
const requireModule = createRequire(import.meta.url);

/** The smallest valid file, shown in hints when the file is missing or empty. */
export const MINIMAL_CONFIG_EXAMPLE = '{ "user": "MY_USER", "account": "myorg-myaccount" }';

const MUST_BE_STRING = 'must be a string';

function isHttpUrl(value: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return false;
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
}

/**
 * snowflake_config.json. Unknown fields are kept (looseObject) so a write never drops
 * settings that other tools (e.g. the streaming client) read from the same file.
 */
function buildSchema() {
  const { z } = requireModule('zod') as typeof Zod;
  const optionalString = z.string({ error: MUST_BE_STRING }).optional();
  return z.looseObject({
    user: z.string({ error: MUST_BE_STRING }).min(1, { error: 'must not be empty' }),
    account: z.string({ error: MUST_BE_STRING }).min(1, { error: 'must not be empty' }),
    url: z
      .string({ error: MUST_BE_STRING })
      .refine(isHttpUrl, { error: 'must be an http:// or https:// URL, e.g. https://<account>.snowflakecomputing.com:443' })
      .optional(),
    pat: optionalString,
    pat_name: optionalString,
    role: optionalString,
    database: optionalString,
    schema: optionalString,
    warehouse: optionalString,
    pipe: optionalString,
    channel_name: optionalString,
    private_key_file: optionalString,
  });
}

/** The schema's fields in its order, and the ones that are plain optional strings. */
const FIELDS = ['user', 'account', 'url', 'pat', 'pat_name', 'role', 'database', 'schema', 'warehouse', 'pipe', 'channel_name', 'private_key_file'] as const;
const REQUIRED = new Set<string>(['user', 'account']);

/**
 * The schema's verdict on a valid file, without zod: the same object zod's safeParse returns (known fields first
 * in the schema's order, then unknown ones in the file's order), or undefined when anything is off — then zod
 * decides and words the problems. test/unit/config-schema-fast.test.ts checks both agree on generated inputs.
 */
function validWithoutZod(raw: Record<string, unknown>): SnowflakeConfig | undefined {
  const out: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = raw[field];
    if (value === undefined) {
      if (REQUIRED.has(field)) return undefined;
      // zod keeps an optional field that is present but undefined (an update may produce one).
      if (Object.hasOwn(raw, field)) out[field] = undefined;
      continue;
    }
    if (typeof value !== 'string') return undefined;
    if (REQUIRED.has(field) && value.length === 0) return undefined;
    if (field === 'url' && !isHttpUrl(value)) return undefined;
    out[field] = value;
  }
  const known = new Set<string>(FIELDS);
  // zod drops a "__proto__" key (JSON.parse makes it an own property); so do we, which also keeps it harmless.
  for (const key of Object.keys(raw)) if (!known.has(key) && key !== '__proto__') out[key] = raw[key];
  return out as SnowflakeConfig;
}

let schema: ReturnType<typeof buildSchema> | undefined;

/** The zod schema, built (and zod loaded) on first use. */
export function snowflakeConfigSchema(): ReturnType<typeof buildSchema> {
  return (schema ??= buildSchema());
}

export type SnowflakeConfig = Zod.infer<ReturnType<typeof buildSchema>>;

/** https://<account>.snowflakecomputing.com:443 */
export function defaultUrl(account: string): string {
  return `https://${account}.snowflakecomputing.com:443`;
}

export type ValidationResult =
  | { ok: true; config: SnowflakeConfig }
  | { ok: false; problems: string[] };

/**
 * Validates an already-parsed JSON object. Each problem names the field, never its value
 * (the file holds a secret). `display` is the file name put in front of each problem.
 */
export function validateConfigObject(raw: Record<string, unknown>, display: string): ValidationResult {
  const valid = validWithoutZod(raw);
  if (valid) return { ok: true, config: valid };
  const result = snowflakeConfigSchema().safeParse(raw);
  if (result.success) return { ok: true, config: result.data };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
    let text: string;
    if (field === undefined) {
      text = `${display}: ${issue.message}`;
    } else if (issue.path.length === 1 && raw[field] === undefined) {
      text = `${display}: missing required field "${field}"`;
    } else {
      text = `${display}: field "${field}" ${issue.message}`;
    }
    if (!seen.has(text)) {
      seen.add(text);
      problems.push(text);
    }
  }
  return { ok: false, problems };
}
