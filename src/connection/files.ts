/**
 * Snowflake's client config files: where they live ($SNOWFLAKE_HOME or ~/.snowflake), reading and parsing
 * them (TOML) into plain tables, permission warnings, and the real-filesystem FileAccess.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { BoundedReadError, describeBoundedRead, readBoundedText } from '../config/bounded-read.js';
import { ConfigError } from '../errors.js';
import type { FileAccess } from './types.js';
import { describeFsError, errnoCode } from '../kernel/errno.js';
import { shellQuote } from '../kernel/quote.js';

export type Table = Record<string, unknown>;

export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** `$SNOWFLAKE_HOME` when set and non-empty (a leading `~` expanded), else `<home>/.snowflake`. */
export function snowflakeHome(env: Record<string, string | undefined>, homeDir: string): string {
  const fromEnv = env['SNOWFLAKE_HOME'];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return expandHome(fromEnv.trim(), homeDir);
  return path.join(homeDir, '.snowflake');
}

/** Expands a leading `~` or `~/` (the shell would have, but TOML values and quoted env values are not expanded). */
export function expandHome(p: string, homeDir: string): string {
  if (p === '~') return homeDir;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(homeDir, p.slice(2));
  return p;
}

/** `/home/u/.snowflake/x` → `~/.snowflake/x`, for short human text. */
export function tildify(p: string, homeDir: string): string {
  if (homeDir === '' || homeDir === path.sep) return p;
  if (p === homeDir) return '~';
  const prefix = homeDir.endsWith(path.sep) ? homeDir : homeDir + path.sep;
  return p.startsWith(prefix) ? `~${path.sep}${p.slice(prefix.length)}` : p;
}


export interface LoadedFile {
  path: string;
  /** The parsed document; undefined when the file does not exist. */
  table?: Table;
  warnings: string[];
}

/**
 * Reads and parses one TOML file. Absent → `{ table: undefined }`. Unreadable or invalid → ConfigError naming
 * the file (and, for syntax errors, the line and column, never the offending text: it may be a password).
 */
export async function loadTomlFile(
  file: string,
  access: FileAccess,
  env: Record<string, string | undefined>,
): Promise<LoadedFile> {
  let text: string | undefined;
  try {
    text = await access.readFile(file);
  } catch (err) {
    throw unreadable(file, err);
  }
  if (text === undefined) return { path: file, warnings: [] };

  // Loaded only when a file exists: most runs in CI use SNOWFLAKE_* variables and never need a TOML parser.
  const { parse, TomlError } = await import('smol-toml');
  let table: Table;
  try {
    table = parse(text) as Table;
  } catch (err) {
    if (err instanceof TomlError) {
      const reason = safeTomlReason(err.message);
      throw new ConfigError(
        `Invalid TOML in ${file} at line ${err.line}, column ${err.column}${reason ? `: ${reason}` : ''}.`,
        file,
        `Fix the syntax at ${file}:${err.line}:${err.column} (strings need double quotes, sections look like [name]).`,
      );
    }
    throw new ConfigError(`Could not parse ${file} as TOML.`, file);
  }

  let mode: number | undefined;
  try {
    mode = await access.statMode(file);
  } catch {
    mode = undefined; // we could read it; a failing stat only costs us the permission warning
  }
  return { path: file, table, warnings: mode === undefined ? [] : permissionWarnings(file, mode, env) };
}

/**
 * smol-toml's message is "Invalid TOML document: <reason>\n\n<code excerpt>". The excerpt shows the file's
 * text (maybe a password), so only the one-line reason is kept, and only when it quotes nothing.
 */
function safeTomlReason(message: string): string | undefined {
  const first = (message.split('\n')[0] ?? '').replace(/^Invalid TOML document:\s*/, '').trim();
  if (first === '' || first.length > 120 || /["'`]/.test(first)) return undefined;
  return first;
}

function unreadable(file: string, err: unknown): ConfigError {
  if (err instanceof BoundedReadError) {
    return new ConfigError(`Cannot read ${file}: ${describeBoundedRead(err)}.`, file, `Move it aside; pat expects a small TOML file there.`);
  }
  const code = errnoCode(err);
  if (code === 'EACCES' || code === 'EPERM') {
    return new ConfigError(
      `Cannot read ${file}: ${describeFsError(err)}.`,
      file,
      `Make the file yours and private: check \`ls -l ${shellQuote(file)}\`, then \`chmod 0600 ${shellQuote(file)}\`.`,
    );
  }
  if (code === 'EISDIR') {
    return new ConfigError(`Cannot read ${file}: it is a directory, not a file.`, file, `Move it aside; pat expects a TOML file there.`);
  }
  return new ConfigError(`Cannot read ${file}: ${describeFsError(err)}.`, file);
}

/**
 * Python connector / Snowflake CLI convention: group/other-writable config is an error there (the Node driver
 * refuses it too), readable-by-others a warning. pat warns for both, with the exact fix.
 * SF_SKIP_WARNING_FOR_READ_PERMISSIONS_ON_CONFIG_FILE=true silences the read warning, as in Python.
 */
export function permissionWarnings(file: string, mode: number, env: Record<string, string | undefined>): string[] {
  const octal = (mode & 0o777).toString(8).padStart(4, '0');
  const fix = `chmod 0600 ${shellQuote(file)}`;
  if ((mode & 0o022) !== 0) {
    return [
      `${file} is writable by group or others (mode ${octal}): anyone who can write it can change your login, ` +
        `and the Snowflake Node.js driver refuses such files. Fix: ${fix}`,
    ];
  }
  const skipRead = (env['SF_SKIP_WARNING_FOR_READ_PERMISSIONS_ON_CONFIG_FILE'] ?? '').toLowerCase() === 'true';
  if ((mode & 0o044) !== 0 && !skipRead) {
    return [`${file} is readable by group or others (mode ${octal}) and may hold passwords. Fix: ${fix}`];
  }
  return [];
}

/** The real filesystem. On Windows permission bits mean nothing, so existing files report 0o600. */
export function nodeFileAccess(): FileAccess {
  return {
    async readFile(file) {
      try {
        // Bounded: a FIFO or a huge file in place of connections.toml must not hang pat or eat its memory.
        return await readBoundedText(file);
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
    async statMode(file) {
      try {
        const st = await stat(file);
        return process.platform === 'win32' ? 0o600 : st.mode & 0o777;
      } catch (err) {
        if (isMissing(err)) return undefined;
        throw err;
      }
    },
  };
}

function isMissing(err: unknown): boolean {
  const code = errnoCode(err);
  return code === 'ENOENT' || code === 'ENOTDIR';
}
