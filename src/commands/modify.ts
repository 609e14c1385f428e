/**
 * `pat disable | enable | rename | comment`: MODIFY a token in place (../shared/snowflake-pat-facts.md §1.4).
 * All four run on the admin connection: a session that logged in with a PAT may not MODIFY one (§3.6).
 * `rename` keeps the config pointing at the token: its `pat_name` follows when it held the old name.
 * Expiry and role restriction cannot be modified (§1.4); to change them, create a new token.
 */
import type { Command } from 'commander';
import { updateConfig, withConfigLock, type LoadedConfig } from '../config/index.js';
import { FailureError, PatError, UsageError } from '../errors.js';
import { identifier, modifyPat, sameTokenName, tokenName, type PatModification } from '../snowflake/sql.js';
import { loadConfig, loadConfigIfPresent, printJson, resolveAdmin, withAdminSession, type Deps, type Runner } from './runtime.js';

export type ModifyAction =
  | { kind: 'disable' }
  | { kind: 'enable' }
  | { kind: 'rename'; to: string }
  /** `comment: null` unsets it. */
  | { kind: 'comment'; comment: string | null };

export interface ModifyOptions {
  name?: string;
  user?: string;
  action: ModifyAction;
}

interface CommonFlags {
  name?: string;
  user?: string;
}

function commonOptions(flags: CommonFlags, action: ModifyAction): ModifyOptions {
  const options: ModifyOptions = { action };
  if (flags.name !== undefined) options.name = tokenName(flags.name);
  if (flags.user !== undefined) {
    identifier(flags.user, '--user');
    options.user = flags.user;
  }
  return options;
}

export function disableOptionsFromFlags(flags: CommonFlags): ModifyOptions {
  return commonOptions(flags, { kind: 'disable' });
}

export function enableOptionsFromFlags(flags: CommonFlags): ModifyOptions {
  return commonOptions(flags, { kind: 'enable' });
}

export function renameOptionsFromFlags(flags: CommonFlags & { to?: string }): ModifyOptions {
  if (flags.to === undefined) throw new UsageError('--to is required: the new token name.');
  const options = commonOptions(flags, { kind: 'rename', to: tokenName(flags.to, '--to') });
  if (options.name !== undefined && sameTokenName(options.name, flags.to)) {
    throw new UsageError(`--to is the token's current name (${flags.to.toUpperCase()}); nothing to rename.`);
  }
  return options;
}

export function commentOptionsFromFlags(flags: CommonFlags & { set?: string; unset?: boolean }): ModifyOptions {
  if (flags.set !== undefined && flags.unset) throw new UsageError('--set and --unset cannot be combined.');
  if (flags.set === undefined && !flags.unset) {
    throw new UsageError('pass --set <comment> or --unset.', 'Example: pat comment --set "thermal ingest, owner: data-eng"');
  }
  return commonOptions(flags, { kind: 'comment', comment: flags.set ?? null });
}

function changeOf(action: ModifyAction): PatModification {
  switch (action.kind) {
    case 'disable':
      return { kind: 'set-disabled', disabled: true };
    case 'enable':
      return { kind: 'set-disabled', disabled: false };
    case 'rename':
      return { kind: 'rename', to: action.to };
    case 'comment':
      return action.comment === null ? { kind: 'unset-comment' } : { kind: 'set-comment', comment: action.comment };
  }
}

/** Does the config hold this user's token of this name? (Same rule as `pat revoke`.) */
function configHolds(loaded: LoadedConfig | undefined, user: string | undefined, name: string): loaded is LoadedConfig {
  if (!loaded || !sameTokenName(loaded.config.pat_name, name)) return false;
  return user === undefined || user.toUpperCase() === loaded.config.user.toUpperCase();
}

