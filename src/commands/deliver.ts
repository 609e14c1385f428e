/**
 * Handing a freshly issued secret to the user: write it into the config (unless --no-write), and report.
 * The rule that matters: if the write fails, the secret still reaches the user (stdout), clearly, and the exit code
 * says it failed — Snowflake will never show it again.
 */
import { printJson, reporter, type Deps } from './action.js';
import type { LoadedConfig, WriteReport } from '../config/index.js';
import { ExitCode, PatError } from '../errors.js';
import type { IssuedSecret } from '../lifecycle/issue.js';
import { hasSinks, type Sinks } from '../sinks/flags.js';
import { deliverToSinks } from '../sinks/index.js';

export interface SecretDelivery {
  write: boolean;
  showSecret: boolean;
  secretOnly: boolean;
  /** --env-file / --github-env */
  sinks?: Sinks;
}

export interface SaveOutcome {
  /** Where the secret was written, when it was. */
  path?: string;
  tightenedFrom?: number;
  /** A line per extra sink written (--env-file, --github-env). */
  sinks: string[];
  /** Why a write failed, when one did (reportIssued then reveals the secret on stdout). */
  failure?: string;
}

export async function saveSecret(
  deps: Deps,
  options: SecretDelivery,
  loaded: LoadedConfig | undefined,
  issued: IssuedSecret,
  write: (path: string, secret: { pat: string; patName: string }) => Promise<WriteReport>,
): Promise<SaveOutcome> {
  const outcome: SaveOutcome = { sinks: [] };
  const failures: string[] = [];
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
  if (options.write && loaded) {
    try {
      const report = await write(loaded.path, { pat: issued.secret, patName: issued.name });
      outcome.path = report.path;
      outcome.tightenedFrom = report.tightenedFrom;
    } catch (error) {
      failures.push(reason(error));
    }
  }
  if (options.sinks && hasSinks(options.sinks)) {
    try {
      outcome.sinks = await deliverToSinks(options.sinks, issued.secret, (line) => deps.io.out(line, issued.secret));
    } catch (error) {
      failures.push(reason(error));
    }
  }
  if (failures.length > 0) outcome.failure = failures.join('; ');
  return outcome;
}

export interface IssueReport {
  /** Human sentence, e.g. "Created token THERMAL_PAT for user THERMAL_SVC". */
  headline: string;
  /** Extra human lines (expiry, grace period…). */
  lines: string[];
  /** Fields of the JSON document besides the common ones. */
  json: Record<string, unknown>;
}

/** Prints the outcome of create/rotate in the requested form and returns the exit code for the delivery. */
export function reportIssued(
  deps: Deps,
  options: SecretDelivery,
  issued: IssuedSecret,
  saved: SaveOutcome,
  report: IssueReport,
): number {
  const { io } = deps;
  const code = saved.failure ? ExitCode.failure : ExitCode.ok;
  if (options.secretOnly) io.out(issued.secret, issued.secret);
  if (deps.globals.json && !options.secretOnly) {
    // A failed write puts the secret in the JSON: it must reach the user somewhere.
    const revealSecret = options.showSecret || saved.failure !== undefined;
    printJson(
      deps,
      {
        token_name: issued.name,
        ...report.json,
        config_path: saved.path ?? null,
        written: saved.path !== undefined,
        sinks: saved.sinks,
        write_error: saved.failure ?? null,
        recovery: issued.recovery ?? null,
        ...(revealSecret ? { secret: issued.secret } : {}),
      },
      revealSecret ? issued.secret : undefined,
    );
    return code;
  }
  const say = reporter(deps, options.secretOnly || deps.globals.json);
  const ok = io.colour.green('✓');
  if (issued.recovery) io.err(io.errColour.yellow(`note: ${issued.recovery}`));
  say(`${ok} ${report.headline}`);
  for (const line of report.lines) say(`  ${line}`);
  if (saved.path) {
    const tightened = saved.tightenedFrom !== undefined ? ` (tightened from ${saved.tightenedFrom.toString(8).padStart(4, '0')})` : '';
    say(`${ok} Saved the secret to ${saved.path} (mode 0600${tightened})`);
  }
  for (const line of saved.sinks) say(`${ok} ${line}`);
  if (options.showSecret && !options.secretOnly) io.out(`  secret: ${issued.secret}`, issued.secret);
  if (saved.failure) {
    io.err(io.errColour.red.bold(`error: the new secret for ${issued.name} could not be saved: ${saved.failure}`));
    io.err(io.errColour.red.bold('Snowflake shows a secret only once. It is the last line on stdout: store it somewhere safe now.'));
    // --secret-only already put it on stdout, and so did --show-secret.
    if (!options.secretOnly && !options.showSecret) io.out(issued.secret, issued.secret);
  }
  return code;
}

/** Refuses flag combinations that cannot both be honoured. */
export function checkDeliveryFlags(options: SecretDelivery, json: boolean): void {
  if (options.secretOnly && json) {
    throw new PatError('--secret-only and --json cannot be combined: --secret-only makes stdout exactly the secret.', ExitCode.usage);
  }
  if (!options.write && !options.secretOnly && !options.showSecret && !hasSinks(options.sinks)) {
    // The secret would be shown nowhere and saved nowhere: Snowflake never shows it again.
    throw new PatError('--no-write needs --secret-only, --show-secret, --env-file or --github-env, or the new secret would be lost.', ExitCode.usage);
  }
  if (options.secretOnly && options.sinks?.githubEnvFile) {
    throw new PatError('--github-env and --secret-only cannot be combined: the ::add-mask:: command must go to stdout.', ExitCode.usage);
  }
}
