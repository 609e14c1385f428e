/**
 * Reference for the cold-start table: the least a commander-based CLI can do for `--version` — import commander,
 * declare the program, parse. The floor for pat's `--help`/`--version` as long as they go through commander.
 */
import { Command } from 'commander';

new Command('pat').version('0.1.0', '-V, --version').parse(process.argv);
