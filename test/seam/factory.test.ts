/**
 * The command seam, used: a command runs in process with a Factory whose session factory a test wraps — here to
 * count logins and statements, and to make a login fail — while the real snowflake-sdk still talks HTTP to the
 * emulator. Also the command table and the capability check of the provider interface.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { main } from '../../src/main.js';
import { COMMANDS, commandsFor, verbOf } from '../../src/commands/table.js';
import { PatError } from '../../src/errors.js';
import { pangolin } from '../../src/providers/pangolin/index.js';
import { requireVerb } from '../../src/providers/provider.js';
import { snowflake } from '../../src/providers/snowflake/index.js';
import { driverSessions, type LoginTarget, type SessionFactory } from '../../src/providers/snowflake/client.js';
import { startWorld, type World } from '../helpers/world.js';

function sink(): Writable & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  }) as Writable & { text(): string };
  stream.text = () => chunks.join('');
  return stream;
}

/** Runs pat in process with `sessions` as its session factory. */
async function pat(world: World, args: string[], sessions: SessionFactory) {
  const stdout = sink();
  const stderr = sink();
  const code = await main({ argv: ['node', 'pat', ...args], env: world.env, cwd: world.dir, stdout, stderr, stdin: Readable.from([]), sessions });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** The real driver, with every login and statement recorded. */
function recording() {
  const logins: { user: string | undefined; auth: string }[] = [];
  const statements: string[] = [];
  const sessions: SessionFactory = {
    async open(target, options) {
      logins.push({ user: target.username, auth: target.auth.kind });
      const session = await driverSessions.open(target, options);
      return {
        query: (sql, queryOptions) => {
          statements.push(sql.text);
          return session.query(sql, queryOptions);
        },
        close: () => session.close(),
      };
    },
    async withSession(target, options, work) {
      const session = await this.open(target, options);
      try {
        return await work(session);
      } finally {
        await session.close();
      }
    },
  };
  return { sessions, logins, statements };
}

describe('the Factory session seam', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close());

  test('create then rotate: the sessions pat opens go through the injected factory (admin, then the new PAT)', async () => {
    const created = recording();
    assert.equal((await pat(world, ['create', '--name', 'seam_pat'], created.sessions)).code, 0);
    assert.deepEqual(created.logins, [{ user: 'ADMIN', auth: 'password' }]);
    assert.match(created.statements[0] ?? '', /^ALTER USER THERMAL_SVC ADD PROGRAMMATIC ACCESS TOKEN IF NOT EXISTS seam_pat ROLE_RESTRICTION = 'THERMAL_ROLE'$/);

    const rotated = recording();
    const result = await pat(world, ['rotate'], rotated.sessions);
    assert.equal(result.code, 0, result.stderr);
    // One admin session (ROTATE, then SHOW) and one login with the new secret to verify it.
    assert.deepEqual(rotated.logins, [
      { user: 'ADMIN', auth: 'password' },
      { user: 'THERMAL_SVC', auth: 'pat' },
    ]);
    assert.deepEqual(
      rotated.statements.map((s) => s.split(' ').slice(0, 6).join(' ')),
      ['ALTER USER THERMAL_SVC ROTATE PROGRAMMATIC ACCESS', 'SELECT CURRENT_USER(), CURRENT_ROLE(), CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_WAREHOUSE(),', 'SHOW USER PROGRAMMATIC ACCESS TOKENS FOR'],
    );
  });

  test('a login the factory refuses: the verification fails, rotate exits 1 and says the old secret still works', async () => {
    const refusing: SessionFactory = {
      ...driverSessions,
      open: async (target: LoginTarget, options) => {
        if (target.auth.kind === 'pat') throw new PatError('injected: the network is down for the service', 1);
        return driverSessions.open(target, options);
      },
      withSession: async (target, options, work) => {
        if (target.auth.kind === 'pat') throw new PatError('injected: the network is down for the service', 1);
        return driverSessions.withSession(target, options, work);
      },
    };
    const result = await pat(world, ['rotate'], refusing);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /logging in with it failed: injected: the network is down/);
    assert.match(result.stderr, /The previous secret still works until/);
  });
});

