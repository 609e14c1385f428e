/**
 * Resolves the admin connection the way Snowflake's own tools do:
 *
 *   files:      $SNOWFLAKE_HOME (default ~/.snowflake)/connections.toml `[name]`, else config.toml
 *               `[connections.name]`; a connections.toml that defines connections replaces config.toml's.
 *   name:       --connection > SNOWFLAKE_DEFAULT_CONNECTION_NAME > config.toml default_connection_name > "default".
 *   precedence: SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> > file section > SNOWFLAKE_<KEY>.
 *
 * Pure: environment, home directory and file access are arguments.
 */
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { connectionEnvLayer, genericEnvLayer } from './env.js';
import { isTable, loadTomlFile, snowflakeHome, tildify, type LoadedFile, type Table } from './files.js';
import { connectionEnvPrefix } from './keys.js';
import { mergeLayers, sectionLayer, type Layer } from './layers.js';
import { checkPrivateKey } from './private-key.js';
import { buildSettings, type BuildContext } from './settings.js';
import type { ResolvedConnection, ResolveInput } from './types.js';

interface CatalogEntry {
  section: unknown;
  file: string;
  /** How the section is written in its file: `dev` or `connections.dev`. */
  label: string;
}

/** The connections in effect, and the ones config.toml defines but connections.toml hides. */
interface Catalog {
  entries: Map<string, CatalogEntry>;
  /** Which file the entries come from; undefined when no file defines any. */
  from?: string;
  shadowedInConfig: Set<string>;
  /** Names written as `[connections.x]` inside connections.toml (a common slip). */
  prefixedInConnections: Set<string>;
}

interface NameChoice {
  name: string;
  /** Human text for messages; undefined when the built-in "default" was used. */
  chosenBy?: string;
  /** How to undo the choice, for hints. */
  undo?: string;
}

export async function resolveAdminConnection(input: ResolveInput): Promise<ResolvedConnection> {
  const { env, homeDir } = input;
  const dir = snowflakeHome(env, homeDir);
  const connectionsPath = path.join(dir, 'connections.toml');
  const configPath = path.join(dir, 'config.toml');

  const connectionsFile = await loadTomlFile(connectionsPath, input, env);
  const configFile = await loadTomlFile(configPath, input, env);
  const warnings = [...connectionsFile.warnings, ...configFile.warnings];

  const catalog = buildCatalog(connectionsFile, configFile);
  const choice = chooseName(input.connectionName, env, configFile);
  const { name } = choice;

  const connectionEnv = connectionEnvLayer(env, name);
  const genericEnv = genericEnvLayer(env);
  const ctx: BuildContext = { name, homeDir, suggestedFile: connectionsPath };

  let layers: Layer[];
  let source: string;
  const entry = catalog.entries.get(name);
  if (entry !== undefined) {
    if (!isTable(entry.section)) {
      throw new ConfigError(
        `Connection "${name}" in ${entry.file} is not a section: ${entry.label} must be a table of keys.`,
        entry.file,
        `Write it as [${entry.label}] followed by account = "…", user = "…" lines.`,
      );
    }
    layers = [connectionEnv, sectionLayer(entry.section, entry.label, entry.file), genericEnv];
    source = `connection "${name}" in ${tildify(entry.file, homeDir)}`;
    ctx.file = entry.file;
    ctx.sectionLabel = entry.label;
  } else if (connectionEnv.size > 0) {
    layers = [connectionEnv, genericEnv];
    source = `${connectionEnvPrefix(name)}* environment variables`;
    ctx.fromConnectionEnv = true;
  } else if (choice.chosenBy !== undefined) {
    throw notFound(choice, catalog, connectionsPath, configPath);
  } else if (hasIdentity(genericEnv)) {
    layers = [genericEnv];
    source = 'SNOWFLAKE_* environment variables';
  } else {
    throw nothingFound(name, catalog, connectionsPath);
  }

  const built = buildSettings(mergeLayers(layers), ctx);
  if (input.checkKeyFiles) await checkPrivateKey(built.settings, built.origins, source);
  return { settings: built.settings, name, source, origins: built.origins, warnings: [...warnings, ...built.warnings] };
}

function hasIdentity(layer: Layer): boolean {
  return layer.has('account') || layer.has('user');
}

