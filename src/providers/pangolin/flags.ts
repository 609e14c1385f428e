/**
 * The Pangolin provider's input, and the checks of its own options that need neither a file nor the network.
 * (Snowflake-only flags never arrive here: the command refuses them with --provider pangolin.)
 */
import type { SinkFlags } from '../../delivery/sinks/flags.js';
import { UsageError } from '../../errors.js';
import { printable } from '../../kernel/text.js';
import type { PangolinOptions } from '../provider.js';

/**
 * What a Pangolin verb receives: its own options (as typed on the command line; validated here, since UUIDs,
 * catalog names and URLs follow Pangolin's rules) and the shared ones, already parsed by the command.
 */
export interface PangolinRequest extends PangolinOptions {
  expiresIn?: number;
  write?: boolean;
  verify?: boolean;
  showSecret?: boolean;
  secretOnly?: boolean;
  sinks?: SinkFlags;
  yes?: boolean;
  warnDays?: number;
  ifExpiringWithin?: number;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** A hyphenated UUID (Pangolin's ids: tenants, users, token jtis), lower-cased. */
export function uuid(raw: string, field: string): string {
  const trimmed = raw.trim();
  if (!UUID.test(trimmed)) throw new UsageError(`${field} must be a UUID like 6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b; got "${printable(raw, 60)}".`);
  return trimmed.toLowerCase();
}


/** Free text sent or stored as is: no control characters, bounded length. */
export function text(raw: string, field: string, max: number): string {
  if (raw.trim() === '') throw new UsageError(`${field} must not be empty.`);
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new UsageError(`${field} must not contain control characters (newlines, tabs…).`);
  if (raw.length > max) throw new UsageError(`${field} is too long (${raw.length} characters; at most ${max}).`);
  return raw;
}

/**
 * PyIceberg lower-cases every key it reads, so catalog names are case-insensitive; we keep them lower-case.
 * Letters, digits, '-' and '_' only: the name becomes a YAML key and part of an environment variable name.
 */
export function catalogName(raw: string | undefined): string {
  const name = raw ?? 'default';
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(name)) {
    throw new UsageError(`--catalog "${printable(name, 60)}" is not a valid catalog name.`, 'Use letters, digits, "-" and "_", e.g. --catalog analytics.');
  }
  return name.toLowerCase();
}

/** `--expires-in` in days (1-365, checked by the command), as the hours Pangolin takes. */
export function expiresInHours(days: number | undefined): { days: number; hours: number } | undefined {
  return days === undefined ? undefined : { days, hours: days * 24 };
}

/** The role names Pangolin v0.8's `parse_role` accepts (anything else is a 400 "Unknown role"). */
const ROLE_NAMES = ['Root', 'root', 'Admin', 'admin', 'TenantAdmin', 'tenant-admin', 'TenantUser', 'tenant-user', 'user'];

export function roleList(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const roles = raw.split(',').map((r) => r.trim()).filter((r) => r !== '');
  if (roles.length === 0) throw new UsageError('--roles must name at least one role.');
  for (const role of roles) {
    if (!ROLE_NAMES.includes(role)) {
      throw new UsageError(`--roles: unknown role "${printable(role, 60)}".`, 'Pangolin knows tenant-user, tenant-admin and root (also TenantUser, TenantAdmin, Root, user, admin).');
    }
  }
  return roles;
}

