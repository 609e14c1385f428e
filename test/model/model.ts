/**
 * The model of the model-based test: what a step is, the `pat` command line it stands for, and what the world
 * should look like afterwards — kept independently of pat's code. Pure: no I/O, no imports from src/.
 *
 * The model does not predict secrets (they are random); it learns each new secret the emulator issued during a
 * step and files it under the token the step named (its "lineage": the token name, following renames). From
 * then on it knows whether that secret is the token's current one or a rotated predecessor that should stop
 * working at a known time, and which step was allowed to kill it.
 */

export type ConfigId = 'A' | 'B' | 'C';
/** Configs A and B share a user (two services, one user); C belongs to a second user. */
export const CONFIG_USERS: Record<ConfigId, string> = { A: 'THERMAL_SVC', B: 'THERMAL_SVC', C: 'SENSOR_SVC' };
export const USERS = ['THERMAL_SVC', 'SENSOR_SVC'] as const;
export const TOKEN_NAMES = ['thermal_pat', 'backup_pat', 'spare_pat'] as const;
export type TokenName = (typeof TOKEN_NAMES)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Snowflake's default DAYS_TO_EXPIRY and EXPIRE_ROTATED_TOKEN_AFTER_HOURS. */
export const DEFAULT_DAYS = 15;
export const DEFAULT_GRACE_HOURS = 24;
/** Slack around model expiry times: the model never depends on which side of an instant a probe lands. */
export const EXPIRY_SLACK_MS = 60_000;

/** Where the new secret goes: the config file (default), and/or stdout. */
export type Output = 'write' | 'write-show-secret' | 'no-write-secret-only';
export type PangolinVerb = 'create' | 'rotate' | 'revoke' | 'disable' | 'enable' | 'rename' | 'comment' | 'status' | 'test-connection';

export type Step =
  | { kind: 'create'; config: ConfigId; name: TokenName; replace: boolean; otherUser: boolean; expiresInDays?: number; output: Output }
  | { kind: 'rotate'; config: ConfigId; name?: TokenName; graceHours?: number; otherUser: boolean; output: Output }
  | { kind: 'revoke'; config: ConfigId; name?: TokenName; keepRotated: boolean }
  | { kind: 'disable' | 'enable' | 'comment'; config: ConfigId; name?: TokenName }
  | { kind: 'rename'; config: ConfigId; name?: TokenName; to: TokenName }
  | { kind: 'test-connection' | 'status'; config: ConfigId }
  | { kind: 'pangolin'; config: ConfigId; verb: PangolinVerb; via: 'flag' | 'env' }
  | { kind: 'advance'; ms: number };

export type PatStep = Exclude<Step, { kind: 'advance' }>;

export function otherUserOf(user: string): string {
  return user === USERS[0] ? USERS[1] : USERS[0];
}

