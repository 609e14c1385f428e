// Authentication policies (facts §3.4, §9.3) through the real snowflake-sdk: the DDL, DESCRIBE's PAT_POLICY string
// (as the Terraform provider's acceptance tests read it), and enforcement at ADD and at login.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY, emulatorPerTest, exec, failure, type Conn, type Row } from './helpers/driver.js';

const T0 = Date.UTC(2031, 8, 1);
const fixture = emulatorPerTest({ now: T0 });
const props = (rows: Row[]): Record<string, unknown> => Object.fromEntries(rows.map((r) => [r['property'], r['value']]));
const secretOf = (rows: Row[]): string => String(rows[0]?.['token_secret']);
const DEFAULT_PAT_POLICY = '{DEFAULT_EXPIRY_IN_DAYS=15, MAX_EXPIRY_IN_DAYS=365, NETWORK_POLICY_EVALUATION=ENFORCED_REQUIRED, REQUIRE_ROLE_RESTRICTION_FOR_SERVICE_USERS=true}';

describe('DDL', () => {
  test('CREATE / DESCRIBE / SHOW / ALTER SET, UNSET, RENAME / CREATE OR ALTER / OR REPLACE / DROP', async () => {
    const c = await fixture.adminConn();
    await exec(c, 'CREATE AUTHENTICATION POLICY basic');
    // Source: terraform-provider-snowflake acceptance tests — describe_output authentication_methods "[ALL]", comment
    // "null", and PAT_POLICY as one string (facts §9.3).
    let d = props(await exec(c, 'DESCRIBE AUTHENTICATION POLICY basic'));
    assert.equal(d['AUTHENTICATION_METHODS'], '[ALL]');
    assert.equal(d['COMMENT'], 'null');
    assert.equal(d['OWNER'], 'ACCOUNTADMIN');
    assert.equal(d['PAT_POLICY'], DEFAULT_PAT_POLICY);
    await exec(c, "CREATE AUTHENTICATION POLICY IF NOT EXISTS basic COMMENT = 'ignored'");
    assert.equal((await failure(exec(c, 'CREATE AUTHENTICATION POLICY basic'))).code, '002002');

    await exec(c, "CREATE AUTHENTICATION POLICY db.sch.strict AUTHENTICATION_METHODS = ('PASSWORD', 'KEYPAIR') " +
      'PAT_POLICY = (DEFAULT_EXPIRY_IN_DAYS = 5, MAX_EXPIRY_IN_DAYS = 90 NETWORK_POLICY_EVALUATION = ENFORCED_NOT_REQUIRED) ' +
      "COMMENT = 'tight'");
    d = props(await exec(c, 'DESC AUTHENTICATION POLICY strict'));
    assert.equal(d['AUTHENTICATION_METHODS'], '[PASSWORD, KEYPAIR]');
    assert.equal(d['PAT_POLICY'], '{DEFAULT_EXPIRY_IN_DAYS=5, MAX_EXPIRY_IN_DAYS=90, NETWORK_POLICY_EVALUATION=ENFORCED_NOT_REQUIRED, REQUIRE_ROLE_RESTRICTION_FOR_SERVICE_USERS=true}');
    assert.equal(d['COMMENT'], 'tight');
    assert.deepEqual((await exec(c, 'SHOW AUTHENTICATION POLICIES')).map((r) => r['name']), ['BASIC', 'STRICT']);
    assert.deepEqual((await exec(c, "SHOW AUTHENTICATION POLICIES LIKE 'str%'")).map((r) => r['name']), ['STRICT']);

    await exec(c, 'ALTER AUTHENTICATION POLICY strict SET PAT_POLICY = (MAX_EXPIRY_IN_DAYS = 30)');
    assert.match(String(props(await exec(c, 'DESC AUTHENTICATION POLICY strict'))['PAT_POLICY']), /DEFAULT_EXPIRY_IN_DAYS=5, MAX_EXPIRY_IN_DAYS=30,/);
    // DEFAULT ≤ MAX ≤ 365 [GUIDE].
    assert.equal((await failure(exec(c, 'ALTER AUTHENTICATION POLICY strict SET PAT_POLICY = (MAX_EXPIRY_IN_DAYS = 4)'))).code, '001008');
    assert.equal((await failure(exec(c, 'ALTER AUTHENTICATION POLICY strict SET PAT_POLICY = (MAX_EXPIRY_IN_DAYS = 366)'))).code, '001008');
    await exec(c, 'ALTER AUTHENTICATION POLICY strict UNSET PAT_POLICY, COMMENT');
    d = props(await exec(c, 'DESC AUTHENTICATION POLICY strict'));
    assert.equal(d['PAT_POLICY'], DEFAULT_PAT_POLICY);
    assert.equal(d['COMMENT'], 'null');
    await exec(c, 'ALTER AUTHENTICATION POLICY strict RENAME TO strict2');
    await exec(c, "CREATE OR ALTER AUTHENTICATION POLICY strict2 AUTHENTICATION_METHODS = ('ALL')");
    assert.equal(props(await exec(c, 'DESC AUTHENTICATION POLICY strict2'))['AUTHENTICATION_METHODS'], '[ALL]');
    await exec(c, "CREATE OR REPLACE AUTHENTICATION POLICY strict2 COMMENT = 'fresh'");
    await exec(c, 'DROP AUTHENTICATION POLICY strict2');
    await exec(c, 'DROP AUTHENTICATION POLICY IF EXISTS strict2');
    assert.equal((await failure(exec(c, 'DESC AUTHENTICATION POLICY strict2'))).code, '002003');
    // A syntax slip is a syntax error.
    assert.equal((await failure(exec(c, "CREATE AUTHENTICATION POLICY x AUTHENTICATION_METHODS = ('TELEPATHY')"))).code, '001003');
  });
});

