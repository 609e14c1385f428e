/**
 * The invariants checked after every step, over what the step did (exit code, output, requests), the config
 * files before and after, the model, and the oracle's answers (which secrets log in now). Each returns
 * violations as sentences; an empty list means the step kept every promise.
 */
import { validateConfigObject } from '../../src/config/schema.js';
import {
  asksForSecret, deathExcused, mayLiveUnheld, type ConfigId, type ModelState, type Step, type StepTarget,
} from './model.js';

export interface ConfigView {
  id: ConfigId;
  path: string;
  text: string | undefined;
  mode: number | undefined;
  /** Parsed JSON object, undefined when missing or not JSON. */
  json: Record<string, unknown> | undefined;
}

export interface Observation {
  step: Step;
  result: { code: number; stdout: string; stderr: string } | undefined;
  target: StepTarget | undefined;
  /** Upper-case pat_name the config held before a `create --replace`. */
  replacedName: string | undefined;
  before: ConfigView[];
  after: ConfigView[];
  /** Secrets that logged in before the step. */
  liveBefore: Set<string>;
  /** Every secret the emulator ever issued, and which of them log in now. */
  issued: string[];
  liveAfter: Set<string>;
  /** For the configs the oracle logged in as: did (config user, config pat) log in? */
  configLogins: Map<ConfigId, boolean>;
  /** Snowflake requests the step sent. */
  requests: string[];
  now: number;
  model: ModelState;
}

const short = (secret: string) => `secret …${secret.slice(-6)}`;
const patOf = (view: ConfigView | undefined) => (typeof view?.json?.['pat'] === 'string' && view.json['pat'] !== '' ? (view.json['pat'] as string) : undefined);

function describe(obs: Observation, secret: string): string {
  const info = obs.model.secrets.get(secret);
  const holders = [...obs.before, ...obs.after].filter((v) => patOf(v) === secret).map((v) => v.id);
  const held = holders.length > 0 ? ` held by config ${[...new Set(holders)].join(', ')}` : '';
  const whose = info ? ` (${info.role} secret of ${info.user}.${info.lineage})` : ' (not filed by the model)';
  return `${short(secret)}${whose}${held}`;
}

/** I1: no step stops a secret that a config holds (or someone received) from logging in, unless allowed. */
export function i1NoCollateralKill(obs: Observation): string[] {
  const protectedSecrets = new Set<string>(obs.model.received);
  for (const v of [...obs.before, ...obs.after]) {
    const pat = patOf(v);
    if (pat) protectedSecrets.add(pat);
  }
  const out: string[] = [];
  for (const secret of protectedSecrets) {
    if (!obs.liveBefore.has(secret) || obs.liveAfter.has(secret)) continue;
    if (deathExcused(obs.model.secrets.get(secret), obs.step, obs.target, obs.replacedName, obs.now)) continue;
    out.push(`I1: ${describe(obs, secret)} stopped logging in, but the step did not name its token in a revoke/disable and it is not expired`);
  }
  return out;
}

/** I2: exit 0 from create/rotate (writing the config) or test-connection ⇒ the config's (user, pat) logs in. */
export function i2ExitZeroLogsIn(obs: Observation): string[] {
  const { step, result } = obs;
  if (!result || result.code !== 0 || step.kind === 'advance') return [];
  const writes = (step.kind === 'create' || step.kind === 'rotate') && step.output !== 'no-write-secret-only';
  if (!writes && step.kind !== 'test-connection') return [];
  if (obs.configLogins.get(step.config) === true) return [];
  const view = obs.after.find((v) => v.id === step.config);
  return [`I2: \`${step.kind}\` exited 0 but config ${step.config} (user ${String(view?.json?.['user'])}, ${patOf(view) ? describe(obs, patOf(view) as string) : 'no pat'}) does not log in`];
}

