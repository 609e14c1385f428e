/**
 * The token a verb works on: the PyIceberg config, the catalog in it, and the token it holds.
 */
import type { Factory } from '../../factory.js';
import { ConfigError } from '../../errors.js';
import { catalogName, type PangolinRequest } from './flags.js';
import { decodeClaims, type PangolinClaims } from './jwt.js';
import { pyicebergPath, readCatalog, type CatalogEntry } from './pyiceberg.js';

export async function catalogEntry(flags: PangolinRequest, deps: Factory): Promise<CatalogEntry> {
  const catalog = catalogName(flags.catalog);
  const entry = await readCatalog(pyicebergPath(deps), catalog);
  if (entry.token) deps.io.protect(entry.token);
  return entry;
}

export function keyOf(entry: CatalogEntry): string {
  return `catalog.${entry.catalog}.token`;
}

export interface HeldToken {
  entry: CatalogEntry;
  token: string;
  /** Undefined when the value is not a JWT (the server will say what it thinks of it). */
  claims: PangolinClaims | undefined;
}

/** The catalog's token, or a ConfigError (exit 2) saying where it was looked for. */
export function heldToken(entry: CatalogEntry): HeldToken {
  if (!entry.exists) {
    throw new ConfigError(
      `PyIceberg config ${entry.path} not found.`,
      entry.path,
      'Create a token first (pat create --provider pangolin …), or point to the file with --pyiceberg-config.',
    );
  }
  if (!entry.token) {
    throw new ConfigError(
      `${entry.path} has no ${keyOf(entry)}: there is no Pangolin token to use.`,
      entry.path,
      'Create one: pat create --provider pangolin --username <user> --expires-in <days>  (or choose the catalog with --catalog)',
    );
  }
  return { entry, token: entry.token, claims: decodeClaims(entry.token) };
}
