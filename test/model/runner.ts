/**
 * Runs a sequence of steps against a fresh real system, moving the model along and checking every invariant
 * after every step. Throws a ModelViolation (with the steps up to the failing one) at the first broken promise.
 */
import {
  applyStep, commandOf, initialModel, targetOf,
  type ConfigId, type ModelState, type Step, type StepTarget,
} from './model.js';
import { checkAll, type ConfigView, type Observation } from './invariants.js';
import { RealSystem } from './system.js';

/** Time passing between two commands: keeps every step at its own instant on the emulator's clock. */
const TICK_MS = 1_000;

export class ModelViolation extends Error {
  constructor(
    readonly steps: Step[],
    readonly failedAt: number,
    readonly violations: string[],
    readonly output: { code: number; stdout: string; stderr: string } | undefined,
  ) {
    super(violations.join('\n'));
    this.name = 'ModelViolation';
  }
}

async function viewConfigs(system: RealSystem): Promise<ConfigView[]> {
  return (await system.readConfigs()).map((c) => {
    let json: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = c.text === undefined ? undefined : JSON.parse(c.text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>;
    } catch {
      json = undefined;
    }
    return { ...c, json };
  });
}

/**
 * The oracle: which issued secrets log in right now (any user). A secret that stopped working can only work
 * again after an `enable` (removed and expired tokens never come back), so the dead are asked again only then.
 */
async function liveSecrets(system: RealSystem, issued: string[], dead: Set<string>, reviveAll: boolean): Promise<Set<string>> {
  const ask = reviveAll ? issued : issued.filter((s) => !dead.has(s));
  const outcomes = await Promise.all(ask.map(async (s) => [s, (await system.login(s)).ok] as const));
  for (const [s, ok] of outcomes) {
    if (ok) dead.delete(s);
    else dead.add(s);
  }
  return new Set(outcomes.filter(([, ok]) => ok).map(([s]) => s));
}

async function configLogsIn(system: RealSystem, view: ConfigView | undefined): Promise<boolean> {
  const pat = view?.json?.['pat'];
  const user = view?.json?.['user'];
  if (typeof pat !== 'string' || pat === '' || typeof user !== 'string') return false;
  return (await system.login(pat, user)).ok;
}

export interface RunOptions {
  /** Emulator start time (epoch ms); fixed per run so a replay sees the same expiries. */
  startMs?: number;
  /** Preconditions: step families to skip (see arbitraries.ts, Family). */
  skip?: ReadonlySet<string>;
}

/** Whether a precondition asked for by `skip` rules the step out in this state. */
function ruledOut(step: Step, skip: ReadonlySet<string>, model: ModelState, config: Record<string, unknown> | undefined): boolean {
  if (step.kind !== 'create') return false;
  if (skip.has('create-over') && !step.replace && typeof config?.['pat'] === 'string' && config['pat'] !== '') return true;
  if (skip.has('create-taken')) {
    const target = targetOf(step, config);
    for (const [secret, info] of model.secrets) {
      if (info.user === target.user && info.lineage === target.name && info.role === 'current' && model.live.has(secret)) return true;
    }
  }
  return false;
}

export async function runSequence(steps: Step[], options: RunOptions = {}): Promise<ModelState> {
  const system = await RealSystem.start(options.startMs ?? Date.UTC(2026, 0, 5, 9, 0, 0));
  const model = initialModel();
  const dead = new Set<string>();
  const done: Step[] = [];
  try {
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index] as Step;
      const before = await viewConfigs(system);
      if (options.skip && step.kind !== 'advance' && ruledOut(step, options.skip, model, before.find((v) => v.id === step.config)?.json)) continue;
      done.push(step);
      const issuedBefore = system.issuedSecrets().length;
      const requestsBefore = system.requestCount();
      let result: Observation['result'];
      let target: StepTarget | undefined;
      let replacedName: string | undefined;

      if (step.kind === 'advance') {
        system.advanceClock(step.ms);
      } else {
        system.advanceClock(TICK_MS);
        const config = before.find((v) => v.id === step.config)?.json;
        target = targetOf(step, config);
        if (step.kind === 'create' && step.replace && typeof config?.['pat_name'] === 'string') {
          replacedName = config['pat_name'].toUpperCase();
        }
        const { args, env } = commandOf(step);
        try {
          result = await system.run(step.config, args, env);
        } catch (error) {
          // main() turns every failure into an exit code; one that escapes is a bug of its own.
          throw new ModelViolation([...done], done.length - 1, [`pat threw instead of exiting: ${(error as Error).stack ?? String(error)}`], undefined);
        }
      }
      const requests = system.requestsSince(requestsBefore);
      const issued = system.issuedSecrets();
      const newSecrets = issued.slice(issuedBefore);
      if (step.kind !== 'advance' && target && result) {
        applyStep(model, step, target, result.code, newSecrets, result.stdout, system.now());
      }

      const after = await viewConfigs(system);
      const liveAfter = await liveSecrets(system, issued, dead, step.kind === 'enable');
      // I2's question, asked only where I2 looks: does the config that just got (or used) a secret log in as its user?
      const configLogins = new Map<ConfigId, boolean>();
      if (result?.code === 0 && (step.kind === 'create' || step.kind === 'rotate' || step.kind === 'test-connection')) {
        configLogins.set(step.config, await configLogsIn(system, after.find((v) => v.id === step.config)));
      }
      const violations = checkAll({
        step, result, target, replacedName, before, after,
        liveBefore: model.live, issued, liveAfter, configLogins, requests, now: system.now(), model,
      });
      model.live = liveAfter;
      if (violations.length > 0) throw new ModelViolation([...done], done.length - 1, violations, result);
    }
    return model;
  } finally {
    await system.close();
  }
}
