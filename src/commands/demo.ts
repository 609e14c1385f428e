/**
 * `pat demo` (and `npm run demo`): the whole lifecycle against the embedded emulator, printing each command as a
 * user would type it, then its output. It starts the emulator in this process, seeds the thermal-streaming world (service user
 * THERMAL_SVC with role THERMAL_ROLE and a network policy), writes a service config into a temp folder, and runs
 * pat itself (the Factory's runPat, in this process) for each step with an admin connection taken from SNOWFLAKE_* variables.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Factory } from '../factory.js';
import { shellQuote } from '../kernel/quote.js';
import type { Runner } from './command.js';

export function registerDemo(program: Command, run: Runner): void {
  program
    .command('demo')
    .description('walk through the whole token lifecycle against a built-in Snowflake emulator (no account needed)')
    .action(run(async (f) => runDemo(f)));
}

interface Step {
  args: string[];
  /** What the step shows, in one line. */
  says: string;
  expectedExit?: number;
}

export async function runDemo(deps: Factory): Promise<number> {
  const { io } = deps;
  // Loaded here only: the emulator package is for this command and `pat emulator`.
  const { adminEnvFor, serviceConfigFor, startEmulator, thermalSeed } = await import('snowflake-pat-emulator');
  const emulator = await startEmulator({ seed: thermalSeed() });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pat-demo-'));
  try {
    const configPath = path.join(dir, 'snowflake_config.json');
    const config = { ...serviceConfigFor(emulator), channel_name: 'thermal_channel_1' };
    await writeFile(configPath, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 });
    // The user's own SNOWFLAKE_* / PAT_* settings must not leak into the demo's admin connection.
    const inherited = Object.fromEntries(Object.entries(deps.env).filter(([key]) => !/^(SNOWFLAKE_|PAT_|PANGOLIN_)/.test(key)));
    const env = {
      ...inherited,
      HOME: dir,
      SNOWFLAKE_HOME: path.join(dir, '.snowflake'),
      ...adminEnvFor(emulator),
    };
    const heading = (text: string) => io.out(`\n${io.colour.bold.cyan('#')} ${io.colour.bold(text)}`);
    io.out(io.colour.bold(`pat demo — a Snowflake emulator is listening on ${emulator.url}`));
    io.out(`Service config: ${configPath}`);
    io.out('Admin connection: SNOWFLAKE_ACCOUNT / SNOWFLAKE_USER / SNOWFLAKE_PASSWORD / SNOWFLAKE_HOST / SNOWFLAKE_PORT / SNOWFLAKE_PROTOCOL');

    const steps: Step[] = [
      { args: ['create', '--name', 'thermal_pat', '--expires-in', '90', '--comment', 'thermal sensor ingest'], says: 'Create a token for the service user; the secret goes straight into the config' },
      { args: ['test-connection'], says: 'Deploy gate: log in with the PAT exactly as the service will' },
      { args: ['list'], says: "List the user's tokens" },
      { args: ['rotate'], says: 'Rotate: new secret saved and verified; the old one keeps working for 24 h' },
      { args: ['test-connection'], says: 'The service now logs in with the new secret' },
      { args: ['list'], says: 'The previous secret lives on as THERMAL_PAT_ROTATED_… until its grace period ends' },
      { args: ['status', '--warn-days', '14'], says: 'Expiry gate for cron/CI: exit 0 healthy, 3 expiring soon, 1 expired or invalid' },
      { args: ['revoke', '--yes'], says: 'Revoke the token (scripts pass --yes); pat clears it from the config' },
      { args: ['--config', 'deployed_copy.json', 'test-connection'], says: 'A copy deployed before the revoke no longer logs in', expectedExit: 1 },
    ];
    for (const step of steps) {
      heading(step.says);
      io.out(io.colour.dim(`$ pat ${step.args.map(shellQuote).join(' ')}`));
      if (step.args[0] === 'revoke') await copyFile(configPath, path.join(dir, 'deployed_copy.json'));
      const code = await deps.runPat(step.args, env, dir);
      const expected = step.expectedExit ?? 0;
      if (code !== expected) {
        io.err(io.errColour.red(`demo: "pat ${step.args.join(' ')}" exited ${code}, expected ${expected}`));
        return 1;
      }
      if (expected !== 0) io.out(io.colour.dim(`(exit code ${code}, as expected)`));
    }
    io.out(`\n${io.colour.green('✓')} Demo complete: ${emulator.requests.length} HTTP requests served by the emulator.`);
    return 0;
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
