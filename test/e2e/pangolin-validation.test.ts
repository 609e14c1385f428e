/**
 * Pangolin: every flag and setting that can be checked locally is checked before any request — exit 2 and the
 * emulator sees nothing. Also: which provider runs (flag, PAT_PROVIDER, a YAML config) and that Snowflake stays
 * the default.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startPangolinWorld, type PangolinWorld } from '../helpers/pangolin-world.js';

describe('pangolin: validation before the network (exit 2, no request)', () => {
  let w: PangolinWorld;
  let admin: Record<string, string>;
  before(async () => {
    w = await startPangolinWorld();
    admin = { ...w.admin, PANGOLIN_URL: w.em.url };
  });
  after(async () => w.close());

  const create = ['--provider', 'pangolin', 'create', '--username', 'etl_bot'];
  const cases: { name: string; args: string[]; env?: 'admin' | 'none' | Record<string, string>; error: RegExp }[] = [
    { name: '--expires-in 0', args: [...create, '--expires-in', '0'], error: /--expires-in must be from 1 to 365; got 0/ },
    { name: '--expires-in 366 (Pangolin would silently cap it)', args: [...create, '--expires-in', '366'], error: /--expires-in must be from 1 to 365; got 366/ },
    { name: '--expires-in in hours', args: [...create, '--expires-in', '24h'], error: /--expires-in must be a whole number from 1 to 365/ },
    { name: 'an unknown role', args: [...create, '--roles', 'superuser'], error: /--roles: unknown role "superuser"/ },
    { name: 'an empty --description', args: [...create, '--description', ' '], error: /--description must not be empty/ },
    { name: 'a description with a newline', args: [...create, '--description', 'a\nb'], error: /--description must not contain control characters/ },
    { name: 'a bad catalog name', args: [...create, '--catalog', 'a b'], error: /--catalog "a b" is not a valid catalog name/ },
    { name: 'a Snowflake-only flag', args: [...create, '--name', 'x'], error: /--name is a Snowflake option; it does not apply to --provider pangolin/ },
    { name: '--secret-only with --json', args: ['--json', ...create, '--secret-only'], error: /--secret-only and --json cannot be combined/ },
    { name: '--no-write with nowhere to put the token', args: [...create, '--no-write'], error: /--no-write needs --secret-only, --show-secret, --env-file or --github-env/ },
    { name: 'a tenant that is not a UUID', args: [...create, '--pangolin-tenant', 'analytics'], error: /--pangolin-tenant must be a UUID/ },
    { name: 'an ftp URL', args: [...create, '--pangolin-url', 'ftp://pangolin:21'], error: /--pangolin-url must be an http:\/\/ or https:\/\/ URL/ },
    { name: 'a URL with credentials', args: [...create, '--pangolin-url', 'http://admin:pw@127.0.0.1:1'], error: /must not contain credentials/ },
    {
      name: 'no admin settings: every missing one is named',
      args: [...create],
      env: 'none',
      error: /Missing Pangolin admin settings: set PANGOLIN_USERNAME \(or --pangolin-username\), PANGOLIN_PASSWORD \(or run on a terminal to be asked\), PANGOLIN_TENANT_ID/,
    },
    { name: 'no password off a terminal', args: [...create], env: { PANGOLIN_USERNAME: 'admin', PANGOLIN_TENANT_ID: '6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b' }, error: /set PANGOLIN_PASSWORD/ },
    { name: 'the password is not a flag', args: [...create, '--pangolin-password', 'x'], error: /unknown option '--pangolin-password'/ },
    { name: 'create without --username and no token in the YAML', args: ['--provider', 'pangolin', 'create', '--expires-in', '5'], error: /--username is required/ },
    { name: 'revoke without --self or --id', args: ['--provider', 'pangolin', 'revoke', '--yes'], error: /Say which token: --self .* or --id/ },
    { name: 'revoke with both', args: ['--provider', 'pangolin', 'revoke', '--self', '--id', '6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b', '--yes'], error: /Say which token/ },
    { name: 'revoke --id not a UUID', args: ['--provider', 'pangolin', 'revoke', '--id', '42', '--yes'], error: /--id must be a UUID/ },
    { name: 'revoke --id without --yes off a terminal', args: ['--provider', 'pangolin', 'revoke', '--id', '6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b'], error: /Refusing to revoke token 6f1c2a3e.* pass --yes/ },
    { name: 'rotate --expire-old-after-hours', args: ['--provider', 'pangolin', 'rotate', '--expire-old-after-hours', '2'], error: /--expire-old-after-hours is a Snowflake option/ },
    { name: 'test-connection without a token in the YAML', args: ['--provider', 'pangolin', 'test-connection'], error: /has no catalog\.default\.token: there is no Pangolin token to use/ },
    { name: 'list --user-id not a UUID', args: ['--provider', 'pangolin', 'list', '--user-id', 'etl_bot'], error: /--user-id must be a UUID/ },
    { name: 'a catalog with no uri and no PANGOLIN_URL', args: ['--provider', 'pangolin', 'create', '--catalog', 'fresh', '--username', 'etl_bot'], env: w_admin_without_url(), error: /set PANGOLIN_URL \(or --pangolin-url\)/ },
    { name: 'PAT_PROVIDER with a typo', args: ['test-connection'], env: { PAT_PROVIDER: 'pangolinn' }, error: /PAT_PROVIDER must be snowflake or pangolin; got "pangolinn"/ },
  ];
  for (const row of cases) {
    test(`${row.name}`, async () => {
      w.em.clearRequests();
      const env = row.env === 'none' ? { PANGOLIN_URL: w.em.url } : row.env === undefined || row.env === 'admin' ? admin : { PANGOLIN_URL: w.em.url, ...row.env };
      const result = await w.pat(row.args, { env });
      assert.equal(result.code, 2, `${result.stdout}\n${result.stderr}`);
      assert.match(result.stderr, row.error);
      assert.equal(w.em.requests.length, 0, 'nothing reached Pangolin');
    });
  }

  test('a PyIceberg config that is not valid YAML: exit 2 with the line, nothing sent, file untouched', async () => {
    const broken = path.join(w.dir, 'broken.yaml');
    const text = 'catalog:\n  default:\n    uri: [unclosed\n';
    await writeFile(broken, text);
    w.em.clearRequests();
    const result = await w.pat(['--pyiceberg-config', broken, 'create', '--username', 'etl_bot'], { env: admin });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /broken\.yaml is not valid YAML \(line \d+, column \d+\)/);
    assert.equal(w.em.requests.length, 0);
  });
});

/** The admin login without a URL (the catalog "fresh" has no uri either). */
function w_admin_without_url(): Record<string, string> {
  return { PANGOLIN_USERNAME: 'admin', PANGOLIN_PASSWORD: 'admin-password', PANGOLIN_TENANT_ID: '6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b', PANGOLIN_URL: '' };
}

