/**
 * Pangolin's delivery flags. Writing and reporting a new token is shared with Snowflake (commands/deliver.ts):
 * if a write fails the token still reaches the user, the reason goes to stderr, and the exit code is 1.
 */
import type { Deps } from '../../commands/action.js';
import { checkDeliveryFlags, type SecretDelivery } from '../../commands/deliver.js';

import { rejectSnowflakeSinks, sinksFromFlags } from '../../sinks/flags.js';
import type { PangolinFlags } from './flags.js';

/**
 * PyIceberg reads `PYICEBERG_CATALOG__<NAME>__TOKEN` (lower-cased, "_" read as "-"), so that is the default name
 * for --env-file / --github-env. A catalog whose name has "_" cannot be reached that way: PANGOLIN_TOKEN then.
 */
export function defaultEnvVar(catalog: string): string {
  return catalog.includes('_') ? 'PANGOLIN_TOKEN' : `PYICEBERG_CATALOG__${catalog.toUpperCase().replace(/-/g, '_')}__TOKEN`;
}

/** Delivery flags, checked before the network. Create and rotate default --env-var to the PyIceberg variable. */
export function deliveryFromFlags(flags: PangolinFlags, deps: Deps, catalog: string): SecretDelivery {
  rejectSnowflakeSinks(flags);
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
