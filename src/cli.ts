#!/usr/bin/env -S node --
/**
 * The `pat` executable. Everything lives in main.ts so that tests and the demo can run the program in-process;
 * this file only binds it to the real process.
 *
 * Why `node --` in the shebang: Node 20 reads `--env-file` even when it comes after the script's path, so
 * `pat create --env-file x.env` would make node itself load (or fail on) x.env. The `--` ends node's options.
 */
import { main } from './main.js';

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
