/**
 * A ROTATE whose reply is lost every time ends in a message that says the rotation may have happened and when
 * the secret it replaced stops working — not a bare "endpoint slow". Tested at the session (the message layer:
 * src/snowflake/errors.ts), through the real driver against the emulator; the recovery in lifecycle/issue.ts
 * decides whether this failure or a later one reaches the user.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, thermalSeed, type RunningEmulator } from '../../src/emulator/index.js';
import { openSession, type Session } from '../../src/snowflake/client.js';
import { SnowflakeFailure } from '../../src/snowflake/errors.js';
import { addPat, rotatePat } from '../../src/snowflake/sql.js';

let emulator: RunningEmulator;
let session: Session;
before(async () => {
  emulator = await startEmulator({ seed: thermalSeed() });
  session = await openSession(
    { account: emulator.account, accessUrl: emulator.url, username: 'ADMIN', auth: { kind: 'password', password: 'admin-password' } },
    { timeoutSeconds: 2 },
  );
  await session.query(addPat({ user: 'THERMAL_SVC', name: 'thermal_pat', roleRestriction: 'THERMAL_ROLE' }));
});
after(async () => {
  await session.close();
  await emulator.close();
});

test('ROTATE with a 6 h grace, every reply lost: "may have happened", when the old secret dies, what to do', async () => {
  emulator.faults.inject({ kind: 'drop-after-execute', sqlMatch: /ROTATE/, times: Infinity });
  const before = Date.now();
  await assert.rejects(session.query(rotatePat({ user: 'THERMAL_SVC', name: 'thermal_pat', expireRotatedAfterHours: 6 })), (error: unknown) => {
    assert.ok(error instanceof SnowflakeFailure);
    assert.equal(error.outcomeUnknown, true);
    assert.match(error.message, /The ROTATE of token THERMAL_PAT may have happened: if it did, its new secret was lost/);
    const until = /keeps working until about (\S+) \(6 h grace\)/.exec(error.message);
    assert.ok(until, error.message);
    const dies = Date.parse(until[1] ?? '');
    assert.ok(dies >= before + 6 * 3_600_000 - 1_000 && dies <= Date.now() + 6 * 3_600_000, `grace end ${until[1]}`);
    assert.match(error.hint ?? '', /pat rotate --name THERMAL_PAT --user THERMAL_SVC/);
    assert.doesNotMatch(`${error.message} ${error.hint}`, /endpoint is slow or unreachable/);
    return true;
  });
  emulator.faults.clear();
});

test('ROTATE without a grace clause: Snowflake\'s default 24 h is named', async () => {
  emulator.faults.inject({ kind: 'drop-after-execute', sqlMatch: /ROTATE/, times: Infinity });
  await assert.rejects(session.query(rotatePat({ user: 'THERMAL_SVC', name: 'thermal_pat' })), /\(24 h grace, Snowflake's default\)/);
  emulator.faults.clear();
});
