// Time in the emulator: a frozen clock for tests, a real one for `pat emulator`, and emulator-only ways for any
// client to move it (SYSTEM$EMULATOR_* functions, the loopback /emulator/clock route). Rules: facts §1.7, §3.7, §8.
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, test } from 'node:test';
import { startEmulator } from 'snowflake-pat-emulator';
import { DAY, HOUR, connect, destroy, emulatorPerTest, exec, failure, type Row } from './helpers/driver.js';

const T0 = Date.UTC(2030, 5, 1, 8, 0, 0, 0);
const fixture = emulatorPerTest({ now: T0 });
const names = (rows: Row[]): string[] => rows.map((r) => String(r['name'])).sort();

describe('rotated names', () => {
  test('two rotations at the same instant get distinct <NAME>_ROTATED_<ms> names, and REMOVE takes each one', async () => {
    const c = await fixture.adminConn();
    await exec(c, 'ALTER USER ALICE ADD PAT twice');
    const first = await exec(c, 'ALTER USER ALICE ROTATE PAT twice');
    const second = await exec(c, 'ALTER USER ALICE ROTATE PAT twice');
    // [GUIDE]: the old secret becomes `<NAME>_ROTATED_<epoch-millis>`; the clock has not moved between the two.
    assert.equal(first[0]?.['rotated_token_name'], `TWICE_ROTATED_${T0}`);
    assert.equal(second[0]?.['rotated_token_name'], `TWICE_ROTATED_${T0 + 1}`);
    assert.deepEqual(names(await exec(c, 'SHOW USER PATS FOR USER ALICE')), ['TWICE', `TWICE_ROTATED_${T0}`, `TWICE_ROTATED_${T0 + 1}`]);
    await exec(c, `ALTER USER ALICE REMOVE PAT TWICE_ROTATED_${T0}`);
    await exec(c, `ALTER USER ALICE REMOVE PAT TWICE_ROTATED_${T0 + 1}`);
    assert.deepEqual(names(await exec(c, 'SHOW USER PATS FOR USER ALICE')), ['TWICE']);
  });

  test('after the clock moves, the stamp is the new time', async () => {
    const c = await fixture.adminConn();
    await exec(c, 'ALTER USER ALICE ADD PAT later');
    fixture.emu.clock.advance(90 * 1000);
    const rows = await exec(c, 'ALTER USER ALICE ROTATE PAT later');
    assert.equal(rows[0]?.['rotated_token_name'], `LATER_ROTATED_${T0 + 90_000}`);
  });
});

describe('expiry on time', () => {
  test('a token and its rotated predecessor expire at their own times: SHOW says EXPIRED, login answers 394401', async () => {
    const c = await fixture.adminConn();
    await exec(c, 'ALTER USER ALICE SET NETWORK_POLICY = THERMAL_POLICY');
    const old = String((await exec(c, 'ALTER USER ALICE ADD PAT life DAYS_TO_EXPIRY = 2'))[0]?.['token_secret']);
    fixture.emu.clock.advance(DAY);
    const rot = await exec(c, 'ALTER USER ALICE ROTATE PAT life EXPIRE_ROTATED_TOKEN_AFTER_HOURS = 3');
    const fresh = String(rot[0]?.['token_secret']);
    const rotatedName = String(rot[0]?.['rotated_token_name']);
    fixture.emu.clock.advance(3 * HOUR);
    const show = await exec(c, 'SHOW USER PATS FOR USER ALICE');
    assert.equal(show.find((r) => r['name'] === rotatedName)?.['status'], 'EXPIRED');
    assert.equal(show.find((r) => r['name'] === 'LIFE')?.['status'], 'ACTIVE');
    const err = await failure(fixture.open({ user: 'ALICE', token: old }));
    assert.equal(err.code, '394401'); // facts §8/§9.5 (field report, UNCONFIRMED)
    assert.equal(err.data?.['authnMethod'], 'PAT');
    await fixture.open({ user: 'ALICE', token: fresh });
    // The renewed token lives DAYS_TO_EXPIRY (2) from its rotation [ROT].
    fixture.emu.clock.advance(2 * DAY - 3 * HOUR);
    assert.equal((await failure(fixture.open({ user: 'ALICE', token: fresh }))).code, '394401');
    const decoded = await exec(c, `SELECT SYSTEM$DECODE_PAT('${fresh}') AS d`);
    assert.equal(JSON.parse(String(decoded[0]?.['D']))['STATE'], 'EXPIRED');
  });
});

