// The snowflake-pat-emulator package as another project sees it: its bin starts either emulator and prints the
// banner; its root entry exports the public API.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import * as api from 'snowflake-pat-emulator';

const pkgJson = createRequire(import.meta.url).resolve('snowflake-pat-emulator/package.json');

async function runBin(args: string[], ready: RegExp): Promise<{ stdout: string; url: string; stop(): Promise<number | null> }> {
  const pkg = JSON.parse(await readFile(pkgJson, 'utf8')) as { bin: Record<string, string> };
  const bin = path.join(path.dirname(pkgJson), pkg.bin['snowflake-pat-emulator'] ?? '');
  const child = spawn(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const m = ready.exec(stdout);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${stdout}`)));
  });
  return {
    stdout,
    url,
    stop: async () => {
      child.kill('SIGINT');
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

test('the public entry exports both starters, the clock types and the banners', () => {
  for (const name of ['startEmulator', 'startPangolinEmulator', 'thermalSeed', 'pangolinDemoSeed', 'describeForUser', 'describePangolinForUser', 'adminEnvFor', 'parseStatement']) {
    assert.equal(typeof (api as Record<string, unknown>)[name], 'function', name);
  }
});

test('bin: the Snowflake emulator answers a login on the printed URL; the Pangolin one its health check; Ctrl-C exits 0', async () => {
  const sf = await runBin(['--port', '0'], /Snowflake emulator listening on (http:\/\/127\.0\.0\.1:\d+)/);
  try {
    assert.match(sf.stdout, /SYSTEM\$EMULATOR_ADVANCE_CLOCK/);
    const clock = await fetch(`${sf.url}/emulator/clock`);
    assert.equal(((await clock.json()) as Record<string, unknown>)['kind'], 'real', 'standalone runs on the real clock');
  } finally {
    assert.equal(await sf.stop(), 0);
  }
  const pg = await runBin(['--pangolin', '--port', '0'], /Pangolin emulator listening on (http:\/\/127\.0\.0\.1:\d+)/);
  try {
    assert.match(pg.stdout, /PANGOLIN_USERNAME=admin/);
    assert.equal((await fetch(`${pg.url}/health/live`)).status, 200);
  } finally {
    assert.equal(await pg.stop(), 0);
  }
});
