// The smaller PAT rules where the emulator used to drift from Snowflake. Each test names its source: a
// docs.snowflake.com page, a connector's code or fixture, or the Terraform provider's SDK tests
// (snowflakedb/terraform-provider-snowflake). Codes and texts no source gives are marked UNCONFIRMED in src/emulator.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startEmulator, thermalSeed, SeedError } from 'snowflake-pat-emulator';
import { DAY, HOUR, MINUTE, emulatorPerTest, exec, failure, type Row } from './helpers/driver.js';
import { post, rawLogin } from './helpers/raw.js';

const T0 = Date.UTC(2032, 2, 1, 9, 0, 0, 0);
const fixture = emulatorPerTest({ now: T0 });
const row = (rows: Row[], name: string): Row => {
  const r = rows.find((x) => x['name'] === name);
  assert.ok(r, `row ${name}`);
  return r;
};
const secret = (rows: Row[]): string => String(rows[0]?.['token_secret']);

describe('PAT sessions', () => {
  test("the management ban covers the session user's own tokens only", async () => {
    // Source: docs.snowflake.com/en/sql-reference/sql/alter-user-rotate-programmatic-access-token — "You cannot rotate a
    // programmatic access token in a session where you used a programmatic access token for the same user" (facts §9.2).
    const c = await fixture.adminConn();
    await exec(c, 'GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER ALICE TO ROLE THERMAL_ROLE');
    await exec(c, 'ALTER USER ALICE ADD PAT managed');
    const s = secret(await exec(c, "ALTER USER THERMAL_SVC ADD PAT own ROLE_RESTRICTION = 'THERMAL_ROLE'"));
    const pat = await fixture.open({ user: 'THERMAL_SVC', token: s });
    // Another user's token: allowed from a PAT session when the role may manage that user.
    await exec(pat, 'ALTER USER ALICE ROTATE PAT managed EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0');
    await exec(pat, "ALTER USER ALICE MODIFY PAT managed SET COMMENT = 'by the service'");
    await exec(pat, 'ALTER USER ALICE REMOVE PAT managed');
    // Its own: refused (UNCONFIRMED code 394414).
    assert.equal((await failure(exec(pat, 'ALTER USER THERMAL_SVC ROTATE PAT own'))).code, '394414');
    assert.equal((await failure(exec(pat, 'ALTER USER REMOVE PAT own'))).code, '394414');
  });
});

describe('rotated objects', () => {
  test('a *_ROTATED_* token cannot be modified or renamed, only removed', async () => {
    // Source: [ROT] output notes / [GUIDE] rotating: the object holding the prior secret "can only be expired or removed".
    const c = await fixture.adminConn();
    await exec(c, 'ALTER USER ALICE ADD PAT r');
    const rotated = String((await exec(c, 'ALTER USER ALICE ROTATE PAT r'))[0]?.['rotated_token_name']);
    for (const sql of [`MODIFY PAT ${rotated} SET COMMENT = 'x'`, `MODIFY PAT ${rotated} SET DISABLED = TRUE`, `MODIFY PAT ${rotated} RENAME TO kept`, `MODIFY PAT ${rotated} UNSET COMMENT`]) {
      const err = await failure(exec(c, `ALTER USER ALICE ${sql}`));
      assert.equal(err.code, '394416', sql); // UNCONFIRMED code
    }
    await exec(c, `ALTER USER ALICE REMOVE PAT ${rotated}`);
  });
});

describe('ROLE_RESTRICTION', () => {
  test("case-insensitive string literal, and the identifier forms the Terraform provider sends (ROLE_RESTRICTION = \"PUBLIC\")", async () => {
    // Source: terraform-provider-snowflake pkg/sdk unit case sql_Add_all renders `ROLE_RESTRICTION = %s` with the role's
    // FullyQualifiedName (a double-quoted identifier), and its integration test TestInt_UserProgrammaticAccessToken
    // adds with WithRoleRestriction(snowflakeroles.Public) and reads back role_restriction PUBLIC.
    const c = await fixture.adminConn();
    await exec(c, "ALTER USER THERMAL_SVC ADD PAT lower ROLE_RESTRICTION = 'thermal_role'");
    await exec(c, 'ALTER USER THERMAL_SVC ADD PAT quoted ROLE_RESTRICTION = "THERMAL_ROLE"');
    await exec(c, 'ALTER USER THERMAL_SVC ADD PAT bare ROLE_RESTRICTION = thermal_role');
    await exec(c, 'ALTER USER ALICE ADD PAT pub ROLE_RESTRICTION = "PUBLIC"');
    const rows = await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC');
    for (const name of ['LOWER', 'QUOTED', 'BARE']) assert.equal(row(rows, name)['role_restriction'], 'THERMAL_ROLE', name);
    assert.equal(row(await exec(c, 'SHOW USER PATS FOR USER ALICE'), 'PUB')['role_restriction'], 'PUBLIC');
    // A role the user does not hold is still refused, whatever its case (UNCONFIRMED code 394413).
    assert.equal((await failure(exec(c, "ALTER USER THERMAL_SVC ADD PAT x ROLE_RESTRICTION = 'analyst'"))).code, '394413');
  });
});