/** The `pat` command line of a step (without the program name) and the variables it adds to the environment. */
export function commandOf(step: PatStep): { args: string[]; env: Record<string, string> } {
  const user = CONFIG_USERS[step.config];
  const nameFlag = (name: string | undefined) => (name === undefined ? [] : ['--name', name]);
  const outputFlags = (output: Output) =>
    output === 'write' ? [] : output === 'write-show-secret' ? ['--show-secret'] : ['--no-write', '--secret-only'];
  switch (step.kind) {
    case 'create':
      return {
        args: [
          'create', '--name', step.name,
          ...(step.replace ? ['--replace'] : []),
          ...(step.otherUser ? ['--user', otherUserOf(user)] : []),
          ...(step.expiresInDays === undefined ? [] : ['--expires-in', String(step.expiresInDays)]),
          ...outputFlags(step.output),
        ],
        env: {},
      };
    case 'rotate':
      return {
        args: [
          'rotate', ...nameFlag(step.name),
          ...(step.graceHours === undefined ? [] : ['--expire-old-after-hours', String(step.graceHours)]),
          ...(step.otherUser ? ['--user', otherUserOf(user)] : []),
          ...outputFlags(step.output),
        ],
        env: {},
      };
    case 'revoke':
      return { args: ['revoke', ...nameFlag(step.name), ...(step.keepRotated ? ['--keep-rotated'] : []), '--yes'], env: {} };
    case 'disable':
    case 'enable':
      return { args: [step.kind, ...nameFlag(step.name)], env: {} };
    case 'comment':
      return { args: ['comment', ...nameFlag(step.name), '--set', 'model test'], env: {} };
    case 'rename':
      return { args: ['rename', ...nameFlag(step.name), '--to', step.to], env: {} };
    case 'test-connection':
    case 'status':
      return { args: [step.kind], env: {} };
    case 'pangolin': {
      const verbArgs: Record<PangolinVerb, string[]> = {
        create: ['create', '--name', 'model_pat'],
        rotate: ['rotate'],
        revoke: ['revoke', '--yes'],
        disable: ['disable', '--name', 'thermal_pat'],
        enable: ['enable', '--name', 'thermal_pat'],
        rename: ['rename', '--name', 'thermal_pat', '--to', 'spare_pat'],
        comment: ['comment', '--name', 'thermal_pat', '--set', 'model test'],
        status: ['status'],
        'test-connection': ['test-connection'],
      };
      return step.via === 'flag'
        ? { args: ['--provider', 'pangolin', ...verbArgs[step.verb]], env: {} }
        : { args: verbArgs[step.verb], env: { PAT_PROVIDER: 'pangolin' } };
    }
  }
}

/** Whether the step asked for the secret on stdout (the only place a secret may be printed). */
export function asksForSecret(step: Step): boolean {
  return (step.kind === 'create' || step.kind === 'rotate') && step.output !== 'write';
}

// ---------------------------------------------------------------------------------------------------------------
// State

export type SecretRole = 'current' | 'rotated' | 'revoked';

export interface SecretInfo {
  user: string;
  /** Upper-case token name the secret belongs to (follows renames). */
  lineage: string;
  role: SecretRole;
  /** When the model says it stops working (epoch ms); undefined: not before an explicit revoke/disable. */
  expiresAt: number;
}

export interface ModelState {
  secrets: Map<string, SecretInfo>;
  /** DAYS_TO_EXPIRY per token (user/NAME), for the expiry a ROTATE renews. */
  days: Map<string, number>;
  /** Secrets printed on a stdout that asked for them: someone received them. */
  received: Set<string>;
  /** Secrets that logged in after the previous step (the oracle's answer, not a prediction). */
  live: Set<string>;
}

export function initialModel(): ModelState {
  return { secrets: new Map(), days: new Map(), received: new Set(), live: new Set() };
}

const key = (user: string, name: string) => `${user}/${name.toUpperCase()}`;

/** What the step acted on, read from the config as it was before the step (its user and pat_name). */
export interface StepTarget {
  user: string;
  /** Upper-case token name, or undefined when the step names none and the config holds none. */
  name: string | undefined;
}

export function targetOf(step: PatStep, config: { user?: unknown; pat_name?: unknown } | undefined): StepTarget {
  const configUser = typeof config?.user === 'string' ? config.user : CONFIG_USERS[step.config];
  const configName = typeof config?.pat_name === 'string' && config.pat_name !== '' ? config.pat_name : undefined;
  const otherUser = (step.kind === 'create' || step.kind === 'rotate') && step.otherUser;
  const user = otherUser ? otherUserOf(CONFIG_USERS[step.config]) : configUser.toUpperCase();
  const named = 'name' in step ? step.name : undefined;
  const name = named ?? configName;
  return { user, name: name?.toUpperCase() };
}

/**
 * Files the secrets the emulator issued during a step under the token the step named, and moves the model on
 * (rotations, revokes, renames). `exitCode` is the step's; `now` the emulator clock after the step.
 */
