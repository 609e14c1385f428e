/**
 * Handing a freshly issued secret to the user — for every provider: write it into its config (unless --no-write)
 * and any sinks (--env-file, --github-env), then report. The rule that matters: if a write fails, the secret still
 * reaches the user (the last line of stdout, or the JSON's "secret" field), the reason goes to stderr, and the exit
 * code says it failed — the service will never show it again.
 */
import path from 'node:path';
import { printJson, reporter } from '../output/report.js';
import type { Factory } from '../factory.js';
import type { SecretStore } from '../config/store.js';
import { ExitCode, PatError } from '../errors.js';
import { hasSinks, sinksFromFlags, type Sinks } from './sinks/flags.js';
import type { DeliveryRequest } from '../providers/provider.js';
import { deliverToSinks } from './sinks/index.js';
import { checkEnvFileTarget } from './sinks/env-file.js';
import { checkGithubEnvTarget } from './sinks/target-checks.js';
import { secretDelivered, secretIssued, secretSaved } from '../config/in-flight.js';

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
  /** Why a write failed, when one did (reportIssued then reveals the secret). */
  failure?: string;
  /** What failed, for the message: the config write, the sinks, or both. */
  failed?: { config?: string; sinks?: string };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Writes the secret into the provider's store (skipped with --no-write) and into every sink. */
