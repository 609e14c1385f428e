/**
 * Reading a manifest: YAML → zod → tokens with every default applied and every identifier checked by the SQL
 * builder's own validators, so a bad manifest fails with the field's path (exit 2) before any network call.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { describeFsError } from '../kernel/errno.js';
import { identifier, roleName, stringLiteral, tokenName } from '../providers/snowflake/sql.js';
import { manifestSchema, type SinkSpec } from './schema.js';

const requireModule = createRequire(import.meta.url);

export interface FleetToken {
  /** ACCOUNT/USER/NAME: stable key for the state file and reports. */
  key: string;
  account: string;
  connection: string;
  user: string;
  name: string;
  roleRestriction?: string;
  comment?: string;
  expiresInDays: number;
  rotateBeforeDays: number;
  graceHours: number;
  sinks: SinkSpec[];
}

export interface LoadedManifest {
  path: string;
  tokens: FleetToken[];
}

function fail(file: string, where: string, message: string): never {
  throw new ConfigError(`${file}: ${where}: ${message}`, file, 'See schemas/pat-manifest.schema.json, or README "Fleet rotation".');
}

/** Paths of relative file sinks are relative to the manifest's folder, as a reader expects. */
function anchored(sink: SinkSpec, dir: string): SinkSpec {
  if (sink.type === 'config' || sink.type === 'env_file') return { ...sink, path: path.resolve(dir, sink.path) };
  return sink;
}

export function parseManifest(text: string, file: string): LoadedManifest {
  let raw: unknown;
  try {
    // Loaded here: only plan/apply read YAML.
    const { parse } = requireYaml();
    raw = parse(text);
  } catch (error) {
    fail(file, 'YAML', error instanceof Error ? error.message.split('\n')[0] ?? 'unreadable' : 'unreadable');
  }
  const parsed = manifestSchema().safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`);
    throw new ConfigError(`${file} is not a valid manifest:\n  ${problems.join('\n  ')}`, file, 'See schemas/pat-manifest.schema.json.');
  }
  const manifest = parsed.data;
  const dir = path.dirname(file);
  const seen = new Set<string>();
  const tokens = manifest.tokens.map((t, i): FleetToken => {
    const at = `tokens.${i}`;
    const check = (f: () => unknown, field: string) => {
      try {
        f();
      } catch (error) {
        fail(file, `${at}.${field}`, error instanceof Error ? error.message : String(error));
      }
    };
    check(() => tokenName(t.name, `${at}.name`), 'name');
    check(() => identifier(t.user, `${at}.user`), 'user');
    const role = t.role_restriction ?? manifest.defaults.role_restriction;
    if (role !== undefined) check(() => roleName(role, `${at}.role_restriction`), 'role_restriction');
    if (t.comment !== undefined) check(() => stringLiteral(t.comment!, `${at}.comment`), 'comment');
    const connection = t.connection ?? (t.account !== undefined ? manifest.defaults.connections[t.account] : undefined);
    if (!connection) {
      fail(file, at, t.account === undefined
        ? 'needs "account" (with defaults.connections.<account>) or "connection"'
        : `account "${t.account}" has no admin connection: add defaults.connections.${t.account}, or give "connection"`);
    }
    const expiresInDays = t.expires_in_days ?? manifest.defaults.expires_in_days;
    const rotateBeforeDays = t.rotate_before_days ?? manifest.defaults.rotate_before_days;
    // ROTATE renews a token for its original DAYS_TO_EXPIRY: a lifetime inside the window would rotate every run.
    if (expiresInDays <= rotateBeforeDays) {
      fail(file, `${at}.expires_in_days`, `${expiresInDays} days is not longer than rotate_before_days (${rotateBeforeDays}): the token would be rotated on every run`);
    }
    const account = t.account ?? connection;
    const key = `${account}/${t.user.toUpperCase()}/${t.name.toUpperCase()}`;
    if (seen.has(key)) fail(file, at, `token ${key} is listed twice`);
    seen.add(key);
    return {
      key,
      account,
      connection,
      user: t.user,
      name: t.name.toUpperCase(),
      roleRestriction: role?.toUpperCase(),
      comment: t.comment,
      expiresInDays,
      rotateBeforeDays,
      graceHours: t.grace_hours ?? manifest.defaults.grace_hours,
      sinks: t.sinks.map((s) => anchored(s, dir)),
    };
  });
  return { path: file, tokens };
}

export async function loadManifest(file: string): Promise<LoadedManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the manifest ${file}: ${describeFsError(error)}`, file,
      'Pass --manifest PATH (default ./pat-manifest.yaml).');
  }
  return parseManifest(text, file);
}

function requireYaml(): typeof import('yaml') {
  return requireModule('yaml') as typeof import('yaml');
}
