import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, ExitCode } from '../../src/errors.js';
import {
  defaultUrl,
  parseConfigText,
  permissionWarning,
  readConfig,
  snowflakeConfigSchema,
} from '../../src/config/index.js';
import { locateJsonError } from '../../src/config/json-error.js';

const SECRET = 'pat-SECRET-value-9f8e7d';
const NAME = 'snowflake_config.json';

function configError(text: string): ConfigError {
  try {
    parseConfigText(text, NAME);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.equal(error.exitCode, ExitCode.usage);
    assert.ok(!error.message.includes(SECRET), 'message must not contain the secret');
    assert.ok(!(error.hint ?? '').includes(SECRET), 'hint must not contain the secret');
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('config schema', () => {
  it('accepts the minimal config and derives the default url', () => {
    const { config } = parseConfigText('{"user":"U","account":"acme-x1"}', NAME);
    assert.equal(config.user, 'U');
    assert.equal(config.url, undefined);
    assert.equal(defaultUrl(config.account), 'https://acme-x1.snowflakecomputing.com:443');
    assert.equal(defaultUrl('org-acc'), 'https://org-acc.snowflakecomputing.com:443');
  });

  it('accepts all known fields, http:// urls and keeps unknown fields', () => {
    const text = JSON.stringify({
      user: 'U',
      account: 'A',
      url: 'http://localhost:8080',
      pat: SECRET,
      pat_name: 'n',
      role: 'r',
      database: 'd',
      schema: 's',
      warehouse: 'w',
      pipe: 'p',
      channel_name: 'c',
      private_key_file: '/k.p8',
      extra: { nested: [1, 2] },
    });
    const { config, raw } = parseConfigText(text, NAME);
    assert.equal(config.url, 'http://localhost:8080');
    assert.deepEqual((config as Record<string, unknown>).extra, { nested: [1, 2] });
    assert.deepEqual(raw, JSON.parse(text));
    assert.equal(snowflakeConfigSchema().safeParse({ user: 'u', account: 'a', url: 'https://x.example' }).success, true);
  });

  for (const field of ['user', 'account']) {
    it(`missing "${field}" names the file and the field`, () => {
      const body: Record<string, unknown> = { user: 'U', account: 'A', pat: SECRET };
      delete body[field];
      const error = configError(JSON.stringify(body));
      assert.match(error.message, new RegExp(`^${NAME}: missing required field "${field}"`));
    });
  }

  const stringFields = [
    'user',
    'account',
    'url',
    'pat',
    'pat_name',
    'role',
    'database',
    'schema',
    'warehouse',
    'pipe',
    'channel_name',
    'private_key_file',
  ];
  for (const field of stringFields) {
    it(`non-string "${field}" names the file and the field`, () => {
      const body: Record<string, unknown> = { user: 'U', account: 'A', pat: SECRET, [field]: 42 };
      const error = configError(JSON.stringify(body));
      assert.ok(
        error.message.includes(`${NAME}: field "${field}" must be a string`),
        `unexpected message: ${error.message}`,
      );
    });
  }

  it('reports every problem, one per line', () => {
    const error = configError(JSON.stringify({ account: false, role: null }));
    const lines = error.message.split('\n');
    assert.deepEqual(lines, [
      `${NAME}: missing required field "user"`,
      `${NAME}: field "account" must be a string`,
      `${NAME}: field "role" must be a string`,
    ]);
  });

  it('rejects empty user/account', () => {
    assert.match(configError('{"user":"","account":"A"}').message, /field "user" must not be empty/);
  });

  for (const url of ['ftp://host', 'not a url', 'acme.snowflakecomputing.com']) {
    it(`rejects url ${JSON.stringify(url)} without echoing it`, () => {
      const error = configError(JSON.stringify({ user: 'U', account: 'A', url }));
      assert.match(error.message, /field "url" must be an http:\/\/ or https:\/\/ URL/);
      assert.ok(!error.message.includes(url));
    });
  }

  it('a wrongly typed pat never shows its value', () => {
    const error = configError(JSON.stringify({ user: 'U', account: 'A', pat: [SECRET] }));
    assert.match(error.message, /field "pat" must be a string/);
  });

  for (const [text, found] of [
    ['[1,2]', 'an array'],
    ['null', 'null'],
    ['"x"', 'a string'],
    ['7', 'a number'],
  ] as const) {
    it(`top level ${text} is not an object`, () => {
      const error = configError(text);
      assert.equal(error.message, `${NAME} must contain a JSON object ({ ... }), found ${found}`);
    });
  }

  it('invalid JSON gives line and column but never the text (which may hold the secret)', () => {
    const text = `{\n  "user": "U",\n  "pat": ${SECRET}\n}`;
    const error = configError(text);
    assert.match(error.message, /^snowflake_config\.json is not valid JSON: .* at line 3, column 10$/);
  });

  it('trailing comma and single quotes are located', () => {
    assert.match(configError('{"user":"U",\n"account":"A",\n}').message, /trailing comma .* line 3, column 1$/);
    assert.match(configError("{'user':'U'}").message, /line 1, column 2$/);
    assert.match(configError(`{"user":"U","pat":"${SECRET}`).message, /unexpected end of file/);
  });

  it('empty file', () => {
    const error = configError('  \n');
    assert.equal(error.message, `${NAME} is empty`);
    assert.match(error.hint ?? '', /"user".*"account"/);
  });

  it('tolerates a UTF-8 BOM', () => {
    assert.equal(parseConfigText('\uFEFF{"user":"U","account":"A"}', NAME).config.account, 'A');
  });
});

describe('locateJsonError', () => {
  it('returns undefined for valid JSON and positions for invalid JSON', () => {
    assert.equal(locateJsonError('{"a":[1,-2.5e3,true,null,"\\u00e9\\n"]}'), undefined);
    assert.deepEqual(locateJsonError('{"a":1,}'), {
      offset: 7,
      line: 1,
      column: 8,
      reason: 'trailing comma before "}"',
    });
    assert.equal(locateJsonError('{"a":01}')?.column, 7);
    assert.equal(locateJsonError('{"a":1} x')?.reason, 'unexpected text after the end of the JSON value');
    assert.equal(locateJsonError('{"a":"x\ny"}')?.line, 1);
    assert.equal(locateJsonError('{"a":"x\ny"}')?.column, 8);
    assert.match(locateJsonError('{"a":"x\ny"}')?.reason ?? '', /raw line break/);
    assert.match(locateJsonError('{"a":"x\u0001"}')?.reason ?? '', /control character/);
    assert.deepEqual(locateJsonError('[1,\n 2,\n]'), { offset: 8, line: 3, column: 1, reason: 'trailing comma before "]"' });
    assert.equal(locateJsonError('{"a":1 /* note */}')?.reason, 'comments are not allowed in JSON');
    assert.equal(locateJsonError('{"a":[1')?.reason, 'unexpected end of file');
  });
});

describe('readConfig', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pat-config-read-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns absolute path, config, raw exactly as on disk and the mode', async () => {
    const file = join(dir, 'ok.json');
    const body = { zeta: 1, user: 'U', account: 'A', pat: SECRET, alpha: { b: 2 } };
    await writeFile(file, JSON.stringify(body));
    await chmod(file, 0o640);
    const loaded = await readConfig(file);
    assert.equal(loaded.path, file);
    assert.deepEqual(Object.keys(loaded.raw), ['zeta', 'user', 'account', 'pat', 'alpha']);
    assert.deepEqual(loaded.raw, body);
    assert.equal(loaded.config.pat, SECRET);
    assert.equal(loaded.mode, 0o640);
  });

  it('a relative path is made absolute', async () => {
    const file = join(dir, 'rel.json');
    await writeFile(file, '{"user":"U","account":"A"}');
    const loaded = await readConfig(relative(process.cwd(), file));
    assert.equal(loaded.path, file);
  });

  it('missing file: ConfigError naming the file with a minimal-JSON hint', async () => {
    const file = join(dir, 'nope', NAME);
    await assert.rejects(readConfig(file), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.exitCode, 2);
      assert.equal(error.message, `${file} not found`);
      assert.equal(error.file, file);
      assert.match(error.hint ?? '', /\{ "user": ".*", "account": ".*" \}/);
      return true;
    });
  });

  it('a directory: ConfigError', async () => {
    const sub = join(dir, 'adir');
    await mkdir(sub);
    await assert.rejects(readConfig(sub), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, `${sub} is a directory, not a file`);
      return true;
    });
  });

  it('invalid content: ConfigError naming the given path and field', async () => {
    const file = join(dir, NAME);
    await writeFile(file, JSON.stringify({ user: 'U', account: 3, pat: SECRET }));
    await assert.rejects(readConfig(file), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.message, `${file}: field "account" must be a string`);
      assert.ok(!error.message.includes(SECRET));
      return true;
    });
  });
});

describe('permissionWarning', () => {
  it('warns for group/world access with the mode and the chmod command', () => {
    assert.equal(
      permissionWarning(0o644, '/home/me/snowflake_config.json'),
      '/home/me/snowflake_config.json is readable by others (mode 0644); pat will tighten it to 0600 on the next write. Run: chmod 600 /home/me/snowflake_config.json',
    );
    assert.match(permissionWarning(0o100640, 'a b.json') ?? '', /mode 0640.*Run: chmod 600 'a b\.json'$/);
    assert.match(permissionWarning(0o620, 'x') ?? '', /is writable by others/);
  });
  it('is silent for 0600 and 0400', () => {
    assert.equal(permissionWarning(0o600, 'x'), undefined);
    assert.equal(permissionWarning(0o100400, 'x'), undefined);
  });
});