describe('paths are the Factory cwd\'s, not the test process\'s', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close([path.join(world.dir, 'service.env')]));

  test('a relative --env-file lands in the cwd pat was given', async () => {
    const result = await pat(world, ['create', '--name', 'env_rel_pat', '--no-write', '--env-file', 'service.env'], driverSessions);
    assert.equal(result.code, 0, result.stderr);
    const text = await readFile(path.join(world.dir, 'service.env'), 'utf8');
    assert.match(text, /^SNOWFLAKE_PAT=\S+\n$/);
    await assert.rejects(readFile(path.join(process.cwd(), 'service.env')), /ENOENT/);
  });
});

describe('flags of the other token system', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close());

  test('a Pangolin flag given to Snowflake is refused before any request (it was silently ignored)', async () => {
    for (const args of [
      ['create', '--name', 'x', '--username', 'etl_bot'],
      ['list', '--user-id', '6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b'],
      ['revoke', '--self', '--yes'],
      ['status', '--catalog', 'analytics'],
    ]) {
      world.emulator.clearRequests();
      const result = await pat(world, args, driverSessions);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, /is a Pangolin option; it does not apply to --provider snowflake/);
      assert.equal(world.emulator.requests.length, 0, 'nothing was sent');
    }
  });
});

describe('a verb never reaches a token system other than the one chosen', () => {
  let world: World;
  before(async () => {
    world = await startWorld();
  });
  after(async () => world.close());

  test('under Pangolin, the Snowflake-only verbs (fleet, modify, ACCOUNT_USAGE, doctor) exit 2 before any request', async () => {
    for (const args of [['plan'], ['apply'], ['disable', '--name', 'x'], ['comment', '--name', 'x', '--unset'], ['usage'], ['inventory'], ['doctor']]) {
      world.emulator.clearRequests();
      const result = await pat(world, ['--provider', 'pangolin', ...args], driverSessions);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`pat ${args[0]}\` (works with Snowflake only|is not available for Pangolin)`));
      assert.equal(world.emulator.requests.length, 0, 'nothing was sent');
    }
  });
});

describe('the command table', () => {
  test('the verb is the first word that is neither a global option nor its value', () => {
    assert.equal(verbOf(['--config', 'create', 'rotate']), 'rotate');
    assert.equal(verbOf(['-c', 'admin', '--json', 'list']), 'list');
    assert.equal(verbOf(['--timeout', '5', '--provider', 'pangolin', 'status', '--warn-days', '3']), 'status');
    assert.equal(verbOf(['--help']), undefined);
  });

  test('only the invoked verb is registered; help, completion and unknown words register every command', () => {
    assert.deepEqual(commandsFor(['--json', 'create', '--name', 'x']).map((e) => e.names), [['create']]);
    assert.deepEqual(commandsFor(['rename', '--to', 'y']).map((e) => e.names), [['disable', 'enable', 'rename', 'comment']]);
    for (const args of [[], ['--help'], ['help', 'create'], ['completion', 'bash'], ['nonsense']]) {
      assert.equal(commandsFor(args).length, COMMANDS.length, args.join(' '));
    }
  });
});

describe('capabilities of the token systems', () => {
  test('Pangolin lacks modify, usage, inventory and doctor: exit 2 with its own reason', () => {
    for (const [verb, method] of [['disable', 'modify'], ['rename', 'modify'], ['usage', 'usage'], ['inventory', 'inventory'], ['doctor', 'doctor']] as const) {
      assert.throws(
        () => requireVerb(pangolin, verb, method),
        (error: unknown) => error instanceof PatError && error.exitCode === 2 && error.message.includes(`pat ${verb}`),
      );
    }
  });

  test('Snowflake has every verb', () => {
    for (const [verb, method] of [['disable', 'modify'], ['comment', 'modify'], ['usage', 'usage'], ['inventory', 'inventory'], ['doctor', 'doctor']] as const) {
      assert.equal(typeof requireVerb(snowflake, verb, method), 'function');
    }
  });
});
