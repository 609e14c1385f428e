/**
 * Handing a freshly issued secret to the user: write it into the config (unless --no-write), and report.
 * The rule that matters: if the write fails, the secret still reaches the user (stdout), clearly, and the exit code
 * says it failed — Snowflake will never show it again.
 */
import type { LoadedConfig, WriteReport } from '../config/index.js';
import { ExitCode, PatError } from '../errors.js';
import type { IssuedSecret } from '../lifecycle/issue.js';
import { printJson, reporter, type Deps } from './runtime.js';

export interface SecretDelivery {
  write: boolean;
  showSecret: boolean;
  secretOnly: boolean;
}

export interface SaveOutcome {
  /** Where the secret was written, when it was. */
  path?: string;
  tightenedFrom?: number;
  /** Why the write failed, when it did (the secret has then been revealed on stdout). */
  failure?: string;
}

export async function saveSecret(
  deps: Deps,
  options: SecretDelivery,
  loaded: LoadedConfig | undefined,
  issued: IssuedSecret,
  write: (path: string, secret: { pat: string; patName: string }) => Promise<WriteReport>,
): Promise<SaveOutcome> {
  if (!options.write || !loaded) return {};
  try {
    const report = await write(loaded.path, { pat: issued.secret, patName: issued.name });
    return { path: report.path, tightenedFrom: report.tightenedFrom };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const { io } = deps;
    io.err(io.errColour.red.bold(`error: the new secret for ${issued.name} could not be saved: ${reason}`));
    io.err(io.errColour.red.bold('Snowflake shows a secret only once. It is printed on stdout now: store it somewhere safe.'));
    // --secret-only and --json already put the secret on stdout; print it here only for human output.
    if (!options.secretOnly && !deps.globals.json) io.out(issued.secret, issued.secret);
    return { failure: reason };
  }
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
    const revealSecret = options.showSecret || saved.failure !== undefined;
    printJson(
      deps,
      {
        token_name: issued.name,
        ...report.json,
        config_path: saved.path ?? null,
        written: saved.path !== undefined,
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
  if (options.showSecret && !options.secretOnly) io.out(`  secret: ${issued.secret}`, issued.secret);
  return code;
}

/** Refuses flag combinations that cannot both be honoured. */
export function checkDeliveryFlags(options: SecretDelivery, json: boolean): void {
  if (options.secretOnly && json) {
    throw new PatError('--secret-only and --json cannot be combined: --secret-only makes stdout exactly the secret.', ExitCode.usage);
  }
  if (!options.write && !options.secretOnly && !options.showSecret) {
    // The secret would be shown nowhere and saved nowhere: Snowflake never shows it again.
    throw new PatError('--no-write needs --secret-only or --show-secret, or the new secret would be lost.', ExitCode.usage);
  }
}
