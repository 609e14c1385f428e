import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gitExposure, gitignoreLine } from '../../src/config/index.js';

const NAME = 'snowflake_config.json';
let root: string;

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=pat test', '-c', 'user.email=pat@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    stdio: 'ignore',
  });
}

async function repo(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir);
  git(dir, 'init', '-q');
  return dir;
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'pat-config-git-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('gitExposure', () => {
  it('no-repo outside any work tree', async () => {
    const dir = join(root, 'plain');
    await mkdir(dir);
    await writeFile(join(dir, NAME), '{}');
    assert.deepEqual(await gitExposure(join(dir, NAME)), { state: 'no-repo' });
  });

  it('no-repo when the folder does not exist', async () => {
    assert.deepEqual(await gitExposure(join(root, 'nope', NAME)), { state: 'no-repo' });
  });

  it('not-ignored: advice with the exact .gitignore line', async () => {
    const dir = await repo('open');
    await writeFile(join(dir, NAME), '{}');
    const result = await gitExposure(join(dir, NAME));
    assert.equal(result.state, 'not-ignored');
    assert.ok(result.advice?.includes(`Add this line to ${join(dir, '.gitignore')}: ${NAME}`), result.advice);
  });

  it('not-ignored in a subfolder: the line is relative to the repository root', async () => {
    const dir = await repo('nested');
    await mkdir(join(dir, 'conf'));
    const result = await gitExposure(join(dir, 'conf', NAME));
    assert.equal(result.state, 'not-ignored');
    assert.ok(result.advice?.endsWith(`: conf/${NAME}`), result.advice);
  });

  it('ignored: no advice', async () => {
    const dir = await repo('ignored');
    await writeFile(join(dir, '.gitignore'), `${NAME}\n`);
    await writeFile(join(dir, NAME), '{}');
    assert.deepEqual(await gitExposure(join(dir, NAME)), { state: 'ignored' });
  });

  it('tracked (even when also ignored): advice with git rm --cached and the .gitignore line', async () => {
    const dir = await repo('tracked');
    await writeFile(join(dir, NAME), '{}');
    git(dir, 'add', NAME);
    git(dir, 'commit', '-q', '-m', 'oops');
    await writeFile(join(dir, '.gitignore'), `${NAME}\n`);
    const result = await gitExposure(join(dir, NAME));
    assert.equal(result.state, 'tracked');
    assert.ok(result.advice?.includes(`git rm --cached ${NAME}`), result.advice);
    assert.ok(result.advice?.includes(`.gitignore: ${NAME}`), result.advice);
  });

  it('no-repo when git is not installed', async () => {
    const dir = await repo('nogit');
    const saved = process.env.PATH;
    process.env.PATH = join(root, 'empty-path');
    try {
      assert.deepEqual(await gitExposure(join(dir, NAME)), { state: 'no-repo' });
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('gitignoreLine', () => {
  it('escapes characters that are special in .gitignore', () => {
    assert.equal(gitignoreLine('snowflake_config.json'), 'snowflake_config.json');
    assert.equal(gitignoreLine('a/[x]*.json'), 'a/\\[x\\]\\*.json');
    assert.equal(gitignoreLine('#conf.json'), '\\#conf.json');
  });
});
