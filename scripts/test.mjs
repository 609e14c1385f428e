/**
 * `npm test`: builds first unless the build is up to date, then runs every compiled test file.
 *
 * Up to date = `npm run build` finished (it writes dist/.build-stamp last) after the newest change to anything it
 * compiles or bundles. So CI, which has just run `npm run build`, does not compile a second time, while `npm test`
 * on a fresh clone or after an edit builds as before.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
const INPUTS = ['src', 'test', 'bench', 'scripts', 'packages/emulator/src', 'package.json', 'package-lock.json', 'tsconfig.json'];

function newest(target) {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function testFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.js') ? [path.relative(ROOT, full)] : [];
  });
}

const built = newest(STAMP);
const changed = Math.max(...INPUTS.map((input) => newest(path.join(ROOT, input))));
if (built === 0 || changed > built) run('npm', ['run', 'build']);
else console.error('npm test: the build is up to date (dist/.build-stamp), not building again');
// Test files at a time (TEST_CONCURRENCY overrides). Extra arguments go to node, e.g. `npm test -- --test-reporter=tap`.
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
run(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...process.argv.slice(2), ...testFiles(path.join(ROOT, 'dist', 'test')).sort()]);
