/**
 * `--connections-toml NAME`: put the new secret into connection [NAME] of the Snowflake CLI's connections.toml,
 * which `snow`, the Python connector and the Node driver read, so they log in with the PAT:
 * `authenticator = "PROGRAMMATIC_ACCESS_TOKEN"` and `token = "<secret>"` — or, when the connection already names a
 * `token_file_path`, the secret goes into that file (0600) and no `token` key is added.
 *
 * The TOML is edited as text: only the authenticator/token values change (or two lines are added at the end of
 * the section); every other byte — other connections, comments, ordering, quoting — stays as it was. The result is
 * parsed again and compared with the original before anything is written, then written atomically with mode 0600
 * under the same lock as the config. Also a manifest sink kind: see writeConnectionsTomlSecret.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify, TomlError } from 'smol-toml';
import { atomicWrite, withConfigLock, type WriteReport } from '../../config/index.js';
import { FailureError } from '../../errors.js';
import { describeFsError, errnoCode } from '../../kernel/errno.js';
import { scanToml, tableBody, sameKey, type Statement } from './toml-text.js';

export const PAT_AUTHENTICATOR = 'PROGRAMMATIC_ACCESS_TOKEN';

export interface ConnectionsTomlReport extends WriteReport {
  /** Set when the secret went into the connection's token_file_path instead of a `token` key. */
  tokenFile?: string;
}

type Table = Record<string, unknown>;

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A TOML basic-string literal for `value` (smol-toml's own quoting, so every escape is right). */
function tomlString(value: string): string {
  return stringify({ v: value }).replace(/^v\s*=\s*/, '').trim();
}

function parseOrFail(text: string, file: string): Table {
  try {
    return parse(text) as Table;
  } catch (error) {
    // Never echo smol-toml's excerpt: the file holds secrets.
    const where = error instanceof TomlError ? ` at line ${error.line}, column ${error.column}` : '';
    throw new FailureError(`${file} is not valid TOML${where}; pat did not change it.`, `Fix ${file} first (\`snow connection list\` reads it too).`);
  }
}

/** Expands `~/`; a relative token_file_path is refused, since every client resolves it against its own cwd. */
function tokenFilePath(value: unknown, file: string, name: string, homeDir: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new FailureError(`token_file_path of connection "${name}" in ${file} is not a file path.`);
  }
  const expanded = value.startsWith('~/') ? path.join(homeDir, value.slice(2)) : value;
  if (!path.isAbsolute(expanded)) {
    throw new FailureError(
      `token_file_path of connection "${name}" in ${file} is relative (${value}); clients resolve it against their own working folder.`,
      'Make it absolute (or start it with ~/), then rotate again.',
    );
  }
  return expanded;
}

/**
 * The edited text: the connection's authenticator set to PROGRAMMATIC_ACCESS_TOKEN and, unless `withToken` is
 * false, its `token` set to `secret`; values are replaced in place, missing keys appended after the section's
 * last key. Pure: the caller checks the result.
 */
export function editConnection(text: string, name: string, secret: string, withToken: boolean): string {
  const statements = scanToml(text);
  const section = tableBody(statements, [name]);
  if (!section) throw new FailureError(`connection "${name}" has no [${name}] section to edit.`);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const wanted: [string, string][] = [['authenticator', tomlString(PAT_AUTHENTICATOR)]];
  if (withToken) wanted.push(['token', tomlString(secret)]);

  const edits: { start: number; end: number; text: string }[] = [];
  const missing: string[] = [];
  for (const [key, value] of wanted) {
    const pair = section.body.find((s): s is Extract<Statement, { kind: 'pair' }> => s.kind === 'pair' && sameKey(s.key, [key]));
    if (pair) edits.push({ start: pair.valueStart, end: pair.valueEnd, text: value });
    else missing.push(`${key} = ${value}`);
  }
  if (missing.length > 0) {
    const lastPair = [...section.body].reverse().find((s) => s.kind === 'pair') ?? section.header;
    const at = lastPair.end;
    const lead = at > 0 && text[at - 1] !== '\n' ? newline : '';
    edits.push({ start: at, end: at, text: lead + missing.map((line) => line + newline).join('') });
  }
  let result = text;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  }
  return result;
}

/** The file's text, or a FailureError that says how to create the connection. */
async function readConnections(file: string, name: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      throw new FailureError(`${file} does not exist, so there is no connection "${name}" to put the token in.`, connectionHint(name));
    }
    throw new FailureError(`Cannot read ${file}: ${describeFsError(error)}`);
  }
}

export function connectionHint(name: string): string {
  return `Create it first, e.g. \`snow connection add --connection-name ${name}\`, or add a [${name}] section with account and user.`;
}

/**
 * Writes `secret` into connection `connectionName` of `file` (a connections.toml). Other connections, comments
 * and formatting stay byte-identical; the file ends up 0600. When the connection has `token_file_path`, the
 * secret is written there (0600) and the TOML only gets its authenticator set.
 */
export async function writeConnectionsTomlSecret(
  file: string,
  connectionName: string,
  secret: string,
  homeDir: string = process.env.HOME ?? '',
): Promise<ConnectionsTomlReport> {
  return withConfigLock(file, async () => {
    const before = await readConnections(file, connectionName);
    const parsed = parseOrFail(before, file);
    const connection = parsed[connectionName];
    if (!isTable(connection) || !tableBody(scanToml(before), [connectionName])) {
      throw new FailureError(
        connection === undefined
          ? `${file} has no connection "${connectionName}".`
          : `Connection "${connectionName}" in ${file} is not written as a [${connectionName}] section; pat edits only that form.`,
        connectionHint(connectionName),
      );
    }
    const tokenFile = 'token_file_path' in connection ? tokenFilePath(connection.token_file_path, file, connectionName, homeDir) : undefined;
    // With a token file, a `token` key is still updated when present: drivers prefer it over the file.
    const withToken = tokenFile === undefined || 'token' in connection;
    const after = editConnection(before, connectionName, secret, withToken);
    checkEdit(parsed, parseOrFail(after, file), connectionName, secret, withToken, file);
    if (tokenFile !== undefined) await atomicWrite(tokenFile, secret);
    const report: ConnectionsTomlReport = await atomicWrite(file, after);
    if (tokenFile !== undefined) report.tokenFile = tokenFile;
    return report;
  });
}

/** The edit changed exactly the connection's authenticator and token, nothing else. */
function checkEdit(before: Table, after: Table, name: string, secret: string, withToken: boolean, file: string): void {
  const others = (t: Table) => Object.fromEntries(Object.entries(t).filter(([k]) => k !== name));
  const rest = (t: unknown) => Object.fromEntries(Object.entries(t as Table).filter(([k]) => k !== 'authenticator' && k !== 'token'));
  const connection = after[name] as Table | undefined;
  const ok =
    isDeepStrictEqual(others(before), others(after)) &&
    isTable(connection) &&
    isDeepStrictEqual(rest(before[name]), rest(connection)) &&
    connection.authenticator === PAT_AUTHENTICATOR &&
    (!withToken || connection.token === secret);
  if (!ok) throw new FailureError(`pat could not edit connection "${name}" in ${file} safely; the file was not changed.`, 'Set authenticator and token by hand.');
}
