/**
 * Counterexamples the model test found for the five bugs of issue #11, kept as fixed sequences with the same
 * runner and invariants (test/model/REGRESSIONS.md shows each as commands, with what broke). Red until fixed.
 */
import { test } from 'node:test';
import type { Step, TokenName } from './model.js';
import { replayScript } from './printer.js';
import { ModelViolation, runSequence } from './runner.js';

async function mustHold(steps: Step[]): Promise<void> {
  try {
    await runSequence(steps);
  } catch (error) {
    if (!(error instanceof ModelViolation)) throw error;
    const output = error.output ? `\n--- last command: exit ${error.output.code}\n${error.output.stderr}` : '';
    throw new Error(`${replayScript(error.steps, error.violations)}${output}`);
  }
}

const create = (config: 'A' | 'B' | 'C', name: TokenName, more: Partial<Extract<Step, { kind: 'create' }>> = {}): Step =>
  ({ kind: 'create', config, name, replace: false, otherUser: false, output: 'write', ...more });
const rotate = (config: 'A' | 'B' | 'C', more: Partial<Extract<Step, { kind: 'rotate' }>> = {}): Step =>
  ({ kind: 'rotate', config, otherUser: false, output: 'write', ...more });

test('bug 1: repeating create in the same config does not kill the secret it holds (I1)', async () => {
  await mustHold([create('A', 'thermal_pat'), create('A', 'thermal_pat')]);
});

test('bug 1: a second config creating the same token name does not kill the first config\'s secret (I1)', async () => {
  await mustHold([create('A', 'thermal_pat'), create('B', 'thermal_pat')]);
});

test('bug 2: revoke after rotate leaves no rotated predecessor logging in (I3)', async () => {
  await mustHold([create('A', 'thermal_pat'), rotate('A'), { kind: 'revoke', config: 'A', keepRotated: false }]);
});

test('bug 3: create --user OTHER does not write another user\'s secret into the config (I2)', async () => {
  await mustHold([create('A', 'thermal_pat', { otherUser: true })]);
});

test('bug 3: rotate --user OTHER does not write another user\'s secret into the config (I8)', async () => {
  await mustHold([create('C', 'thermal_pat'), rotate('A', { name: 'thermal_pat', otherUser: true })]);
});

test('bug 4: create --name new does not strand the token the config held (I4)', async () => {
  await mustHold([create('C', 'thermal_pat'), create('C', 'spare_pat')]);
});

for (const [verb, via] of [['disable', 'flag'], ['comment', 'flag'], ['rename', 'flag'], ['enable', 'env']] as const) {
  test(`bug 5: ${verb} under the Pangolin provider (${via === 'flag' ? '--provider pangolin' : 'PAT_PROVIDER=pangolin'}) sends no Snowflake request (I6)`, async () => {
    await mustHold([{ kind: 'pangolin', config: 'A', verb, via }]);
  });
}

test('bug 5: disable under PAT_PROVIDER=pangolin leaves the Snowflake token alone (I6, I1)', async () => {
  await mustHold([create('A', 'thermal_pat'), { kind: 'pangolin', config: 'A', verb: 'disable', via: 'env' }]);
});

// Found by the model test beyond the five bugs (same class as bug 4, through rotate).
test('found: rotate --name X in a config that holds token Y does not strand Y (I4)', async () => {
  await mustHold([create('A', 'thermal_pat', { output: 'no-write-secret-only' }), create('A', 'spare_pat'), rotate('A', { name: 'thermal_pat' })]);
});
