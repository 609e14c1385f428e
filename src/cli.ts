#!/usr/bin/env -S node --
/**
 * The `pat` executable. Everything lives in main.ts so that tests and the demo can run the program in-process;
 * this file only binds it to the real process — answers `pat --version` (alone) itself, before the program is
 * loaded and built (the one question whose answer needs nothing but package.json), and makes Ctrl-C/SIGTERM say
 * where the token stands instead of exiting silently.
 *
 * Why `node --` in the shebang: Node 20 reads `--env-file` even when it comes after the script's path, so
 * `pat create --env-file x.env` would make node itself load (or fail on) x.env. The `--` ends node's options.
 */
import { readFileSync } from 'node:fs';

type InFlight = typeof import('./config/in-flight.js');

/**
 * Ctrl-C / SIGTERM: never exit silently. Remove temp files (a half-written config copy may hold a new secret),
 * then say where the token stands: a change request waiting for its answer may have run; an issued secret was or
 * was not saved — and if it was saved nowhere, it is printed now (the token system never shows it again).
 */
function onSignal({ inFlight, removeTempFiles }: InFlight, signal: NodeJS.Signals, code: number): void {
  const { pending, issued } = inFlight();
  // A command that waits for the signal itself (`pat emulator` runs until Ctrl-C) ends in its own way.
  if (!pending && !issued && process.listenerCount(signal) > 0) return;
  removeTempFiles();
  const say = (line: string) => process.stderr.write(`${line}\n`);
  if (issued) {
    const notYet = issued.pendingTo.length > 0 ? `; not written to ${issued.pendingTo.join(', ')}` : '';
    if (issued.savedTo.length > 0) {
      say(`error: interrupted (${signal}) after the new ${issued.noun} was issued and saved to ${issued.savedTo.join(', ')}${notYet}.`);
    } else {
      say(`error: interrupted (${signal}) after the new ${issued.noun} was issued; it was NOT saved (${issued.pendingTo.join(', ') || 'nowhere requested'}).`);
      say(`It is the last line on stdout: store it somewhere safe now — it is never shown again.`);
      process.stdout.write(`${issued.secret}\n`);
    }
  } else if (pending) {
    say(`error: interrupted (${signal}) while waiting for ${pending.where} to answer: ${pending.what}`);
    say('It may have run. Check with `pat list` (or `pat status`) before running the command again.');
  } else {
    say(`error: interrupted (${signal}).`);
  }
  process.exit(code);
}

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // package.json is two levels up both from dist/src/cli.js (tsc) and from dist/bundle/cli.js (the bundle).
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`${pkg.version}\n`);
} else {
  const { main } = await import('./main.js');
  // The in-flight record is loaded by whatever changes a token; at a signal, importing it again is instant (and
  // finds nothing in flight when no such module ran), so start-up does not pay for it.
  const on = (signal: NodeJS.Signals, code: number) => () => void import('./config/in-flight.js').then((m) => onSignal(m, signal, code));
  process.once('SIGINT', on('SIGINT', 130));
  process.once('SIGTERM', on('SIGTERM', 143));
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
