import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DAY, HOUR, emulatorPerTest, exec, execMeta, failure, type Conn, type Row } from './helpers/driver.js';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0, 0);
const fixture = emulatorPerTest({ now: T0 });

const as = (user: string, password: string): Promise<Conn> => fixture.open({ user, password });
const withPat = (user: string, token: string, role?: string): Promise<Conn> =>
  fixture.open({ user, token, ...(role ? { role } : {}) });
const secretOf = (rows: Row[]): string => String(rows[0]?.['token_secret']);
const byName = (rows: Row[], name: string): Row => {
  const r = rows.find((x) => x['name'] === name);
  assert.ok(r, `row ${name} in ${JSON.stringify(rows.map((x) => x['name']))}`);
  return r;
};
const svcAdd = (c: Conn, name: string, extra = ''): Promise<Row[]> =>
  exec(c, `ALTER USER THERMAL_SVC ADD PROGRAMMATIC ACCESS TOKEN ${name} ROLE_RESTRICTION = 'THERMAL_ROLE' ${extra}`);

describe('ADD and SHOW', () => {
  test('ADD returns token_name and token_secret (text); SHOW has the documented columns, types and values', async () => {
    const c = await fixture.adminConn();
    const add = await execMeta(c, "ALTER USER THERMAL_SVC ADD PAT ingest ROLE_RESTRICTION = 'THERMAL_ROLE' DAYS_TO_EXPIRY = 30 COMMENT = 'for the pipe'");
    assert.deepEqual(add.columns, [{ name: 'token_name', type: 'text' }, { name: 'token_secret', type: 'text' }]);
    assert.equal(add.rows[0]?.['token_name'], 'INGEST');
    const secret = secretOf(add.rows);
    assert.ok(secret.length > 40);
    assert.ok(fixture.emu.issuedSecrets().includes(secret));
    assert.match(add.queryId, /^[0-9a-f-]{36}$/);

    const show = await execMeta(c, 'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR USER THERMAL_SVC');
    assert.deepEqual(show.columns, [
      { name: 'name', type: 'text' }, { name: 'user_name', type: 'text' }, { name: 'role_restriction', type: 'text' },
      { name: 'expires_at', type: 'timestamp_ltz' }, { name: 'status', type: 'text' }, { name: 'comment', type: 'text' },
      { name: 'created_on', type: 'timestamp_ltz' }, { name: 'created_by', type: 'text' },
      { name: 'mins_to_bypass_network_policy_requirement', type: 'fixed' }, { name: 'rotated_to', type: 'text' },
    ]);
    const row = byName(show.rows, 'INGEST');
    assert.equal(row['user_name'], 'THERMAL_SVC');
    assert.equal(row['role_restriction'], 'THERMAL_ROLE');
    assert.equal((row['expires_at'] as Date).getTime(), T0 + 30 * DAY);
    assert.equal((row['created_on'] as Date).getTime(), T0);
    assert.equal(row['status'], 'ACTIVE');
    assert.equal(row['comment'], 'for the pipe');
    assert.equal(row['created_by'], 'ADMIN');
    assert.equal(row['mins_to_bypass_network_policy_requirement'], null);
    assert.equal(row['rotated_to'], null);
    // The secret never appears in SHOW.
    assert.ok(!JSON.stringify(show.rows).includes(secret));
  });

  test('default expiry is 15 days; 365 is the maximum; out-of-range values fail', async () => {
    const c = await fixture.adminConn();
    await exec(c, 'ALTER USER ALICE ADD PAT a');
    await exec(c, 'ALTER USER ALICE ADD PAT b DAYS_TO_EXPIRY = 365 MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 1440');
    const rows = await exec(c, 'SHOW USER PATS FOR USER ALICE');
    assert.equal((byName(rows, 'A')['expires_at'] as Date).getTime(), T0 + 15 * DAY);
    assert.equal((byName(rows, 'B')['expires_at'] as Date).getTime(), T0 + 365 * DAY);
    assert.equal(byName(rows, 'B')['mins_to_bypass_network_policy_requirement'], 1440);
    for (const bad of ['DAYS_TO_EXPIRY = 366', 'DAYS_TO_EXPIRY = 0', 'DAYS_TO_EXPIRY = -1', 'MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 1441']) {
      const err = await failure(exec(c, `ALTER USER ALICE ADD PAT c ${bad}`));
      assert.equal(err.code, '001008', bad);
      assert.equal(err.sqlState, '22023');
    }
  });

  test('token names are unique per user (another user may reuse one)', async () => {
    const c = await fixture.adminConn();
    await exec(c, 'ALTER USER ALICE ADD PAT t');
    const err = await failure(exec(c, 'ALTER USER ALICE ADD PAT T'));
    assert.equal(err.code, '002002');
    assert.match(err.message, /'T' already exists/);
    await exec(c, 'ALTER USER ADMIN ADD PAT t');
  });

  test('at most 15 tokens: disabled and rotated ones count, expired ones do not', async () => {
    const c = await fixture.adminConn();
    for (let i = 0; i < 13; i++) await exec(c, `ALTER USER ALICE ADD PAT t${i}`);
    await exec(c, 'ALTER USER ALICE MODIFY PAT t0 SET DISABLED = TRUE');
    await exec(c, 'ALTER USER ALICE ROTATE PAT t1'); // 14 tokens now, T1_ROTATED_… counts
    await exec(c, 'ALTER USER ALICE ADD PAT t13'); // 15
    const err = await failure(exec(c, 'ALTER USER ALICE ADD PAT t14'));
    assert.equal(err.code, '394411');
    assert.match(err.message, /15/);
    assert.equal((await exec(c, 'SHOW USER PATS FOR USER ALICE')).length, 15);
    // The rotated one expires after 24 h: a slot frees up.
    fixture.emu.clock.advance(25 * HOUR);
    await exec(c, 'ALTER USER ALICE ADD PAT t14');
  });

  test('SERVICE users need a network policy and a ROLE_RESTRICTION; the role must be granted', async () => {
    const c = await fixture.adminConn();
    let err = await failure(exec(c, 'ALTER USER THERMAL_SVC ADD PAT x'));
    assert.equal(err.code, '394412');
    err = await failure(exec(c, "ALTER USER THERMAL_SVC ADD PAT x ROLE_RESTRICTION = 'ANALYST'"));
    assert.equal(err.code, '394413');
    err = await failure(exec(c, "ALTER USER THERMAL_SVC ADD PAT x ROLE_RESTRICTION = 'NO_SUCH_ROLE'"));
    assert.equal(err.code, '394413');
    await exec(c, 'CREATE USER SVC2 TYPE = SERVICE DEFAULT_ROLE = THERMAL_ROLE');
    await exec(c, 'GRANT ROLE THERMAL_ROLE TO USER SVC2');
    err = await failure(exec(c, "ALTER USER SVC2 ADD PAT x ROLE_RESTRICTION = 'THERMAL_ROLE'"));
    assert.equal(err.code, '390432');
    assert.equal(err.message, 'Network policy is required.');
    await exec(c, 'ALTER USER SVC2 SET NETWORK_POLICY = THERMAL_POLICY');
    await exec(c, "ALTER USER SVC2 ADD PAT x ROLE_RESTRICTION = 'THERMAL_ROLE'");
    // PERSON users may add without either.
    await exec(c, 'ALTER USER ALICE ADD PAT x');
  });

  test('unknown user → 002003 / 02000; IF EXISTS → success', async () => {
    const c = await fixture.adminConn();
    const err = await failure(exec(c, 'ALTER USER NOBODY ADD PAT x'));
    assert.equal(err.code, '002003');
    assert.equal(err.sqlState, '02000');
    assert.equal(err.message, "SQL compilation error:\nUser 'NOBODY' does not exist or not authorized.");
    for (const action of ['ADD PAT x', 'ROTATE PAT x', 'REMOVE PAT x', 'MODIFY PAT x SET COMMENT = \'c\'']) {
      const rows = await exec(c, `ALTER USER IF EXISTS NOBODY ${action}`);
      assert.deepEqual(rows, [{ status: 'Statement executed successfully.' }]);
    }
    assert.equal((await failure(exec(c, 'SHOW USER PATS FOR USER NOBODY'))).code, '002003');
  });

  test('ADD … IF NOT EXISTS: a new name gets a secret; an existing one succeeds with no secret and changes nothing', async () => {
    // Source: docs.snowflake.com/en/sql-reference/sql/alter-user-add-programmatic-access-token ("If a token with the
    // same name already exists, the command does nothing and completes successfully without creating a new token or
    // returning a token secret"). The no-op reply's shape is UNCONFIRMED: the emulator answers token_secret NULL.
    const c = await fixture.adminConn();
    const first = await execMeta(c, 'ALTER USER ALICE ADD PAT IF NOT EXISTS idem DAYS_TO_EXPIRY = 5');
    assert.equal(first.rows[0]?.['token_name'], 'IDEM');
    const secret = secretOf(first.rows);
    assert.ok(secret.length > 40);
    const issued = fixture.emu.issuedSecrets().length;
    fixture.emu.clock.advance(HOUR);
    const again = await execMeta(c, "ALTER USER ALICE ADD PAT IF NOT EXISTS idem DAYS_TO_EXPIRY = 30 COMMENT = 'changed?'");
    assert.deepEqual(again.columns.map((x) => x.name), ['token_name', 'token_secret']);
    assert.deepEqual(again.rows, [{ token_name: 'IDEM', token_secret: null }]);
    const rows = await exec(c, 'SHOW USER PATS FOR USER ALICE');
    assert.equal(rows.length, 1);
    assert.equal((byName(rows, 'IDEM')['expires_at'] as Date).getTime(), T0 + 5 * DAY);
    assert.equal(byName(rows, 'IDEM')['comment'], null);
    assert.equal(fixture.emu.issuedSecrets().length, issued, 'no second secret was issued');
    // Without the clause the duplicate is still an error.
    assert.equal((await failure(exec(c, 'ALTER USER ALICE ADD PAT idem'))).code, '002002');
  });

  test('ROTATE / REMOVE / MODIFY … IF EXISTS on a missing token succeed and do nothing; on a present one they act', async () => {
    // Source: current [ROT]/[REM]/[MOD] pages (facts §9.1): "[ IF EXISTS ] <token_name>" after the keywords.
    const c = await fixture.adminConn();
    for (const sql of [
      'ALTER USER ALICE ROTATE PAT IF EXISTS ghost EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0',
      'ALTER USER ALICE REMOVE PROGRAMMATIC ACCESS TOKEN IF EXISTS ghost',
      "ALTER USER ALICE MODIFY PAT IF EXISTS ghost SET COMMENT = 'x'",
      'ALTER USER ALICE MODIFY PAT IF EXISTS ghost RENAME TO ghost2',
    ]) {
      assert.deepEqual(await exec(c, sql), [{ status: 'Statement executed successfully.' }], sql);
    }
    assert.deepEqual(await exec(c, 'SHOW USER PATS FOR USER ALICE'), []);
    // Without IF EXISTS a missing token is still an error.
    assert.equal((await failure(exec(c, 'ALTER USER ALICE REMOVE PAT ghost'))).code, '002003');

    await exec(c, 'ALTER USER ALICE ADD PAT real');
    const rot = await exec(c, 'ALTER USER ALICE ROTATE PAT IF EXISTS real');
    assert.equal(rot[0]?.['token_name'], 'REAL');
    assert.ok(String(rot[0]?.['token_secret']).length > 40);
    await exec(c, "ALTER USER ALICE MODIFY PAT IF EXISTS real SET COMMENT = 'kept'");
    assert.equal(byName(await exec(c, 'SHOW USER PATS FOR USER ALICE'), 'REAL')['comment'], 'kept');
    assert.deepEqual(await exec(c, 'ALTER USER ALICE REMOVE PAT IF EXISTS real'), [{ status: 'Programmatic access token REAL successfully removed.' }]);
  });

  test('the syntax error for the often-copied wrong form reaches the driver', async () => {
    const c = await fixture.adminConn();
    const sql = "ALTER USER THERMAL_SVC ADD PROGRAMMATIC ACCESS TOKEN NAME = 'x' EXPIRES_IN = 90";
    const err = await failure(exec(c, sql));
    assert.equal(err.code, '001003');
    assert.equal(err.sqlState, '42000');
    assert.equal(err.message, `SQL compilation error:\nsyntax error line 1 at position ${sql.indexOf('=')} unexpected '='.`);
    assert.equal((await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC')).length, 0);
  });
});

describe('ROTATE', () => {
  test('keeps the name, issues a new secret, renews expiry, keeps the old secret alive for the grace hours', async () => {
    const c = await fixture.adminConn();
    const old = secretOf(await svcAdd(c, 'ingest', 'DAYS_TO_EXPIRY = 10'));
    fixture.emu.clock.advance(2 * DAY);
    const now = fixture.emu.clock.now();
    const rot = await execMeta(c, 'ALTER USER THERMAL_SVC ROTATE PROGRAMMATIC ACCESS TOKEN ingest EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 5');
    assert.deepEqual(rot.columns.map((x) => `${x.name}:${x.type}`), ['token_name:text', 'token_secret:text', 'rotated_token_name:text']);
    const row = rot.rows[0] ?? {};
    assert.equal(row['token_name'], 'INGEST');
    assert.equal(row['rotated_token_name'], `INGEST_ROTATED_${now}`);
    const fresh = String(row['token_secret']);
    assert.notEqual(fresh, old);

    const show = await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC');
    assert.equal((byName(show, 'INGEST')['expires_at'] as Date).getTime(), now + 10 * DAY);
    const rotated = byName(show, `INGEST_ROTATED_${now}`);
    assert.equal(rotated['rotated_to'], 'INGEST');
    assert.equal(rotated['role_restriction'], 'THERMAL_ROLE');
    assert.equal((rotated['expires_at'] as Date).getTime(), now + 5 * HOUR);
    assert.equal(rotated['status'], 'ACTIVE');

    // Both secrets work during the grace period…
    fixture.emu.clock.advance(5 * HOUR - 1000);
    await withPat('THERMAL_SVC', old);
    await withPat('THERMAL_SVC', fresh);
    // …and the old one is expired after it (394401, facts §8 — UNCONFIRMED code).
    fixture.emu.clock.advance(2000);
    const err = await failure(withPat('THERMAL_SVC', old));
    assert.equal(err.code, '394401');
    await withPat('THERMAL_SVC', fresh);
    assert.equal(byName(await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC'), `INGEST_ROTATED_${now}`)['status'], 'EXPIRED');
  });

  test('default grace is 24 hours; 0 kills the old secret now; more than the hours left is refused', async () => {
    const c = await fixture.adminConn();
    const s1 = secretOf(await svcAdd(c, 'a', 'DAYS_TO_EXPIRY = 2'));
    await exec(c, 'ALTER USER THERMAL_SVC ROTATE PAT a');
    fixture.emu.clock.advance(24 * HOUR - 1);
    await withPat('THERMAL_SVC', s1);
    fixture.emu.clock.advance(1);
    assert.equal((await failure(withPat('THERMAL_SVC', s1))).code, '394401');

    const s2 = secretOf(await svcAdd(c, 'b'));
    const rows = await exec(c, 'ALTER USER THERMAL_SVC ROTATE PAT b EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 0');
    assert.equal((await failure(withPat('THERMAL_SVC', s2))).code, '394401');
    const rotated = byName(await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC'), String(rows[0]?.['rotated_token_name']));
    assert.equal(rotated['status'], 'EXPIRED');

    await svcAdd(c, 'short', 'DAYS_TO_EXPIRY = 1');
    const err = await failure(exec(c, 'ALTER USER THERMAL_SVC ROTATE PAT short EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 25'));
    assert.equal(err.code, '001008');
    assert.match(err.message, /EXPIRE_ROTATED_TOKEN_AFTER_HOURS/);
    await exec(c, 'ALTER USER THERMAL_SVC ROTATE PAT short EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 24');
  });

  test('rotating a missing token → 002003', async () => {
    const c = await fixture.adminConn();
    const err = await failure(exec(c, 'ALTER USER ALICE ROTATE PAT nope'));
    assert.equal(err.code, '002003');
    assert.match(err.message, /'NOPE' does not exist/);
  });
});

describe('REMOVE and MODIFY', () => {
  test('REMOVE answers a status row and the secret stops working', async () => {
    const c = await fixture.adminConn();
    const s = secretOf(await svcAdd(c, 'gone'));
    await withPat('THERMAL_SVC', s);
    const res = await execMeta(c, 'ALTER USER THERMAL_SVC REMOVE PROGRAMMATIC ACCESS TOKEN gone');
    assert.deepEqual(res.columns, [{ name: 'status', type: 'text' }]);
    assert.deepEqual(res.rows, [{ status: 'Programmatic access token GONE successfully removed.' }]);
    const err = await failure(withPat('THERMAL_SVC', s));
    assert.equal(err.code, '394400');
    assert.equal((await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC')).length, 0);
    assert.equal((await failure(exec(c, 'ALTER USER THERMAL_SVC REMOVE PAT gone'))).code, '002003');
  });

  test('MODIFY SET/UNSET DISABLED, COMMENT, MINS…; RENAME TO', async () => {
    const c = await fixture.adminConn();
    const s = secretOf(await svcAdd(c, 'm', "COMMENT = 'one'"));
    const res = await exec(c, 'ALTER USER THERMAL_SVC MODIFY PAT m SET DISABLED = TRUE');
    assert.deepEqual(res, [{ status: 'Statement executed successfully.' }]);
    assert.equal(byName(await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC'), 'M')['status'], 'DISABLED');
    assert.equal((await failure(withPat('THERMAL_SVC', s))).code, '394400');
    await exec(c, 'ALTER USER THERMAL_SVC MODIFY PAT m SET DISABLED = FALSE');
    await withPat('THERMAL_SVC', s);
    await exec(c, 'ALTER USER THERMAL_SVC MODIFY PAT m SET DISABLED = TRUE');
    await exec(c, 'ALTER USER THERMAL_SVC MODIFY PAT m UNSET DISABLED');
    await withPat('THERMAL_SVC', s);

    await exec(c, "ALTER USER THERMAL_SVC MODIFY PAT m SET COMMENT = 'two', MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT = 30");
    let row = byName(await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC'), 'M');
    assert.equal(row['comment'], 'two');
    assert.equal(row['mins_to_bypass_network_policy_requirement'], 30);
    await exec(c, 'ALTER USER THERMAL_SVC MODIFY PAT m UNSET COMMENT, MINS_TO_BYPASS_NETWORK_POLICY_REQUIREMENT');
    row = byName(await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC'), 'M');
    assert.equal(row['comment'], null);
    assert.equal(row['mins_to_bypass_network_policy_requirement'], null);

    await exec(c, 'ALTER USER THERMAL_SVC MODIFY PAT m RENAME TO m2');
    const names = (await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC')).map((r) => r['name']);
    assert.deepEqual(names, ['M2']);
    await withPat('THERMAL_SVC', s); // the secret follows the renamed token
    await svcAdd(c, 'other');
    assert.equal((await failure(exec(c, 'ALTER USER THERMAL_SVC MODIFY PAT m2 RENAME TO other'))).code, '002002');
  });
});

describe('expiry and retention', () => {
  test('EXPIRED after DAYS_TO_EXPIRY, still listed for 7 days, then gone', async () => {
    const c = await fixture.adminConn();
    const s = secretOf(await svcAdd(c, 'e', 'DAYS_TO_EXPIRY = 1'));
    fixture.emu.clock.advance(DAY - 1);
    await withPat('THERMAL_SVC', s);
    fixture.emu.clock.advance(1);
    assert.equal(byName(await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC'), 'E')['status'], 'EXPIRED');
    const err = await failure(withPat('THERMAL_SVC', s));
    // Refused as expired while still listed (facts §8/§9.5: 394401, UNCONFIRMED field report)…
    assert.equal(err.code, '394401');
    assert.equal(err.message, 'Programmatic access token is expired');
    fixture.emu.clock.advance(7 * DAY - 1);
    assert.equal((await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC')).length, 1);
    fixture.emu.clock.advance(1);
    assert.equal((await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC')).length, 0);
    // …and once purged it is simply unknown.
    assert.equal((await failure(withPat('THERMAL_SVC', s))).code, '394400');
  });

  test('a disabled token that expires shows EXPIRED', async () => {
    const c = await fixture.adminConn();
    await svcAdd(c, 'd', 'DAYS_TO_EXPIRY = 1');
    await exec(c, 'ALTER USER THERMAL_SVC MODIFY PAT d SET DISABLED = TRUE');
    fixture.emu.clock.advance(2 * DAY);
    assert.equal(byName(await exec(c, 'SHOW USER PATS FOR USER THERMAL_SVC'), 'D')['status'], 'EXPIRED');
  });
});

describe('privileges and PAT sessions', () => {
  test('own tokens need no privilege; another user needs OWNERSHIP or MODIFY PROGRAMMATIC AUTHENTICATION METHODS', async () => {
    const alice = await as('ALICE', 'alice-password');
    await exec(alice, 'ALTER USER ADD PAT mine'); // user omitted = current user
    await exec(alice, 'ALTER USER ALICE ROTATE PAT mine');
    assert.equal((await exec(alice, 'SHOW USER PATS')).length, 2);
    for (const sql of [
      "ALTER USER THERMAL_SVC ADD PAT x ROLE_RESTRICTION = 'THERMAL_ROLE'", 'ALTER USER THERMAL_SVC ROTATE PAT x',
      'ALTER USER THERMAL_SVC REMOVE PAT x', 'ALTER USER THERMAL_SVC MODIFY PAT x RENAME TO y', 'SHOW USER PATS FOR USER THERMAL_SVC',
    ]) {
      const err = await failure(exec(alice, sql));
      assert.equal(err.code, '003001', sql);
      assert.equal(err.sqlState, '42501');
      assert.equal(err.message, "SQL access control error:\nInsufficient privileges to operate on user 'THERMAL_SVC'.");
    }
    const c = await fixture.adminConn();
    await exec(c, 'GRANT MODIFY PROGRAMMATIC AUTHENTICATION METHODS ON USER THERMAL_SVC TO ROLE ANALYST');
    await exec(alice, "ALTER USER THERMAL_SVC ADD PAT x ROLE_RESTRICTION = 'THERMAL_ROLE'");
    assert.equal((await exec(alice, 'SHOW USER PATS FOR USER THERMAL_SVC')).length, 1);
    assert.equal((await exec(alice, 'ALTER USER THERMAL_SVC REMOVE PAT x'))[0]?.['status'], 'Programmatic access token X successfully removed.');
  });

  test('SHOW for another user also accepts plain MODIFY; OWNERSHIP allows everything', async () => {
    const c = await fixture.adminConn();
    const alice = await as('ALICE', 'alice-password');
    await exec(c, 'GRANT MODIFY ON USER ADMIN TO ROLE ANALYST');
    assert.deepEqual(await exec(alice, 'SHOW USER PATS FOR USER ADMIN'), []);
    assert.equal((await failure(exec(alice, 'ALTER USER ADMIN ADD PAT x'))).code, '003001');
    await exec(c, 'CREATE USER BOB');
    await exec(c, 'GRANT OWNERSHIP ON USER BOB TO ROLE ANALYST');
    await exec(alice, 'ALTER USER BOB ADD PAT x');
    await exec(alice, 'ALTER USER BOB MODIFY PAT x SET COMMENT = \'ok\'');
  });

  test('a PAT session may ADD and SHOW but not ROTATE, REMOVE or MODIFY', async () => {
    const c = await fixture.adminConn();
    const s = secretOf(await svcAdd(c, 'main'));
    const pat = await withPat('THERMAL_SVC', s);
    await exec(pat, "ALTER USER ADD PAT extra ROLE_RESTRICTION = 'THERMAL_ROLE'");
    assert.equal((await exec(pat, 'SHOW USER PATS')).length, 2);
    for (const sql of ['ALTER USER ROTATE PAT main', 'ALTER USER THERMAL_SVC REMOVE PAT extra', 'ALTER USER MODIFY PAT main SET COMMENT = \'x\'', 'ALTER USER MODIFY PAT main RENAME TO z']) {
      const err = await failure(exec(pat, sql));
      assert.equal(err.code, '394414', sql);
      assert.match(err.message, /session where you used a programmatic access token/);
    }
    // The same statements work from a password session.
    await exec(c, 'ALTER USER THERMAL_SVC REMOVE PAT extra');
  });
});