describe('moving time from any client', () => {
  test('SYSTEM$EMULATOR_NOW / _ADVANCE_CLOCK(seconds) / _SET_CLOCK(iso) read and move the clock; created_on follows it', async () => {
    const c = await fixture.adminConn();
    assert.deepEqual(await exec(c, 'SELECT SYSTEM$EMULATOR_NOW() AS now'), [{ NOW: new Date(T0).toISOString() }]);
    await exec(c, 'ALTER USER ALICE ADD PAT a DAYS_TO_EXPIRY = 1');
    const moved = await exec(c, 'SELECT SYSTEM$EMULATOR_ADVANCE_CLOCK(86400) AS t');
    assert.deepEqual(moved, [{ T: new Date(T0 + DAY).toISOString() }]);
    assert.equal(fixture.emu.clock.now(), T0 + DAY);
    await exec(c, 'ALTER USER ALICE ADD PAT b');
    const rows = await exec(c, 'SHOW USER PATS FOR USER ALICE');
    assert.equal(rows.find((r) => r['name'] === 'A')?.['status'], 'EXPIRED');
    assert.equal((rows.find((r) => r['name'] === 'B')?.['created_on'] as Date).getTime(), T0 + DAY);
    await exec(c, "SELECT SYSTEM$EMULATOR_SET_CLOCK('2031-01-01T00:00:00Z')");
    assert.equal(fixture.emu.clock.now(), Date.UTC(2031, 0, 1));
    assert.equal((await failure(exec(c, "SELECT SYSTEM$EMULATOR_SET_CLOCK('not a time')"))).code, '001008');
  });

  test('GET/POST /emulator/clock on loopback reads and moves the clock', async () => {
    const call = (method: string, body?: unknown) => new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
      const req = http.request(`${fixture.emu.url}/emulator/clock`, { method, agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
    assert.deepEqual(await call('GET'), { status: 200, json: { success: true, now: T0, iso: new Date(T0).toISOString(), kind: 'frozen' } });
    assert.equal((await call('POST', { advanceMs: 5000 })).json['now'], T0 + 5000);
    assert.equal((await call('POST', { set: '2030-07-01T00:00:00.000Z' })).json['now'], Date.UTC(2030, 6, 1));
    assert.equal((await call('POST', { set: 'garbage' })).status, 400);
    assert.equal((await call('POST', {})).status, 400);
    assert.equal(fixture.emu.clock.now(), Date.UTC(2030, 6, 1));
  });
});

describe('the real clock (standalone emulator)', () => {
  test('without `now` the clock follows Date.now(), and advance/set shift it', async () => {
    const emu = await startEmulator();
    try {
      assert.equal(emu.clock.kind, 'real');
      const within = (offset: number): void => {
        const before = Date.now();
        const now = emu.clock.now();
        const after = Date.now();
        assert.ok(now >= before + offset && now <= after + offset, `${now} in [${before + offset}, ${after + offset}]`);
      };
      within(0);
      emu.clock.advance(DAY);
      within(DAY);
      // A token created now is stamped with the shifted real time, and one day later (by the clock) it is EXPIRED.
      const c = await connect(emu, { user: 'ADMIN', password: 'admin-password' });
      const before = emu.clock.now();
      await exec(c, 'ALTER USER ALICE ADD PAT rt DAYS_TO_EXPIRY = 1');
      const after = emu.clock.now();
      const created = ((await exec(c, 'SHOW USER PATS FOR USER ALICE'))[0]?.['created_on'] as Date).getTime();
      assert.ok(created >= before && created <= after);
      await exec(c, 'SELECT SYSTEM$EMULATOR_ADVANCE_CLOCK(86400)');
      assert.equal((await exec(c, 'SHOW USER PATS FOR USER ALICE'))[0]?.['status'], 'EXPIRED');
      await destroy(c);
    } finally {
      await emu.close();
    }
  });
});
