/**
 * Pangolin's delivery flags. Writing and reporting a new token is shared with Snowflake (src/delivery/deliver.ts):
 * if a write fails the token still reaches the user, the reason goes to stderr, and the exit code is 1.
 */
import type { Factory } from '../../factory.js';
import { parseDelivery, type SecretDelivery } from '../../delivery/deliver.js';

import type { PangolinRequest } from './flags.js';

/**
 * PyIceberg reads `PYICEBERG_CATALOG__<NAME>__TOKEN` (lower-cased, "_" read as "-"), so that is the default name
 * for --env-file / --github-env. A catalog whose name has "_" cannot be reached that way: PANGOLIN_TOKEN then.
 */
export function defaultEnvVar(catalog: string): string {
  return catalog.includes('_') ? 'PANGOLIN_TOKEN' : `PYICEBERG_CATALOG__${catalog.toUpperCase().replace(/-/g, '_')}__TOKEN`;
}

/** Delivery flags, checked before the network. Create and rotate default --env-var to the PyIceberg variable. */
export function deliveryFromFlags(flags: PangolinRequest, deps: Factory, catalog: string): SecretDelivery {
  const request = { write: flags.write !== false, showSecret: Boolean(flags.showSecret), secretOnly: Boolean(flags.secretOnly), sinks: flags.sinks ?? {} };
  return parseDelivery(request, deps, defaultEnvVar(catalog));
}
