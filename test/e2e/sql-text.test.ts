/**
 * The exact SQL each command and flag combination sends, as the emulator received it — including escaping of
 * quotes and backslashes in comments and quoting of unusual user and role names — and that Snowflake's lexical
 * rules (the emulator's parser) read the values back unchanged.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startWorld, type World } from '../helpers/world.js';

let world: World;
before(async () => {
  world = await startWorld();
  for (const sql of [
    'CREATE ROLE "Odd Role"',
    `CREATE USER "svc.user@corp" TYPE = PERSON PASSWORD = 'x'`,
    'GRANT ROLE "Odd Role" TO USER "svc.user@corp"',
    'CREATE USER "SELECT" TYPE = PERSON', // what an unquoted select would name, were it not reserved
  ]) {
    await world.emulator.runAs('ADMIN', sql);
  }
});
after(async () => world.close());

interface Row {
  args: string[];
  /** Exact texts, or patterns where a name carries the emulator's clock (`<NAME>_ROTATED_<ms>`). */
  sql: (string | RegExp)[];
}

const SHOW_THERMAL = 'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC';

const SELECT_CONTEXT = 'SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(), CURRENT_ACCOUNT()';

const rows: Row[] = [
  {
    args: ['create', '--name', 'thermal_pat'],
    sql: ["ALTER USER THERMAL_SVC ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS thermal_pat ROLE_RESTRICTION = 'THERMAL_ROLE'"],
  },
  {
    args: ['create', '--name', 'all_flags', '--user', 'alice', '--role-restriction', 'analyst', '--expires-in', '7', '--bypass-network-policy-mins', '60', '--comment', "it's C:\\temp", '--no-write', '--show-secret'],
    sql: ["ALTER USER alice ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS all_flags ROLE_RESTRICTION = 'ANALYST' DAYS_TO_EXPIRY = 7 MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 60 COMMENT = 'it''s C:\\\\temp'"],
  },
  {
    args: ['create', '--name', 'no_role', '--user', 'ALICE', '--no-role-restriction', '--comment', 'two\nlines', '--no-write', '--show-secret'],
    sql: ["ALTER USER ALICE ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS no_role COMMENT = 'two\\nlines'"],
  },
  {
    args: ['create', '--name', 'odd', '--user', 'svc.user@corp', '--role-restriction', 'Odd Role', '--no-write', '--show-secret'],
    sql: [`ALTER USER "svc.user@corp" ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS odd ROLE_RESTRICTION = 'Odd Role'`],
  },
  {
    args: ['create', '--name', 'reserved', '--user', 'select', '--no-role-restriction', '--no-write', '--show-secret'],
    sql: ['ALTER USER "SELECT" ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS reserved'],
  },
  // Every rotate ends with one SHOW on the admin session: the new expiry and when the previous secret stops.
  { args: ['rotate', '--no-verify'], sql: ['ALTER USER THERMAL_SVC ROTATE PROGRAMMATIC ACCESS TOKEN THERMAL_PAT', SHOW_THERMAL] },
  {
    // 0 hours: an hour's grace is asked for, and this run's predecessor is removed after the new secret logged in.
    args: ['rotate', '--expire-old-after-hours', '0'],
    sql: [
      'ALTER USER THERMAL_SVC ROTATE PROGRAMMATIC ACCESS TOKEN THERMAL_PAT EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 1',
      SELECT_CONTEXT,
      SHOW_THERMAL,
      /^ALTER USER THERMAL_SVC REMOVE PROGRAMMATIC ACCESS TOKEN IF EXISTS THERMAL_PAT_ROTATED_\d+$/,
    ],
  },
  {
    args: ['rotate', '--name', 'odd', '--user', 'svc.user@corp', '--expire-old-after-hours', '2', '--no-write', '--no-verify', '--show-secret'],
    sql: ['ALTER USER "svc.user@corp" ROTATE PROGRAMMATIC ACCESS TOKEN odd EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 2', 'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER "svc.user@corp"'],
  },
  { args: ['list'], sql: ['SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC'] },
  { args: ['list', '--user', 'svc.user@corp'], sql: ['SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER "svc.user@corp"'] },
  { args: ['test-connection'], sql: [SELECT_CONTEXT] },
  // revoke: one SHOW, then the token and every rotated predecessor still listed.
  {
    args: ['revoke', '--name', 'no_role', '--user', 'ALICE', '--yes'],
    sql: ['SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER ALICE', 'ALTER USER ALICE REMOVE PROGRAMMATIC ACCESS TOKEN IF EXISTS NO_ROLE'],
  },
  {
    args: ['revoke', '--yes'],
    sql: [
      SHOW_THERMAL,
      'ALTER USER THERMAL_SVC REMOVE PROGRAMMATIC ACCESS TOKEN IF EXISTS THERMAL_PAT',
      /^ALTER USER THERMAL_SVC REMOVE PROGRAMMATIC ACCESS TOKEN IF EXISTS THERMAL_PAT_ROTATED_\d+$/,
    ],
  },
];

describe('SQL text per command and flags (in order: later rows use tokens earlier rows made)', () => {
  for (const row of rows) {
    test(`pat ${row.args.join(' ').replaceAll('\n', '\\n')}`, async () => {
      world.emulator.clearRequests();
      const result = await world.pat(row.args);
      assert.equal(result.code, 0, result.stderr);
      const sent = world.sql();
      assert.equal(sent.length, row.sql.length, sent.join('\n'));
      row.sql.forEach((expected, i) => {
        if (typeof expected === 'string') assert.equal(sent[i], expected);
        else assert.match(sent[i] ?? '', expected);
      });
    });
  }
});

describe('values survive the trip', () => {
  test('comments with quotes, backslashes and newlines are stored exactly', async () => {
    const listed = await world.pat(['--json', 'list', '--user', 'alice']);
    const tokens = JSON.parse(listed.stdout) as Array<{ name: string; comment: string | null; role_restriction: string }>;
    const allFlags = tokens.find((t) => t.name === 'ALL_FLAGS');
    assert.equal(allFlags?.comment, "it's C:\\temp");
    assert.equal(allFlags?.role_restriction, 'ANALYST');
  });
  test('an unusual role name is stored with its case and space', async () => {
    const listed = await world.pat(['--json', 'list', '--user', 'svc.user@corp']);
    const tokens = JSON.parse(listed.stdout) as Array<{ name: string; role_restriction: string }>;
    assert.equal(tokens.find((t) => t.name === 'ODD')?.role_restriction, 'Odd Role');
  });
});
