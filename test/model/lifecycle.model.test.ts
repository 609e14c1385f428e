/**
 * The model-based test of issue #11: random sequences of pat commands over three configs (two users), admin and
 * PAT sessions, both providers and a moving clock, against the emulator through the real driver; after every step
 * the invariants I1–I7 (invariants.ts) must hold. A failure is shrunk and printed as a replayable script.
 *
 *   MODEL_RUNS=5000 npm run test:model        a long run
 *   MODEL_SEED=… MODEL_PATH=… npm run test:model   replay a reported failure
 *   MODEL_SKIP=pangolin,other-user               leave out step families (to look past a known open bug)
 *   MODEL_MAX_STEPS=12                           longer sequences (default 6; npm run test:model: 10)
 *   MODEL_RUNS=100                               the default in npm test
 */
import { test } from 'node:test';
import fc from 'fast-check';
import { familiesFrom, sequenceArbitrary } from './arbitraries.js';
import { replayScript } from './printer.js';
import { ModelViolation, runSequence } from './runner.js';

// `npm test` runs 100 sequences with a fresh seed each time (about 15 s of CPU on a 2-core runner): over runs of
// the suite, the seeds add up; the found counterexamples are kept as fixed sequences in regressions.test.ts, and
// `npm run test:model` runs 5000 sequences of up to 10 steps.
const runs = Number(process.env.MODEL_RUNS ?? 100);
const maxLength = Number(process.env.MODEL_MAX_STEPS ?? 6);
const seed = process.env.MODEL_SEED !== undefined ? Number(process.env.MODEL_SEED) : Date.now() ^ (Math.random() * 0x100000000);
const path = process.env.MODEL_PATH;
const skip = familiesFrom(process.env.MODEL_SKIP);

test(`pat keeps its lifecycle promises over ${runs} random command sequences (seed ${seed})`, { timeout: 30 * 60_000 }, async () => {
  const property = fc.asyncProperty(sequenceArbitrary(maxLength, skip), async (steps) => {
    await runSequence(steps, { skip });
  });
  const result = await fc.check(property, { numRuns: runs, seed, ...(path !== undefined ? { path } : {}), endOnFailure: false });
  if (!result.failed) return;
  const error = result.errorInstance;
  const replay = error instanceof ModelViolation
    ? replayScript(error.steps, error.violations, [`MODEL_SEED=${result.seed} MODEL_PATH=${result.counterexamplePath ?? ''} MODEL_MAX_STEPS=${maxLength}${skip.size ? ` MODEL_SKIP=${[...skip].join(',')}` : ''} npm run test:model`])
    : String(error instanceof Error ? error.stack : error);
  const output = error instanceof ModelViolation && error.output
    ? `\n--- last command: exit ${error.output.code}\nstdout:\n${error.output.stdout}\nstderr:\n${error.output.stderr}`
    : '';
  throw new Error(`model test failed after ${result.numRuns} runs (seed ${result.seed}, path ${result.counterexamplePath}), shrunk ${result.numShrinks} times:\n${replay}${output}`);
});
