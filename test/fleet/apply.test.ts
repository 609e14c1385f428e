/**
 * plan → apply → plan → apply on a 3-token manifest with every kind of sink (config, env_file, vault_kv,
 * github_secret, aws_secret, k8s_secret), two accounts, a token near expiry, a failing sink and its convergence. Every new secret must
 * log in from where it was delivered; no secret may appear in output, the manifest or the state file.
 */
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DAY, startFleetWorld, type FleetWorld } from './helpers/fleet-world.js';

const MANIFEST = `
version: 1
defaults:
  connections:
    ACME_PROD: prod_admin
    ACME_DEV: dev_admin
  expires_in_days: 90
  rotate_before_days: 14
  grace_hours: 24
  role_restriction: SVC_ROLE
tokens:
  - name: INGEST_PAT
    account: ACME_PROD
    user: SVC_01
    comment: ingest service
    sinks:
      - type: config
        path: services/svc01.json
      - type: vault_kv
        path: snowflake/ingest
  - name: REPORTS_PAT
    account: ACME_PROD
    user: SVC_02
    sinks:
      - type: github_secret
        repo: acme/reports
        name: SNOWFLAKE_PAT
      - type: vault_kv
        path: snowflake/reports
  - name: DEV_PAT
    account: ACME_DEV
    user: SVC_01
    expires_in_days: 30
    sinks:
      - type: env_file
        path: dev.env
        var: DEV_SNOWFLAKE_PAT
      - type: aws_secret
        secret_id: snowflake/dev
        key: pat
      - type: k8s_secret
        namespace: dev
        name: snowflake
`;

