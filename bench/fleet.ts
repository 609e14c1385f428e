/**
 * `npm run bench` (fleet part; also `node dist/bench/fleet.js`): `pat plan` and `pat apply` over up to 1,000 tokens
 * on 10 emulated accounts (10 emulator instances, 20 service users each, 5 tokens per user), run as fresh `pat`
 * processes. Reports how time grows with the number of tokens and with --parallel, and the requests per token
 * from the emulators' request records. Prints Markdown for BENCHMARKS.md.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectionEnv, fleetSeed, startEmulator, type RunningEmulator, type SeedPat } from '../test/fleet/helpers/emulators.js';
import { cleanEnv } from '../test/helpers/cli.js';
import { CLI, expectCode, ms, ratio, table, timeNode } from './lib.js';

const ACCOUNTS = 10;
const USERS = 20;
const PER_USER = 5;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const out = (text = '') => process.stdout.write(`${text}\n`);
const progress = (text: string) => process.stderr.write(`[bench fleet] ${text}\n`);

interface Fleet {
  emulators: RunningEmulator[];
  dir: string;
  env: NodeJS.ProcessEnv;
}

function user(u: number): string {
  return `SVC_${String(u + 1).padStart(2, '0')}`;
}

/**
 * The emulators' clocks run 80 days behind: a token they rotate (renewed for its original 90 days) expires 10 days
 * from pat's now, so with rotate_before_days 100 every token is due on every apply run.
 */
async function startFleet(): Promise<Fleet> {
  const now = Date.now();
  const emuNow = now - 80 * DAY;
  const emulators: RunningEmulator[] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const pats: SeedPat[] = [];
    for (let u = 0; u < USERS; u++) {
      for (let t = 0; t < PER_USER; t++) {
        pats.push({ user: user(u), name: `TOKEN_${t}`, secret: `bench-seed-${a}-${u}-${t}-secret`, roleRestriction: 'SVC_ROLE', createdOn: emuNow - DAY, daysToExpiry: 90, expiresAt: now + 60 * DAY });
      }
    }
    emulators.push(await startEmulator({ now: emuNow, seed: fleetSeed(`ACCT_${a}`, USERS, pats) }));
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pat-bench-fleet-'));
  await mkdir(path.join(dir, 'env'));
  let env: Record<string, string> = { SNOWFLAKE_HOME: path.join(dir, 'sfhome'), HOME: dir };
  emulators.forEach((e, a) => (env = { ...env, ...connectionEnv(`admin_${a}`, e) }));
  return { emulators, dir, env: cleanEnv(env) };
}

/** The first `count` tokens, spread evenly over the accounts (token t of user u of account a). */
function manifest(count: number, rotateBeforeDays: number): string {
  const expiresIn = Math.min(365, rotateBeforeDays + 20);
  const lines = ['version: 1', 'defaults:', '  connections:'];
  for (let a = 0; a < ACCOUNTS; a++) lines.push(`    ACCT_${a}: admin_${a}`);
  lines.push('  role_restriction: SVC_ROLE', `  expires_in_days: ${expiresIn}`, `  rotate_before_days: ${rotateBeforeDays}`, '  grace_hours: 1', 'tokens:');
  const perAccount = count / ACCOUNTS;
  for (let a = 0; a < ACCOUNTS; a++) {
    for (let i = 0; i < perAccount; i++) {
      const u = Math.floor(i / PER_USER);
      const t = i % PER_USER;
      lines.push(`  - { name: TOKEN_${t}, account: ACCT_${a}, user: ${user(u)}, sinks: [ { type: env_file, path: env/a${a}-u${u}-t${t}.env } ] }`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function requests(fleet: Fleet) {
  const all = fleet.emulators.flatMap((e) => e.requests);
  const logins = all.filter((r) => r.kind === 'login');
  const queries = all.filter((r) => r.kind === 'query');
  return {
    total: all.length,
    adminLogins: logins.filter((r) => r.loginName === 'ADMIN').length,
    patLogins: logins.filter((r) => r.authenticator === 'PROGRAMMATIC_ACCESS_TOKEN').length,
    shows: queries.filter((r) => /^SHOW/.test(r.sqlText ?? '')).length,
    statements: queries.filter((r) => /^ALTER/.test(r.sqlText ?? '')).length,
    otherQueries: queries.filter((r) => !/^(SHOW|ALTER)/.test(r.sqlText ?? '')).length,
  };
}

function clear(fleet: Fleet): void {
  for (const e of fleet.emulators) e.clearRequests();
}

async function run(fleet: Fleet, verb: 'plan' | 'apply', count: number, parallel: number, rotateBeforeDays: number, code: number) {
  const file = path.join(fleet.dir, `m-${count}.yaml`);
  await writeFile(file, manifest(count, rotateBeforeDays));
  clear(fleet);
  const result = expectCode(await timeNode(['--', CLI, verb, '--manifest', file, '--parallel', String(parallel)], { cwd: fleet.dir, env: fleet.env }), code, `${verb} ${count}`);
  return { ms: result.ms, requests: requests(fleet) };
}

export async function fleetBench(): Promise<void> {
  const fleet = await startFleet();
  try {
    out('### Fleet: `pat plan` and `pat apply` over 10 emulated accounts');
    out();
    out(`${ACCOUNTS} emulator instances × ${USERS} service users × up to ${PER_USER} tokens; every token has one env_file sink. ` +
      'One fresh `pat` process per row; the emulators run in the bench process (same 2 shared cores).');
    out();
    progress('plan');
    const planRows: string[][] = [];
    let planBase = 0;
    for (const count of [100, 300, 1000]) {
      const r = await run(fleet, 'plan', count, 8, 14, 0);
      if (count === 100) planBase = r.ms;
      planRows.push([String(count), ms(r.ms), ratio(r.ms, planBase), String(r.requests.adminLogins), String(r.requests.shows), String(r.requests.statements), (r.requests.total / count).toFixed(2)]);
    }
    out('`pat plan` (nothing due; --parallel 8):');
    out();
    out(table(['tokens', 'time', 'vs 100 tokens', 'admin logins', 'SHOWs', 'ALTER statements', 'HTTP requests per token'], planRows));
    out();

    progress('apply vs --parallel');
    const applyRows: string[][] = [];
    let serial = 0;
    for (const [count, parallel] of [[100, 1], [100, 4], [100, 16], [300, 16], [1000, 16], [1000, 32]] as const) {
      const r = await run(fleet, 'apply', count, parallel, 100, 0);
      if (count === 100 && parallel === 1) serial = r.ms;
      applyRows.push([
        String(count), String(parallel), ms(r.ms), `${(r.ms / count).toFixed(1)} ms`, ratio(r.ms, serial),
        (r.requests.statements / count).toFixed(2), (r.requests.patLogins / count).toFixed(2), (r.requests.shows / count).toFixed(2), String(r.requests.adminLogins),
        (r.requests.total / count).toFixed(2),
      ]);
      // Let the rotated secrets' grace (1 h) run out so users stay under the 15-token limit.
      for (const e of fleet.emulators) e.clock.advance(2 * HOUR);
    }
    out('`pat apply` (every token due: one ROTATE, one env_file write, one verification login each):');
    out();
    out(table(['tokens', '--parallel', 'time', 'per token', 'vs 100 @ 1', 'ALTER / token', 'PAT logins / token', 'SHOWs / token', 'admin logins', 'HTTP requests / token'], applyRows));
    out();
  } finally {
    await Promise.all(fleet.emulators.map((e) => e.close()));
    await rm(fleet.dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) await fleetBench();
