import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { BoundedReadError, describeBoundedRead, readBoundedText } from './bounded-read.js';
import { describeFsError, errnoCode } from '../kernel/errno.js';
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
  if (error instanceof BoundedReadError) {
    return new ConfigError(`${display} cannot be a config: ${describeBoundedRead(error)}`, absolute, `Point pat at the JSON config file itself.`);
  }
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

/** A config is a flat object; anything deeper than this is not one (and deep nesting overflows recursive code). */
export const MAX_JSON_DEPTH = 64;

/** Where the text first nests deeper than `limit` brackets (strings skipped), or undefined. Linear, no recursion. */
export function findExcessiveNesting(text: string, limit = MAX_JSON_DEPTH): { line: number; column: number } | undefined {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    if (inString) {
      if (c === 0x5c) i++; // skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return { line, column: i - lineStart + 1 };
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return undefined;
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
  const deep = findExcessiveNesting(body);
  if (deep !== undefined) {
    throw new ConfigError(
      `${display} is nested more than ${MAX_JSON_DEPTH} levels deep (line ${deep.line}, column ${deep.column}): a config is one flat JSON object`,
      absolute,
      CREATE_HINT,
    );
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
    text = await readBoundedText(absolute);
  } catch (error) {
    throw unreadable(path, absolute, error);
  }
  const { config, raw } = parseConfigText(text, path, absolute);
  return { path: absolute, config, raw, mode: info.mode & 0o777 };
}