function buildCatalog(connectionsFile: LoadedFile, configFile: LoadedFile): Catalog {
  const entries = new Map<string, CatalogEntry>();
  const prefixedInConnections = new Set<string>();
  let from: string | undefined;

  if (connectionsFile.table !== undefined) {
    for (const [name, section] of Object.entries(connectionsFile.table)) {
      if (!isTable(section)) continue; // stray top-level keys are not connections
      entries.set(name, { section, file: connectionsFile.path, label: name });
      if (name === 'connections') for (const [inner, v] of Object.entries(section)) if (isTable(v)) prefixedInConnections.add(inner);
    }
    if (entries.size > 0) from = connectionsFile.path;
  }

  const configConnections = configConnectionsTable(configFile);
  const shadowedInConfig = new Set<string>();
  if (entries.size > 0) {
    // connections.toml replaces config.toml's [connections] table (Python connector, Snowflake CLI).
    for (const name of Object.keys(configConnections)) shadowedInConfig.add(name);
  } else {
    for (const [name, section] of Object.entries(configConnections)) {
      entries.set(name, { section, file: configFile.path, label: `connections.${name}` });
    }
    if (entries.size > 0) from = configFile.path;
  }
  return { entries, from, shadowedInConfig, prefixedInConnections };
}

function configConnectionsTable(configFile: LoadedFile): Table {
  const value = configFile.table?.['connections'];
  if (value === undefined) return {};
  if (!isTable(value)) {
    throw new ConfigError(
      `In ${configFile.path}, connections must be a table of [connections.<name>] sections.`,
      configFile.path,
      'Write each connection as [connections.<name>] followed by account = "…", user = "…" lines.',
    );
  }
  return value;
}

function chooseName(flag: string | undefined, env: Record<string, string | undefined>, configFile: LoadedFile): NameChoice {
  if (flag !== undefined) {
    const name = flag.trim();
    if (name === '') throw new ConfigError('--connection was given an empty name.', undefined, 'Pass a connection name, e.g. --connection dev.');
    return { name, chosenBy: 'given by --connection' };
  }
  const fromEnv = env['SNOWFLAKE_DEFAULT_CONNECTION_NAME']?.trim();
  if (fromEnv !== undefined && fromEnv !== '') {
    return { name: fromEnv, chosenBy: 'named by SNOWFLAKE_DEFAULT_CONNECTION_NAME', undo: 'unset SNOWFLAKE_DEFAULT_CONNECTION_NAME' };
  }
  const fromConfig = configFile.table?.['default_connection_name'];
  if (fromConfig !== undefined) {
    if (typeof fromConfig !== 'string' || fromConfig.trim() === '') {
      throw new ConfigError(
        `In ${configFile.path}, default_connection_name must be a non-empty string.`,
        configFile.path,
        'Write it as default_connection_name = "myconnection" at the top of the file.',
      );
    }
    return {
      name: fromConfig.trim(),
      chosenBy: `named by default_connection_name in ${configFile.path}`,
      undo: `change default_connection_name in ${configFile.path}`,
    };
  }
  return { name: 'default' };
}

function definedList(catalog: Catalog): string {
  const names = [...catalog.entries.keys()].filter((n) => isTable(catalog.entries.get(n)?.section));
  if (names.length === 0 || catalog.from === undefined) return 'No connections are defined there.';
  return `Defined connections: ${names.join(', ')} (in ${catalog.from}).`;
}

function notFound(choice: NameChoice, catalog: Catalog, connectionsPath: string, configPath: string): ConfigError {
  const { name } = choice;
  const message =
    `Connection "${name}" (${choice.chosenBy}) not found. Looked for [${name}] in ${connectionsPath} ` +
    `and [connections.${name}] in ${configPath}. ${definedList(catalog)}`;
  let hint: string;
  if (catalog.shadowedInConfig.has(name)) {
    hint =
      `${configPath} defines [connections.${name}], but ${connectionsPath} defines connections and so replaces ` +
      `config.toml's (as the Python connector and Snowflake CLI do). Move it into connections.toml as [${name}].`;
  } else if (catalog.prefixedInConnections.has(name)) {
    hint = `${connectionsPath} has [connections.${name}]; in connections.toml sections have no prefix: write [${name}].`;
  } else {
    const others = [...catalog.entries.keys()];
    hint =
      `Add a [${name}] section to ${connectionsPath}` +
      (others.length > 0 ? `, or use one of: ${others.join(', ')}` : '') +
      (choice.undo ? `, or ${choice.undo}` : '') +
      '.';
  }
  return new ConfigError(message, catalog.from ?? connectionsPath, hint);
}

function nothingFound(name: string, catalog: Catalog, connectionsPath: string): ConfigError {
  const others = [...catalog.entries.keys()];
  const message =
    `No admin connection found. Looked for connection "${name}" in ${connectionsPath} and config.toml, ` +
    `and for SNOWFLAKE_ACCOUNT/SNOWFLAKE_USER in the environment.` +
    (others.length > 0 ? ` ${definedList(catalog)}` : '');
  const hint =
    `Either add a [${name}] section to ${connectionsPath} (account = "myorg-myaccount", user = "…", password = "…"), ` +
    `or export SNOWFLAKE_ACCOUNT=… SNOWFLAKE_USER=… SNOWFLAKE_PASSWORD=…` +
    (others.length > 0 ? `, or choose one with --connection <name>` : '');
  return new ConfigError(message, connectionsPath, hint, 'no-admin-connection');
}
