/**
 * Handing a freshly issued Pangolin token to the user: into the PyIceberg config (unless --no-write) and any
 * sinks (--env-file, --github-env), then the report. The rule that matters, as for Snowflake: if a write fails the
 * token still reaches the user — it is printed on stdout, the reason goes to stderr, and the exit code is 1.
 * (Pangolin never shows a token again, and a rotation has already revoked the previous one.)
 */
import { printJson, reporter, type Deps } from '../../commands/action.js';
import { checkDeliveryFlags, type SecretDelivery } from '../../commands/deliver.js';

import { ExitCode } from '../../errors.js';
import { hasSinks, sinksFromFlags } from '../../sinks/flags.js';
import { deliverToSinks } from '../../sinks/index.js';
import type { PangolinFlags } from './flags.js';
import { writeToken } from './pyiceberg.js';

/**
 * PyIceberg reads `PYICEBERG_CATALOG__<NAME>__TOKEN` (lower-cased, "_" read as "-"), so that is the default name
 * for --env-file / --github-env. A catalog whose name has "_" cannot be reached that way: PANGOLIN_TOKEN then.
 */
export function defaultEnvVar(catalog: string): string {
  return catalog.includes('_') ? 'PANGOLIN_TOKEN' : `PYICEBERG_CATALOG__${catalog.toUpperCase().replace(/-/g, '_')}__TOKEN`;
}

/** Delivery flags, checked before the network. Create and rotate default --env-var to the PyIceberg variable. */
export function deliveryFromFlags(flags: PangolinFlags, deps: Deps, catalog: string): SecretDelivery {
  const sinkFlags = { envFile: flags.envFile, githubEnv: flags.githubEnv, envVar: flags.envVar };
  if (sinkFlags.envVar === undefined && (flags.envFile || flags.githubEnv)) sinkFlags.envVar = defaultEnvVar(catalog);
  const delivery: SecretDelivery = {
    write: flags.write !== false,
    showSecret: Boolean(flags.showSecret),
    secretOnly: Boolean(flags.secretOnly),
    sinks: sinksFromFlags(sinkFlags, deps.env),
  };
  checkDeliveryFlags(delivery, deps.globals.json);
  return delivery;
}

export interface Saved {
  path?: string;
  tightenedFrom?: number;
  sinks: string[];
  failure?: string;
}

export async function saveToken(
  deps: Deps,
  delivery: SecretDelivery,
  target: { path: string; catalog: string; uri: string },
  token: string,
): Promise<Saved> {
  const saved: Saved = { sinks: [] };
  const failures: string[] = [];
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
  if (delivery.write) {
    try {
      const report = await writeToken(target.path, target.catalog, token, target.uri);
      saved.path = report.path;
      saved.tightenedFrom = report.tightenedFrom;
    } catch (error) {
      failures.push(reason(error));
    }
  }
  if (delivery.sinks && hasSinks(delivery.sinks)) {
    try {
      saved.sinks = await deliverToSinks(delivery.sinks, token, (line) => deps.io.out(line, token));
    } catch (error) {
      failures.push(reason(error));
    }
  }
  if (failures.length > 0) saved.failure = failures.join('; ');
  return saved;
}

export interface Report {
  headline: string;
  lines: string[];
  json: Record<string, unknown>;
  /** Where in the file the token went, e.g. catalog.default.token. */
  key: string;
  /** Said after a failed write: why losing this token matters. */
  stakes: string;
}

/** Prints the outcome of create/rotate and returns the exit code of the delivery. */
export function reportIssued(deps: Deps, delivery: SecretDelivery, token: string, saved: Saved, report: Report): number {
  const { io } = deps;
  const code = saved.failure ? ExitCode.failure : ExitCode.ok;
  if (delivery.secretOnly) io.out(token, token);
  if (deps.globals.json && !delivery.secretOnly) {
    const reveal = delivery.showSecret || saved.failure !== undefined;
    printJson(
      deps,
      {
        provider: 'pangolin',
        ...report.json,
        config_path: saved.path ?? null,
        written: saved.path !== undefined,
        sinks: saved.sinks,
        write_error: saved.failure ?? null,
        ...(reveal ? { secret: token } : {}),
      },
      reveal ? token : undefined,
    );
    if (saved.failure) io.err(io.errColour.red.bold(`error: the token could not be saved: ${saved.failure}. It is in the "secret" field of the JSON on stdout.`));
    return code;
  }
  const say = reporter(deps, delivery.secretOnly || deps.globals.json);
  const ok = io.colour.green('✓');
  say(`${ok} ${report.headline}`);
  for (const line of report.lines) say(`  ${line}`);
  if (saved.path) {
    const tightened = saved.tightenedFrom !== undefined ? `, tightened from ${saved.tightenedFrom.toString(8).padStart(4, '0')}` : '';
    say(`${ok} Saved the token to ${saved.path} as ${report.key} (mode 0600${tightened})`);
  }
  for (const line of saved.sinks) say(`${ok} ${line}`);
  if (delivery.showSecret && !delivery.secretOnly) io.out(`  secret: ${token}`, token);
  if (saved.failure) {
    io.err(io.errColour.red.bold(`error: the new token could not be saved: ${saved.failure}`));
    io.err(io.errColour.red.bold(`${report.stakes} It is the last line on stdout: store it somewhere safe now.`));
    if (!delivery.secretOnly && !delivery.showSecret) io.out(token, token);
  }
  return code;
}
