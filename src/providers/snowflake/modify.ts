/** The work of `pat disable | enable | rename | comment`: imported by their actions only (see modify.ts). */
import { updateConfig, withConfigLock } from '../../config/index.js';
import { FailureError, PatError, UsageError } from '../../errors.js';
import { modifyPat, sameTokenName, type PatModification } from './sql.js';
import type { ModifyAction, ModifyOptions } from '../provider.js';
import { configHolds, resolveAdmin, withAdminSession } from './sessions.js';
import { loadConfig, loadConfigIfPresent } from '../../config/load.js';
import { printJson } from '../../output/report.js';
import type { Factory } from '../../factory.js';

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

export async function runModify(options: ModifyOptions, deps: Factory): Promise<number> {
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