export async function runModify(options: ModifyOptions, deps: Deps): Promise<number> {
  const { action } = options;
  const loaded = options.name === undefined || options.user === undefined ? await loadConfig(deps) : await loadConfigIfPresent(deps);
  const name = options.name ?? loaded?.config.pat_name;
  if (!name) throw new UsageError(`No token to ${action.kind}: pass --name (${loaded?.path ?? 'the config'} has no "pat_name").`);
  if (action.kind === 'rename' && sameTokenName(name, action.to)) {
    throw new UsageError(`--to is the token's current name (${name.toUpperCase()}); nothing to rename.`);
  }
  const user = options.user ?? loaded?.config.user;
  // Built (and so validated) before any connection is opened.
  const statement = modifyPat({ user, name, change: changeOf(action) });
  const admin = await resolveAdmin(deps);
  const held = configHolds(loaded, user, name);

  let configUpdated = false;
  if (action.kind === 'rename' && held) {
    const newName = action.to.toUpperCase();
    // Under the config lock, so a concurrent `pat rotate` cannot write the old name back in between.
    await withConfigLock(loaded.path, async () => {
      await withAdminSession(deps, admin, (session) => session.query(statement));
      try {
        await updateConfig(loaded.path, (raw) => ({ ...raw, pat_name: newName }));
      } catch (error) {
        const reason = error instanceof PatError ? error.message : String(error);
        throw new FailureError(
          `Renamed token ${name.toUpperCase()} to ${newName} in Snowflake, but could not update ${loaded.path}: ${reason}`,
          `Set "pat_name": "${newName}" in ${loaded.path} by hand.`,
        );
      }
    });
    configUpdated = true;
  } else {
    await withAdminSession(deps, admin, (session) => session.query(statement));
  }

  const shownName = name.toUpperCase();
  if (deps.globals.json) {
    const result: Record<string, unknown> = { token_name: shownName, user: user ?? null, action: action.kind };
    if (action.kind === 'disable' || action.kind === 'enable') result.disabled = action.kind === 'disable';
    if (action.kind === 'rename') result.renamed_to = action.to.toUpperCase();
    if (action.kind === 'comment') result.comment = action.comment;
    result.in_config = held;
    result.config_updated = configUpdated;
    printJson(deps, result);
    return 0;
  }

  const { io } = deps;
  const tick = io.colour.green('✓');
  const of = user ? ` of user ${user}` : '';
  switch (action.kind) {
    case 'disable':
      io.out(`${tick} Disabled token ${shownName}${of}`);
      if (held) io.out(`  The config's token: anything using ${loaded.path} fails to log in until \`pat enable\`.`);
      else io.out(`  Undo with: pat enable --name ${shownName}${options.user ? ` --user ${options.user}` : ''}`);
      break;
    case 'enable':
      io.out(`${tick} Enabled token ${shownName}${of}`);
      break;
    case 'rename':
      io.out(`${tick} Renamed token ${shownName}${of} to ${action.to.toUpperCase()}`);
      if (configUpdated && loaded) io.out(`${tick} Updated "pat_name" in ${loaded.path}`);
      break;
    case 'comment':
      io.out(action.comment === null ? `${tick} Removed the comment of token ${shownName}${of}` : `${tick} Set the comment of token ${shownName}${of}`);
      break;
  }
  return 0;
}

const NAME_HELP = 'token to change (default: the config "pat_name")';
const USER_HELP = 'user that owns the token (default: the config "user")';

export function registerModifyCommands(program: Command, run: Runner): void {
  const action = run((deps, options: ModifyOptions) => runModify(options, deps));

  program
    .command('disable')
    .description('disable a token: it stops logging in until `pat enable` (nothing is deleted)')
    .option('--name <name>', NAME_HELP)
    .option('--user <user>', USER_HELP)
    .addHelpText('after', '\nExample (stop a leaked token at once, keep it for investigation):\n  pat disable --name thermal_pat')
    .action(async (flags: CommonFlags) => {
      await action(disableOptionsFromFlags(flags));
    });

  program
    .command('enable')
    .description('re-enable a disabled token')
    .option('--name <name>', NAME_HELP)
    .option('--user <user>', USER_HELP)
    .addHelpText('after', '\nExample:\n  pat enable --name thermal_pat\n\nTokens disabled because their user was disabled stay disabled until enabled here.')
    .action(async (flags: CommonFlags) => {
      await action(enableOptionsFromFlags(flags));
    });

  program
    .command('rename')
    .description('rename a token (the config "pat_name" follows when it held the old name)')
    .option('--name <name>', NAME_HELP)
    .option('--to <new-name>', 'the new name (letters, digits, underscores)')
    .option('--user <user>', USER_HELP)
    .addHelpText('after', '\nExample:\n  pat rename --name thermal_pat --to thermal_ingest_pat')
    .action(async (flags: CommonFlags & { to?: string }) => {
      await action(renameOptionsFromFlags(flags));
    });

  program
    .command('comment')
    .description("set or remove a token's comment")
    .option('--name <name>', NAME_HELP)
    .option('--set <comment>', 'the new comment')
    .option('--unset', 'remove the comment')
    .option('--user <user>', USER_HELP)
    .addHelpText('after', '\nExamples:\n  pat comment --set "thermal ingest; owner data-eng"\n  pat comment --name old_pat --unset')
    .action(async (flags: CommonFlags & { set?: string; unset?: boolean }) => {
      await action(commentOptionsFromFlags(flags));
    });
}
