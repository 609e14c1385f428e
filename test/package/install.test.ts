/**
 * The published package works as users get it: `npm pack` (of the build this suite runs against), installed from
 * the tarball alone into an empty folder (--omit=dev, --offline: with every dependency inside the bundle there is
 * nothing to fetch), then `pat --version`, `pat --help` and `pat demo` run through the installed bin link (so the
 * shebang is exercised too). Also: what the tarball holds, and the install footprint (issue #15: ≤ 20 MB).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PKG = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

async function du(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await du(full);
    else if (entry.isFile()) total += (await stat(full)).size;
  }
  return total;
}

describe('the packed tarball installs into an empty folder and runs', () => {
  let dir: string;
  let app: string;
  let files: string[];
  let pat: string;
  // npm with its own empty cache and no user config: nothing from this machine helps the install along.
  let npmEnv: NodeJS.ProcessEnv;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pat-package-'));
    npmEnv = { PATH: process.env.PATH, HOME: dir, npm_config_cache: path.join(dir, 'npm-cache'), npm_config_userconfig: path.join(dir, 'npmrc'), npm_config_update_notifier: 'false' };
    // --ignore-scripts: pack what this suite was built from, without running prepack's build again.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, env: npmEnv });
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    files = info!.files.map((f) => f.path);
    app = path.join(dir, 'app');
    await run('mkdir', [app]);
    await writeFile(path.join(app, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
    await run('npm', ['install', '--omit=dev', '--offline', '--no-audit', '--no-fund', path.join(dir, info!.filename)], { cwd: app, env: npmEnv });
    pat = path.join(app, 'node_modules', '.bin', 'pat');
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('the tarball holds the bundle, the JSON Schemas, LICENSE, NOTICE, README and package.json, and no tsc output or tests', () => {
    for (const f of ['package.json', 'LICENSE', 'NOTICE', 'README.md', 'dist/bundle/cli.js', 'schemas/snowflake_config.schema.json']) {
      assert.ok(files.includes(f), `${f} missing: ${files.join(', ')}`);
    }
    const other = (f: string) => !f.startsWith('dist/bundle/') && !/^schemas\/.*\.json$/.test(f) && !['package.json', 'LICENSE', 'NOTICE', 'README.md'].includes(f);
    assert.deepEqual(files.filter(other), []);
  });

  test('nothing but the package itself was installed, within 20 MB', async () => {
    const installed = (await readdir(path.join(app, 'node_modules'))).filter((n) => !n.startsWith('.'));
    assert.deepEqual(installed, [PKG.name]);
    const bytes = await du(path.join(app, 'node_modules'));
    assert.ok(bytes <= 20 * 1024 * 1024, `installed size ${(bytes / 1048576).toFixed(1)} MB`);
  });

  test('pat --version prints the package version', async () => {
    const { stdout } = await run(pat, ['--version'], { cwd: app, env: { PATH: process.env.PATH } });
    assert.equal(stdout, `${PKG.version}\n`);
  });

  test('pat --help lists the commands', async () => {
    const { stdout } = await run(pat, ['--help'], { cwd: app, env: { PATH: process.env.PATH } });
    assert.match(stdout, /^Usage: pat \[options\] \[command\]/);
    for (const command of ['create', 'rotate', 'list', 'revoke', 'test-connection', 'status', 'demo']) assert.match(stdout, new RegExp(`\\n  ${command} `));
  });

  test('pat demo runs the whole lifecycle against the built-in emulator', async () => {
    const { stdout, stderr } = await run(pat, ['demo'], { cwd: app, env: { PATH: process.env.PATH, HOME: dir, LANG: 'C.UTF-8' } });
    assert.match(stdout + stderr, /Demo complete: \d+ HTTP requests served by the emulator/);
  });
});