/** I3: after `revoke` of NAME exits 0, no secret of NAME or of its rotated predecessors logs in. */
export function i3RevokeMeansRevoked(obs: Observation): string[] {
  const { step, result, target } = obs;
  if (step.kind !== 'revoke' || !result || result.code !== 0 || !target?.name) return [];
  const out: string[] = [];
  for (const secret of obs.liveAfter) {
    const info = obs.model.secrets.get(secret);
    if (!info || info.user !== target.user || info.lineage !== target.name) continue;
    if (step.keepRotated && info.role === 'rotated') continue;
    out.push(`I3: revoke of ${target.user}.${target.name} exited 0 but ${describe(obs, secret)} still logs in`);
  }
  return out;
}

/** I4: every live secret is held by a config, was printed where the step asked for it, or is a predecessor in grace. */
export function i4NoStrandedSecret(obs: Observation): string[] {
  const held = new Set(obs.after.map(patOf).filter((p): p is string => p !== undefined));
  const out: string[] = [];
  for (const secret of obs.liveAfter) {
    if (held.has(secret) || obs.model.received.has(secret)) continue;
    if (mayLiveUnheld(obs.model.secrets.get(secret), obs.now)) continue;
    out.push(`I4: ${describe(obs, secret)} still logs in, but no config holds it and no output delivered it`);
  }
  return out;
}

/** I5: every config file is valid JSON against the schema and mode 0600. */
export function i5ConfigFilesValid(obs: Observation): string[] {
  const out: string[] = [];
  for (const v of obs.after) {
    if (v.text === undefined) {
      out.push(`I5: config ${v.id} is missing`);
      continue;
    }
    if (!v.json) {
      out.push(`I5: config ${v.id} is not a JSON object`);
      continue;
    }
    const valid = validateConfigObject(v.json, v.path);
    if (!valid.ok) out.push(`I5: config ${v.id} fails the schema: ${valid.problems.join('; ')}`);
    if (v.mode !== 0o600) out.push(`I5: config ${v.id} has mode ${v.mode?.toString(8)}, not 600`);
  }
  return out;
}

/** I6: under the Pangolin provider no Snowflake request is sent. */
export function i6PangolinSendsNoSnowflake(obs: Observation): string[] {
  if (obs.step.kind !== 'pangolin' || obs.requests.length === 0) return [];
  return [`I6: \`${obs.step.verb}\` under the Pangolin provider sent Snowflake requests: ${obs.requests.join(' | ')}`];
}

/** I7: no secret is printed unless the step asked for it (and then only on stdout). */
export function i7NoSecretPrinted(obs: Observation): string[] {
  if (!obs.result) return [];
  const out: string[] = [];
  const stdoutAllowed = asksForSecret(obs.step);
  for (const secret of obs.issued) {
    if (obs.result.stderr.includes(secret)) out.push(`I7: ${describe(obs, secret)} was printed on stderr`);
    if (!stdoutAllowed && obs.result.stdout.includes(secret)) out.push(`I7: ${describe(obs, secret)} was printed on stdout without --secret-only/--show-secret`);
  }
  return out;
}

/** I8: a config's user and secret belong together: every pat in a config is a secret of that config's user. */
export function i8UserAndSecretTogether(obs: Observation): string[] {
  const out: string[] = [];
  for (const v of obs.after) {
    const pat = patOf(v);
    const info = pat === undefined ? undefined : obs.model.secrets.get(pat);
    const user = v.json?.['user'];
    if (!pat || !info || typeof user !== 'string' || info.user === user.toUpperCase()) continue;
    out.push(`I8: config ${v.id} (user ${user}) holds ${describe(obs, pat)}`);
  }
  return out;
}

export const INVARIANTS = [
  i1NoCollateralKill, i2ExitZeroLogsIn, i3RevokeMeansRevoked, i4NoStrandedSecret,
  i5ConfigFilesValid, i6PangolinSendsNoSnowflake, i7NoSecretPrinted, i8UserAndSecretTogether,
];

export function checkAll(obs: Observation): string[] {
  return INVARIANTS.flatMap((check) => check(obs));
}
