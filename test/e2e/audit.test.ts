/**
 * `pat usage` and `pat inventory` through the built CLI, the real snowflake-sdk and the emulator's
 * SNOWFLAKE.ACCOUNT_USAGE views: the exact SQL sent, what is listed, ordering, filters, access errors.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PatCredential } from '../../src/providers/snowflake/lifecycle/account-usage.js';
import { createIo } from '../../src/output/io.js';
import { renderInventory } from '../../src/providers/snowflake/audit-tables.js';
import { BASE_CONFIG, startWorld, type World } from '../helpers/world.js';

const DAY = 86_400_000;
const USAGE_SQL = (user: string, days: number) =>
  'SELECT EVENT_TIMESTAMP, USER_NAME, CLIENT_IP, REPORTED_CLIENT_TYPE, REPORTED_CLIENT_VERSION, IS_SUCCESS, ERROR_CODE, ERROR_MESSAGE ' +
  'FROM SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY ' +
  `WHERE USER_NAME = '${user}' AND FIRST_AUTHENTICATION_FACTOR = 'PROGRAMMATIC_ACCESS_TOKEN' ` +
  `AND EVENT_TIMESTAMP >= DATEADD(DAY, -${days}, CURRENT_TIMESTAMP()) ORDER BY EVENT_TIMESTAMP DESC`;
const INVENTORY_SQL =
  'SELECT NAME, USER_NAME, STATUS, ADDITIONAL_DETAILS:ROLE_RESTRICTION::VARCHAR AS ROLE_RESTRICTION, EXPIRATION_DATE, ' +
  "CREATED_ON, CREATED_BY, LAST_USED_ON, COMMENT FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS WHERE TYPE = 'PAT' " +
  'ORDER BY EXPIRATION_DATE, USER_NAME, NAME';
const INVENTORY_WITHIN_SQL = (days: number) =>
  'SELECT NAME, USER_NAME, STATUS, ADDITIONAL_DETAILS:ROLE_RESTRICTION::VARCHAR AS ROLE_RESTRICTION, EXPIRATION_DATE, ' +
  "CREATED_ON, CREATED_BY, LAST_USED_ON, COMMENT FROM SNOWFLAKE.ACCOUNT_USAGE.CREDENTIALS WHERE TYPE = 'PAT' " +
  `AND EXPIRATION_DATE > CURRENT_TIMESTAMP() AND EXPIRATION_DATE <= DATEADD(DAY, ${days}, CURRENT_TIMESTAMP()) ` +
  'ORDER BY EXPIRATION_DATE, USER_NAME, NAME';

type Json = Record<string, unknown>;

describe('pat usage', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
    const created = await world.pat(['create', '--name', 'thermal_pat', '--expires-in', '30']);
    assert.equal(created.code, 0, created.stderr);
  });
  after(async () => world.close());

  test('lists the PAT logins after test-connection, newest first, failures with their code; exact SQL', async () => {
    const ok = await world.pat(['test-connection']);
    assert.equal(ok.code, 0, ok.stderr);
    // A service still holding a wrong secret: a failed PAT login of the same user.
    const bad = path.join(world.dir, 'stale.json');
    await writeFile(bad, JSON.stringify({ ...BASE_CONFIG, url: world.emulator.url, pat: 'not-a-real-token-value' }), { mode: 0o600 });
    world.emulator.clock.advance(60_000);
    const refused = await world.pat(['--config', 'stale.json', 'test-connection']);
    assert.equal(refused.code, 1);

    world.emulator.clearRequests();
    const json = await world.pat(['usage', '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(world.sql(), [USAGE_SQL('THERMAL_SVC', 7)]);
    const logins = JSON.parse(json.stdout) as Json[];
    // create's verification login may or may not exist; test-connection's success and the stale failure must.
    assert.ok(logins.length >= 2, json.stdout);
    const [newest] = logins;
    assert.equal(newest?.success, false);
    assert.equal(newest?.error_code, '394400');
    assert.match(String(newest?.error_message), /Programmatic access token is invalid/);
    const success = logins.find((l) => l.success === true);
    assert.ok(success, 'a successful PAT login is listed');
    assert.equal(success.user_name, 'THERMAL_SVC');
    assert.equal(success.client_ip, '127.0.0.1');
    assert.equal(success.reported_client_type, 'JAVASCRIPT_DRIVER');
    assert.match(String(success.reported_client_version), /^\d+\.\d+/);
    assert.match(String(success.event_timestamp), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const times = logins.map((l) => Date.parse(String(l.event_timestamp)));
    assert.deepEqual(times, [...times].sort((a, b) => b - a), 'newest first');
    // The admin connection's own password logins are not PAT logins.
    assert.ok(logins.every((l) => l.user_name === 'THERMAL_SVC'));
    assert.match(json.stderr, /up to 2 hours/);

    const text = await world.pat(['usage']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^TIME\s+USER\s+CLIENT IP\s+CLIENT\s+RESULT$/m);
    assert.match(text.stdout, /THERMAL_SVC\s+127\.0\.0\.1\s+JAVASCRIPT_DRIVER \S+\s+ok$/m);
    assert.match(text.stdout, /394400 Programmatic access token is invalid/);
    assert.match(text.stdout, /up to 2 hours/);
  });

  test('--days bounds the window; --user picks another user; bad --days is a usage error', async () => {
    world.emulator.clock.advance(8 * DAY);
    const recent = await world.pat(['usage', '--json']);
    assert.equal(recent.code, 0, recent.stderr);
    assert.deepEqual(JSON.parse(recent.stdout), [], 'nothing in the last 7 days');
    const text = await world.pat(['usage']);
    assert.match(text.stdout, /No PAT logins by THERMAL_SVC in the last 7 day\(s\)/);
    world.emulator.clearRequests();
    const month = await world.pat(['usage', '--days', '30', '--json']);
    assert.ok((JSON.parse(month.stdout) as Json[]).length >= 2);
    assert.deepEqual(world.sql(), [USAGE_SQL('THERMAL_SVC', 30)]);

    world.emulator.clearRequests();
    const alice = await world.pat(['usage', '--user', 'alice', '--json']);
    assert.equal(alice.code, 0, alice.stderr);
    assert.deepEqual(JSON.parse(alice.stdout), []);
    assert.deepEqual(world.sql(), [USAGE_SQL('ALICE', 7)]);

    world.emulator.clearRequests();
    for (const days of ['0', '366', 'week']) {
      const bad = await world.pat(['usage', '--days', days]);
      assert.equal(bad.code, 2, `--days ${days}`);
      assert.match(bad.stderr, /--days/);
    }
    const pangolin = await world.pat(['--provider', 'pangolin', 'usage']);
    assert.equal(pangolin.code, 2);
    assert.match(pangolin.stderr, /Snowflake only/);
    assert.deepEqual(world.sql(), [], 'nothing is sent for a usage error');
  });

  test('an admin role without ACCOUNT_USAGE access fails with exit 1 and says what to grant', async () => {
    const denied = await world.pat(['usage'], { env: { SNOWFLAKE_USER: 'ALICE', SNOWFLAKE_PASSWORD: 'alice-password' } });
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /003001/);
    assert.match(denied.stderr, /hint: .*IMPORTED PRIVILEGES ON DATABASE SNOWFLAKE/);
  });
});

describe('pat inventory', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
    const emu = world.emulator;
    // ALICE (PERSON) and THERMAL_SVC (SERVICE) tokens with distinct expiries.
    await emu.runAs('ADMIN', "ALTER USER THERMAL_SVC ADD PAT svc_long ROLE_RESTRICTION = 'THERMAL_ROLE' DAYS_TO_EXPIRY = 200 COMMENT = 'ingest'");
    await emu.runAs('ADMIN', "ALTER USER THERMAL_SVC ADD PAT svc_soon ROLE_RESTRICTION = 'THERMAL_ROLE' DAYS_TO_EXPIRY = 5");
    await emu.runAs('ADMIN', 'ALTER USER ALICE ADD PAT alice_mid DAYS_TO_EXPIRY = 20');
    await emu.runAs('ADMIN', 'ALTER USER ALICE ADD PAT alice_short DAYS_TO_EXPIRY = 1');
    await emu.runAs('ADMIN', 'ALTER USER ALICE MODIFY PAT alice_mid SET DISABLED = TRUE');
  });
  after(async () => world.close());

  test('lists every PAT in the account sorted by expiry, with ISO timestamps in JSON; exact SQL', async () => {
    world.emulator.clearRequests();
    const json = await world.pat(['inventory', '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(world.sql(), [INVENTORY_SQL]);
    const rows = JSON.parse(json.stdout) as Json[];
    assert.deepEqual(rows.map((r) => `${r.user_name}.${r.name}`), [
      'ALICE.ALICE_SHORT', 'THERMAL_SVC.SVC_SOON', 'ALICE.ALICE_MID', 'THERMAL_SVC.SVC_LONG',
    ]);
    const long = rows[3] ?? {};
    assert.equal(long.status, 'ACTIVE');
    assert.equal(long.role_restriction, 'THERMAL_ROLE');
    assert.equal(long.comment, 'ingest');
    assert.equal(long.created_by, 'ADMIN');
    assert.match(String(long.expires_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok([199, 200].includes(long.days_left as number), String(long.days_left));
    assert.equal(rows[2]?.status, 'DISABLED');
    assert.equal(rows[0]?.role_restriction, null);
    assert.equal(rows[0]?.last_used_on, null);
    assert.match(json.stderr, /up to 2 hours/);

    const text = await world.pat(['inventory']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^USER\s+NAME\s+STATUS\s+ROLE RESTRICTION\s+EXPIRES\s+DAYS LEFT\s+LAST USED\s+COMMENT$/m);
    assert.match(text.stdout, /^THERMAL_SVC\s+SVC_LONG\s+ACTIVE\s+THERMAL_ROLE\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+(199|200)\s+ingest$/m);
    assert.match(text.stdout, /4 token\(s\) of 2 user\(s\)\./);
  });

  test('--expiring-within keeps only live tokens expiring in that window', async () => {
    world.emulator.clearRequests();
    const json = await world.pat(['inventory', '--expiring-within', '10', '--json']);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(world.sql(), [INVENTORY_WITHIN_SQL(10)]);
    assert.deepEqual((JSON.parse(json.stdout) as Json[]).map((r) => r.name), ['ALICE_SHORT', 'SVC_SOON']);
    // Two days later ALICE_SHORT has expired: it is no longer "expiring", but the full inventory still shows it.
    world.emulator.clock.advance(2 * DAY);
    const later = await world.pat(['inventory', '--expiring-within', '10', '--json']);
    assert.deepEqual((JSON.parse(later.stdout) as Json[]).map((r) => r.name), ['SVC_SOON']);
    const all = JSON.parse((await world.pat(['inventory', '--json'])).stdout) as Json[];
    assert.equal(all.find((r) => r.name === 'ALICE_SHORT')?.status, 'EXPIRED');
    const none = await world.pat(['inventory', '--expiring-within', '1']);
    assert.equal(none.code, 0);
    assert.match(none.stdout, /No programmatic access tokens expire within 1 day\(s\)/);
    const bad = await world.pat(['inventory', '--expiring-within', '-3']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--expiring-within/);
  });

  // How long the rendering takes is measured by `npm run bench` (BENCHMARKS.md), not asserted here.
  test('10,000 tokens: listed in expiry order, and rendered boxed', async () => {
    world.emulator.seedTokens(10_000);
    const json = await world.pat(['inventory', '--json']);
    assert.equal(json.code, 0, json.stderr);
    const rows = JSON.parse(json.stdout) as Json[];
    assert.equal(rows.length, 10_004);
    const expiries = rows.map((r) => Date.parse(String(r.expires_at)));
    for (let i = 1; i < expiries.length; i++) assert.ok((expiries[i - 1] as number) <= (expiries[i] as number), `row ${i} out of order`);
    const text = await world.pat(['inventory']);
    assert.equal(text.stdout.split('\n').filter((l) => /^INVENTORY_USER_\d{4}\s/.test(l)).length, 10_000);

    // The terminal (boxed, coloured) rendering of the same rows.
    const credentials: PatCredential[] = rows.map((r) => ({
      name: String(r.name), user: String(r.user_name), status: String(r.status), roleRestriction: (r.role_restriction as string | null) ?? null,
      expiresAt: new Date(String(r.expires_at)), createdOn: null, createdBy: null, lastUsedOn: null, comment: (r.comment as string | null) ?? null,
    }));
    let out = '';
    const sink = { isTTY: true, columns: 160, write: (s: string) => { out += s; return true; } };
    const io = createIo({ stdout: sink, stderr: sink, stdinIsTTY: false, env: { FORCE_COLOR: '1' }, verbose: false });
    io.out(renderInventory(io, credentials, new Date()));
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, 10_004 + 4, 'top rule, header, header rule, rows, bottom rule');
    assert.match(lines[0] ?? '', /^┌─+┬/);
    assert.ok(lines.slice(3, -1).every((l) => l.startsWith('│') && l.endsWith('│')));
  });
});
