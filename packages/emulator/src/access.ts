// Privilege and network-policy checks, kept in one place so the rules
// (ACCOUNTADMIN holds everything; OWNERSHIP via the user's owner role) are
// applied identically by every statement and by login.
import type { UserPrivilege } from './statements.js';
import type { NetworkPolicyRecord, World } from './state.js';

export function isAccountAdmin(role: string): boolean {
  return role === 'ACCOUNTADMIN';
}

/** Does `role` hold any of `privileges` on user `user`? OWNERSHIP also implies every other privilege. */
export function hasUserPrivilege(world: World, role: string, user: string, privileges: UserPrivilege[]): boolean {
  if (isAccountAdmin(role)) return true;
  const target = world.users.get(user);
  if (target && target.owner === role) return true;
  return world.userGrants.some((g) => g.user === user && g.role === role && (g.privilege === 'OWNERSHIP' || privileges.includes(g.privilege)));
}

export function canUseWarehouse(world: World, role: string, name: string): boolean {
  const wh = world.warehouses.get(name);
  return !!wh && (isAccountAdmin(role) || wh.roles.has(role));
}

export function canUseDatabase(world: World, role: string, name: string): boolean {
  const db = world.databases.get(name);
  return !!db && (isAccountAdmin(role) || db.roles.has(role));
}

function ipv4ToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

/** Does `ip` fall within an ALLOWED_IP_LIST / BLOCKED_IP_LIST entry (a.b.c.d or a.b.c.d/n)? */
export function ipMatches(entry: string, ip: string): boolean {
  const [base, bitsText] = entry.trim().split('/');
  const target = ipv4ToInt(ip);
  const start = ipv4ToInt(base ?? '');
  if (target === undefined || start === undefined) return false;
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(target / size) === Math.floor(start / size);
}

export function ipAllowed(policy: NetworkPolicyRecord, ip: string): boolean {
  if (policy.blockedIpList.some((e) => ipMatches(e, ip))) return false;
  return policy.allowedIpList.some((e) => ipMatches(e, ip));
}

/** Normalises a socket address ("::ffff:127.0.0.1", "::1") to the IPv4 form policies use. */
export function normaliseIp(address: string | undefined): string {
  if (!address || address === '::1') return '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
