/**
 * The connections.toml sink: the named connection gets authenticator PROGRAMMATIC_ACCESS_TOKEN and the token (or
 * its token_file_path gets the secret); the file still parses, every other byte is as it was, mode 0600; through
 * the CLI the secret is never printed and a missing connection costs no token.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'smol-toml';
import { writeConnectionsTomlSecret } from '../../src/delivery/sinks/index.js';
import { scanToml } from '../../src/delivery/sinks/toml-text.js';
import { startEmulator, thermalSeed, adminEnvFor, type RunningEmulator } from 'snowflake-pat-emulator';
import { BASE_CONFIG } from '../helpers/world.js';
import { pat } from './in-process.js';

const SECRET = 'pat-secret-"quoted"\\back-ü';

const BEFORE_SVC = `# Snowflake CLI connections — keep this comment
default_connection_name_is_not_here = true

[default]
account = "acme"   # the main account
user = "alice"
password = "hunter2"
notes = """
[svc]
not a header: inside a string
"""

["with space"]
account = 'x'
roles = [
  "A", # first
  "B",
]
`;
const SVC = `[svc]
account = "acme"
user = "THERMAL_SVC"
authenticator = "snowflake"  # was a password login
password = "old"

# the next section's comment
`;
const AFTER_SVC = `[svc.session_parameters]
QUERY_TAG = "pat"

[other]
account = "other"
token = "unrelated"
`;

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pat-ctoml-'));
});
after(async () => rm(dir, { recursive: true, force: true }));

async function fileWith(text: string, name = 'connections.toml'): Promise<string> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  await writeFile(file, text, { mode: 0o644 });
  await chmod(file, 0o644);
  return file;
}

describe('writeConnectionsTomlSecret', () => {
  test('sets authenticator and adds token in [svc]; every other byte is kept; 0600', async () => {
    const file = await fileWith(BEFORE_SVC + SVC + AFTER_SVC);
    const report = await writeConnectionsTomlSecret(file, 'svc', SECRET);
    const text = await readFile(file, 'utf8');
    assert.ok(text.startsWith(BEFORE_SVC), 'the text before [svc] changed');
    assert.ok(text.endsWith(`\n# the next section's comment\n${AFTER_SVC}`), 'the text after [svc] changed');
    const parsed = parse(text) as Record<string, Record<string, unknown>>;
    assert.deepEqual(JSON.parse(JSON.stringify(parsed.svc)), {
      account: 'acme',
      user: 'THERMAL_SVC',
      authenticator: 'PROGRAMMATIC_ACCESS_TOKEN',
      password: 'old',
      token: SECRET,
      session_parameters: { QUERY_TAG: 'pat' },
    });
    assert.match(text, /authenticator = "PROGRAMMATIC_ACCESS_TOKEN"  # was a password login\n/);
    const original = parse(BEFORE_SVC + SVC + AFTER_SVC) as Record<string, unknown>;
    for (const key of ['default', 'with space', 'other']) assert.deepEqual(parsed[key], original[key]);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(report.tokenFile, undefined);
  });

  test('an existing token is replaced in place, its comment kept; a second write is idempotent', async () => {
    const file = await fileWith(`[a]\nuser = "u"\n\n[svc]\ntoken = "old"   # rotated by pat\nauthenticator = "PROGRAMMATIC_ACCESS_TOKEN"\nuser = "u"\n`);
    await writeConnectionsTomlSecret(file, 'svc', 'new-secret');
    const expected = `[a]\nuser = "u"\n\n[svc]\ntoken = "new-secret"   # rotated by pat\nauthenticator = "PROGRAMMATIC_ACCESS_TOKEN"\nuser = "u"\n`;
    assert.equal(await readFile(file, 'utf8'), expected);
    await writeConnectionsTomlSecret(file, 'svc', 'new-secret');
    assert.equal(await readFile(file, 'utf8'), expected);
  });

  test('token_file_path: the secret goes to that file (0600) and no token key is added', async () => {
    const tokenFile = path.join(dir, 'svc.token');
    const text = `[svc]\naccount = "acme"\ntoken_file_path = "${tokenFile}"\n`;
    const file = await fileWith(text);
    const report = await writeConnectionsTomlSecret(file, 'svc', 'file-secret');
    assert.equal(report.tokenFile, tokenFile);
    assert.equal(await readFile(tokenFile, 'utf8'), 'file-secret');
    assert.equal((await stat(tokenFile)).mode & 0o777, 0o600);
    assert.equal(await readFile(file, 'utf8'), `${text}authenticator = "PROGRAMMATIC_ACCESS_TOKEN"\n`);
  });

  test('a relative token_file_path is refused and nothing is written', async () => {
    const text = `[svc]\ntoken_file_path = "svc.token"\n`;
    const file = await fileWith(text);
    await assert.rejects(writeConnectionsTomlSecret(file, 'svc', 'x'), /relative/);
    assert.equal(await readFile(file, 'utf8'), text);
  });

  test('CRLF files keep CRLF; a last line without newline; a quoted section name', async () => {
    const text = `[x]\r\nuser = "u"\r\n\r\n["my.conn"]\r\nuser = "v"`;
    const file = await fileWith(text);
    await writeConnectionsTomlSecret(file, 'my.conn', 's3cr3t');
    assert.equal(
      await readFile(file, 'utf8'),
      `[x]\r\nuser = "u"\r\n\r\n["my.conn"]\r\nuser = "v"\r\nauthenticator = "PROGRAMMATIC_ACCESS_TOKEN"\r\ntoken = "s3cr3t"\r\n`,
    );
  });

  test('a missing connection, an inline-table connection or invalid TOML: an error and the file untouched', async () => {
    for (const [text, pattern] of [
      ['[a]\nuser = "u"\n', /no connection "svc"/],
      ['svc = { user = "u" }\n', /not written as a \[svc\] section/],
      ['[svc]\nuser = \n', /not valid TOML at line 2/],
    ] as const) {
      const file = await fileWith(text);
      await assert.rejects(writeConnectionsTomlSecret(file, 'svc', 'x'), pattern);
      assert.equal(await readFile(file, 'utf8'), text);
    }
  });

  test('the scanner covers the text end to end and sees headers inside strings as text', () => {
    const text = BEFORE_SVC + SVC + AFTER_SVC;
    const statements = scanToml(text);
    assert.equal(statements.map((s) => text.slice(s.start, s.end)).join(''), text);
    const headers = statements.filter((s) => s.kind === 'table').map((s) => (s.kind === 'table' ? s.key?.join('.') : ''));
    assert.deepEqual(headers, ['default', 'with space', 'svc', 'svc.session_parameters', 'other']);
  });
});

describe('pat create / rotate --connections-toml (emulator)', () => {
  let emulator: RunningEmulator;
  let work: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    emulator = await startEmulator({ seed: thermalSeed() });
    work = await mkdtemp(path.join(os.tmpdir(), 'pat-ctoml-cli-'));
    await writeFile(path.join(work, 'snowflake_config.json'), JSON.stringify({ ...BASE_CONFIG, url: emulator.url }), { mode: 0o600 });
    await mkdir(path.join(work, 'sfhome'));
    env = { ...adminEnvFor(emulator), HOME: work, SNOWFLAKE_HOME: path.join(work, 'sfhome') };
  });
  after(async () => {
    await emulator.close();
    await rm(work, { recursive: true, force: true });
  });

  test('create, then rotate: the connection holds the newest secret, never printed', async () => {
    const file = path.join(work, 'sfhome', 'connections.toml');
    const other = `# admin\n[admin]\naccount = "acme"\nuser = "ADMIN"\n\n`;
    await writeFile(file, `${other}[thermal]\naccount = "${emulator.account}"\nuser = "THERMAL_SVC"\n`, { mode: 0o600 });
    const created = await pat(['create', '--name', 'ctoml_pat', '--connections-toml', 'thermal'], { env, cwd: work });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Wrote the token into connection "thermal"/);
    const secrets = emulator.issuedSecrets();
    assert.ok(secrets.length > 0);
    const afterCreate = parse(await readFile(file, 'utf8')) as Record<string, Record<string, unknown>>;
    assert.equal(afterCreate.thermal?.token, secrets.at(-1));

    const rotated = await pat(['rotate', '--name', 'ctoml_pat', '--connections-toml', 'thermal'], { env, cwd: work });
    assert.equal(rotated.code, 0, rotated.stderr);
    const text = await readFile(file, 'utf8');
    assert.ok(text.startsWith(other));
    const afterRotate = parse(text) as Record<string, Record<string, unknown>>;
    assert.equal(afterRotate.thermal?.token, emulator.issuedSecrets().at(-1));
    assert.notEqual(afterRotate.thermal?.token, afterCreate.thermal?.token);
    for (const secret of emulator.issuedSecrets()) {
      for (const out of [created.stdout, created.stderr, rotated.stdout, rotated.stderr]) assert.ok(!out.includes(secret), 'a secret was printed');
    }
  });

  test('a connection that is not in the file: exit 2, the file named, no request sent', async () => {
    emulator.clearRequests();
    const result = await pat(['create', '--name', 'never_made', '--connections-toml', 'nosuch'], { env, cwd: work });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /sfhome\/connections\.toml has no \[nosuch\] section/);
    assert.equal(emulator.requests.length, 0);
  });

  test('--provider pangolin refuses it', async () => {
    const result = await pat(['--provider', 'pangolin', 'rotate', '--connections-toml', 'thermal'], { env, cwd: work });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /--connections-toml is a Snowflake option; it does not apply to --provider pangolin/);
  });
});