describe('pat plan / pat apply', () => {
  let w: FleetWorld;
  before(async () => {
    w = await startFleetWorld({
      manifest: () => MANIFEST,
      // REPORTS_PAT exists and expires in 5 days: due for rotation.
      prodPats: [{ user: 'SVC_02', name: 'REPORTS_PAT', secret: 'seeded-reports-secret-000001', roleRestriction: 'SVC_ROLE', createdOn: Date.now() - 80 * DAY, expiresAt: Date.now() + 5 * DAY + 3_600_000 }],
    });
  });
  after(() => w.close([path.join(w.dir, 'services/svc01.json'), path.join(w.dir, 'dev.env')]));

  test('plan: two to create, one to rotate; exit 2; one SHOW per user; nothing changed', async () => {
    const ran = await w.pat(['plan']);
    assert.equal(ran.code, 2, ran.stderr);
    assert.match(ran.stdout, /ACME_PROD\/SVC_01\/INGEST_PAT\s+missing\s+-\s+create/);
    assert.match(ran.stdout, /ACME_PROD\/SVC_02\/REPORTS_PAT\s+due\s+5\s+rotate/);
    assert.match(ran.stdout, /ACME_DEV\/SVC_01\/DEV_PAT\s+missing\s+-\s+create/);
    assert.match(ran.stdout, /Plan: 2 create, 1 rotate\./);
    const sql = [...w.prod.requests, ...w.dev.requests].filter((r) => r.kind === 'query').map((r) => r.sqlText);
    assert.deepEqual(sql.sort(), [
      'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER SVC_01',
      'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER SVC_01',
      'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER SVC_02',
    ]);
    const json = JSON.parse((await w.pat(['--json', 'plan'])).stdout) as { changes: boolean; tokens: { token: string; action: string; days_left: number | null }[] };
    assert.equal(json.changes, true);
    assert.deepEqual(json.tokens.map((t) => [t.token, t.action, t.days_left]), [
      ['ACME_PROD/SVC_01/INGEST_PAT', 'create', null],
      ['ACME_PROD/SVC_02/REPORTS_PAT', 'rotate', 5],
      ['ACME_DEV/SVC_01/DEV_PAT', 'create', null],
    ]);
  });

  test('apply: creates, rotates, delivers to every sink, verifies; every delivered secret logs in', async () => {
    w.prod.clearRequests();
    const ran = await w.pat(['apply']);
    assert.equal(ran.code, 0, ran.stdout + ran.stderr);
    assert.match(ran.stdout, /ACME_PROD\/SVC_01\/INGEST_PAT: created, verified by logging in/);
    assert.match(ran.stdout, /ACME_PROD\/SVC_02\/REPORTS_PAT: rotated, verified by logging in/);
    assert.match(ran.stdout, /Apply: 2 created, 1 rotated\./);
    // One admin login for the account, shared by its two tokens.
    const adminLogins = w.prod.requests.filter((r) => r.kind === 'login' && r.loginName === 'ADMIN');
    assert.equal(adminLogins.length, 1);

    const ingestConfig = await w.configPat(path.join(w.dir, 'services/svc01.json'));
    const ingestVault = String(w.vault.read('secret', 'snowflake/ingest')?.pat);
    assert.equal(ingestConfig, ingestVault);
    assert.equal(await w.login(w.prod, 'SVC_01', ingestConfig), 'SVC_01');
    const reports = w.github.secrets.get('acme/reports/SNOWFLAKE_PAT') ?? '';
    assert.equal(reports, w.vault.read('secret', 'snowflake/reports')?.pat);
    assert.equal(await w.login(w.prod, 'SVC_02', reports), 'SVC_02');
    // The previous secret keeps working for the grace period.
    assert.equal(await w.login(w.prod, 'SVC_02', 'seeded-reports-secret-000001'), 'SVC_02');
    const env = await readFile(path.join(w.dir, 'dev.env'), 'utf8');
    const dev = /^DEV_SNOWFLAKE_PAT=(.+)$/m.exec(env)?.[1] ?? '';
    assert.equal(await w.login(w.dev, 'SVC_01', dev), 'SVC_01');
    assert.deepEqual(JSON.parse(w.aws.secrets.get('snowflake/dev') ?? ''), { user: 'SVC_01', pat: dev });
    assert.deepEqual(w.k8s.data('dev', 'snowflake'), { user: 'SVC_01', pat: dev });
    assert.equal(ran.stderr, '', 'piped: no progress lines');
    assert.equal((await stat(path.join(w.dir, 'dev.env'))).mode & 0o777, 0o600);
    assert.ok(w.prod.requests.some((r) => r.sqlText?.includes("COMMENT = 'ingest service'")));
  });

  test('re-run: plan says nothing to do (exit 0), apply changes nothing', async () => {
    const plan = await w.pat(['plan']);
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /Nothing to do\./);
    w.prod.clearRequests();
    w.dev.clearRequests();
    const apply = await w.pat(['apply']);
    assert.equal(apply.code, 0);
    assert.match(apply.stdout, /Nothing to do\./);
    const statements = [...w.prod.requests, ...w.dev.requests].filter((r) => r.kind === 'query' && !/^SHOW/.test(r.sqlText ?? ''));
    assert.deepEqual(statements, []);
  });

  test('comment drift is fixed, a disabled token is blocked (exit 1), an expired one is re-created', async () => {
    await w.prod.runAs('ADMIN', "ALTER USER SVC_01 MODIFY PROGRAMMATIC ACCESS TOKEN INGEST_PAT SET COMMENT = 'edited by hand'");
    await w.prod.runAs('ADMIN', 'ALTER USER SVC_02 MODIFY PROGRAMMATIC ACCESS TOKEN REPORTS_PAT SET DISABLED = TRUE');
    w.dev.clock.advance(31 * DAY); // DEV_PAT (30 days) has expired in the dev account
    const plan = JSON.parse((await w.pat(['--json', 'plan'])).stdout) as { tokens: { token: string; state: string; action: string; drift: string[] }[] };
    assert.deepEqual(plan.tokens.map((t) => [t.state, t.action, t.drift]), [
      ['ok', 'fix', ['comment']],
      ['disabled', 'blocked', []],
      ['expired', 'recreate', []],
    ]);
    assert.equal((await w.pat(['plan'])).code, 1, 'a blocked token needs a person: exit 1');

    w.prod.clearRequests();
    const apply = await w.pat(['apply']);
    assert.equal(apply.code, 1, apply.stdout);
    assert.match(apply.stdout, /✓ ACME_PROD\/SVC_01\/INGEST_PAT: fixed/);
    assert.match(apply.stdout, /✗ ACME_PROD\/SVC_02\/REPORTS_PAT: blocked — disabled/);
    assert.match(apply.stdout, /✓ ACME_DEV\/SVC_01\/DEV_PAT: recreated, verified by logging in/);
    assert.deepEqual(
      w.prod.requests.filter((r) => r.kind === 'query' && /^ALTER/.test(r.sqlText ?? '')).map((r) => r.sqlText),
      ["ALTER USER SVC_01 MODIFY PROGRAMMATIC ACCESS TOKEN INGEST_PAT SET COMMENT = 'ingest service'"],
      'nothing but the comment fix in prod: the disabled token is left alone',
    );
    const dev = /^DEV_SNOWFLAKE_PAT=(.+)$/m.exec(await readFile(path.join(w.dir, 'dev.env'), 'utf8'))?.[1] ?? '';
    assert.equal(await w.login(w.dev, 'SVC_01', dev), 'SVC_01');
    await w.prod.runAs('ADMIN', 'ALTER USER SVC_02 MODIFY PROGRAMMATIC ACCESS TOKEN REPORTS_PAT SET DISABLED = FALSE');
    assert.equal((await w.pat(['plan'])).code, 0);
  });

  test('a failing sink: others still delivered, exit 1, marked undelivered; the next apply converges', async () => {
    // Make INGEST_PAT due by widening its rotate-before window, and break Vault for the next apply.
    const text = (await readFile(w.manifestPath, 'utf8')).replace('    comment: ingest service\n', '    comment: ingest service\n    rotate_before_days: 100\n    expires_in_days: 120\n');
    await import('node:fs/promises').then((fs) => fs.writeFile(w.manifestPath, text));
    w.vault.inject({ status: 503, times: 20 });
    const before = String(w.vault.read('secret', 'snowflake/ingest')?.pat);
    const failed = await w.pat(['apply']);
    assert.equal(failed.code, 1, failed.stdout);
    assert.match(failed.stdout, /✗ ACME_PROD\/SVC_01\/INGEST_PAT: failed — rotated, but 1 of 2 sink\(s\) failed/);
    assert.match(failed.stdout, /✗ vault_kv secret\/snowflake\/ingest#pat: Vault GET secret\/snowflake\/ingest: HTTP 503/);
    assert.match(failed.stdout, /✓ config .*svc01\.json/);
    // Vault still holds the previous secret, which still works (grace).
    assert.equal(w.vault.read('secret', 'snowflake/ingest')?.pat, before);
    assert.equal(await w.login(w.prod, 'SVC_01', before), 'SVC_01');
    const state = JSON.parse(await readFile(w.statePath, 'utf8')) as { undelivered: Record<string, { failedSinks: string[] }> };
    assert.deepEqual(state.undelivered['ACME_PROD/SVC_01/INGEST_PAT']?.failedSinks, ['vault_kv secret/snowflake/ingest#pat']);
    assert.equal((await stat(w.statePath)).mode & 0o777, 0o600);

    // Back to the normal window: only the undelivered mark makes it due now.
    await import('node:fs/promises').then((fs) => fs.writeFile(w.manifestPath, MANIFEST));
    const plan = await w.pat(['plan']);
    assert.equal(plan.code, 2);
    assert.match(plan.stdout, /INGEST_PAT\s+undelivered\s+\d+\s+rotate/);
    w.vault.clear();
    const healed = await w.pat(['apply'], { tty: true });
    assert.equal(healed.code, 0, healed.stdout + healed.stderr);
    assert.equal(healed.stderr, '[1/1] ACME_PROD/SVC_01/INGEST_PAT: rotated\n', 'on a terminal: one progress line per token');
    const vaultNow = String(w.vault.read('secret', 'snowflake/ingest')?.pat);
    assert.notEqual(vaultNow, before);
    assert.equal(vaultNow, await w.configPat(path.join(w.dir, 'services/svc01.json')));
    assert.equal(await w.login(w.prod, 'SVC_01', vaultNow), 'SVC_01');
    assert.deepEqual((JSON.parse(await readFile(w.statePath, 'utf8')) as { undelivered: object }).undelivered, {});
    assert.equal((await w.pat(['plan'])).code, 0);
  });
});