export async function saveSecret(
  deps: Factory,
  options: SecretDelivery,
  issued: { secret: string; name: string },
  store: SecretStore | undefined,
): Promise<SaveOutcome> {
  const { secret } = issued;
  const outcome: SaveOutcome = { sinks: [] };
  const failures: string[] = [];
  const sinkLabels = [options.sinks?.githubEnvFile ? '$GITHUB_ENV' : undefined, options.sinks?.envFile].filter((x): x is string => x !== undefined);
  // Until reportIssued runs, an interrupt (cli.ts) says where the secret stands and hands it over if unsaved.
  secretIssued({
    secret,
    noun: deps.globals.provider === 'pangolin' ? 'token' : 'secret',
    savedTo: [],
    pendingTo: [...(options.write && store ? ['the config'] : []), ...sinkLabels],
  });
  if (options.write && store) {
    try {
      const report = await store.save(secret, issued.name);
      secretSaved('the config', report.path);
      outcome.path = report.path;
      outcome.tightenedFrom = report.tightenedFrom;
    } catch (error) {
      failures.push(reasonOf(error));
      outcome.failed = { ...outcome.failed, config: reasonOf(error) };
    }
  }
  if (options.sinks && hasSinks(options.sinks)) {
    try {
      outcome.sinks = await deliverToSinks(options.sinks, secret, (line) => deps.io.out(line, secret));
      for (const label of sinkLabels) secretSaved(label);
    } catch (error) {
      failures.push(reasonOf(error));
      outcome.failed = { ...outcome.failed, sinks: reasonOf(error) };
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
  /** The JSON document's own fields; config_path, written, sinks, write_error (and secret) are added here. */
  json: Record<string, unknown>;
  /** What the secret is called in messages: "secret" (Snowflake) or "token" (Pangolin). */
  noun: string;
  /** Where in the config it went, e.g. " as catalog.default.token" (empty when obvious). */
  savedAs?: string;
  /** Why losing it matters, said when a write failed. */
  stakes: string;
  /** Said first on stderr when the secret had to be re-issued after a lost reply. */
  recovery?: string;
}

/** Prints the outcome of create/rotate in the requested form and returns the exit code of the delivery. */
export function reportIssued(deps: Factory, options: SecretDelivery, secret: string, saved: SaveOutcome, report: IssueReport): number {
  // Synchronous from here on: the secret reaches stdout or a file before any interrupt could run.
  secretDelivered();
  const { io } = deps;
  const code = saved.failure ? ExitCode.failure : ExitCode.ok;
  // Name what failed: a sink failing after the config was saved must not read as "nothing was saved".
  const failed = () =>
    io.err(
      io.errColour.red.bold(
        saved.path && saved.failed?.config === undefined
          ? `error: the new ${report.noun} was saved to ${saved.path}, but a sink failed: ${saved.failure}`
          : `error: the new ${report.noun} could not be saved: ${saved.failure}`,
      ),
    );
  if (report.recovery) io.err(io.errColour.yellow(`note: ${report.recovery}`));
  if (options.secretOnly) io.out(secret, secret);
  if (deps.globals.json && !options.secretOnly) {
    // A failed write puts the secret in the JSON: it must reach the user somewhere.
    const reveal = options.showSecret || saved.failure !== undefined;
    printJson(
      deps,
      {
        ...report.json,
        config_path: saved.path ?? null,
        written: saved.path !== undefined,
        sinks: saved.sinks,
        write_error: saved.failure ?? null,
        ...(reveal ? { secret } : {}),
      },
      reveal ? secret : undefined,
    );
    if (saved.failure) {
      failed();
      io.err(io.errColour.red.bold(`${report.stakes} It is in the "secret" field of the JSON on stdout.`));
    }
    return code;
  }
  const say = reporter(deps, options.secretOnly || deps.globals.json);
  const ok = io.colour.green('✓');
  say(`${ok} ${report.headline}`);
  for (const line of report.lines) say(`  ${line}`);
  if (saved.path) {
    const tightened = saved.tightenedFrom !== undefined ? `, tightened from ${saved.tightenedFrom.toString(8).padStart(4, '0')}` : '';
    say(`${ok} Saved the ${report.noun} to ${saved.path}${report.savedAs ?? ''} (mode 0600${tightened})`);
  }
  for (const line of saved.sinks) say(`${ok} ${line}`);
  if (options.showSecret && !options.secretOnly) io.out(`  secret: ${secret}`, secret);
  if (saved.failure) {
    failed();
    io.err(io.errColour.red.bold(`${report.stakes} It is the last line on stdout: store it somewhere safe now.`));
    // --secret-only already put it on stdout, and so did --show-secret.
    if (!options.secretOnly && !options.showSecret) io.out(secret, secret);
  }
  return code;
}

/**
 * The delivery the user asked for, parsed and checked before the token system is asked for anything:
 * `defaultEnvVar` is the provider's variable name for --env-file / --github-env.
 */
export function parseDelivery(request: DeliveryRequest, f: Factory, defaultEnvVar: string): SecretDelivery {
  const delivery: SecretDelivery = {
    write: request.write,
    showSecret: request.showSecret,
    secretOnly: request.secretOnly,
    // A relative --env-file is the user's working folder's (the Factory's cwd: in process it is not process.cwd()).
    sinks: sinksFromFlags({ ...request.sinks, envFile: request.sinks.envFile ? path.resolve(f.cwd, request.sinks.envFile) : request.sinks.envFile }, f.env, defaultEnvVar),
  };
  checkDeliveryFlags(delivery, f.globals.json);
  return delivery;
}

/** Refuses flag combinations that cannot both be honoured. */
export function checkDeliveryFlags(options: SecretDelivery, json: boolean): void {
  if (options.secretOnly && json) {
    throw new PatError('--secret-only and --json cannot be combined: --secret-only makes stdout exactly the secret.', ExitCode.usage);
  }
  if (!options.write && !options.secretOnly && !options.showSecret && !hasSinks(options.sinks)) {
    // The secret would be shown nowhere and saved nowhere: it is never shown again.
    throw new PatError('--no-write needs --secret-only, --show-secret, --env-file or --github-env, or the new secret would be lost.', ExitCode.usage);
  }
  if (options.secretOnly && options.sinks?.githubEnvFile) {
    throw new PatError('--github-env and --secret-only cannot be combined: the ::add-mask:: command must go to stdout.', ExitCode.usage);
  }
  // The sinks must be able to take the secret before the token system issues one (exit 2, nothing sent).
  if (options.sinks?.envFile) checkEnvFileTarget(options.sinks.envFile);
  if (options.sinks?.githubEnvFile) checkGithubEnvTarget(options.sinks.githubEnvFile);
}
