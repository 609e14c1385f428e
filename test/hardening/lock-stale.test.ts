/**
 * A lock left by a killed pat process is stale at once (its owner pid is dead on this host), and lock folders
 * are 0700 whatever the umask.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serializeConfig, withConfigLock } from '../../src/config/index.js';

const configModule = pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), '../../src/config/index.js')).href;

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'pat-lock-stale-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function freshConfig(name: string): Promise<string> {
  const file = join(root, `${name}.json`);
  await writeFile(file, serializeConfig({ user: 'U', account: 'A' }));
  return file;
}

/** A child that takes the lock, says so on stdout, and then waits to be killed. */
function lockHolder(file: string): Promise<{ pid: number; exited: Promise<void> }> {
  const script = `
    import { withConfigLock } from ${JSON.stringify(configModule)};
    await withConfigLock(process.env.PAT_TEST_CONFIG, async () => {
      process.stdout.write('locked\\n');
      await new Promise(() => setInterval(() => {}, 1000));
    });
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, PAT_TEST_CONFIG: file },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (chunk.includes('locked')) done({ pid: child.pid ?? -1, exited });
    });
  });
}

describe('stale locks', () => {
  it('a lock left by a process killed with SIGKILL is taken over at once, not after the stale period', async () => {
    const file = await freshConfig('killed');
    const holder = await lockHolder(file);
    assert.ok((await stat(`${file}.lock`)).isDirectory(), 'the child holds the lock');
    process.kill(holder.pid, 'SIGKILL');
    await holder.exited;
    // 200 ms is far below both the default wait (10 s) and the mtime stale period (30 s).
    const value = await withConfigLock(file, async () => 'taken over', { waitMs: 200 });
    assert.equal(value, 'taken over');
    await assert.rejects(stat(`${file}.lock`), /ENOENT/, 'released afterwards');
  });

  it('a lock held by a live process is still respected', async () => {
    const file = await freshConfig('live');
    const holder = await lockHolder(file);
    try {
      await assert.rejects(withConfigLock(file, async () => 'no', { waitMs: 200 }), /Another pat process is changing/);
    } finally {
      process.kill(holder.pid, 'SIGKILL');
      await holder.exited;
    }
  });

  it('the lock folder is 0700 even under umask 000', async () => {
    const file = await freshConfig('umask');
    const previous = process.umask(0);
    let mode = -1;
    try {
      await withConfigLock(file, async () => {
        mode = (await stat(`${file}.lock`)).mode & 0o777;
      });
    } finally {
      process.umask(previous);
    }
    assert.equal(mode.toString(8), '700');
  });
});
