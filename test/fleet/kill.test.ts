/**
 * Kill -9 at any point of `pat apply`, then run it again: every sink ends with a secret that logs in.
 * One deterministic kill while a sink hangs (the secret exists, one sink has it, another does not), then kills at
 * random moments. Each healing run must exit 0. No secret in outputs, the state file or the manifest.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CLI_PATH } from '../helpers/cli.js';
import { assertNoSecretIn } from '../helpers/secrets.js';
import { DAY, startFleetWorld, type FleetWorld } from './helpers/fleet-world.js';

// The prod account's clock runs 80 days behind: a 90-day token it issues expires 10 days from now, inside the
// 14-day window, so every token is due on every run and every run issues secrets.
const MANIFEST = `
version: 1
defaults:
  connections: { ACME_PROD: prod_admin }
  role_restriction: SVC_ROLE
  grace_hours: 1
tokens:
  - name: INGEST_PAT
    account: ACME_PROD
    user: SVC_01
    sinks:
      - { type: config, path: services/svc01.json }
      - { type: vault_kv, path: snowflake/ingest }
      - { type: env_file, path: ingest.env }
  - name: REPORTS_PAT
    account: ACME_PROD
    user: SVC_02
    sinks:
      - { type: vault_kv, path: snowflake/reports }
      - { type: github_secret, repo: acme/reports, name: SNOWFLAKE_PAT }
`;

const RANDOM_KILLS = 5;

describe('kill -9 during apply, then apply again', () => {
  let w: FleetWorld;
  const outputs: string[] = [];
  before(async () => {
    w = await startFleetWorld({ manifest: () => MANIFEST, prodNow: Date.now() - 80 * DAY });
  });
  after(async () => {
    for (const text of outputs) assertNoSecretIn(text, w.secrets(), 'apply output');
    await w.close([path.join(w.dir, 'services/svc01.json'), path.join(w.dir, 'ingest.env')]);
  });

  function startApply(): { killed: Promise<void>; kill(): void } {
    const child = spawn(process.execPath, ['--', CLI_PATH, 'apply'], { cwd: w.dir, env: w.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    const killed = new Promise<void>((resolve) => child.on('close', () => {
      outputs.push(text);
      resolve();
    }));
    return { killed, kill: () => child.kill('SIGKILL') };
  }

  async function heal(): Promise<void> {
    // The healing run needs no process of its own: in process (secret scan included), only the killed one is a child.
    const ran = await w.pat(['apply']);
    outputs.push(ran.stdout + ran.stderr);
    assert.equal(ran.code, 0, ran.stdout + ran.stderr);
    const ingest = [
      await w.configPat(path.join(w.dir, 'services/svc01.json')),
      String(w.vault.read('secret', 'snowflake/ingest')?.pat),
      /^SNOWFLAKE_PAT=(.+)$/m.exec(await readFile(path.join(w.dir, 'ingest.env'), 'utf8'))?.[1] ?? '',
    ];
    for (const secret of ingest) assert.equal(await w.login(w.prod, 'SVC_01', secret), 'SVC_01');
    const reports = [String(w.vault.read('secret', 'snowflake/reports')?.pat), w.github.secrets.get('acme/reports/SNOWFLAKE_PAT') ?? ''];
    for (const secret of reports) assert.equal(await w.login(w.prod, 'SVC_02', secret), 'SVC_02');
    const state = await readFile(w.statePath, 'utf8');
    assert.deepEqual((JSON.parse(state) as { undelivered: object }).undelivered, {});
    // Let the rotated secrets' grace (1 h) run out, so the per-user token count stays low.
    w.prod.clock.advance(2 * 3_600_000);
  }

  test('killed while a sink hangs after the secret was issued', async () => {
    await heal(); // a first full run creates both tokens
    w.vault.clear();
    w.prod.clearRequests();
    w.vault.inject({ hang: true, times: 1 });
    const run = startApply();
    while (!w.vault.requests.some((r) => r.method === 'GET')) await new Promise((r) => setTimeout(r, 10));
    const before = w.prod.requests.filter((r) => /ROTATE/.test(r.sqlText ?? '')).length;
    assert.ok(before > 0, 'the killed run rotated before it reached the sink');
    run.kill();
    await run.killed;
    const state = JSON.parse(await readFile(w.statePath, 'utf8')) as { undelivered: Record<string, unknown> };
    assert.ok(Object.keys(state.undelivered).length > 0, 'the killed run left its undelivered marks');
    w.vault.clear();
    await heal();
  });

  test(`killed at ${RANDOM_KILLS} random moments`, async () => {
    for (let i = 0; i < RANDOM_KILLS; i++) {
      const run = startApply();
      await new Promise((r) => setTimeout(r, 150 + Math.floor(Math.random() * 900)));
      run.kill();
      await run.killed;
      await heal();
    }
    assertNoSecretIn(await readFile(w.manifestPath, 'utf8'), w.secrets(), 'the manifest');
    await writeFile(path.join(w.dir, 'done'), '');
  });
});
