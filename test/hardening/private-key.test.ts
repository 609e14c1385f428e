/**
 * A key-pair admin connection whose private_key_file is missing, not a key, or needs another passphrase is
 * exit 2 naming the connection file and the setting, before anything is sent (it was exit 1 "Snowflake error
 * ENOENT" from the driver's login).
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

let world: World;
let connections: string;
let keyDir: string;
before(async () => {
  world = await startWorld();
  const dir = path.join(world.dir, 'home', '.snowflake');
  await mkdir(dir, { recursive: true });
  connections = path.join(dir, 'connections.toml');
  keyDir = path.join(world.dir, 'keys');
  await mkdir(keyDir);
});
after(async () => world.close());

/** pat with only connections.toml's [admin] section (key-pair login) as the admin connection. */
async function patWithKey(keyFile: string, passphrase?: string) {
  await writeFile(
    connections,
    `[admin]\naccount = "${world.emulator.account}"\nuser = "ADMIN"\nauthenticator = "SNOWFLAKE_JWT"\n` +
      `private_key_file = "${keyFile}"\n${passphrase === undefined ? '' : `private_key_file_pwd = "${passphrase}"\n`}` +
      `host = "127.0.0.1"\nport = ${world.emulator.port}\nprotocol = "http"\n`,
    { mode: 0o600 },
  );
  world.emulator.clearRequests();
  const env = Object.fromEntries(Object.keys(world.env).filter((k) => k.startsWith('SNOWFLAKE_')).map((k) => [k, undefined]));
  return world.pat(['--connection', 'admin', 'create', '--name', 'key_pat'], { env });
}

function encryptedKey(passphrase: string): string {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return privateKey;
}

describe('private_key_file of the admin connection', () => {
  test('missing: exit 2 naming the file, the setting and the connection file; nothing sent', async () => {
    const missing = path.join(keyDir, 'nope.p8');
    const result = await patWithKey(missing);
    assert.equal(result.code, 2, result.stderr);
    assert.ok(result.stderr.includes(`private key file ${missing} (private_key_file in [admin] of ${connections}) cannot be read`), result.stderr);
    assert.match(result.stderr, /ENOENT/);
    assert.deepEqual(world.emulator.requests, []);
  });

  test('not a key: exit 2, nothing sent', async () => {
    const junk = path.join(keyDir, 'junk.p8');
    await writeFile(junk, 'hello\n');
    const result = await patWithKey(junk);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /is not a PEM private key/);
    assert.deepEqual(world.emulator.requests, []);
  });

  test('wrong passphrase: exit 2 naming private_key_file_pwd in the connection file, never the passphrase; nothing sent', async () => {
    const key = path.join(keyDir, 'enc.p8');
    await writeFile(key, encryptedKey('right-horse'));
    const result = await patWithKey(key, 'wrong-battery');
    assert.equal(result.code, 2, result.stderr);
    assert.ok(result.stderr.includes(`passphrase from private_key_file_pwd in [admin] of ${connections}: wrong passphrase`), result.stderr);
    assert.ok(!result.stderr.includes('wrong-battery') && !result.stderr.includes('right-horse'));
    assert.deepEqual(world.emulator.requests, []);
  });

  test('encrypted, no passphrase: exit 2 saying a passphrase is needed', async () => {
    const key = path.join(keyDir, 'enc2.p8');
    await writeFile(key, encryptedKey('right-horse'));
    const result = await patWithKey(key);
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /is encrypted, and no passphrase is set/);
    assert.deepEqual(world.emulator.requests, []);
  });
});
