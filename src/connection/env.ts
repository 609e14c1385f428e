/**
 * The two environment layers: per-connection `SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>` (Snowflake CLI) and the
 * generic `SNOWFLAKE_ACCOUNT`, `SNOWFLAKE_USER`, … that only fill gaps.
 */
import { connectionEnvPrefix, fieldForKey, GENERIC_ENV, keyRank } from './keys.js';
import { isSet, type Layer } from './layers.js';
import type { SettingField } from './types.js';

export function connectionEnvLayer(env: Record<string, string | undefined>, name: string): Layer {
  const prefix = connectionEnvPrefix(name);
  const layer: Layer = new Map();
  const ranks = new Map<SettingField, number>();
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith(prefix) || !isSet(value)) continue;
    const key = variable.slice(prefix.length);
    const field = fieldForKey(key);
    if (field === undefined) continue;
    const rank = keyRank(key);
    if ((ranks.get(field) ?? Number.MAX_SAFE_INTEGER) <= rank) continue;
    ranks.set(field, rank);
    layer.set(field, { value, origin: variable });
  }
  return layer;
}

export function genericEnvLayer(env: Record<string, string | undefined>): Layer {
  const layer: Layer = new Map();
  for (const [variable, field] of GENERIC_ENV) {
    const value = env[variable];
    if (isSet(value)) layer.set(field, { value, origin: variable });
  }
  return layer;
}
