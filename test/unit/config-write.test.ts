import assert from 'node:assert/strict';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ExitCode, FailureError } from '../../src/errors.js';
import {
  atomicWrite,
  realSteps,
  serializeConfig,
  updateConfig,
  writeSecret,
  type AtomicWriteSteps,
} from '../../src/config/index.js';

const OLD_SECRET = 'pat-OLD-secret-1111';
const NEW_SECRET = 'pat-NEW-secret-2222';
const NAME = 'snowflake_config.json';

let root: string;
let dir: string;
let file: string;
let counter = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'pat-config-write-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  dir = join(root, `case-${++counter}`);
  await mkdir(dir);
  file = join(dir, NAME);
});

const base = () => ({
  comment: 'keep me',
  user: 'SVC_USER',
  account: 'acme-prod',
  pat: OLD_SECRET,
  pat_name: 'old_name',
  role: 'INGEST',
  private_key_file: '/keys/rsa.p8',
  channel_name: 'ch1',
  extra: { nested: [1, { deep: true }] },
});

async function put(body: Record<string, unknown>, mode = 0o600): Promise<void> {
  await writeFile(file, serializeConfig(body));
  await chmod(file, mode);
}

async function onDisk(path = file): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

async function tempFiles(folder = dir): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.includes('.pat-tmp-'));
}

function assertFailure(error: unknown, ...mustContain: string[]): true {
  assert.ok(error instanceof FailureError, `expected FailureError, got ${String(error)}`);
  assert.equal(error.exitCode, ExitCode.failure);
  for (const text of mustContain) assert.ok(error.message.includes(text), `"${error.message}" lacks "${text}"`);
  for (const secret of [OLD_SECRET, NEW_SECRET]) {
    assert.ok(!error.message.includes(secret), 'message contains a secret');
    assert.ok(!(error.hint ?? '').includes(secret), 'hint contains a secret');
  }
  return true;
}

