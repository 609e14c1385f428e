/**
 * fast-check generators for steps and sequences. Weights favour the lifecycle verbs and small name and config
 * pools, so that two configs meet on one token name often.
 */
import fc from 'fast-check';
import { DAY_MS, HOUR_MS, TOKEN_NAMES, type ConfigId, type TokenName, type Output, type PangolinVerb, type Step } from './model.js';

// Skewed towards A and thermal_pat, so that one config's create → rotate → revoke chains come up often.
const config = fc.constantFrom<ConfigId>('A', 'A', 'A', 'B', 'B', 'C');
const name = fc.constantFrom<TokenName>(...TOKEN_NAMES, 'thermal_pat', 'thermal_pat', 'backup_pat');
const maybeName = fc.option(name, { nil: undefined, freq: 2 });
const output = fc.constantFrom<Output>('write', 'write', 'write', 'write-show-secret', 'no-write-secret-only');
const rare = fc.integer({ min: 0, max: 5 }).map((n) => n === 0);

const create = fc.record({
  kind: fc.constant('create' as const), config, name, replace: fc.boolean(), otherUser: rare,
  expiresInDays: fc.option(fc.constantFrom(1, 2, 30), { nil: undefined }), output,
});
const rotate = fc.record({
  kind: fc.constant('rotate' as const), config, name: maybeName,
  graceHours: fc.option(fc.constantFrom(0, 2, 24), { nil: undefined, freq: 2 }), otherUser: rare, output,
});
const revoke = fc.record({ kind: fc.constant('revoke' as const), config, name: maybeName, keepRotated: rare });
const modify = fc.record({ kind: fc.constantFrom('disable' as const, 'enable' as const, 'comment' as const), config, name: maybeName });
const rename = fc
  .record({ kind: fc.constant('rename' as const), config, name: maybeName, to: name })
  .filter((s) => s.name === undefined || s.name !== s.to);
const session = fc.record({ kind: fc.constantFrom('test-connection' as const, 'status' as const), config });
const pangolin = fc.record({
  kind: fc.constant('pangolin' as const), config,
  verb: fc.constantFrom<PangolinVerb>('create', 'rotate', 'revoke', 'disable', 'enable', 'rename', 'comment', 'status', 'test-connection'),
  via: fc.constantFrom('flag' as const, 'env' as const),
});
const advance = fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(HOUR_MS, 3 * HOUR_MS, 25 * HOUR_MS, 3 * DAY_MS, 16 * DAY_MS) });

/** Strip keys whose value is undefined, so printed counterexamples stay short. */
function tidy<T extends object>(step: T): T {
  return Object.fromEntries(Object.entries(step).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Step families that can be left out (MODEL_SKIP=pangolin,other-user), to look past a known, still open bug for
 * the next one. `npm test` leaves nothing out. The last two are preconditions the runner applies (it needs the
 * state): create-taken skips a create of a name whose token exists; create-over skips a create without --replace
 * into a config that holds a token.
 */
export type Family = 'pangolin' | 'other-user' | 'replace' | 'clock' | 'create-taken' | 'create-over';

export function stepArbitrary(skip: ReadonlySet<Family> = new Set()): fc.Arbitrary<Step> {
  const entries: { weight: number; arbitrary: fc.Arbitrary<Step> }[] = [
    { weight: 6, arbitrary: create },
    { weight: 5, arbitrary: rotate },
    { weight: 3, arbitrary: revoke },
    { weight: 2, arbitrary: modify },
    { weight: 1, arbitrary: rename },
    { weight: 2, arbitrary: session },
  ];
  if (!skip.has('pangolin')) entries.push({ weight: 1, arbitrary: pangolin });
  if (!skip.has('clock')) entries.push({ weight: 2, arbitrary: advance });
  return fc.oneof(...entries).map((step) => {
    const s = { ...step } as Step & { otherUser?: boolean; replace?: boolean };
    if (skip.has('other-user') && s.otherUser) s.otherUser = false;
    if (skip.has('replace') && s.replace) s.replace = false;
    return tidy(s) as Step;
  });
}

export function sequenceArbitrary(maxLength: number, skip: ReadonlySet<Family> = new Set()): fc.Arbitrary<Step[]> {
  return fc.array(stepArbitrary(skip), { minLength: 1, maxLength });
}

export function familiesFrom(text: string | undefined): Set<Family> {
  const known: Family[] = ['pangolin', 'other-user', 'replace', 'clock', 'create-taken', 'create-over'];
  const names = (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!known.includes(n as Family)) throw new Error(`MODEL_SKIP: unknown family "${n}" (known: ${known.join(', ')})`);
  return new Set(names as Family[]);
}