describe('MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT', () => {
  test('range 1–1440 on ADD and MODIFY SET; 0 is refused', async () => {
    // Source: [ADD]/[MOD] "range 1–1440"; terraform-provider-snowflake SDK validations
    // validation_Add_…_greaterOrEqual1 and validation_Modify_Set_…_greaterOrEqual1.
    const c = await fixture.adminConn();
    for (const sql of ['ADD PAT z MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 0', 'ADD PAT z MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 1441']) {
      assert.equal((await failure(exec(c, `ALTER USER ALICE ${sql}`))).code, '001008', sql);
    }
    await exec(c, 'ALTER USER ALICE ADD PAT one MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 1');
    assert.equal((await failure(exec(c, 'ALTER USER ALICE MODIFY PAT one SET MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 0'))).code, '001008');
    await exec(c, 'ALTER USER ALICE MODIFY PAT one SET MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 1440');
  });

  test('SHOW reports the minutes remaining in the window, which the bypass login honours', async () => {
    // Source: TestInt_UserProgrammaticAccessToken asserts HasMinsToBypassNetworkPolicyRequirementWithTolerance(10)
    // after adding with 10 and (15) after MODIFY SET 15: the column counts down. UNCONFIRMED: 0 once elapsed.
    const c = await fixture.adminConn();
    const s = secret(await exec(c, 'ALTER USER ALICE ADD PAT w MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 10'));
    const mins = async (): Promise<unknown> => row(await exec(c, 'SHOW USER PATS FOR USER ALICE'), 'W')['mins_to_bypass_network_policy_requirement'];
    assert.equal(await mins(), 10);
    fixture.emu.clock.advance(4 * MINUTE + 30_000);
    assert.equal(await mins(), 6); // 5.5 minutes left, rounded up
    await fixture.open({ user: 'ALICE', token: s }); // PERSON without a network policy, inside the window
    fixture.emu.clock.advance(6 * MINUTE);
    assert.equal(await mins(), 0);
    assert.equal((await failure(fixture.open({ user: 'ALICE', token: s }))).code, '390432');
    await exec(c, 'ALTER USER ALICE MODIFY PAT w SET MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 15');
    assert.equal(await mins(), 15);
    await exec(c, 'ALTER USER ALICE MODIFY PAT w UNSET MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT');
    assert.equal(await mins(), null);
  });
});

describe('the 15-token limit on every path', () => {
  test('ROTATE refuses to create a 16th object unless the old secret expires at once; seeds are checked too', async () => {
    // Source: [ADD] usage notes (15 per user, disabled ones count, expired ones do not) and [ROT] (the rotated
    // token object counts against the maximum). UNCONFIRMED: the code (394411) and that ROTATE checks it up front.
    const c = await fixture.adminConn();
    for (let i = 0; i < 15; i++) await exec(c, `ALTER USER ALICE ADD PAT t${i}`);
    assert.equal((await failure(exec(c, 'ALTER USER ALICE ROTATE PAT t0'))).code, '394411');
    const rotated = await exec(c, 'ALTER USER ALICE ROTATE PAT t0 EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0');
    assert.equal(row(await exec(c, 'SHOW USER PATS FOR USER ALICE'), String(rotated[0]?.['rotated_token_name']))['status'], 'EXPIRED');

    const seed = thermalSeed();
    seed.pats = Array.from({ length: 16 }, (_, i) => ({ user: 'ALICE', name: `S${i}`, secret: `seed-secret-${i}` }));
    await assert.rejects(startEmulator({ seed, now: T0 }), (e: unknown) => e instanceof SeedError && /more than 15/.test(e.message));
  });
});

