import { readFile, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { describeFsError, errnoCode } from './fs-errors.js';
import { locateJsonError } from './json-error.js';
import { MINIMAL_CONFIG_EXAMPLE, validateConfigObject, type SnowflakeConfig } from './schema.js';

export interface LoadedConfig {
  /** Absolute path (symlinks not resolved). */
  path: string;
  config: SnowflakeConfig;
  /** The parsed JSON exactly as on disk (unknown fields and key order included). */
  raw: Record<string, unknown>;
  /** Permission bits, e.g. 0o600. */
  mode: number;
}

const CREATE_HINT = `Create it with at least: ${MINIMAL_CONFIG_EXAMPLE}`;

function unreadable(display: string, absolute: string, error: unknown): ConfigError {
  const code = errnoCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new ConfigError(`${display} not found`, absolute, CREATE_HINT, 'missing');
  }
  if (code === 'EISDIR') {
    return new ConfigError(`${display} is a directory, not a file`, absolute, 'Point pat at the JSON file itself.');
  }
  const hint =
    code === 'EACCES' || code === 'EPERM'
      ? `Check the owner and permissions of ${display} (ls -l); it should be readable by you and mode 0600.`
      : undefined;
  return new ConfigError(`${display} is not readable: ${describeFsError(error)}`, absolute, hint);
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/**
 * Parses and validates the text of a config file. Error messages name the file and the
 * field, never a value: JSON.parse's own message (which quotes the input) is not used.
 */
export function parseConfigText(
  text: string,
  display: string,
  absolute = display,
): { config: SnowflakeConfig; raw: Record<string, unknown> } {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    throw new ConfigError(`${display} is empty`, absolute, CREATE_HINT);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const where = locateJsonError(body);
    const detail = where === undefined ? '' : `: ${where.reason} at line ${where.line}, column ${where.column}`;
    throw new ConfigError(
      `${display} is not valid JSON${detail}`,
      absolute,
      'Property names and strings need double quotes, and trailing commas are not allowed.',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(
      `${display} must contain a JSON object ({ ... }), found ${describeJsonType(parsed)}`,
      absolute,
      CREATE_HINT,
    );
  }
  const raw = parsed as Record<string, unknown>;
  const result = validateConfigObject(raw, display);
  if (!result.ok) {
    throw new ConfigError(result.problems.join('\n'), absolute, `Fix ${display}; minimal example: ${MINIMAL_CONFIG_EXAMPLE}`);
  }
  return { config: result.config, raw };
}

/** Reads, parses and validates snowflake_config.json. Throws ConfigError (exit 2). */
export async function readConfig(path: string): Promise<LoadedConfig> {
  const absolute = resolve(path);
  let info: Stats;
  try {
    info = await stat(absolute);
  } catch (error) {
    throw unreadable(path, absolute, error);
  }
  if (info.isDirectory()) throw unreadable(path, absolute, Object.assign(new Error(), { code: 'EISDIR' }));
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw unreadable(path, absolute, error);
  }
  const { config, raw } = parseConfigText(text, path, absolute);
  return { path: absolute, config, raw, mode: info.mode & 0o777 };
}
