/**
 * Bad input never reaches Snowflake: each row runs the CLI and asserts exit code 2, a message naming the field
 * or file, and zero requests on the emulator.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

interface Row {
  args: string[];
  message: RegExp;
  /** Extra files to create in the world's folder first: name → contents (a trailing "/" makes a folder). */
  files?: Record<string, string>;
  env?: Record<string, string | undefined>;
}

const long = 'a'.repeat(256);

const rows: Row[] = [
  // token names
  { args: ['create', '--name', "x'y"], message: /--name "x'y" is not a valid token name/ },
  { args: ['create', '--name', 'x;DROP USER ADMIN'], message: /--name .* is not a valid token name/ },
  { args: ['create', '--name', 'two words'], message: /--name "two words" is not a valid token name/ },
  { args: ['create', '--name', '9lives'], message: /--name "9lives" is not a valid token name/ },
  { args: ['create', '--name', 'naïve'], message: /--name "naïve" is not a valid token name/ },
  { args: ['create', '--name', ''], message: /--name must not be empty/ },
  { args: ['create', '--name', long], message: /--name is 256 characters long/ },
  { args: ['create'], message: /--name is required/ },
  { args: ['rotate', '--name', 'a b'], message: /--name "a b" is not a valid token name/ },
  { args: ['revoke', '--name', "x'--", '--yes'], message: /--name .* is not a valid token name/ },
  // numbers
  { args: ['create', '--name', 't', '--expires-in', '0'], message: /--expires-in must be from 1 to 365; got 0/ },
  { args: ['create', '--name', 't', '--expires-in', '366'], message: /--expires-in must be from 1 to 365; got 366/ },
  { args: ['create', '--name', 't', '--expires-in', '-1'], message: /--expires-in must be a whole number/ },
  { args: ['create', '--name', 't', '--expires-in', '1.5'], message: /--expires-in must be a whole number/ },
  { args: ['create', '--name', 't', '--expires-in', 'abc'], message: /--expires-in must be a whole number/ },
  { args: ['create', '--name', 't', '--bypass-network-policy-mins', '0'], message: /--bypass-network-policy-mins must be from 1 to 1440/ },
  { args: ['create', '--name', 't', '--bypass-network-policy-mins', '1441'], message: /--bypass-network-policy-mins must be from 1 to 1440/ },
  { args: ['rotate', '--expire-old-after-hours', '-1'], message: /--expire-old-after-hours must be a whole number/ },
  { args: ['--timeout', '0', 'list'], message: /--timeout must be from 1/ },
  // other values
  { args: ['create', '--name', 't', '--comment', 'bell\u0007'], message: /--comment contains a control character/ },
  { args: ['create', '--name', 't', '--user', ''], message: /--user must not be empty/ },
  // flag combinations that would lose the secret or break stdout
  { args: ['create', '--name', 't', '--no-write'], message: /--no-write needs --secret-only, --show-secret/ },
  { args: ['create', '--name', 't', '--github-env'], message: /--github-env needs \$GITHUB_ENV/ },
  { args: ['create', '--name', 't', '--env-file', 'x.env', '--env-var', '1BAD'], message: /--env-var "1BAD" is not a valid/ },
  { args: ['create', '--name', 't', '--env-var', 'X'], message: /--env-var goes with --env-file or --github-env/ },
  { args: ['create', '--name', 't', '--github-env', '--secret-only'], env: { GITHUB_ENV: 'gh.env' }, message: /--github-env and --secret-only cannot be combined/ },
  { args: ['--json', 'create', '--name', 't', '--secret-only'], message: /--secret-only and --json cannot be combined/ },
  { args: ['revoke', '--name', 't'], message: /without confirmation: pass --yes/ },
  // config files
  { args: ['--config', 'broken.json', 'list'], files: { 'broken.json': '{ "user": ' }, message: /broken\.json/ },
  { args: ['--config', 'array.json', 'list'], files: { 'array.json': '[1,2]' }, message: /array\.json.*object|object.*array\.json/s },
  { args: ['--config', 'nouser.json', 'list'], files: { 'nouser.json': '{"account":"TESTACCT"}' }, message: /nouser\.json[\s\S]*"?user"?/ },
  { args: ['--config', 'noaccount.json', 'list'], files: { 'noaccount.json': '{"user":"U"}' }, message: /noaccount\.json[\s\S]*"?account"?/ },
  { args: ['--config', 'types.json', 'list'], files: { 'types.json': '{"user":"U","account":5}' }, message: /types\.json[\s\S]*account/ },
  { args: ['--config', 'folder.json', 'list'], files: { 'folder.json/': '' }, message: /folder\.json/ },
  { args: ['--config', 'missing.json', 'list'], message: /missing\.json/ },
  { args: ['test-connection'], files: {}, env: {}, message: /"pat"|no token|pat create/, },
  // command line
  { args: ['frobnicate'], message: /unknown command 'frobnicate'/ },
  { args: ['create', '--name', 't', '--bogus'], message: /unknown option '--bogus'/ },
  // no admin connection anywhere
  {
    args: ['list'],
    env: { SNOWFLAKE_ACCOUNT: undefined, SNOWFLAKE_USER: undefined, SNOWFLAKE_PASSWORD: undefined, SNOWFLAKE_HOST: undefined, SNOWFLAKE_PORT: undefined, SNOWFLAKE_PROTOCOL: undefined },
    message: /No admin connection/i,
  },
];

describe('bad input: exit 2, a message naming the field or file, no network call', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close());

  for (const row of rows) {
    test(`pat ${row.args.map((a) => (a.length > 30 ? a.slice(0, 12) + '…' : a)).join(' ') || '(nothing)'}`, async () => {
      for (const [name, contents] of Object.entries(row.files ?? {})) {
        if (name.endsWith('/')) await mkdir(path.join(world.dir, name), { recursive: true });
        else await writeFile(path.join(world.dir, name), contents);
      }
      world.emulator.clearRequests();
      const env = { ...row.env };
      // `undefined` in row.env removes the variable from the child's environment.
      const result = await world.pat(row.args, { env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v ?? ''])) });
      assert.equal(result.code, 2, `exit code (stderr: ${result.stderr})`);
      assert.match(result.stderr, row.message);
      assert.equal(world.emulator.requests.length, 0, 'no request may reach Snowflake');
    });
  }
});
