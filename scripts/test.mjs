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
// The longest files start first, so that none of them is left running alone at the end (measured with
// `npm test -- --test-reporter=tap`); the rest follow in name order.
const LONGEST = [
  'dist/test/model/lifecycle.model.test.js',
  'dist/test/action/action.test.js',
  'dist/test/package/left-out.test.js',
  'dist/test/e2e/faults.test.js',
  'dist/test/fleet/kill.test.js',
  'dist/test/package/install.test.js',
  'dist/test/e2e/performance-guards.test.js',
];
const files = testFiles(path.join(ROOT, 'dist', 'test')).sort();
const ordered = [...LONGEST.filter((f) => files.includes(f)), ...files.filter((f) => !LONGEST.includes(f))];
// Three files at a time on 2 cores: many files wait on child processes, timeouts or held replies part of the time
// (measured once each on the shared 2-core machine: 205 s with 3, 236 s with 2). TEST_CONCURRENCY overrides. Extra
// arguments go to node, e.g.
// `npm test -- --test-reporter=tap`.
const concurrency = process.env.TEST_CONCURRENCY ?? '3';
run(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...process.argv.slice(2), ...ordered]);
