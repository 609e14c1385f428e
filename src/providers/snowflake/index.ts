/**
 * The Snowflake token system: PATs through SQL (ALTER USER … PROGRAMMATIC ACCESS TOKEN) on an admin connection,
 * the secret kept in the service's snowflake_config.json. It has every verb, including those only Snowflake has
 * (modify, usage and inventory from ACCOUNT_USAGE, doctor). Light: each verb's module loads when the verb runs,
 * and the driver only at the first login (client.ts).
 */
import type { TokenSystem, Verb } from '../provider.js';

export const snowflake: TokenSystem = {
  name: 'snowflake',
  title: 'Snowflake',
  create: async (options, f) => (await import('./create.js')).runCreate(options, f),
  rotate: async (options, f) => (await import('./rotate.js')).runRotate(options, f),
  list: async (options, f) => (await import('./list.js')).runList(options, f),
  revoke: async (options, f) => (await import('./revoke.js')).runRevoke(options, f),
  testConnection: async (options, f) => (await import('./test-connection.js')).runTestConnection(options, f),
  status: async (options, f) => (await import('./status.js')).runStatus(options, f),
  modify: async (options, f) => (await import('./modify.js')).runModify(options, f),
  usage: async (options, f) => (await import('./audit.js')).runUsage(options, f),
  inventory: async (options, f) => (await import('./audit.js')).runInventory(options, f),
  doctor: async (options, f) => (await import('./doctor.js')).runDoctor(options, f),
  lacks: (verb: Verb) => ({ message: `\`pat ${verb}\` is not available for Snowflake.` }),
};
