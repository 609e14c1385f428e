/**
 * The token-system interface: what a provider (Snowflake, Pangolin) must offer the commands, and the typed options
 * each verb receives. Commands are provider-neutral: flags → these options → `provider.<verb>(options, factory)`;
 * the provider does the work and hands a new secret to the shared delivery (src/delivery) and report.
 *
 * A verb a provider lacks is simply absent (`modify`, `usage`, `inventory`, `doctor` are Snowflake's only):
 * `requireVerb` turns that into exit 2 before any I/O, with the provider's own reason.
 *
 * Flags that belong to one provider (the "Snowflake options" and "Pangolin options" help groups) arrive only when
 * that provider is selected: the command refuses the other provider's flags (exit 2) before calling here.
 */
import type { Factory, ProviderName } from '../factory.js';
import type { SinkFlags } from '../delivery/sinks/flags.js';
import { UsageError } from '../errors.js';

export type Verb =
  | 'create' | 'rotate' | 'list' | 'revoke' | 'test-connection' | 'status'
  | 'disable' | 'enable' | 'rename' | 'comment' | 'usage' | 'inventory' | 'doctor' | 'plan' | 'apply';

/** How a new secret is delivered, as the user asked (parsed and checked by the provider, which knows its defaults). */
export interface DeliveryRequest {
  write: boolean;
  showSecret: boolean;
  secretOnly: boolean;
  /** --env-file, --env-var, --github-env, --connections-toml (Snowflake only) */
  sinks: SinkFlags;
}

/** Pangolin's own options (validated by the Pangolin provider: UUIDs, catalog names, URLs need its rules). */
export interface PangolinOptions {
  catalog?: string;
  pangolinUrl?: string;
  pangolinUsername?: string;
  pangolinTenant?: string;
  username?: string;
  roles?: string;
  description?: string;
  self?: boolean;
  id?: string;
  reason?: string;
  userId?: string;
}

export interface CreateOptions extends DeliveryRequest {
  expiresIn?: number;
  // Snowflake
  name?: string;
  user?: string;
  /** A role name, or false for --no-role-restriction; undefined means "the config's role, if any". */
  roleRestriction?: string | false;
  comment?: string;
  bypassNetworkPolicyMins?: number;
  /** The config already holds a token: create, verify, then revoke that one. */
  replace: boolean;
  pangolin: PangolinOptions;
}

export interface RotateOptions extends DeliveryRequest {
  verify: boolean;
  /** Rotate only when the token expires within this many days; otherwise exit 0, "not due". */
  ifExpiringWithin?: number;
  // Snowflake
  name?: string;
  user?: string;
  expireOldAfterHours?: number;
  pangolin: PangolinOptions;
}

export interface ListOptions {
  user?: string;
  pangolin: PangolinOptions;
}

export interface RevokeOptions {
  yes: boolean;
  // Snowflake
  name?: string;
  user?: string;
  /** Keep the rotated predecessors (`<NAME>_ROTATED_<ms>`) alive until their grace period ends. */
  keepRotated: boolean;
  pangolin: PangolinOptions;
}

export interface TestConnectionOptions {
  pangolin: PangolinOptions;
}

export interface StatusOptions {
  warnDays: number;
  pangolin: PangolinOptions;
}

export type ModifyAction =
  | { kind: 'disable' }
  | { kind: 'enable' }
  | { kind: 'rename'; to: string }
  /** `comment: null` unsets it. */
  | { kind: 'comment'; comment: string | null };

export interface ModifyOptions {
  name?: string;
  user?: string;
  action: ModifyAction;
}

export interface UsageOptions {
  days: number;
  user?: string;
}

export interface InventoryOptions {
  expiringWithin?: number;
}

export type Run<O> = (options: O, f: Factory) => Promise<number>;

export interface TokenSystem {
  readonly name: ProviderName;
  /** For messages: "Snowflake", "Pangolin". */
  readonly title: string;
  create: Run<CreateOptions>;
  rotate: Run<RotateOptions>;
  list: Run<ListOptions>;
  revoke: Run<RevokeOptions>;
  testConnection: Run<TestConnectionOptions>;
  status: Run<StatusOptions>;
  modify?: Run<ModifyOptions>;
  usage?: Run<UsageOptions>;
  inventory?: Run<InventoryOptions>;
  doctor?: Run<Record<string, never>>;
  /** Why this system lacks a verb and what to do instead: the message of the exit-2 refusal. */
  lacks(verb: Verb): { message: string; hint?: string };
}

type Method = 'modify' | 'usage' | 'inventory' | 'doctor';
const METHOD: Partial<Record<Verb, Method>> = { disable: 'modify', enable: 'modify', rename: 'modify', comment: 'modify', usage: 'usage', inventory: 'inventory', doctor: 'doctor' };

/** The provider's implementation of `verb`, or exit 2 (nothing sent, no file touched) when it has none. */
export function requireVerb<M extends Method>(system: TokenSystem, verb: Verb & keyof typeof METHOD, method: M): NonNullable<TokenSystem[M]> {
  const run = METHOD[verb] === method ? system[method] : undefined;
  if (run) return run as NonNullable<TokenSystem[M]>;
  const { message, hint } = system.lacks(verb);
  throw new UsageError(message, hint);
}

/** Loads the chosen token system. Each provider's index is light: its verbs load when one runs. */
export async function loadProvider(name: ProviderName): Promise<TokenSystem> {
  return name === 'pangolin' ? (await import('./pangolin/index.js')).pangolin : (await import('./snowflake/index.js')).snowflake;
}
