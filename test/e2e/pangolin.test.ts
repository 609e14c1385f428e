/**
 * Pangolin end to end: the built CLI as a child process against the Pangolin emulator over real HTTP.
 * create → PyIceberg config written (comments, other keys and catalogs kept, 0600) → test-connection → list
 * (no JWT anywhere) → rotate (old token dead at once, new one works) → revoke --self / --id → test-connection
 * fails with exit 1. Every run is scanned for every JWT the emulator issued unless it asked for a secret.
 */
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ETL_BOT_ID, TENANT, DAY, claimsOf, startPangolinWorld, whoAmI, type PangolinWorld } from '../helpers/pangolin-world.js';

const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/;

describe('pangolin: the token lifecycle through the PyIceberg config', () => {
  let w: PangolinWorld;
  let first: string; // the token create wrote
  let rotated: string;
  before(async () => {
    w = await startPangolinWorld();
  });
  // The services' own PyIceberg configs hold tokens by design.
  after(async () => w.close(['service.yaml', 'service-b.yaml', 'service-c.yaml'].map((f) => path.join(w.dir, f))));

  test('create: mints a 90-day token for etl_bot and writes it into catalog.default.token, keeping the rest of the file', async () => {
    w.em.clearRequests();
    const before = await w.readYaml();
    const result = await w.pat(
      ['--provider', 'pangolin', 'create', '--username', 'etl_bot', '--expires-in', '90', '--description', 'nightly ETL'],
      { env: { ...w.admin, PANGOLIN_URL: w.em.url } },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Created a Pangolin token for etl_bot/);
    assert.match(result.stdout, /Saved the token to .*\.pyiceberg\.yaml as catalog\.default\.token \(mode 0600, tightened from 0644\)/);
    assert.deepEqual(
      w.em.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['POST /api/v1/users/login 200', 'POST /api/v1/tokens 200'],
      'one login, one mint (a description field would have been a 422)',
    );

    const token = await w.yamlToken();
    assert.ok(token && w.em.issuedTokens().includes(token), 'the YAML holds a token the emulator issued');
    first = token;
    const claims = claimsOf(token);
    assert.equal(claims.username, 'etl_bot');
    assert.equal(claims.sub, ETL_BOT_ID);
    assert.equal(claims.tenant_id, TENANT);
    assert.equal((claims.exp as number) - (claims.iat as number), 90 * 86_400, '90 days were sent as 2160 hours');
    assert.match(result.stdout, new RegExp(`id\\s+${claims.jti as string}`));

    // The rest of the file is untouched: the only change is one added token line.
    const after = await w.readYaml();
    const added = after.split('\n').filter((line) => !before.split('\n').includes(line));
    assert.deepEqual(added.map((l) => l.replace(token, '<T>')), ['    uri: ' + `${w.em.url}/v1/analytics # REST endpoint`, '    token: <T>']);
    for (const kept of ['# PyIceberg config for the analytics team (hand-written; keep these comments)', '  # The Pangolin REST catalog', '  # A second catalog pat must not touch', '    token: not-a-pangolin-token', '    header.X-Iceberg-Access-Delegation: vended-credentials', 'default-catalog: default']) {
      assert.ok(after.includes(kept), `kept: ${kept}`);
    }
    assert.equal((await stat(w.yamlPath)).mode & 0o777, 0o600);

    // The description is kept locally (0600), keyed by the token id, and the file holds no token.
    const notes = JSON.parse(await readFile(w.notesPath, 'utf8')) as { tokens: Record<string, { description: string }> };
    assert.equal(notes.tokens[claims.jti as string]?.description, 'nightly ETL');
    assert.equal((await stat(w.notesPath)).mode & 0o777, 0o600);
    assert.ok(!(await readFile(w.notesPath, 'utf8')).includes(token));
  });

  test('test-connection: Pangolin accepts the token, with the URL taken from the catalog uri (no PANGOLIN_URL)', async () => {
    w.em.clearRequests();
    const result = await w.pat(['--provider', 'pangolin', 'test-connection']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /accepts the token in catalog\.default\.token/);
    assert.match(result.stdout, /user\s+etl_bot \(e7e7e7e7-0000-4000-8000-000000000002\)/);
    assert.deepEqual(w.em.requests.map((r) => `${r.method} ${r.path} ${r.authenticatedAs ?? ''}`), ['GET /api/v1/users/me etl_bot']);
  });

  test('list: id, username, created, expires, days left, valid, description — and no JWT in the table, --json or --verbose', async () => {
    const jti = claimsOf(first).jti as string;
    const table = await w.pat(['--provider', 'pangolin', 'list']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /ID\s+USERNAME\s+CREATED\s+EXPIRES\s+DAYS LEFT\s+VALID\s+DESCRIPTION/);
    assert.match(table.stdout, new RegExp(`\\*\\s+${jti}\\s+etl_bot\\s+\\S+ \\S+\\s+\\S+ \\S+\\s+(89|90)\\s+yes\\s+nightly ETL`));

    const json = await w.pat(['--provider', 'pangolin', '--json', 'list']);
    assert.equal(json.code, 0, json.stderr);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    assert.equal(rows.length, 1);
    assert.deepEqual(Object.keys(rows[0]!).sort(), ['created_at', 'days_left', 'description', 'expires_at', 'id', 'in_config', 'is_valid', 'tenant_id', 'user_id', 'username']);
    assert.equal(rows[0]!.id, jti);
    assert.equal(rows[0]!.in_config, true);
    assert.equal(rows[0]!.description, 'nightly ETL');

    const verbose = await w.pat(['--provider', 'pangolin', '--verbose', 'list']);
    assert.equal(verbose.code, 0);
    assert.match(verbose.stderr, /GET \/api\/v1\/users\/me\/tokens\?limit=100&offset=0 → 200/);
    for (const run of [table, json, verbose]) {
      assert.doesNotMatch(run.stdout + run.stderr, JWT, 'no JWT-shaped string in any output');
    }
  });

  test('list --user-id: the admin view of a user (admin login, GET /users/{id}/tokens)', async () => {
    w.em.clearRequests();
    const result = await w.pat(['--provider', 'pangolin', 'list', '--user-id', ETL_BOT_ID], { env: w.admin });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes(claimsOf(first).jti as string));
    assert.deepEqual(w.em.requests.map((r) => `${r.method} ${r.path}`), ['POST /api/v1/users/login', `GET /api/v1/users/${ETL_BOT_ID}/tokens`]);
  });

  test('rotate: the old token is rejected at once, the new one is written and works; the description follows it', async () => {
    const result = await w.pat(['--provider', 'pangolin', 'rotate']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Rotated the Pangolin token of etl_bot/);
    assert.match(result.stdout, /verified: GET \/api\/v1\/users\/me answers as etl_bot/);
    assert.match(result.stderr, /rotation issues 24-hour tokens/, 'the shorter lifetime is pointed out');
    const token = await w.yamlToken();
    assert.ok(token && token !== first && w.em.issuedTokens().includes(token));
    rotated = token;
    assert.deepEqual(await whoAmI(w.em, first), { status: 401, text: 'Token has been revoked' });
    assert.equal((await whoAmI(w.em, rotated)).status, 200);

    const tc = await w.pat(['--provider', 'pangolin', 'test-connection']);
    assert.equal(tc.code, 0, tc.stderr);
    const list = await w.pat(['--provider', 'pangolin', '--json', 'list']);
    const rows = JSON.parse(list.stdout) as { id: string; description: string | null; in_config: boolean }[];
    assert.deepEqual(rows.map((r) => [r.id, r.description, r.in_config]), [[claimsOf(rotated).jti, 'nightly ETL', true]]);
  });

  test('revoke --self asks for --yes off a terminal, and sends nothing without it', async () => {
    w.em.clearRequests();
    const result = await w.pat(['--provider', 'pangolin', 'revoke', '--self']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /pass --yes/);
    assert.equal(w.em.requests.length, 0);
    assert.equal(await w.yamlToken(), rotated);
  });

  test('revoke --self --yes: revoked with its own session, removed from the YAML; a copy of it now fails test-connection (exit 1)', async () => {
    w.em.clearRequests();
    const result = await w.pat(['--provider', 'pangolin', 'revoke', '--self', '--yes', '--reason', 'e2e']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Revoked the token .* of etl_bot/);
    assert.match(result.stdout, /Removed catalog\.default\.token from/);
    assert.deepEqual(w.em.requests.map((r) => `${r.method} ${r.path} ${r.status}`), ['POST /api/v1/auth/revoke 200']);
    assert.ok(w.em.revokedIds().includes(claimsOf(rotated).jti as string));
    const yaml = await w.readYaml();
    assert.equal(await w.yamlToken(), undefined);
    assert.match(yaml, /uri: http:\/\/127\.0\.0\.1:\d+\/v1\/analytics/, 'the uri stays');
    assert.match(yaml, /token: not-a-pangolin-token/, 'the other catalog keeps its token');

    // A service elsewhere still holding the revoked token.
    const copy = path.join(w.dir, 'service.yaml');
    await writeFile(copy, `catalog:\n  default:\n    uri: ${w.em.url}\n    token: ${rotated}\n`, { mode: 0o600 });
    const tc = await w.pat(['--pyiceberg-config', copy, 'test-connection']);
    assert.equal(tc.code, 1);
    assert.match(tc.stderr, /has been revoked \(Pangolin: "Token has been revoked"\)/);
    const json = await w.pat(['--pyiceberg-config', copy, '--json', 'test-connection']);
    assert.equal(json.code, 1);
    assert.equal((JSON.parse(json.stdout) as { problem: string }).problem, 'revoked');
  });

  test('revoke --id (admin): a token held by another service stops working; test-connection there exits 1', async () => {
    const service = path.join(w.dir, 'service-b.yaml');
    const created = await w.pat(['--pyiceberg-config', service, 'create', '--username', 'etl_bot', '--expires-in', '30'], { env: { ...w.admin, PANGOLIN_URL: w.em.url } });
    assert.equal(created.code, 0, created.stderr);
    const token = /token: (\S+)/.exec(await readFile(service, 'utf8'))?.[1] ?? '';
    const jti = claimsOf(token).jti as string;
    assert.equal((await w.pat(['--pyiceberg-config', service, 'test-connection'])).code, 0);

    w.em.clearRequests();
    const revoked = await w.pat(['--provider', 'pangolin', 'revoke', '--id', jti, '--yes'], { env: { ...w.admin, PANGOLIN_URL: w.em.url } });
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.match(revoked.stdout, new RegExp(`Revoked token ${jti}`));
    assert.match(revoked.stderr, /24 hours only/);
    assert.deepEqual(w.em.requests.map((r) => `${r.method} ${r.path} ${r.status}`), ['POST /api/v1/users/login 200', `POST /api/v1/auth/revoke/${jti} 200`]);

    const tc = await w.pat(['--pyiceberg-config', service, 'test-connection']);
    assert.equal(tc.code, 1);
    assert.match(tc.stderr, /has been revoked/);
  });

  test('a token past its exp on the server\'s clock: test-connection exits 1 and shows the exp (emulator clock moved on)', async () => {
    const service = path.join(w.dir, 'service-c.yaml');
    const created = await w.pat(['--pyiceberg-config', service, 'create', '--username', 'etl_bot', '--expires-in', '1'], { env: { ...w.admin, PANGOLIN_URL: w.em.url } });
    assert.equal(created.code, 0, created.stderr);
    assert.equal((await w.pat(['--pyiceberg-config', service, 'test-connection'])).code, 0);
    w.em.clock.advance(2 * DAY);
    // v0.8 says "Invalid token" for an expired JWT; pat's own clock still sees a day left, so it cannot say
    // "expired" for sure, and points at the exp and the clocks instead.
    const tc = await w.pat(['--pyiceberg-config', service, 'test-connection']);
    assert.equal(tc.code, 1);
    assert.match(tc.stderr, /does not accept the token .*\(Pangolin: "Invalid token"\)/);
    assert.match(tc.stderr, /Its exp claim says \d{4}-\d\d-\d\d \d\d:\d\dZ; if the server's clock is ahead/);
  });
});
