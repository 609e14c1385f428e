// Text for `pat emulator`: how to point pat, or your own snowflake-sdk code, at a running emulator.
import type { RunningEmulator } from './index.js';

/** The SNOWFLAKE_* variables that make pat's admin connection the seeded ADMIN user of this emulator. */
export function adminEnvFor(emu: Pick<RunningEmulator, 'account' | 'port'>): Record<string, string> {
  return {
    SNOWFLAKE_ACCOUNT: emu.account,
    SNOWFLAKE_USER: 'ADMIN',
    SNOWFLAKE_PASSWORD: 'admin-password',
    SNOWFLAKE_HOST: '127.0.0.1',
    SNOWFLAKE_PORT: String(emu.port),
    SNOWFLAKE_PROTOCOL: 'http',
  };
}

/** A snowflake_config.json for the seeded service user THERMAL_SVC. */
export function serviceConfigFor(emu: Pick<RunningEmulator, 'account' | 'url'>): Record<string, string> {
  return {
    account: emu.account,
    user: 'THERMAL_SVC',
    url: emu.url,
    role: 'THERMAL_ROLE',
    database: 'THERMAL_DB',
    schema: 'RAW',
    warehouse: 'THERMAL_WH',
    pipe: 'THERMAL_PIPE',
  };
}

export function describeForUser(emu: RunningEmulator): string {
  const config = serviceConfigFor(emu);
  const env = Object.entries(adminEnvFor(emu)).map(([key, value]) => `${key}=${value}`);
  return [
    `Snowflake emulator listening on ${emu.url} (account ${emu.account}).`,
    '',
    'Admin connection for pat (paste into your shell):',
    `  export ${env.join(' ')}`,
    '',
    'Sample snowflake_config.json for the service user:',
    `  ${JSON.stringify(config)}`,
    '',
    'From your own snowflake-sdk code:',
    `  snowflake.createConnection({ account: '${emu.account}', accessUrl: '${emu.url}', username: 'ADMIN', password: 'admin-password' })`,
    '',
    'Seeded users: ADMIN (ACCOUNTADMIN, password admin-password), THERMAL_SVC (SERVICE, THERMAL_ROLE, network policy THERMAL_POLICY),',
    'ALICE (PERSON, ANALYST, password alice-password). State is in memory and is lost when the emulator stops.',
    '',
    `Time runs on the real clock. To jump ahead (e.g. to watch tokens expire), from any client:`,
    `  SELECT SYSTEM$EMULATOR_ADVANCE_CLOCK(86400)   -- seconds; also SYSTEM$EMULATOR_SET_CLOCK('<ISO time>'), SYSTEM$EMULATOR_NOW()`,
    `  curl -X POST ${emu.url}/emulator/clock -d '{"advanceMs":86400000}'`,
  ].join('\n');
}
