/**
 * The Pangolin provider's side of each shared verb (create, rotate, list, revoke, test-connection, status):
 * extra flags it adds to the shared commander command, and the work it does when `--provider pangolin` (or a
 * PyIceberg config) selects it. Loaded lazily: the Snowflake paths never import the Pangolin code — this module
 * is imported by every command for addPangolinOptions, so it imports nothing heavy; each verb's module (and the
 * yaml package) is loaded only when the verb runs against Pangolin.
 */
import type { Command } from 'commander';
import type { Deps } from '../../commands/action.js';
import type { PangolinFlags } from './flags.js';

export type Verb = 'create' | 'rotate' | 'list' | 'revoke' | 'test-connection' | 'status';

const P = '(Pangolin)';

/** Adds the Pangolin-only flags of `verb` to its command. */
export function addPangolinOptions(verb: Verb, command: Command): void {
  command
    .option('--catalog <name>', `${P} catalog in the PyIceberg config whose uri/token pat manages (default "default")`)
    .option('--pangolin-url <url>', `${P} server URL (env PANGOLIN_URL; default: the origin of the catalog uri)`);
  if (verb === 'create' || verb === 'list' || verb === 'revoke') {
    command
      .option('--pangolin-username <user>', `${P} admin user to log in as (env PANGOLIN_USERNAME; password: env PANGOLIN_PASSWORD or a prompt)`)
      .option(
        '--pangolin-tenant <uuid>',
        `${P} tenant id of the admin login${verb === 'create' ? ' and of the new token' : ''} (env PANGOLIN_TENANT_ID; root admins need none)`,
      );
  }
  switch (verb) {
    case 'create':
      command
        .option('--username <user>', `${P} user the token is for (default: the user of the token in the config)`)
        .option('--roles <roles>', `${P} role of the token: tenant-user, tenant-admin or root (comma-separated; v0.8 uses the first)`)
        .option('--description <text>', `${P} note kept locally with the token id (Pangolin v0.8 cannot store one)`);
      command.addHelpText('after', '\nPangolin:\n  pat create --provider pangolin --username etl_bot --expires-in 90 --description "nightly ETL"');
      break;
    case 'list':
      command.option('--user-id <uuid>', `${P} list this user's tokens with the admin login (default: the config token's own user)`);
      command.addHelpText('after', '\nPangolin:\n  pat list --provider pangolin\n  pat list --provider pangolin --user-id <uuid> --json');
      break;
    case 'revoke':
      command
        .option('--self', `${P} revoke the token in the PyIceberg config with its own session, and remove it from the file`)
        .option('--id <token-id>', `${P} revoke this token id (jti) with the admin login`)
        .option('--reason <text>', `${P} reason recorded by Pangolin`);
      command.addHelpText('after', '\nPangolin:\n  pat revoke --provider pangolin --self --yes\n  pat revoke --provider pangolin --id <token-id> --yes');
      break;
    case 'rotate':
      command.addHelpText(
        'after',
        '\nPangolin with an admin login (mint, save, verify, then revoke the old token):\n' +
          '  PANGOLIN_USERNAME=admin pat rotate --provider pangolin\n' +
          'Pangolin without one (v0.8 revokes the old token at once; 24-hour new token):\n' +
          '  pat rotate --provider pangolin',
      );
      break;
    default:
      break;
  }
}

type Runner = (flags: PangolinFlags, deps: Deps) => Promise<number>;

const loaders: Record<Verb, () => Promise<Runner>> = {
  create: async () => (await import('./create.js')).runCreate,
  rotate: async () => (await import('./rotate.js')).runRotate,
  list: async () => (await import('./list.js')).runList,
  revoke: async () => (await import('./revoke.js')).runRevoke,
  'test-connection': async () => (await import('./test-connection.js')).runTestConnection,
  status: async () => (await import('./status.js')).runStatus,
};

/** Runs `verb` against Pangolin with the raw commander flags. */
export async function runPangolin(verb: Verb, flags: object, deps: Deps): Promise<number> {
  const run = await loaders[verb]();
  return run(flags as PangolinFlags, deps);
}
