import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serializeConfig } from '../../src/config/index.js';

const configModule = pathToFileURL(resolve(dirname(fileURLToPath(import.meta.url)), '../../src/config/index.js')).href;
// Measured with a plain (non-atomic) writeFile in the same loop: about 1 kill in 4 tears the file, so 20 kills miss a
// broken write with odds under 1 %.
const ITERATIONS = 20;
const OLD = 'pat-old-secret';
const NEW = ['pat-new-secret-A', 'pat-new-secret-B'];
const PADDING = 'x'.repeat(256 * 1024); // large enough that a kill often lands mid-write

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pat-config-kill-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The child rewrites the file in a loop with the lowest layer (atomicWrite, no lock: a
// SIGKILLed lock holder would leave a fresh lock behind and block the next child).
const script = `
  import { atomicWrite, serializeConfig } from ${JSON.stringify(configModule)};
  const path = process.env.PAT_TEST_CONFIG;
  const secrets = ${JSON.stringify(NEW)};
  const padding = 'x'.repeat(${PADDING.length});
  let i = 0;
  for (;;) {
    await atomicWrite(path, serializeConfig({ user: 'U', account: 'A', pat: secrets[i % 2], pat_name: 'n' + i, padding }));
    if (i++ === 0) process.stdout.write('ready\\n');
  }
`;

function runAndKill(file: string): Promise<NodeJS.Signals | null> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, PAT_TEST_CONFIG: file },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.on('error', fail);
    child.on('exit', (_code, signal) => done(signal));
    child.stdout.once('data', () => {
      setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 40));
    });
  });
}

it(`SIGKILL at random moments never leaves a torn config (${ITERATIONS} runs)`, async () => {
  const file = join(dir, 'snowflake_config.json');
  await writeFile(file, serializeConfig({ user: 'U', account: 'A', pat: OLD, pat_name: 'old', padding: PADDING }));
  const seen = new Set<string>();
  for (let i = 0; i < ITERATIONS; i++) {
    const signal = await runAndKill(file);
    assert.equal(signal, 'SIGKILL', `run ${i} was not killed`);
    const text = await readFile(file, 'utf8');
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      assert.fail(`run ${i}: torn config (${text.length} bytes)`);
    }
    assert.ok([OLD, ...NEW].includes(String(parsed.pat)), `run ${i}: unexpected pat`);
    assert.equal(parsed.user, 'U');
    assert.equal(parsed.padding, PADDING);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    seen.add(String(parsed.pat));
    // A kill between open and rename leaves a temp file: it must be private (0600).
    for (const name of await readdir(dir)) {
      if (!name.includes('.pat-tmp-')) continue;
      assert.equal((await stat(join(dir, name))).mode & 0o777, 0o600, `${name} is not 0600`);
      await rm(join(dir, name));
    }
  }
  // the children did write (the file changed from the old secret at least once)
  assert.ok(NEW.some((secret) => seen.has(secret)));
});