describe('enforcement at ADD', () => {
  test('default and maximum expiry come from the user policy, else the account policy', async () => {
    const c = await fixture.adminConn();
    await exec(c, 'CREATE AUTHENTICATION POLICY acct PAT_POLICY = (DEFAULT_EXPIRY_IN_DAYS = 7, MAX_EXPIRY_IN_DAYS = 30)');
    await exec(c, 'CREATE AUTHENTICATION POLICY alice_p PAT_POLICY = (DEFAULT_EXPIRY_IN_DAYS = 2, MAX_EXPIRY_IN_DAYS = 3)');
    await exec(c, 'ALTER ACCOUNT SET AUTHENTICATION POLICY acct');
    await exec(c, 'ALTER USER ADMIN ADD PAT a');
    const admin = await exec(c, 'SHOW USER PATS FOR USER ADMIN');
    assert.equal((admin[0]?.['expires_at'] as Date).getTime(), T0 + 7 * DAY);
    assert.equal((await failure(exec(c, 'ALTER USER ADMIN ADD PAT b DAYS_TO_EXPIRY = 31'))).code, '001008');
    await exec(c, 'ALTER USER ALICE SET AUTHENTICATION POLICY alice_p');
    await exec(c, 'ALTER USER ALICE ADD PAT a');
    assert.equal(((await exec(c, 'SHOW USER PATS FOR USER ALICE'))[0]?.['expires_at'] as Date).getTime(), T0 + 2 * DAY);
    assert.equal((await failure(exec(c, 'ALTER USER ALICE ADD PAT b DAYS_TO_EXPIRY = 4'))).code, '001008');
    await exec(c, 'ALTER USER ALICE UNSET AUTHENTICATION POLICY');
    await exec(c, 'ALTER USER ALICE ADD PAT b DAYS_TO_EXPIRY = 30'); // the account's policy again
    // An attached policy cannot be dropped (UNCONFIRMED code).
    assert.equal((await failure(exec(c, 'DROP AUTHENTICATION POLICY acct'))).code, '003128');
    await exec(c, 'ALTER ACCOUNT UNSET AUTHENTICATION POLICY');
    await exec(c, 'ALTER USER ADMIN ADD PAT c DAYS_TO_EXPIRY = 365');
  });

  test('role restriction for service users can be lifted; AUTHENTICATION_METHODS without PAT blocks ADD', async () => {
    const c = await fixture.adminConn();
    // [GUIDE]: TYPE=SERVICE needs ROLE_RESTRICTION "unless you have set up an authentication policy to bypass this restriction".
    assert.equal((await failure(exec(c, 'ALTER USER THERMAL_SVC ADD PAT free'))).code, '394412');
    await exec(c, 'CREATE AUTHENTICATION POLICY svc PAT_POLICY = (REQUIRE_ROLE_RESTRICTION_FOR_SERVICE_USERS = FALSE)');
    await exec(c, 'ALTER USER THERMAL_SVC SET AUTHENTICATION POLICY svc');
    const s = secretOf(await exec(c, 'ALTER USER THERMAL_SVC ADD PAT free'));
    await fixture.open({ user: 'THERMAL_SVC', token: s });
    // Switching it back to TRUE invalidates tokens made without a role restriction [GUIDE].
    await exec(c, 'ALTER AUTHENTICATION POLICY svc SET PAT_POLICY = (REQUIRE_ROLE_RESTRICTION_FOR_SERVICE_USERS = TRUE)');
    assert.equal((await failure(fixture.open({ user: 'THERMAL_SVC', token: s }))).code, '394400');

    // [GUIDE] "Authentication policy requirements": the list must include PROGRAMMATIC_ACCESS_TOKEN.
    await exec(c, "CREATE AUTHENTICATION POLICY nopat AUTHENTICATION_METHODS = ('PASSWORD')");
    await exec(c, 'ALTER USER ALICE SET AUTHENTICATION POLICY nopat');
    assert.equal((await failure(exec(c, 'ALTER USER ALICE ADD PAT x'))).code, '394417'); // UNCONFIRMED code
  });
});