export function applyStep(
  model: ModelState,
  step: PatStep,
  target: StepTarget,
  exitCode: number,
  newSecrets: string[],
  stdout: string,
  now: number,
): void {
  if (asksForSecret(step)) for (const s of newSecrets) if (stdout.includes(s)) model.received.add(s);
  const lineageOf = (info: SecretInfo) => key(info.user, info.lineage);

  if (step.kind === 'create' || step.kind === 'rotate') {
    if (newSecrets.length === 0 || target.name === undefined) {
      // Secrets nobody can attribute: filed as current secrets of an unknown token, so I4 watches them.
      for (const s of newSecrets) model.secrets.set(s, { user: target.user, lineage: '?', role: 'current', expiresAt: Infinity });
      return;
    }
    const k = key(target.user, target.name);
    if (step.kind === 'create') model.days.set(k, step.expiresInDays ?? DEFAULT_DAYS);
    const days = model.days.get(k) ?? DEFAULT_DAYS;
    if (step.kind === 'rotate') {
      // The token's secret before this step becomes the rotated predecessor; it works for the grace period.
      const grace = (step.graceHours ?? DEFAULT_GRACE_HOURS) * HOUR_MS;
      for (const info of model.secrets.values()) {
        if (info.role === 'current' && lineageOf(info) === k) {
          info.role = 'rotated';
          info.expiresAt = Math.min(info.expiresAt, now + grace);
        }
      }
    }
    // A create never replaces an existing token's secret, so an earlier current secret of that name stays current.
    newSecrets.forEach((s, i) => {
      const last = i === newSecrets.length - 1;
      model.secrets.set(s, {
        user: target.user,
        lineage: target.name as string,
        role: last ? 'current' : 'rotated',
        // Several secrets in one step: only the last is the token's; the others were replaced within the step.
        expiresAt: last ? now + days * DAY_MS : now,
      });
    });
    return;
  }
  if (target.name === undefined) return;
  const k = key(target.user, target.name);
  if (step.kind === 'revoke' && exitCode === 0) {
    for (const info of model.secrets.values()) {
      if (lineageOf(info) !== k) continue;
      if (info.role === 'current' || !step.keepRotated) info.role = 'revoked';
    }
    model.days.delete(k);
  }
  if (step.kind === 'rename' && exitCode === 0) {
    const to = key(target.user, step.to);
    for (const info of model.secrets.values()) if (lineageOf(info) === k) info.lineage = step.to.toUpperCase();
    const days = model.days.get(k);
    if (days !== undefined) model.days.set(to, days);
    model.days.delete(k);
  }
}

/**
 * May this step stop `secret` from logging in? Only if the step named its token in a revoke or disable, if a
 * `create --replace` replaced the config's token, or if the model says its time is up — which covers a rotation's
 * predecessor after its grace (`--expire-old-after-hours 0`: at once; the user named the token) and plain expiry.
 */
export function deathExcused(info: SecretInfo | undefined, step: Step, target: StepTarget | undefined, replacedName: string | undefined, now: number): boolean {
  if (!info) return false;
  if (now >= info.expiresAt - EXPIRY_SLACK_MS) return true;
  if (step.kind === 'advance' || !target) return false;
  const same = (name: string | undefined) => name !== undefined && info.user === target.user && info.lineage === name;
  if (step.kind === 'revoke' && same(target.name)) return !(step.keepRotated && info.role === 'rotated');
  if (step.kind === 'disable' && same(target.name)) return true;
  if (step.kind === 'create' && step.replace && same(replacedName)) return true;
  return false;
}

/** May `secret` still log in although no config holds it and nobody received it? Only a rotated one in grace. */
export function mayLiveUnheld(info: SecretInfo | undefined, now: number): boolean {
  return info !== undefined && info.role === 'rotated' && now < info.expiresAt + EXPIRY_SLACK_MS;
}
