/**
 * The Pangolin token system (Iceberg REST catalog, v0.8): the shared verbs over its HTTP API, the token kept in a
 * PyIceberg config. Light: each verb's module (and the yaml package) loads only when the verb runs.
 */
import type { Factory } from '../../factory.js';
import type { PangolinOptions, TokenSystem, Verb } from '../provider.js';
import type { PangolinRequest } from './flags.js';

/** The shared options of a verb and Pangolin's own, as one input for the Pangolin modules. */
function request(options: { pangolin: PangolinOptions } & Omit<PangolinRequest, keyof PangolinOptions>): PangolinRequest {
  const { pangolin, ...shared } = options;
  return { ...pangolin, ...shared };
}

type Load = () => Promise<(input: PangolinRequest, f: Factory) => Promise<number>>;
const run = (load: Load) => async (options: { pangolin: PangolinOptions }, f: Factory) => (await load())(request(options), f);

export const pangolin: TokenSystem = {
  name: 'pangolin',
  title: 'Pangolin',
  create: run(async () => (await import('./create.js')).runCreate),
  rotate: run(async () => (await import('./rotate.js')).runRotate),
  list: run(async () => (await import('./list.js')).runList),
  revoke: run(async () => (await import('./revoke.js')).runRevoke),
  testConnection: run(async () => (await import('./test-connection.js')).runTestConnection),
  status: run(async () => (await import('./status.js')).runStatus),
  lacks(verb: Verb) {
    if (verb === 'disable' || verb === 'enable' || verb === 'rename' || verb === 'comment') {
      return {
        message: `\`pat ${verb}\` is not available for Pangolin: Pangolin v0.8 cannot disable, enable, rename or comment a token.`,
        hint: 'To stop a Pangolin token, revoke it: pat revoke --provider pangolin --id <token-id> (or --self).',
      };
    }
    return {
      message: `\`pat ${verb}\` works with Snowflake only; it has no Pangolin equivalent.`,
      hint: 'Run it without --provider pangolin (and without PAT_PROVIDER=pangolin).',
    };
  },
};
