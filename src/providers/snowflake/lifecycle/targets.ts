/**
 * Where and how pat logs in: the admin connection for managing tokens, and the service's own config + PAT for
 * testing one. A session that logged in with a PAT may not rotate, remove or modify PATs (documented), which is
 * why the two never mix.
 */
import { defaultUrl, type SnowflakeConfig } from '../../../config/index.js';
import type { ConnectionSettings, ResolvedConnection } from '../../../connection/index.js';
import { describeEndpoint } from '../../../connection/endpoint.js';
import { ConfigError } from '../../../errors.js';
import type { Authentication, LoginTarget } from '../client.js';

function authenticationOf(settings: ConnectionSettings, source: string): Authentication {
  const authenticator = (settings.authenticator ?? 'SNOWFLAKE').toUpperCase();
  switch (authenticator) {
    case 'SNOWFLAKE':
      if (settings.password === undefined) {
        throw new ConfigError(`The admin connection (${source}) has no password.`, undefined,
          'Set password in the connection, or SNOWFLAKE_PASSWORD, or choose another authenticator (e.g. SNOWFLAKE_JWT).');
      }
      return { kind: 'password', password: settings.password };
    case 'SNOWFLAKE_JWT':
      if (!settings.privateKeyFile) {
        throw new ConfigError(`The admin connection (${source}) uses SNOWFLAKE_JWT but has no private_key_file.`, undefined,
          'Set private_key_file in the connection, or SNOWFLAKE_PRIVATE_KEY_FILE.');
      }
      return { kind: 'key-pair', privateKeyPath: settings.privateKeyFile, passphrase: settings.privateKeyFilePwd };
    case 'PROGRAMMATIC_ACCESS_TOKEN':
      return { kind: 'pat', token: settings.token, tokenFilePath: settings.tokenFilePath };
    default:
      return { kind: 'other', authenticator, password: settings.password, token: settings.token };
  }
}

export function adminTarget(resolved: ResolvedConnection): LoginTarget {
  const s = resolved.settings;
  return {
    account: s.account,
    accessUrl: describeEndpoint(s),
    username: s.user,
    auth: authenticationOf(s, resolved.source),
    role: s.role,
    warehouse: s.warehouse,
    database: s.database,
    schema: s.schema,
  };
}

/** Strip the default https port so the URL reads as users write it; keep everything else verbatim. */
function baseUrl(url: string): string {
  const parsed = new URL(url);
  const port = parsed.port && !(parsed.protocol === 'https:' && parsed.port === '443') ? `:${parsed.port}` : '';
  return `${parsed.protocol}//${parsed.hostname}${port}`;
}

/** Logs in as the service would: with the PAT in the config (or `secret`, e.g. a just-rotated one). */
export function patTarget(config: SnowflakeConfig, configPath: string, secret?: string): LoginTarget {
  const token = secret ?? config.pat;
  if (!token) {
    throw new ConfigError(`${configPath} has no "pat" field: there is no token to test.`, configPath,
      'Create one with `pat create --name <name>`.');
  }
  return {
    account: config.account,
    accessUrl: baseUrl(config.url ?? defaultUrl(config.account)),
    username: config.user,
    auth: { kind: 'pat', token },
    role: config.role,
    warehouse: config.warehouse,
    database: config.database,
    schema: config.schema,
  };
}