describe('pangolin: which provider runs', () => {
  let w: PangolinWorld;
  let copy: string;
  before(async () => {
    w = await startPangolinWorld();
    const created = await w.pat(['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '30'], { env: { ...w.admin, PANGOLIN_URL: w.em.url } });
    assert.equal(created.code, 0, created.stderr);
    copy = path.join(w.dir, 'elsewhere.yml');
    await writeFile(copy, await w.readYaml(), { mode: 0o600 });
  });
  after(async () => w.close([copy]));

  test('PAT_PROVIDER=pangolin', async () => {
    const result = await w.pat(['test-connection'], { env: { PAT_PROVIDER: 'pangolin' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Pangolin at .* accepts the token/);
  });

  test('--pyiceberg-config <file> alone', async () => {
    const result = await w.pat(['--pyiceberg-config', copy, 'test-connection']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /elsewhere\.yml/);
  });

  test('--config <file>.yml alone', async () => {
    const result = await w.pat(['--config', copy, 'test-connection']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /accepts the token in catalog\.default\.token of .*elsewhere\.yml/);
  });

  test('nothing said: Snowflake, as before (it looks for snowflake_config.json)', async () => {
    w.em.clearRequests();
    const result = await w.pat(['test-connection']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /snowflake_config\.json not found/);
    assert.equal(w.em.requests.length, 0);
  });

  test('--provider snowflake wins over PAT_PROVIDER=pangolin', async () => {
    const result = await w.pat(['--provider', 'snowflake', 'test-connection'], { env: { PAT_PROVIDER: 'pangolin' } });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /snowflake_config\.json not found/);
  });
});
