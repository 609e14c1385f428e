/**
 * Types of the admin-connection resolver: what callers pass in and what they get back.
 * Nothing here holds behaviour; see resolve.ts for the precedence rules.
 */

/** The admin login, already validated, in the shape the Snowflake client module maps onto driver options. */
export interface ConnectionSettings {
  account: string;
  user?: string;
  password?: string;
  /** Upper-cased (SNOWFLAKE, EXTERNALBROWSER, SNOWFLAKE_JWT, PROGRAMMATIC_ACCESS_TOKEN, OAUTH …); URLs (Okta) kept as given. */
  authenticator?: string;
  token?: string;
  tokenFilePath?: string;
  privateKeyFile?: string;
  privateKeyFilePwd?: string;
  role?: string;
  warehouse?: string;
  database?: string;
  schema?: string;
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
}

export type SettingField = keyof ConnectionSettings;

export interface ResolvedConnection {
  settings: ConnectionSettings;
  /** The connection name that was looked up ("default" unless chosen by flag, env or config.toml). */
  name: string;
  /** Human text naming where the connection came from, e.g. `connection "dev" in ~/.snowflake/connections.toml`. */
  source: string;
  /**
   * Where each field's value came from ("SNOWFLAKE_ROLE", a file and section …).
   * Names only, never values: safe to print in verbose output.
   */
  origins: Partial<Record<SettingField, string>>;
  /** Things the user should fix but that do not stop the command (file permissions, PAT sessions …). No secrets. */
  warnings: string[];
}

export interface FileAccess {
  /** The file's UTF-8 text; undefined when it does not exist (ENOENT); throws any other error (EACCES …). */
  readFile: (path: string) => Promise<string | undefined>;
  /** The file's permission bits (mode & 0o777); undefined when it does not exist. */
  statMode: (path: string) => Promise<number | undefined>;
}

export interface ResolveInput extends FileAccess {
  /** `--connection <name>`; wins over SNOWFLAKE_DEFAULT_CONNECTION_NAME and default_connection_name. */
  connectionName?: string;
  /** Usually process.env; passed in so the resolver stays pure. */
  env: Record<string, string | undefined>;
  /** Usually os.homedir(). */
  homeDir: string;
  /** Load a key-pair login's private_key_file now (exit 2 naming the setting) rather than at login. */
  checkKeyFiles?: boolean;
}
