/**
 * `pat disable | enable | rename | comment`: MODIFY a token in place (../shared/snowflake-pat-facts.md §1.4).
 * All four run on the admin connection: a session that logged in with a PAT may not MODIFY one (§3.6).
 * `rename` keeps the config pointing at the token: its `pat_name` follows when it held the old name.
 * Expiry and role restriction cannot be modified (§1.4); to change them, create a new token.
 * Flags → ModifyOptions → the token system's `modify`; a system without one (Pangolin) exits 2 before any I/O.
 */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { sameTokenName, tokenName } from '../providers/snowflake/sql.js';
import { requireVerb, type ModifyAction, type ModifyOptions } from '../providers/provider.js';
import { snowflakeTokenRef, type Runner } from './command.js';

interface CommonFlags {
  name?: string;
  user?: string;
}

function commonOptions(flags: CommonFlags, action: ModifyAction): ModifyOptions {
  return { ...snowflakeTokenRef(flags), action };
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

const NAME_HELP = 'token to change (default: the config "pat_name")';
const USER_HELP = 'user that owns the token (default: the config "user")';

export function registerModifyCommands(program: Command, run: Runner): void {
  const action = (flagsToOptions: () => ModifyOptions) =>
    run(async (f) => {
      const options = flagsToOptions();
      return requireVerb(await f.provider(), options.action.kind, 'modify')(options, f);
    })();

  program
    .command('disable')
    .description('disable a token: it stops logging in until `pat enable` (nothing is deleted)')
    .option('--name <name>', NAME_HELP)
    .option('--user <user>', USER_HELP)
    .addHelpText('after', '\nExample (stop a leaked token at once, keep it for investigation):\n  pat disable --name thermal_pat')
    .action((flags: CommonFlags) => action(() => disableOptionsFromFlags(flags)));

  program
    .command('enable')
    .description('re-enable a disabled token')
    .option('--name <name>', NAME_HELP)
    .option('--user <user>', USER_HELP)
    .addHelpText('after', '\nExample:\n  pat enable --name thermal_pat\n\nTokens disabled because their user was disabled stay disabled until enabled here.')
    .action((flags: CommonFlags) => action(() => enableOptionsFromFlags(flags)));

  program
    .command('rename')
    .description('rename a token (the config "pat_name" follows when it held the old name)')
    .option('--name <name>', NAME_HELP)
    .option('--to <new-name>', 'the new name (letters, digits, underscores)')
    .option('--user <user>', USER_HELP)
    .addHelpText('after', '\nExample:\n  pat rename --name thermal_pat --to thermal_ingest_pat')
    .action((flags: CommonFlags & { to?: string }) => action(() => renameOptionsFromFlags(flags)));

  program
    .command('comment')
    .description("set or remove a token's comment")
    .option('--name <name>', NAME_HELP)
    .option('--set <comment>', 'the new comment')
    .option('--unset', 'remove the comment')
    .option('--user <user>', USER_HELP)
    .addHelpText('after', '\nExamples:\n  pat comment --set "thermal ingest; owner data-eng"\n  pat comment --name old_pat --unset')
    .action((flags: CommonFlags & { set?: string; unset?: boolean }) => action(() => commentOptionsFromFlags(flags)));
}
