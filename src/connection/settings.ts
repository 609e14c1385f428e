/**
 * Turns merged raw values into validated ConnectionSettings: types, the driver's account rule, port and
 * protocol ranges, and what each authenticator needs. Errors name keys, origins and files, never values of
 * secret fields.
 */
import { ConfigError } from '../errors.js';
import { expandHome } from './files.js';
import { canonicalKey, connectionEnvName, genericEnvName } from './keys.js';
import type { Entry, Layer } from './layers.js';
import type { ConnectionSettings, SettingField } from './types.js';

/** The Snowflake driver's account rule (`Util.isCorrectSubdomain`). */
const ACCOUNT_RE = /^\w+([.-]\w+)*$/;

/** Authenticators that log in without a user name. Every other one needs `user`. */
const USER_OPTIONAL = new Set(['OAUTH', 'WORKLOAD_IDENTITY']);
const NEEDS_PASSWORD = new Set(['SNOWFLAKE', 'USERNAME_PASSWORD_MFA']);

/** How the connection was found, for messages: which name, which file section, how to fix a gap. */
export interface BuildContext {
  name: string;
  homeDir: string;
  /** Set when a file section was used. */
  file?: string;
  /** `dev` for connections.toml, `connections.dev` for config.toml. */
  sectionLabel?: string;
  /** The file a `[default]`-style section would go in, for hints when no file section was used. */
  suggestedFile: string;
  /** True when SNOWFLAKE_CONNECTIONS_<NAME>_* variables define the connection (no file section). */
  fromConnectionEnv?: boolean;
}

export interface Built {
  settings: ConnectionSettings;
  origins: Partial<Record<SettingField, string>>;
  warnings: string[];
}

export function buildSettings(merged: Layer, ctx: BuildContext): Built {
  const origins: Partial<Record<SettingField, string>> = {};
  for (const [field, entry] of merged) origins[field] = entry.origin;

  const str = (field: SettingField): string | undefined => {
    const entry = merged.get(field);
    return entry === undefined ? undefined : asString(field, entry);
  };
  const path = (field: SettingField): string | undefined => {
    const p = str(field);
    return p === undefined ? undefined : expandHome(p, ctx.homeDir);
  };

  const account = str('account')?.trim();
  if (account === undefined || account === '') throw missing('account', ctx);
  if (!ACCOUNT_RE.test(account)) {
    throw new ConfigError(
      `Invalid account ${JSON.stringify(account)} from ${origins.account}: it must be an account identifier ` +
        `(letters, digits, _ separated by . or -), as the Snowflake driver requires.`,
      merged.get('account')?.file,
      account.includes('/') || account.includes(':')
        ? 'Put only the identifier in account (e.g. myorg-myaccount); a full URL goes in host, protocol and port.'
        : 'Use the form myorg-myaccount (or a legacy locator such as xy12345.us-east-1).',
    );
  }

  const settings: ConnectionSettings = { account };
  const assign = <K extends SettingField>(field: K, value: ConnectionSettings[K] | undefined): void => {
    if (value !== undefined && value !== '') settings[field] = value;
  };
  assign('user', str('user')?.trim());
  assign('password', str('password'));
  assign('authenticator', normaliseAuthenticator(str('authenticator')));
  assign('token', str('token'));
  assign('tokenFilePath', path('tokenFilePath'));
  assign('privateKeyFile', path('privateKeyFile'));
  assign('privateKeyFilePwd', str('privateKeyFilePwd'));
  assign('role', str('role')?.trim());
  assign('warehouse', str('warehouse')?.trim());
  assign('database', str('database')?.trim());
  assign('schema', str('schema')?.trim());
  assign('host', parseHost(merged.get('host')));
  assign('port', parsePort(merged.get('port')));
  assign('protocol', parseProtocol(merged.get('protocol')));

  const warnings: string[] = [];
  checkAuthenticator(settings, ctx, warnings);
  if (settings.host === undefined && (settings.port !== undefined || settings.protocol !== undefined)) {
    const ignored = [
      settings.port !== undefined ? `port (${origins.port})` : undefined,
      settings.protocol !== undefined ? `protocol (${origins.protocol})` : undefined,
    ].filter((x): x is string => x !== undefined);
    const them = ignored.length > 1 ? 'them' : 'it';
    warnings.push(
      `${ignored.join(' and ')} set without host: the Snowflake driver ignores ${them} and connects to ` +
        `https://${settings.account}.snowflakecomputing.com. Set host too (e.g. host = "127.0.0.1") to use ${them}.`,
    );
  }
  return { settings, origins, warnings };
}

