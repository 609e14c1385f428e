/**
 * `pat revoke`'s work: imported by the revoke command's action only (see revoke.ts).
 * One SHOW, then a REMOVE … IF EXISTS for the token and each rotated predecessor (unless --keep-rotated): a
 * revoked token's previous secrets must not keep logging in for the rest of their grace period. A token that is
 * already gone counts as revoked, so a revoke whose reply was lost, or that was killed before it cleared the
 * config, can simply be run again.
 */
import { updateConfig, withConfigLock } from '../../config/index.js';
import { UsageError } from '../../errors.js';
import { readLineage, removeWithLineage } from './lifecycle/lineage.js';
import { removePat, sameTokenName } from './sql.js';
import type { RevokeOptions } from '../provider.js';
import { configHolds, resolveAdmin, withAdminSession } from './sessions.js';
import { loadConfig, loadConfigIfPresent } from '../../config/load.js';
import { printJson } from '../../output/report.js';
import type { Factory } from '../../factory.js';

export async function runRevoke(options: RevokeOptions, deps: Factory): Promise<number> {
  const loaded = options.name === undefined || options.user === undefined ? await loadConfig(deps) : await loadConfigIfPresent(deps);
  const name = options.name ?? loaded?.config.pat_name;
  if (!name) throw new UsageError(`No token to revoke: pass --name (${loaded?.path ?? 'the config'} has no "pat_name").`);
  const user = options.user ?? loaded?.config.user;
  removePat({ user, name }); // validate before the network
  if (!options.yes) {
    if (!deps.io.stdinIsTTY) {
      throw new UsageError(`Refusing to revoke ${name.toUpperCase()} without confirmation: pass --yes (not a terminal).`);
    }
    const confirmed = await deps.io.confirm(
      `Revoke token ${name.toUpperCase()}${user ? ` of user ${user}` : ''}${options.keepRotated ? '' : ' and its rotated predecessors'}? ` +
        'Anything using them stops working. [y/N] ',
    );
    if (!confirmed) {
      deps.io.err('Cancelled; nothing was revoked.');
      return 2;
    }
  }
  const admin = await resolveAdmin(deps);
  const held = configHolds(loaded, user, name);

  const revoke = async () => {
    const removed = await withAdminSession(deps, admin, async (session) =>
      removeWithLineage(session, user, await readLineage(session, user, name), options.keepRotated),
    );
    if (held) {
      await updateConfig(loaded.path, (raw) => {
        const { pat: _pat, pat_name: _name, ...rest } = raw;
        return rest;
      });
    }
    return removed;
  };
  const removed = held ? await withConfigLock(loaded.path, revoke) : await revoke();
  const shown = name.toUpperCase();
  const alreadyGone = !removed.some((each) => sameTokenName(each, name));

  if (deps.globals.json) {
    printJson(deps, {
      token_name: shown,
      user: user ?? null,
      revoked: true,
      already_gone: alreadyGone,
      removed,
      kept_rotated: options.keepRotated,
      config_cleared: held,
    });
    return 0;
  }
  const { io } = deps;
  const tick = io.colour.green('✓');
  const of = user ? ` of user ${user}` : '';
  if (alreadyGone) io.out(`${tick} Token ${shown}${of} does not exist (already revoked, renamed or expired): nothing left to revoke`);
  for (const each of removed) {
    io.out(sameTokenName(each, name) ? `${tick} Revoked token ${each}${of}` : `${tick} Revoked ${each} (a previous secret of ${shown})`);
  }
  if (held) io.out(`${tick} Removed "pat" and "pat_name" from ${loaded.path}`);
  return 0;
}
