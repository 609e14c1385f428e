/**
 * A connection is assembled from layers, highest precedence first:
 *   SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> > the file section > generic SNOWFLAKE_* env.
 * A layer maps each field to its raw value and a human origin (a name, never the value).
 */
import { fieldForKey, keyRank } from './keys.js';
import type { SettingField } from './types.js';
import type { Table } from './files.js';

export interface Entry {
  value: unknown;
  /** e.g. `SNOWFLAKE_ROLE`, `port in [dev] of /home/u/.snowflake/connections.toml`. */
  origin: string;
  /** The config file the value was read from, when it came from one. */
  file?: string;
}

export type Layer = Map<SettingField, Entry>;

/** Empty strings count as unset in every layer, so `SNOWFLAKE_ROLE=` does not blank a file's role. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The keys of one `[name]` section that pat understands; unknown keys are left for other tools. */
export function sectionLayer(section: Table, sectionLabel: string, file: string): Layer {
  const layer: Layer = new Map();
  const ranks = new Map<SettingField, number>();
  for (const [key, value] of Object.entries(section)) {
    const field = fieldForKey(key);
    if (field === undefined || !isSet(value)) continue;
    const rank = keyRank(key);
    if ((ranks.get(field) ?? Number.MAX_SAFE_INTEGER) <= rank) continue; // `user` beats `username`
    ranks.set(field, rank);
    layer.set(field, { value, origin: `${key} in [${sectionLabel}] of ${file}`, file });
  }
  return layer;
}

/** Per-field pick of the first layer that sets it. */
export function mergeLayers(layersHighFirst: readonly Layer[]): Layer {
  const merged: Layer = new Map();
  for (const layer of layersHighFirst) {
    for (const [field, entry] of layer) if (!merged.has(field)) merged.set(field, entry);
  }
  return merged;
}

export { isSet };
