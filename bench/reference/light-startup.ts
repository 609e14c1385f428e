/**
 * Reference for the cold-start table: the start-up graph a lazily-loading main.ts would keep for --help,
 * --version and validation failures — commander, pat's Io (chalk, the redactor), errors and the SQL validators —
 * and nothing else (no zod, smol-toml, proper-lockfile, cli-table3, command implementations). Parses --version.
 * It estimates what BENCHMARKS.md's recommendation 1 would reach.
 */
import { Command } from 'commander';
import { ExitCode } from '../../src/errors.js';
import { createIo } from '../../src/output/io.js';
import { integerInRange } from '../../src/providers/snowflake/sql.js';

const io = createIo({ stdout: process.stdout, stderr: process.stderr, stdinIsTTY: false, env: process.env, verbose: false });
const program = new Command('pat').version('0.1.0', '-V, --version').exitOverride();
program.command('create').option('--expires-in <days>').action((flags: { expiresIn?: string }) => {
  if (flags.expiresIn !== undefined) integerInRange(flags.expiresIn, '--expires-in', 1, 365);
});
try {
  program.parse(process.argv);
} catch (error) {
  if (!(error instanceof Error) || !('code' in error) || error.code !== 'commander.version') io.err(String(error));
  process.exitCode = ExitCode.ok;
}
