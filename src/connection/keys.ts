/**
 * The vocabulary of connection keys: snake_case names used in connections.toml / config.toml and in
 * SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>, their aliases, the generic SNOWFLAKE_* variables, and which are secret.
 */
import type { SettingField } from './types.js';

/**
 * File / per-connection-env key (lower-cased) → settings field. The first entry listed for a field is its
 * canonical key; the rest are aliases (the Node driver's camelCase names are accepted too, since people
 * write connections.toml for it).
 */
const KEY_TABLE: ReadonlyArray<readonly [string, SettingField]> = [
  ['account', 'account'],
  ['user', 'user'],
  ['username', 'user'],
  ['password', 'password'],
  ['authenticator', 'authenticator'],
  ['token', 'token'],
  ['token_file_path', 'tokenFilePath'],
  ['tokenfilepath', 'tokenFilePath'],
  ['role', 'role'],
  ['warehouse', 'warehouse'],
  ['database', 'database'],
  ['schema', 'schema'],
  ['host', 'host'],
  ['port', 'port'],
  ['protocol', 'protocol'],
  ['private_key_file', 'privateKeyFile'],
  ['private_key_path', 'privateKeyFile'],
  ['privatekeypath', 'privateKeyFile'],
  ['private_key_file_pwd', 'privateKeyFilePwd'],
  ['privatekeypass', 'privateKeyFilePwd'],
];

const FIELD_BY_KEY: ReadonlyMap<string, SettingField> = new Map(KEY_TABLE);

/** Rank of a key among the spellings of its field: `user` beats `username` when a section has both. */
const KEY_RANK: ReadonlyMap<string, number> = new Map(KEY_TABLE.map(([key], index) => [key, index]));

/** The field a key (any case) stands for, or undefined for keys pat does not use. */
export function fieldForKey(key: string): SettingField | undefined {
  return FIELD_BY_KEY.get(key.toLowerCase());
}

export function keyRank(key: string): number {
  return KEY_RANK.get(key.toLowerCase()) ?? Number.MAX_SAFE_INTEGER;
}

/** The snake_case key users should write for a field (used in messages). */
export function canonicalKey(field: SettingField): string {
  const entry = KEY_TABLE.find(([, f]) => f === field);
  return entry ? entry[0] : field;
}

/** Generic variables, lowest precedence. */
export const GENERIC_ENV: ReadonlyArray<readonly [string, SettingField]> = [
  ['SNOWFLAKE_ACCOUNT', 'account'],
  ['SNOWFLAKE_USER', 'user'],
  ['SNOWFLAKE_PASSWORD', 'password'],
  ['SNOWFLAKE_AUTHENTICATOR', 'authenticator'],
  ['SNOWFLAKE_TOKEN', 'token'],
  ['SNOWFLAKE_TOKEN_FILE_PATH', 'tokenFilePath'],
  ['SNOWFLAKE_PRIVATE_KEY_FILE', 'privateKeyFile'],
  ['SNOWFLAKE_PRIVATE_KEY_FILE_PWD', 'privateKeyFilePwd'],
  ['SNOWFLAKE_ROLE', 'role'],
  ['SNOWFLAKE_WAREHOUSE', 'warehouse'],
  ['SNOWFLAKE_DATABASE', 'database'],
  ['SNOWFLAKE_SCHEMA', 'schema'],
  ['SNOWFLAKE_HOST', 'host'],
  ['SNOWFLAKE_PORT', 'port'],
  ['SNOWFLAKE_PROTOCOL', 'protocol'],
];

export function genericEnvName(field: SettingField): string {
  const entry = GENERIC_ENV.find(([, f]) => f === field);
  return entry ? entry[0] : `SNOWFLAKE_${canonicalKey(field).toUpperCase()}`;
}

/** `SNOWFLAKE_CONNECTIONS_<NAME>_` for a connection name (upper-cased, as Snowflake CLI does). */
export function connectionEnvPrefix(name: string): string {
  return `SNOWFLAKE_CONNECTIONS_${name.toUpperCase()}_`;
}

export function connectionEnvName(name: string, field: SettingField): string {
  return connectionEnvPrefix(name) + canonicalKey(field).toUpperCase();
}
