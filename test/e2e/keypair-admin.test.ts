/**
 * The CLI's admin connection with a key pair (authenticator SNOWFLAKE_JWT + private_key_file), end to end: the built
 * CLI, the real snowflake-sdk signing the JWT, and the emulator verifying it against ADMIN's registered key.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

describe('admin connection with private_key_file', () => {
  let world: World;
  let keyFile = '';
  let otherKeyFile = '';
  const keyPairEnv = (file: string) => ({ SNOWFLAKE_PASSWORD: undefined, SNOWFLAKE_AUTHENTICATOR: 'SNOWFLAKE_JWT', SNOWFLAKE_PRIVATE_KEY_FILE: file });

  before(async () => {
    world = await startWorld();
    const write = async (name: string): Promise<{ file: string; publicB64: string }> => {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const file = path.join(world.dir, name);
      await writeFile(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
      return { file, publicB64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64') };
    };
    const registered = await write('admin_key.p8');
    keyFile = registered.file;
    otherKeyFile = (await write('other_key.p8')).file;
    await world.emulator.runAs('ADMIN', `ALTER USER ADMIN SET RSA_PUBLIC_KEY = '${registered.publicB64}'`);
  });
  after(async () => world.close());

  test('create and list run over a JWT login signed with the key file', async () => {
    world.emulator.clearRequests();
    const created = await world.pat(['create', '--name', 'kp_pat', '--expires-in', '10'], { env: keyPairEnv(keyFile) });
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created token KP_PAT for user THERMAL_SVC/);
    const logins = world.emulator.requests.filter((r) => r.kind === 'login');
    assert.ok(logins.some((r) => r.authenticator === 'SNOWFLAKE_JWT' && r.loginName === 'ADMIN' && r.status === 200 && r.errorCode === undefined));
    const listed = await world.pat(['list'], { env: keyPairEnv(keyFile) });
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /KP_PAT/);
  });

  test('a key that is not registered is refused with 390144 and exit 1', async () => {
    const refused = await world.pat(['list'], { env: keyPairEnv(otherKeyFile) });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /390144/);
  });
});