describe('statementTypeId', () => {
  test('each statement kind carries its class id', async () => {
    // Source: snowflakedb/snowflake-connector-net SFStatementType (SELECT 0x1000, USE 0x4300 + 0x10/0x20/0x30,
    // SHOW 0x4400, DESCRIBE 0x4500, DDL 0x6000) and snowflake-connector-nodejs lib/connection/result/statement_type
    // (isDdl: >= 0x6000). UNCONFIRMED: ALTER USER … PAT, GRANT and CREATE report plain DDL.
    const token = await rawLogin(fixture.emu, 'ADMIN', 'admin-password');
    const typeOf = async (sqlText: string): Promise<unknown> => {
      const r = await post(fixture.emu, '/queries/v1/query-request?requestId=' + encodeURIComponent(sqlText), { sqlText }, { token });
      assert.equal(r.json['success'], true, sqlText);
      return (r.json['data'] as Record<string, unknown>)['statementTypeId'];
    };
    assert.equal(await typeOf('SELECT CURRENT_USER()'), 0x1000);
    assert.equal(await typeOf("SELECT NAME FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS WHERE TYPE = 'PAT'"), 0x1000);
    assert.equal(await typeOf('SHOW USER PATS FOR USER ALICE'), 0x4400);
    assert.equal(await typeOf('DESCRIBE USER ALICE'), 0x4500);
    assert.equal(await typeOf('USE WAREHOUSE THERMAL_WH'), 0x4330);
    assert.equal(await typeOf('USE DATABASE THERMAL_DB'), 0x4310);
    assert.equal(await typeOf('USE SCHEMA RAW'), 0x4320);
    assert.equal(await typeOf('USE ROLE ACCOUNTADMIN'), 0x4300);
    assert.equal(await typeOf('ALTER USER ALICE ADD PAT st'), 0x6000);
    assert.equal(await typeOf('CREATE ROLE R1'), 0x6000);
  });
});

describe('ACCOUNT_USAGE.CREDENTIALS', () => {
  test('LAST_ALTERED / LAST_ALTERED_BY move with MODIFY and ROTATE; ADDITIONAL_DETAILS is the documented OBJECT', async () => {
    // Source: docs.snowflake.com/en/sql-reference/account-usage/credentials — LAST_ALTERED "date and time the credential
    // was last altered", LAST_ALTERED_BY "the user who last altered"; for TYPE = 'PAT' ADDITIONAL_DETAILS is an OBJECT
    // with MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT (the minutes given at generation) and ROLE_RESTRICTION.
    const c = await fixture.adminConn();
    await exec(c, 'GRANT OWNERSHIP ON USER ALICE TO ROLE ANALYST');
    await exec(c, "ALTER USER ALICE ADD PAT cred ROLE_RESTRICTION = 'analyst' MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 30");
    const q = "SELECT NAME, ADDITIONAL_DETAILS, CREATED_ON, CREATED_BY, LAST_ALTERED, LAST_ALTERED_BY FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS WHERE NAME = 'CRED'";
    let r = (await exec(c, q))[0] ?? {};
    assert.deepEqual(r['ADDITIONAL_DETAILS'], { MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT: 30, ROLE_RESTRICTION: 'ANALYST' });
    assert.equal((r['LAST_ALTERED'] as Date).getTime(), T0);
    assert.equal(r['LAST_ALTERED_BY'], 'ADMIN');
    fixture.emu.clock.advance(HOUR);
    const alice = await fixture.open({ user: 'ALICE', password: 'alice-password' });
    await exec(alice, "ALTER USER ALICE MODIFY PAT cred SET COMMENT = 'mine'");
    r = (await exec(c, q))[0] ?? {};
    assert.equal((r['CREATED_ON'] as Date).getTime(), T0);
    assert.equal(r['CREATED_BY'], 'ADMIN');
    assert.equal((r['LAST_ALTERED'] as Date).getTime(), T0 + HOUR);
    assert.equal(r['LAST_ALTERED_BY'], 'ALICE');
    fixture.emu.clock.advance(DAY);
    await exec(c, 'ALTER USER ALICE ROTATE PAT cred');
    r = (await exec(c, q))[0] ?? {};
    assert.equal((r['LAST_ALTERED'] as Date).getTime(), T0 + HOUR + DAY);
    assert.equal(r['LAST_ALTERED_BY'], 'ADMIN');
  });
});
