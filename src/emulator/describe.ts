// Text for `pat emulator`: how to point pat, or your own snowflake-sdk code, at a running emulator.
import type { RunningEmulator } from './index.js';

export function describeForUser(emu: RunningEmulator): string {
  const config = {
    account: emu.account,
    user: 'THERMAL_SVC',
    url: emu.url,
    role: 'THERMAL_ROLE',
    database: 'THERMAL_DB',
    schema: 'RAW',
    warehouse: 'THERMAL_WH',
    pipe: 'THERMAL_PIPE',
  };
  return [
    `Snowflake emulator listening on ${emu.url} (account ${emu.account}).`,
    '',
    'Admin connection for pat (environment):',
    `  SNOWFLAKE_ACCOUNT=${emu.account} SNOWFLAKE_USER=ADMIN SNOWFLAKE_PASSWORD=admin-password SNOWFLAKE_HOST=127.0.0.1 SNOWFLAKE_PORT=${emu.port} SNOWFLAKE_PROTOCOL=http`,
    '',
    'Sample snowflake_config.json for the service user:',
    `  ${JSON.stringify(config)}`,
    '',
    'From your own snowflake-sdk code:',
    `  snowflake.createConnection({ account: '${emu.account}', accessUrl: '${emu.url}', username: 'ADMIN', password: 'admin-password' })`,
    '',
    'Seeded users: ADMIN (ACCOUNTADMIN, password admin-password), THERMAL_SVC (SERVICE, THERMAL_ROLE, network policy THERMAL_POLICY),',
    'ALICE (PERSON, ANALYST, password alice-password). State is in memory and is lost when the emulator stops.',
  ].join('\n');
}