describe('writeSecret', () => {
  it('sets pat and pat_name in place, removes private_key_file, keeps other fields and order', async () => {
    await put(base());
    const report = await writeSecret(file, { pat: NEW_SECRET, patName: 'new_name' });
    assert.equal(report.path, file);
    const written = await onDisk();
    assert.deepEqual(Object.keys(written), ['comment', 'user', 'account', 'pat', 'pat_name', 'role', 'channel_name', 'extra']);
    const expected: Record<string, unknown> = { ...base(), pat: NEW_SECRET, pat_name: 'new_name' };
    delete expected.private_key_file;
    assert.deepEqual(written, expected);
  });

  it('appends pat and pat_name when absent', async () => {
    await put({ user: 'U', account: 'A', zz: 1 });
    await writeSecret(file, { pat: NEW_SECRET, patName: 'n1' });
    assert.deepEqual(Object.keys(await onDisk()), ['user', 'account', 'zz', 'pat', 'pat_name']);
  });

  it('writes 2-space JSON with a trailing newline', async () => {
    await put({ user: 'U', account: 'A' });
    await writeSecret(file, { pat: NEW_SECRET, patName: 'n' });
    assert.equal(
      await readFile(file, 'utf8'),
      `{\n  "user": "U",\n  "account": "A",\n  "pat": "${NEW_SECRET}",\n  "pat_name": "n"\n}\n`,
    );
  });

  it('final mode is 0600 and a looser previous mode is reported', async () => {
    await put(base(), 0o644);
    const report = await writeSecret(file, { pat: NEW_SECRET, patName: 'n' });
    assert.equal(report.tightenedFrom, 0o644);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('no tightenedFrom when already 0600 (or stricter)', async () => {
    await put(base(), 0o600);
    assert.equal((await writeSecret(file, { pat: NEW_SECRET, patName: 'n' })).tightenedFrom, undefined);
    await chmod(file, 0o400);
    assert.equal((await writeSecret(file, { pat: OLD_SECRET, patName: 'n' })).tightenedFrom, undefined);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('writes through a symlink: the link stays a link, the target gets the secret', async () => {
    const realDir = join(dir, 'real');
    await mkdir(realDir);
    const target = join(realDir, 'target.json');
    await writeFile(target, serializeConfig(base()));
    await chmod(target, 0o644);
    await symlink(join('real', 'target.json'), file);
    const report = await writeSecret(file, { pat: NEW_SECRET, patName: 'n' });
    assert.equal(report.path, target);
    assert.equal(report.tightenedFrom, 0o644);
    assert.ok((await lstat(file)).isSymbolicLink());
    assert.equal((await onDisk(target)).pat, NEW_SECRET);
    assert.equal((await stat(target)).mode & 0o777, 0o600);
    assert.deepEqual(await tempFiles(), []);
    assert.deepEqual(await tempFiles(realDir), []);
  });

  it('atomicWrite through a dangling symlink creates the target', async () => {
    await symlink('missing-target.json', file);
    await atomicWrite(file, serializeConfig({ user: 'U', account: 'A' }));
    assert.ok((await lstat(file)).isSymbolicLink());
    assert.equal((await onDisk(join(dir, 'missing-target.json'))).user, 'U');
  });

  it('a new file is 0600 whatever the umask', async () => {
    const previous = process.umask(0o277);
    try {
      await atomicWrite(file, serializeConfig({ user: 'U', account: 'A' }));
    } finally {
      process.umask(previous);
    }
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  it('never hands the secret file to the previous owner when root rewrites another user\'s file', async () => {
    assert.equal(process.getuid?.(), 0, 'needs root to chown (CI and the team machines run as root): a failure, never a skip');
    await put(base());
    await chown(file, 4321, 4322);
    await writeSecret(file, { pat: NEW_SECRET, patName: 'n' });
    const info = await stat(file);
    assert.equal(info.uid, 0);
    assert.equal(info.gid, 0);
  });

  it('missing config: FailureError (Snowflake was already changed), not a ConfigError', async () => {
    await assert.rejects(writeSecret(file, { pat: NEW_SECRET, patName: 'n' }), (error) =>
      assertFailure(error, `${file} not found`),
    );
  });

  it('target path is a directory: FailureError naming the file and EISDIR', async () => {
    await mkdir(file);
    await assert.rejects(atomicWrite(file, serializeConfig({ user: 'U', account: 'A', pat: NEW_SECRET })), (error) =>
      assertFailure(error, `Could not write ${file}`, 'EISDIR'),
    );
    assert.deepEqual(await tempFiles(), []);
  });

  it('parent folder does not exist: FailureError naming the file and ENOENT', async () => {
    const missing = join(dir, 'no', 'such', NAME);
    await assert.rejects(atomicWrite(missing, serializeConfig({ user: 'U', account: 'A', pat: NEW_SECRET })), (error) =>
      assertFailure(error, `Could not write ${missing}`, 'does not exist (ENOENT)'),
    );
  });
});

describe('atomicWrite step failures', () => {
  type StepName = 'open' | 'write' | 'partial-write' | 'sync' | 'close' | 'rename';
  const cases: Array<{ step: StepName; code: string }> = [
    { step: 'open', code: 'EACCES' },
    { step: 'write', code: 'ENOSPC' },
    { step: 'partial-write', code: 'ENOSPC' },
    { step: 'sync', code: 'EIO' },
    { step: 'close', code: 'EIO' },
    { step: 'rename', code: 'EACCES' },
  ];

  function failing(step: StepName, code: string): AtomicWriteSteps {
    const boom = () => Object.assign(new Error(`${code}: simulated`), { code });
    return {
      ...realSteps,
      async open(path) {
        if (step === 'open') throw boom();
        return realSteps.open(path);
      },
      async write(handle, data) {
        if (step === 'write') throw boom();
        if (step === 'partial-write') {
          await handle.write(data.slice(0, Math.floor(data.length / 2)));
          throw boom();
        }
        return realSteps.write(handle, data);
      },
      async sync(handle) {
        if (step === 'sync') throw boom();
        return realSteps.sync(handle);
      },
      async close(handle) {
        await realSteps.close(handle);
        if (step === 'close') throw boom();
      },
      async rename(from, to) {
        if (step === 'rename') throw boom();
        return realSteps.rename(from, to);
      },
    };
  }

  for (const { step, code } of cases) {
    it(`failure at ${step} (${code}): old config intact, no temp file, FailureError without the secret`, async () => {
      await put(base(), 0o644);
      const before = await readFile(file, 'utf8');
      await assert.rejects(writeSecret(file, { pat: NEW_SECRET, patName: 'n' }, { steps: failing(step, code) }), (error) =>
        assertFailure(error, `Could not write ${file}`, `(${code})`),
      );
      assert.equal(await readFile(file, 'utf8'), before);
      assert.equal((await onDisk()).pat, OLD_SECRET);
      assert.deepEqual(await tempFiles(), []);
    });
  }

  it('a failing folder fsync is best effort: the new config is written', async () => {
    await put(base());
    const steps: AtomicWriteSteps = {
      ...realSteps,
      syncDir: async () => {
        throw Object.assign(new Error('EINVAL'), { code: 'EINVAL' });
      },
    };
    await writeSecret(file, { pat: NEW_SECRET, patName: 'n' }, { steps });
    assert.equal((await onDisk()).pat, NEW_SECRET);
    assert.deepEqual(await tempFiles(), []);
  });

  it('a successful write calls the steps in order and fsyncs before rename', async () => {
    await put(base());
    const calls: string[] = [];
    const steps: AtomicWriteSteps = {
      open: async (p) => (calls.push('open'), realSteps.open(p)),
      write: async (h, d) => (calls.push('write'), realSteps.write(h, d)),
      sync: async (h) => (calls.push('sync'), realSteps.sync(h)),
      close: async (h) => (calls.push('close'), realSteps.close(h)),
      rename: async (a, b) => {
        calls.push('rename');
        assert.match(a, new RegExp(`/\\.${NAME.replace('.', '\\.')}\\.pat-tmp-${process.pid}-[0-9a-f]+$`));
        assert.equal((await stat(a)).mode & 0o777, 0o600);
        return realSteps.rename(a, b);
      },
      syncDir: async (d) => (calls.push('syncDir'), realSteps.syncDir(d)),
      unlink: async (p) => (calls.push('unlink'), realSteps.unlink(p)),
    };
    await writeSecret(file, { pat: NEW_SECRET, patName: 'n' }, { steps });
    assert.deepEqual(calls, ['open', 'write', 'sync', 'close', 'rename', 'syncDir']);
  });
});

describe('temp files left by a killed writer', () => {
  it("the next write removes a dead writer's leftover (a hidden copy of a secret) and keeps a live writer's", async () => {
    await put(base());
    // A pid that cannot be running: above the kernel's pid_max (at most 2^22).
    const dead = join(dir, `.${NAME}.pat-tmp-4194999-0123456789ab`);
    const live = join(dir, `.${NAME}.pat-tmp-1-0123456789ab`); // pid 1 is always running
    const other = join(dir, `.other.json.pat-tmp-4194999-0123456789ab`); // another file's: not this write's business
    for (const leftover of [dead, live, other]) await writeFile(leftover, OLD_SECRET, { mode: 0o600 });
    await writeSecret(file, { pat: NEW_SECRET, patName: 'new_name' });
    const left = await tempFiles();
    assert.deepEqual(left.sort(), [`.${NAME}.pat-tmp-1-0123456789ab`, `.other.json.pat-tmp-4194999-0123456789ab`].sort());
  });
});

describe('updateConfig', () => {
  it('clears pat and pat_name, keeps the rest', async () => {
    await put(base());
    await updateConfig(file, (raw) => {
      delete raw.pat;
      delete raw.pat_name;
      return raw;
    });
    const written = await onDisk();
    assert.equal('pat' in written, false);
    assert.equal('pat_name' in written, false);
    assert.equal(written.comment, 'keep me');
    assert.equal(written.private_key_file, '/keys/rsa.p8');
  });

  it('renames pat_name in place', async () => {
    await put(base());
    await updateConfig(file, (raw) => ({ ...raw, pat_name: 'renamed' }));
    const written = await onDisk();
    assert.equal(written.pat_name, 'renamed');
    assert.deepEqual(Object.keys(written), Object.keys(base()));
  });

  it('refuses to write a config the update made invalid; file unchanged', async () => {
    await put(base());
    const before = await readFile(file, 'utf8');
    await assert.rejects(
      updateConfig(file, (raw) => {
        delete raw.account;
        return raw;
      }),
      (error) => assertFailure(error, `${file}: missing required field "account"`),
    );
    assert.equal(await readFile(file, 'utf8'), before);
  });

  it('mutate gets a copy: a throwing mutation changes nothing', async () => {
    await put(base());
    const before = await readFile(file, 'utf8');
    await assert.rejects(
      updateConfig(file, (raw) => {
        raw.user = 'changed';
        throw new Error('mutation failed');
      }),
      /mutation failed/,
    );
    assert.equal(await readFile(file, 'utf8'), before);
  });
});