describe('enforcement at login', () => {
  async function alicePat(c: Conn): Promise<string> {
    return secretOf(await exec(c, 'ALTER USER ALICE ADD PAT p'));
  }

  test('AUTHENTICATION_METHODS decides which logins work', async () => {
    const c = await fixture.adminConn();
    await exec(c, 'ALTER USER ALICE SET NETWORK_POLICY = THERMAL_POLICY');
    const s = await alicePat(c);
    await fixture.open({ user: 'ALICE', token: s });
    await exec(c, "CREATE AUTHENTICATION POLICY pw_only AUTHENTICATION_METHODS = ('PASSWORD')");
    await exec(c, 'ALTER USER ALICE SET AUTHENTICATION POLICY pw_only');
    const refused = await failure(fixture.open({ user: 'ALICE', token: s }));
    assert.equal(refused.code, '394304'); // UNCONFIRMED code
    assert.equal(refused.message, 'Authentication attempt rejected by the current authentication policy.');
    await fixture.open({ user: 'ALICE', password: 'alice-password' });
    await exec(c, "ALTER AUTHENTICATION POLICY pw_only SET AUTHENTICATION_METHODS = ('PROGRAMMATIC_ACCESS_TOKEN')");
    await fixture.open({ user: 'ALICE', token: s });
    assert.equal((await failure(fixture.open({ user: 'ALICE', password: 'alice-password' }))).code, '394304');
  });

  test('NETWORK_POLICY_EVALUATION: ENFORCED_REQUIRED (default), ENFORCED_NOT_REQUIRED, NOT_ENFORCED', async () => {
    const c = await fixture.adminConn();
    const s = await alicePat(c);
    // Default: a PERSON user without a network policy (and no bypass window) cannot use a PAT (facts §3.3).
    assert.equal((await failure(fixture.open({ user: 'ALICE', token: s }))).code, '390432');
    await exec(c, 'CREATE AUTHENTICATION POLICY np PAT_POLICY = (NETWORK_POLICY_EVALUATION = ENFORCED_NOT_REQUIRED)');
    await exec(c, 'ALTER USER ALICE SET AUTHENTICATION POLICY np');
    await fixture.open({ user: 'ALICE', token: s }); // no policy needed…
    await exec(c, "CREATE NETWORK POLICY ELSEWHERE ALLOWED_IP_LIST = ('10.0.0.0/8')");
    await exec(c, 'ALTER USER ALICE SET NETWORK_POLICY = ELSEWHERE');
    assert.equal((await failure(fixture.open({ user: 'ALICE', token: s }))).code, '390422'); // …but one that exists applies
    await exec(c, 'ALTER AUTHENTICATION POLICY np SET PAT_POLICY = (NETWORK_POLICY_EVALUATION = NOT_ENFORCED)');
    await fixture.open({ user: 'ALICE', token: s }); // PAT logins ignore it
    assert.equal((await failure(fixture.open({ user: 'ALICE', password: 'alice-password' }))).code, '390422'); // passwords do not
  });

  test('lowering MAX_EXPIRY_IN_DAYS expires longer-lived tokens', async () => {
    const c = await fixture.adminConn();
    await exec(c, 'ALTER USER ALICE SET NETWORK_POLICY = THERMAL_POLICY');
    const s = secretOf(await exec(c, 'ALTER USER ALICE ADD PAT long DAYS_TO_EXPIRY = 60'));
    fixture.emu.clock.advance(20 * DAY);
    await fixture.open({ user: 'ALICE', token: s });
    await exec(c, 'CREATE AUTHENTICATION POLICY short PAT_POLICY = (DEFAULT_EXPIRY_IN_DAYS = 5, MAX_EXPIRY_IN_DAYS = 10)');
    await exec(c, 'ALTER USER ALICE SET AUTHENTICATION POLICY short');
    assert.equal((await failure(fixture.open({ user: 'ALICE', token: s }))).code, '394401');
  });
});