function asString(field: SettingField, entry: Entry): string {
  const { value } = entry;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new ConfigError(
    `Invalid ${canonicalKey(field)} from ${entry.origin}: expected a string, got ${describeType(value)}.`,
    entry.file,
    `Write it as ${canonicalKey(field)} = "…".`,
  );
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a date';
  return typeof value === 'object' && value !== null ? 'a table' : typeof value;
}

/** Okta URLs keep their case; named authenticators are upper-cased (the driver compares case-sensitively). */
function normaliseAuthenticator(value: string | undefined): string | undefined {
  const v = value?.trim();
  if (v === undefined || v === '') return undefined;
  return v.includes('://') ? v : v.toUpperCase();
}

function parseHost(entry: Entry | undefined): string | undefined {
  if (entry === undefined) return undefined;
  const host = asString('host', entry).trim();
  if (host.includes('://') || host.includes('/') || /^[^:]+:\d*$/.test(host)) {
    throw new ConfigError(
      `Invalid host ${JSON.stringify(host)} from ${entry.origin}: give a bare host name, without scheme, port or path.`,
      entry.file,
      'Split it: host = "127.0.0.1", port = 8080, protocol = "http".',
    );
  }
  return host === '' ? undefined : host;
}

function parsePort(entry: Entry | undefined): number | undefined {
  if (entry === undefined) return undefined;
  const { value } = entry;
  let port = Number.NaN;
  if (typeof value === 'number') port = value;
  else if (typeof value === 'bigint') port = Number(value);
  else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) port = Number(value.trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    const shown = typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' ? ` ${JSON.stringify(String(value))}` : '';
    throw new ConfigError(
      `Invalid port${shown} from ${entry.origin}: it must be an integer from 1 to 65535.`,
      entry.file,
    );
  }
  return port;
}

function parseProtocol(entry: Entry | undefined): 'http' | 'https' | undefined {
  if (entry === undefined) return undefined;
  const protocol = asString('protocol', entry).trim().toLowerCase().replace(/:(\/\/)?$/, '');
  if (protocol === 'http' || protocol === 'https') return protocol;
  throw new ConfigError(
    `Invalid protocol ${JSON.stringify(asString('protocol', entry))} from ${entry.origin}: it must be http or https.`,
    entry.file,
  );
}

function checkAuthenticator(s: ConnectionSettings, ctx: BuildContext, warnings: string[]): void {
  const auth = s.authenticator ?? 'SNOWFLAKE';
  if (s.user === undefined && !USER_OPTIONAL.has(auth)) throw missing('user', ctx);

  if (NEEDS_PASSWORD.has(auth) && s.password === undefined) {
    throw missing('password', ctx, 'or choose another login, e.g. authenticator = "externalbrowser" or "snowflake_jwt"');
  }
  if (auth === 'SNOWFLAKE_JWT' && s.privateKeyFile === undefined) {
    throw missing('privateKeyFile', ctx, 'key-pair login (SNOWFLAKE_JWT) reads the private key from that file');
  }
  if (auth === 'PROGRAMMATIC_ACCESS_TOKEN') {
    if (s.token === undefined && s.tokenFilePath === undefined && s.password === undefined) {
      throw missing('token', ctx, 'or token_file_path; a PROGRAMMATIC_ACCESS_TOKEN login needs the token');
    }
    warnings.push(
      `Connection "${ctx.name}" logs in with a programmatic access token (authenticator PROGRAMMATIC_ACCESS_TOKEN). ` +
        'Snowflake refuses ROTATE and REMOVE of tokens from a PAT-authenticated session, so rotate and revoke will be refused; ' +
        'use a password, key-pair (SNOWFLAKE_JWT) or EXTERNALBROWSER login for the admin connection.',
    );
  }
}


function missing(field: SettingField, ctx: BuildContext, extra?: string): ConfigError {
  const key = canonicalKey(field);
  const perConnection = connectionEnvName(ctx.name, field);
  const generic = genericEnvName(field);
  const example = key === 'account' ? '"myorg-myaccount"' : '"…"';
  if (ctx.file !== undefined && ctx.sectionLabel !== undefined) {
    return new ConfigError(
      `Connection "${ctx.name}" in ${ctx.file} has no ${key}.`,
      ctx.file,
      `Add ${key} = ${example} under [${ctx.sectionLabel}] in ${ctx.file}, or set ${perConnection} or ${generic}` +
        (extra ? ` (${extra}).` : '.'),
    );
  }
  return new ConfigError(
    `The admin connection "${ctx.name}" (from environment variables) has no ${key}: ` +
      (ctx.fromConnectionEnv ? `neither ${perConnection} nor ${generic} is set.` : `${generic} is not set.`),
    undefined,
    `export ${ctx.fromConnectionEnv ? perConnection : generic}=…, or add ${key} = ${example} to a [${ctx.name}] section in ${ctx.suggestedFile}` +
      (extra ? ` (${extra}).` : '.'),
  );
}
