/**
 * Each invariant can fail: hand-made observations (no emulator) that break exactly one promise, and the
 * allowed cases next to them (a named revoke, a predecessor in grace).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  i1NoCollateralKill, i2ExitZeroLogsIn, i3RevokeMeansRevoked, i4NoStrandedSecret, i5ConfigFilesValid,
  i6PangolinSendsNoSnowflake, i7NoSecretPrinted, i8UserAndSecretTogether, type ConfigView, type Observation,
} from './invariants.js';
import { HOUR_MS, initialModel, type SecretInfo, type Step } from './model.js';

const NOW = Date.UTC(2026, 0, 5);
const S1 = 'secret-one-aaaaaaaa';
const S2 = 'secret-two-bbbbbbbb';

function config(id: 'A' | 'B' | 'C', fields: Record<string, unknown>, mode = 0o600): ConfigView {
  const json = { user: id === 'C' ? 'SENSOR_SVC' : 'THERMAL_SVC', account: 'TESTACCT', ...fields };
  return { id, path: `/tmp/${id}/snowflake_config.json`, text: JSON.stringify(json), mode, json };
}

function observation(step: Step, over: Partial<Observation> = {}, secrets: [string, SecretInfo][] = []): Observation {
  const model = initialModel();
  for (const [s, info] of secrets) model.secrets.set(s, info);
  const views = [config('A', { pat: S1, pat_name: 'THERMAL_PAT' }), config('B', {}), config('C', {})];
  return {
    step, result: { code: 0, stdout: '', stderr: '' }, target: { user: 'THERMAL_SVC', name: 'THERMAL_PAT' }, replacedName: undefined,
    before: views, after: views, liveBefore: new Set([S1]), issued: [S1], liveAfter: new Set([S1]), configLogins: new Map(),
    requests: [], now: NOW, model, ...over,
  };
}

const current: SecretInfo = { user: 'THERMAL_SVC', lineage: 'THERMAL_PAT', role: 'current', expiresAt: NOW + 15 * 24 * HOUR_MS };
const createB: Step = { kind: 'create', config: 'B', name: 'thermal_pat', replace: false, otherUser: false, output: 'write' };

test('I1: a create that kills the secret config A holds is caught; a revoke naming it is allowed', () => {
  assert.equal(i1NoCollateralKill(observation(createB, { liveAfter: new Set() }, [[S1, current]])).length, 1);
  const revoke: Step = { kind: 'revoke', config: 'B', name: 'thermal_pat', keepRotated: false };
  assert.deepEqual(i1NoCollateralKill(observation(revoke, { liveAfter: new Set() }, [[S1, current]])), []);
  assert.deepEqual(i1NoCollateralKill(observation({ kind: 'advance', ms: 16 * 24 * HOUR_MS }, { liveAfter: new Set(), now: NOW + 16 * 24 * HOUR_MS }, [[S1, current]])), []);
});

test('I2: exit 0 from create with a config that does not log in is caught', () => {
  const create: Step = { ...createB, config: 'A' } as Step;
  assert.equal(i2ExitZeroLogsIn(observation(create, { configLogins: new Map([['A', false]]) })).length, 1);
  assert.deepEqual(i2ExitZeroLogsIn(observation(create, { configLogins: new Map([['A', true]]) })), []);
});

test('I3: a revoked token\'s predecessor that still logs in is caught, unless --keep-rotated', () => {
  const rotated: SecretInfo = { ...current, role: 'rotated', expiresAt: NOW + HOUR_MS };
  const revoke: Step = { kind: 'revoke', config: 'A', keepRotated: false };
  const obs = { liveAfter: new Set([S2]), issued: [S1, S2] };
  assert.equal(i3RevokeMeansRevoked(observation(revoke, obs, [[S2, rotated]])).length, 1);
  assert.deepEqual(i3RevokeMeansRevoked(observation({ ...revoke, keepRotated: true }, obs, [[S2, rotated]])), []);
});

test('I4: a live current secret no config holds is caught; a predecessor in grace is not', () => {
  const obs = { liveAfter: new Set([S1, S2]), issued: [S1, S2] };
  assert.equal(i4NoStrandedSecret(observation(createB, obs, [[S2, current]])).length, 1);
  assert.deepEqual(i4NoStrandedSecret(observation(createB, obs, [[S2, { ...current, role: 'rotated', expiresAt: NOW + HOUR_MS }]])), []);
  assert.equal(i4NoStrandedSecret(observation(createB, obs, [[S2, { ...current, role: 'rotated', expiresAt: NOW - HOUR_MS }]])).length, 1);
});

test('I5: a loose mode, a missing field or broken JSON in a config is caught', () => {
  assert.equal(i5ConfigFilesValid(observation(createB, { after: [config('A', {}, 0o644)] })).length, 1);
  assert.equal(i5ConfigFilesValid(observation(createB, { after: [config('A', { user: '' })] })).length, 1);
  assert.equal(i5ConfigFilesValid(observation(createB, { after: [{ ...config('A', {}), text: '{', json: undefined }] })).length, 1);
  assert.deepEqual(i5ConfigFilesValid(observation(createB)), []);
});

test('I6: a Snowflake request under the Pangolin provider is caught', () => {
  const step: Step = { kind: 'pangolin', config: 'A', verb: 'disable', via: 'env' };
  assert.equal(i6PangolinSendsNoSnowflake(observation(step, { requests: ['login'] })).length, 1);
  assert.deepEqual(i6PangolinSendsNoSnowflake(observation(step)), []);
});

test('I7: a secret on stderr, or on stdout unasked, is caught', () => {
  assert.equal(i7NoSecretPrinted(observation(createB, { result: { code: 1, stdout: '', stderr: `oops ${S1}` } })).length, 1);
  assert.equal(i7NoSecretPrinted(observation(createB, { result: { code: 0, stdout: S1, stderr: '' } })).length, 1);
  assert.deepEqual(i7NoSecretPrinted(observation({ ...createB, output: 'no-write-secret-only' } as Step, { result: { code: 0, stdout: S1, stderr: '' } })), []);
});

test('I8: a config holding another user\'s secret is caught', () => {
  assert.equal(i8UserAndSecretTogether(observation(createB, {}, [[S1, { ...current, user: 'SENSOR_SVC' }]])).length, 1);
  assert.deepEqual(i8UserAndSecretTogether(observation(createB, {}, [[S1, current]])), []);
});
