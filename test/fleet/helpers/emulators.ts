/**
 * The one place the fleet tests and bench import the emulator from (it is moving to packages/emulator: repoint
 * these imports only). Also: a seed for a fleet of service users, and the admin connection env per account.
 */
import { adminEnvFor, startEmulator, type EmulatorSeed, type RunningEmulator, type SeedPat } from 'snowflake-pat-emulator';

export type { RunningEmulator, SeedPat };
export { startEmulator };

/** An account with `users` SERVICE users SVC_01… (role SVC_ROLE, loopback network policy) and an ADMIN. */
export function fleetSeed(account: string, users: number, pats: SeedPat[] = []): EmulatorSeed {
  const names = Array.from({ length: users }, (_, i) => `SVC_${String(i + 1).padStart(2, '0')}`);
  return {
    account,
    roles: ['ACCOUNTADMIN', 'PUBLIC', 'SVC_ROLE', 'OTHER_ROLE'],
    networkPolicies: [{ name: 'LOOPBACK', allowedIpList: ['127.0.0.1/32'] }],
    users: [
      { name: 'ADMIN', type: 'PERSON', password: 'admin-password', roles: ['ACCOUNTADMIN', 'PUBLIC'], defaultRole: 'ACCOUNTADMIN' },
      ...names.map((name) => ({
        name, type: 'SERVICE' as const, roles: ['SVC_ROLE', 'OTHER_ROLE', 'PUBLIC'], defaultRole: 'SVC_ROLE', networkPolicy: 'LOOPBACK',
      })),
    ],
    pats,
  };
}

/**
 * SNOWFLAKE_CONNECTIONS_<NAME>_* for a named admin connection pointing at `emulator` (the manifest names the
 * connection; the credential comes from the environment, as in production).
 */
export function connectionEnv(name: string, emulator: Pick<RunningEmulator, 'account' | 'port'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(adminEnvFor(emulator))) {
    out[`SNOWFLAKE_CONNECTIONS_${name.toUpperCase()}_${key.replace(/^SNOWFLAKE_/, '')}`] = value;
  }
  return out;
}

export { adminEnvFor };
