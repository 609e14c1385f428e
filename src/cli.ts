#!/usr/bin/env -S node --
/**
 * The `pat` executable. Everything lives in main.ts so that tests and the demo can run the program in-process;
 * this file only binds it to the real process — and answers `pat --version` (alone) itself, before the program
 * is loaded and built: that is the one question whose answer needs nothing but package.json.
 *
 * Why `node --` in the shebang: Node 20 reads `--env-file` even when it comes after the script's path, so
 * `pat create --env-file x.env` would make node itself load (or fail on) x.env. The `--` ends node's options.
 */
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // package.json is two levels up both from dist/src/cli.js (tsc) and from dist/bundle/cli.js (the bundle).
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
} else {
  // This is the real process: config/in-flight.ts installs the Ctrl-C / SIGTERM handler (clean up temp files, say
  // where the token stands) when a command that writes configs or talks to a token system loads it. Set as a flag,
  // not by importing it here, so that start-up stays light and `pat emulator` keeps its own signal handling.
  (globalThis as { [key: symbol]: unknown })[Symbol.for('pat.cli-process')] = true;
  const { main } = await import('./main.js');
  const code = await main({
    argv: process.argv,
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
  });
  // Exit explicitly once stdout has drained: the driver may keep sockets or retry timers alive after we are done.
  process.stdout.write('', () => process.exit(code));
}
