import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ExitCode, FailureError } from '../../src/errors.js';
import { atomicWrite, readConfig, serializeConfig, updateConfig, withConfigLock } from '../../src/config/index.js';

const configModule = pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), '../../src/config/index.js')).href;

let root: string;
let file: string;
let n = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'pat-config-lock-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  const dir = join(root, `case-${++n}`);
  await mkdir(dir);
  file = join(dir, 'snowflake_config.json');
  await writeFile(file, serializeConfig({ user: 'U', account: 'A', counter: 0 }));
});

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** read counter, wait so that an unlocked peer would read the same value, write counter + 1 */
async function increment(path: string): Promise<void> {
  const { raw } = await readConfig(path);
  await sleep(30);
  await atomicWrite(path, serializeConfig({ ...raw, counter: Number(raw.counter) + 1 }));
}

describe('withConfigLock', () => {
  it('serialises in-process read-modify-write: no lost update', async () => {
    await Promise.all(Array.from({ length: 5 }, () => withConfigLock(file, () => increment(file))));
    assert.equal((await readConfig(file)).raw.counter, 5);
    assert.equal(await exists(`${file}.lock`), false, 'lock released');
  });

  it('serialises two child processes: final counter is 2', async () => {
    const script = `
      import { withConfigLock, readConfig, atomicWrite, serializeConfig } from ${JSON.stringify(configModule)};
      const path = process.env.PAT_TEST_CONFIG;
      await withConfigLock(path, async () => {
        const { raw } = await readConfig(path);
        await new Promise((r) => setTimeout(r, 300));
        await atomicWrite(path, serializeConfig({ ...raw, counter: Number(raw.counter) + 1 }));
      });
    `;
    const run = () =>
      new Promise<number | null>((done, fail) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
          env: { ...process.env, PAT_TEST_CONFIG: file },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        child.on('error', fail);
        child.on('exit', (code) => done(code));
      });
    const codes = await Promise.all([run(), run()]);
    assert.deepEqual(codes, [0, 0]);
    assert.equal((await readConfig(file)).raw.counter, 2);
  });

  it('updateConfig takes the lock too (concurrent updates are not lost)', async () => {
    await Promise.all(
      Array.from({ length: 4 }, () => updateConfig(file, (raw) => ({ ...raw, counter: Number(raw.counter) + 1 }))),
    );
    assert.equal((await readConfig(file)).raw.counter, 4);
  });

  it('works before the file exists, with the lock at <path>.lock', async () => {
    const fresh = join(dirname(file), 'new.json');
    const seen = await withConfigLock(fresh, async () => exists(`${fresh}.lock`));
    assert.equal(seen, true);
    assert.equal(await exists(`${fresh}.lock`), false);
  });

  it('is re-entrant: updateConfig inside withConfigLock does not wait for itself', async () => {
    await withConfigLock(file, () =>
      updateConfig(file, (raw) => ({ ...raw, counter: 41 }), { waitMs: 50 }),
    );
    assert.equal((await readConfig(file)).raw.counter, 41);
  });

  it('gives up after waitMs with a FailureError naming the file and the lock', async () => {
    let acquired!: () => void;
    let release!: () => void;
    const isAcquired = new Promise<void>((r) => (acquired = r));
    const gate = new Promise<void>((r) => (release = r));
    const holder = withConfigLock(file, async () => {
      acquired();
      await gate;
      return 'done';
    });
    await isAcquired;
    await assert.rejects(withConfigLock(file, async () => 'second', { waitMs: 100 }), (error: unknown) => {
      assert.ok(error instanceof FailureError);
      assert.equal(error.exitCode, ExitCode.failure);
      assert.equal(
        error.message,
        `Another pat process is changing ${file} (lock ${file}.lock). Try again when it finishes.`,
      );
      return true;
    });
    release();
    assert.equal(await holder, 'done');
    assert.equal(await withConfigLock(file, async () => 'third', { waitMs: 100 }), 'third');
  });

  it('releases the lock when fn throws', async () => {
    await assert.rejects(
      withConfigLock(file, async () => {
        throw new Error('inner');
      }),
      /inner/,
    );
    assert.equal(await exists(`${file}.lock`), false);
  });

  it('a folder that does not exist is a FailureError, not a hang', async () => {
    const missing = join(root, 'missing-dir', 'snowflake_config.json');
    await assert.rejects(withConfigLock(missing, async () => 1, { waitMs: 100 }), (error: unknown) => {
      assert.ok(error instanceof FailureError);
      assert.match(error.message, /^Could not lock .*missing-dir.*ENOENT/);
      return true;
    });
  });

  it('locks the symlink target, so two links to one file share one lock', async () => {
    const link = join(dirname(file), 'link.json');
    await symlink(file, link);
    await Promise.all([
      withConfigLock(file, () => increment(file)),
      withConfigLock(link, () => increment(link)),
    ]);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).counter, 2);
  });
});
