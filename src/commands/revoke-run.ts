/** `pat revoke`'s work: imported by the revoke command's action only (see revoke.ts). */
import { updateConfig, withConfigLock, type LoadedConfig } from '../config/index.js';
import { UsageError } from '../errors.js';
import { removePat, sameTokenName } from '../snowflake/sql.js';
import type { RevokeOptions } from './revoke.js';
import { loadConfig, loadConfigIfPresent, resolveAdmin, withAdminSession } from './runtime.js';
import { printJson, type Deps } from './action.js';

/** Does the config hold this user's token of this name? */
function configHolds(loaded: LoadedConfig | undefined, user: string | undefined, name: string): loaded is LoadedConfig {
  if (!loaded || !sameTokenName(loaded.config.pat_name, name)) return false;
  return user === undefined || user.toUpperCase() === loaded.config.user.toUpperCase();
}

export async function runRevoke(options: RevokeOptions, deps: Deps): Promise<number> {
  const loaded = options.name === undefined || options.user === undefined ? await loadConfig(deps) : await loadConfigIfPresent(deps);
  const name = options.name ?? loaded?.config.pat_name;
  if (!name) throw new UsageError(`No token to revoke: pass --name (${loaded?.path ?? 'the config'} has no "pat_name").`);
  const user = options.user ?? loaded?.config.user;
  const statement = removePat({ user, name });
  if (!options.yes) {
    if (!deps.io.stdinIsTTY) {
      throw new UsageError(`Refusing to revoke ${name.toUpperCase()} without confirmation: pass --yes (not a terminal).`);
    }
    const confirmed = await deps.io.confirm(
      `Revoke token ${name.toUpperCase()}${user ? ` of user ${user}` : ''}? Anything using it stops working. [y/N] `,
    );
    if (!confirmed) {
      deps.io.err('Cancelled; nothing was revoked.');
      return 2;
    }
  }
  const admin = await resolveAdmin(deps);

  const revoke = async () => {
    await withAdminSession(deps, admin, (session) => session.query(statement));
    const cleared = configHolds(loaded, user, name);
    if (cleared) {
      await updateConfig(loaded.path, (raw) => {
        const { pat: _pat, pat_name: _name, ...rest } = raw;
        return rest;
      });
    }
    return cleared;
  };
  const cleared = configHolds(loaded, user, name) ? await withConfigLock(loaded.path, revoke) : await revoke();

  if (deps.globals.json) {
    printJson(deps, { token_name: name.toUpperCase(), user: user ?? null, revoked: true, config_cleared: cleared });
    return 0;
  }
  deps.io.out(`${deps.io.colour.green('✓')} Revoked token ${name.toUpperCase()}${user ? ` of user ${user}` : ''}`);
  if (cleared && loaded) deps.io.out(`${deps.io.colour.green('✓')} Removed "pat" and "pat_name" from ${loaded.path}`);
  return 0;
}
