/**
 * The program: the commander program, global options, the Factory every command receives, and the one place that
 * turns errors into messages and exit codes (0 ok, 1 Snowflake/network/runtime failure, 2 usage/validation/config
 * error, 3 `status` warning). Commands come from the table in src/commands/table.ts: only the invoked verb is
 * registered (all of them for help); heavy modules (snowflake-sdk, zod, yaml, the emulator) load only when used.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline/promises';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_CONFIG_FILE } from './config/names.js';
import type { Factory, GlobalOptions } from './factory.js';
import type { Runner } from './commands/command.js';
import { commandsFor } from './commands/table.js';
import { loadProvider } from './providers/provider.js';
import type { SessionFactory } from './providers/snowflake/client.js';
import { ExitCode, PatError, UsageError } from './errors.js';
import { applyHelpStyle, helpWidth, MIN_WIDTH_TO_WRAP } from './output/help.js';
import { createIo, type Io } from './output/io.js';
import { integerInRange } from './kernel/numbers.js';

export interface Process {
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The time pat reasons with (expiry, "expiring soon"); default the wall clock. Tests pass the emulator's. */
  now?: () => Date;
  /** How Snowflake sessions are opened; default the driver. Tests may wrap it (count logins, inject failures). */
  sessions?: SessionFactory;
}

/** The driver-backed session factory, loaded on the first login (the driver wrapper is heavy). */
const driverSessions: SessionFactory = {
  open: async (target, options) => (await import('./providers/snowflake/client.js')).openSession(target, options),
  withSession: async (target, options, work) => (await import('./providers/snowflake/client.js')).withSession(target, options, work),
};

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

interface RawGlobals {
  provider?: 'snowflake' | 'pangolin';
  pyicebergConfig?: string;
  config?: string;
  connection?: string;
  json?: boolean;
  verbose?: boolean;
  timeout: string;
  color: boolean;
}

/** --provider, else PAT_PROVIDER, else the kind of target config (a PyIceberg YAML means Pangolin). */
function providerOf(raw: RawGlobals, env: NodeJS.ProcessEnv): 'snowflake' | 'pangolin' {
  if (raw.provider) return raw.provider;
  const fromEnv = env.PAT_PROVIDER?.toLowerCase();
  if (fromEnv === 'snowflake' || fromEnv === 'pangolin') return fromEnv;
  if (fromEnv) throw new UsageError(`PAT_PROVIDER must be snowflake or pangolin; got "${env.PAT_PROVIDER}".`);
  if (raw.pyicebergConfig || /\.ya?ml$/i.test(raw.config ?? '')) return 'pangolin';
  return 'snowflake';
}

function globalsFrom(raw: RawGlobals, env: NodeJS.ProcessEnv): GlobalOptions {
  return {
    provider: providerOf(raw, env),
    pyicebergConfig: raw.pyicebergConfig,
    config: raw.config ?? env.SNOWFLAKE_PAT_CONFIG ?? DEFAULT_CONFIG_FILE,
    connection: raw.connection,
    json: Boolean(raw.json),
    verbose: Boolean(raw.verbose),
    timeout: integerInRange(raw.timeout, '--timeout', 1, 3600),
  };
}

function reportError(io: Io, error: unknown, verbose: boolean): number {
  if (error instanceof PatError) {
    io.err(io.errColour.red(`error: ${error.message}`));
    if (error.hint) io.err(`hint: ${error.hint}`);
    return error.exitCode;
  }
  io.err(io.errColour.red(`error: ${error instanceof Error ? error.message : String(error)}`));
  if (verbose && error instanceof Error && error.stack) io.err(error.stack);
  return ExitCode.failure;
}

export async function main(proc: Process): Promise<number> {
  const rawArgs = proc.argv.slice(2);
  const env = { ...proc.env };
  if (rawArgs.includes('--no-color')) env.NO_COLOR = '1';
  const io = createIo({
    stdout: proc.stdout,
    stderr: proc.stderr,
    stdinIsTTY: Boolean(proc.stdin.isTTY),
    env,
    verbose: rawArgs.includes('--verbose'),
    readLine: async (question) => {
      const rl = createInterface({ input: proc.stdin, output: proc.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  });

  let exitCode: number = ExitCode.ok;
  const width = helpWidth(proc.stdout);
  const program = new Command('pat')
    // Before any command is added: subcommands copy these settings when they are created.
    .configureHelp({ helpWidth: width, minWidthToWrap: MIN_WIDTH_TO_WRAP })
    .description('Manage Snowflake programmatic access tokens: create, rotate, list, revoke, test.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--config <path>', `service config file (env SNOWFLAKE_PAT_CONFIG; default ./${DEFAULT_CONFIG_FILE})`)
    .option('-c, --connection <name>', 'admin connection in ~/.snowflake/connections.toml or config.toml')
    .option('--json', 'machine-readable output on stdout')
    .option('--verbose', 'log SQL, endpoints and timings to stderr (never secrets)')
    .addOption(new Option('--provider <name>', 'token system: snowflake, or pangolin (default: inferred from the config)').choices(['snowflake', 'pangolin']))
    .addOption(new Option('--timeout <seconds>', 'budget for the login and for each statement, retries included').default('30'))
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .addOption(
      new Option('--pyiceberg-config <path>', 'PyIceberg config holding the catalog token (default ~/.pyiceberg.yaml)').helpGroup(
        'Pangolin options:',
      ),
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => proc.stdout.write(text),
      writeErr: (text) => proc.stderr.write(text),
    });

  const factory = (): Factory => {
    const globals = globalsFrom(program.opts<RawGlobals>(), env);
    return {
      io,
      env,
      cwd: proc.cwd,
      // The process's own HOME, so a run in process (tests) reads and writes the home folder its env names.
      homeDir: env.HOME || os.homedir(),
      now: proc.now ?? (() => new Date()),
      globals,
      sessions: proc.sessions ?? driverSessions,
      provider: () => loadProvider(globals.provider),
      runPat: (args, runEnv, cwd) => main({ ...proc, argv: ['node', 'pat', ...args], env: runEnv, cwd }),
    };
  };
  // Each command's action runs through here so its exit code is kept.
  const run: Runner = (work) => async (...args) => {
    exitCode = await work(factory(), ...args);
  };

  // Only the invoked verb is registered; `pat --help`, `pat help` and completion register them all, in table order.
  for (const entry of commandsFor(rawArgs)) entry.register(program, run);
  applyHelpStyle(program, width);

  try {
    await program.parseAsync(proc.argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with exit code 0; every other parse error is a usage error.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') {
        return ExitCode.ok;
      }
      return ExitCode.usage;
    }
    return reportError(io, error, rawArgs.includes('--verbose'));
  }
}
