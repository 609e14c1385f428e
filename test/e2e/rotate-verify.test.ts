/**
 * `pat rotate` proves the new secret by logging in with it. When that login fails, the new secret is still saved
 * (it is the token's only valid current secret), the failure is loud, the previous secret's grace period is named,
 * and the exit code is 1.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

let world: World;
before(async () => {
  world = await startWorld();
});
after(async () => world.close());

test('a failed verification exits 1, keeps the new secret saved, and says the old one still works', async () => {
  assert.equal((await world.pat(['create', '--name', 'thermal_pat'])).code, 0);
  // The service's config now asks for a role the token is not restricted to: logging in with it will fail.
  const config = await world.readConfig();
  await writeFile(world.configPath, JSON.stringify({ ...config, role: 'ANALYST' }, null, 2), { mode: 0o600 });
  const result = await world.pat(['rotate']);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /the new secret was saved but logging in with it failed/);
  assert.match(result.stderr, /previous secret still works until \d{4}-\d\d-\d\dT[\d:.]+Z \(token THERMAL_PAT_ROTATED_\d+\)/);
  const saved = await world.readConfig();
  assert.notEqual(saved.pat, config.pat, 'the new secret is in the config');
  const secrets = world.emulator.issuedSecrets();
  assert.equal(saved.pat, secrets[secrets.length - 1]);
});

test('--json reports verified:false with the reason; with 0 hours asked, the previous secret is kept alive', async () => {
  world.emulator.clock.advance(1000);
  const result = await world.pat(['--json', 'rotate', '--expire-old-after-hours', '0']);
  assert.equal(result.code, 1);
  const json = JSON.parse(result.stdout) as { verified: boolean; verify_error: string; written: boolean; rotated_token_removed: boolean };
  assert.equal(json.verified, false);
  assert.equal(json.written, true);
  assert.equal(json.rotated_token_removed, false, 'a secret that does not log in never retires the one that does');
  assert.match(json.verify_error, /390189|role/i);
  assert.match(result.stderr, /previous secret still works until .* \(token THERMAL_PAT_ROTATED_\d+\)/);
});
