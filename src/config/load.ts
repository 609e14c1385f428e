/**
 * Finding and reading the service config a command works on, with the warnings a user must see (loose file mode,
 * a secret git would commit). Every provider's config store goes through here for snowflake_config.json.
 */
import path from 'node:path';
import type { Factory } from '../factory.js';
import { ConfigError } from '../errors.js';
import { gitExposure, permissionWarning, readConfig, type LoadedConfig } from './index.js';


export function configPath(f: Factory): string {
  return path.resolve(f.cwd, f.globals.config);
}

/** Reads and validates the config, and warns (stderr) when it is exposed: loose mode or not ignored by git. */
export async function loadConfig(f: Factory): Promise<LoadedConfig> {
  const loaded = await readConfig(configPath(f));
  // The config's token must never be echoed, whatever later prints (driver errors included).
  f.io.protect(loaded.config.pat);
  const loose = permissionWarning(loaded.mode, loaded.path);
  if (loose) f.io.err(f.io.errColour.yellow(`warning: ${loose}`));
  if (loaded.config.pat) await warnIfExposed(f, loaded.path);
  return loaded;
}

/** Like loadConfig, but a missing file is not an error (for commands where the config is optional). */
export async function loadConfigIfPresent(f: Factory): Promise<LoadedConfig | undefined> {
  try {
    return await loadConfig(f);
  } catch (error) {
    if (error instanceof ConfigError && error.problem === 'missing') return undefined;
    throw error;
  }
}

/** Warns when a file holding a secret is tracked by git or not ignored by it. */
export async function warnIfExposed(f: Factory, file: string): Promise<void> {
  const exposure = await gitExposure(file);
  if (exposure.advice && (exposure.state === 'tracked' || exposure.state === 'not-ignored')) {
    f.io.err(f.io.errColour.yellow(`warning: ${exposure.advice}`));
  }
}
