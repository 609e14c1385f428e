// Authentication policies (facts §9.3): CREATE [OR REPLACE | OR ALTER] / ALTER / DROP / DESCRIBE / SHOW, attaching
// them to a user or the account, and the effective policy the PAT rules (pats.ts) and logins (auth.ts) read.
import { isAccountAdmin } from './access.js';
import { errors } from './errors.js';
import { SUCCESS, ltz, statusResult, text, type ResultSet } from './results.js';
import type { ExecContext } from './session.js';
import { DEFAULT_PAT_POLICY, lookupName, type AuthPolicyRecord, type PatPolicy, type UserRecord, type World } from './state.js';
import type {
  AlterAuthPolicy, AttachAuthPolicy, AuthPolicyProps, CreateAuthPolicy, DescribeAuthPolicy, DropAuthPolicy, PatPolicyProps,
  ShowAuthPolicies,
} from './statements.js';
import { likeMatches } from './like.js';

/** The policy that governs `user`: its own, else the account's, else none (Snowflake's defaults apply). */
export function effectivePolicy(world: World, user: UserRecord): AuthPolicyRecord | undefined {
  const name = user.authPolicy ?? world.accountAuthPolicy;
  return name !== undefined ? world.authPolicies.get(name) : undefined;
}

export function effectivePatPolicy(world: World, user: UserRecord): PatPolicy {
  return effectivePolicy(world, user)?.pat ?? DEFAULT_PAT_POLICY;
}

/** AUTHENTICATION_METHODS: does the user's policy allow this method (PASSWORD, KEYPAIR, PROGRAMMATIC_ACCESS_TOKEN…)? */
export function methodAllowed(world: World, user: UserRecord, method: string): boolean {
  const methods = effectivePolicy(world, user)?.authenticationMethods ?? ['ALL'];
  return methods.includes('ALL') || methods.includes(method);
}

// UNCONFIRMED simplification: managing authentication policies needs ACCOUNTADMIN.
function requireAdmin(ctx: ExecContext): void {
  if (!isAccountAdmin(ctx.session.role)) throw errors.insufficientOnAccount(ctx.world.account);
}

/** Applies PAT_POLICY properties over `base` and checks DEFAULT ≤ MAX ≤ 365, DEFAULT ≥ 1 ([GUIDE]). */
function mergePat(base: PatPolicy, p: PatPolicyProps | undefined): PatPolicy {
  if (!p) return base;
  const out: PatPolicy = {
    defaultExpiryInDays: p.defaultExpiryInDays ?? base.defaultExpiryInDays,
    maxExpiryInDays: p.maxExpiryInDays ?? base.maxExpiryInDays,
    networkPolicyEvaluation: p.networkPolicyEvaluation ?? base.networkPolicyEvaluation,
    requireRoleRestrictionForServiceUsers: p.requireRoleRestrictionForServiceUsers ?? base.requireRoleRestrictionForServiceUsers,
    requireRoleRestrictionForPersonUsers: p.requireRoleRestrictionForPersonUsers ?? base.requireRoleRestrictionForPersonUsers,
  };
  if (!Number.isInteger(out.maxExpiryInDays) || out.maxExpiryInDays < 1 || out.maxExpiryInDays > 365) throw errors.invalidValue('MAX_EXPIRY_IN_DAYS', out.maxExpiryInDays);
  if (!Number.isInteger(out.defaultExpiryInDays) || out.defaultExpiryInDays < 1 || out.defaultExpiryInDays > out.maxExpiryInDays) {
    throw errors.invalidValue('DEFAULT_EXPIRY_IN_DAYS', out.defaultExpiryInDays);
  }
  return out;
}

function apply(rec: AuthPolicyRecord, p: AuthPolicyProps): void {
  if (p.authenticationMethods !== undefined) rec.authenticationMethods = p.authenticationMethods;
  rec.pat = mergePat(rec.pat, p.patPolicy);
  if (p.comment !== undefined) rec.comment = p.comment;
}

function requirePolicy(world: World, name: string): AuthPolicyRecord {
  const p = lookupName(world.authPolicies, name);
  if (!p) throw errors.objectNotFound('Authentication policy', name);
  return p;
}

export function createAuthPolicy(ctx: ExecContext, s: CreateAuthPolicy): ResultSet {
  requireAdmin(ctx);
  const existing = ctx.world.authPolicies.get(s.name);
  if (existing) {
    if (s.ifNotExists) return statusResult(`${s.name} already exists, statement succeeded.`);
    if (s.orAlter) {
      // OR ALTER: properties written are set, the others keep their values (UNCONFIRMED: Snowflake resets the unmentioned).
      apply(existing, s.props);
      return statusResult(SUCCESS);
    }
    if (!s.orReplace) throw errors.alreadyExists('Authentication policy', s.name);
  }
  const rec: AuthPolicyRecord = {
    name: s.name, authenticationMethods: ['ALL'], pat: DEFAULT_PAT_POLICY, owner: ctx.session.role, createdOn: ctx.clock.now(),
  };
  apply(rec, s.props);
  ctx.world.authPolicies.set(s.name, rec);
  return statusResult(`Authentication policy ${s.name} successfully created.`);
}

export function alterAuthPolicy(ctx: ExecContext, s: AlterAuthPolicy): ResultSet {
  requireAdmin(ctx);
  const world = ctx.world;
  const rec = lookupName(world.authPolicies, s.name);
  if (!rec) {
    if (s.ifExists) return statusResult(SUCCESS);
    throw errors.objectNotFound('Authentication policy', s.name);
  }
  if (s.rename !== undefined) {
    if (world.authPolicies.has(s.rename)) throw errors.alreadyExists('Authentication policy', s.rename);
    world.authPolicies.delete(rec.name);
    const old = rec.name;
    rec.name = s.rename;
    world.authPolicies.set(rec.name, rec);
    // Attachments follow the object.
    for (const u of world.users.values()) if (u.authPolicy === old) u.authPolicy = rec.name;
    if (world.accountAuthPolicy === old) world.accountAuthPolicy = rec.name;
  }
  if (s.set) apply(rec, s.set);
  for (const p of s.unset ?? []) {
    if (p === 'AUTHENTICATION_METHODS') rec.authenticationMethods = ['ALL'];
    else if (p === 'PAT_POLICY') rec.pat = DEFAULT_PAT_POLICY;
    else delete rec.comment;
  }
  return statusResult(SUCCESS);
}

export function dropAuthPolicy(ctx: ExecContext, s: DropAuthPolicy): ResultSet {
  requireAdmin(ctx);
  const world = ctx.world;
  const rec = lookupName(world.authPolicies, s.name);
  if (!rec) {
    if (s.ifExists) return statusResult(`Drop statement executed successfully (${s.name} already dropped).`);
    throw errors.objectNotFound('Authentication policy', s.name);
  }
  // UNCONFIRMED: Snowflake refuses to drop an attached policy; the emulator does too.
  const attached = world.accountAuthPolicy === rec.name || [...world.users.values()].some((u) => u.authPolicy === rec.name);
  if (attached) throw errors.policyAttached(rec.name);
  world.authPolicies.delete(rec.name);
  return statusResult(`${rec.name} successfully dropped.`);
}

/** DESCRIBE's PAT_POLICY string, exactly as the Terraform provider's acceptance tests read it (facts §9.3). */
export function patPolicyText(p: PatPolicy): string {
  return `{DEFAULT_EXPIRY_IN_DAYS=${p.defaultExpiryInDays}, MAX_EXPIRY_IN_DAYS=${p.maxExpiryInDays}, ` +
    `NETWORK_POLICY_EVALUATION=${p.networkPolicyEvaluation}, REQUIRE_ROLE_RESTRICTION_FOR_SERVICE_USERS=${p.requireRoleRestrictionForServiceUsers}}`;
}

export function describeAuthPolicy(ctx: ExecContext, s: DescribeAuthPolicy): ResultSet {
  requireAdmin(ctx);
  const p = requirePolicy(ctx.world, s.name);
  // Terraform acceptance tests: lists print as "[ALL]" / "[PASSWORD, SAML]", an unset comment as "null".
  const rows: [string, string, string, string][] = [
    ['NAME', p.name, 'null', 'Name of the authentication policy'],
    ['OWNER', p.owner, 'null', 'Role that owns the authentication policy'],
    ['COMMENT', p.comment ?? 'null', 'null', 'Comment associated with authentication policy'],
    ['AUTHENTICATION_METHODS', `[${p.authenticationMethods.join(', ')}]`, '[ALL]', 'Allowed authentication methods.'],
    ['PAT_POLICY', patPolicyText(p.pat), patPolicyText(DEFAULT_PAT_POLICY), 'Programmatic access token policy.'],
  ];
  return { columns: [text('property'), text('value'), text('default'), text('description')], rows };
}

export function showAuthPolicies(ctx: ExecContext, s: ShowAuthPolicies): ResultSet {
  requireAdmin(ctx);
  const rows = [...ctx.world.authPolicies.values()]
    .filter((p) => s.like === undefined || likeMatches(s.like, p.name))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    // UNCONFIRMED: database/schema are empty (the emulator keeps policies account-wide); options is an empty JSON text.
    .map((p) => [p.createdOn, p.name, p.comment ?? null, '', '', 'AUTHENTICATION_POLICY', p.owner, 'ROLE', '']);
  return {
    columns: [ltz('created_on'), text('name'), text('comment'), text('database_name'), text('schema_name'), text('kind'), text('owner'),
      text('owner_role_type'), text('options')],
    rows,
  };
}

export function attachAuthPolicy(ctx: ExecContext, s: AttachAuthPolicy): ResultSet {
  requireAdmin(ctx);
  const world = ctx.world;
  const policy = s.policy !== undefined ? requirePolicy(world, s.policy).name : undefined;
  if (s.target === 'ACCOUNT') {
    // UNCONFIRMED: Snowflake refuses SET while another policy is attached (UNSET first); the emulator replaces it.
    if (policy === undefined) delete world.accountAuthPolicy;
    else world.accountAuthPolicy = policy;
    return statusResult(SUCCESS);
  }
  const user = world.users.get(s.target.user);
  if (!user) {
    if (s.target.ifExists) return statusResult(SUCCESS);
    throw errors.userNotFound(s.target.user);
  }
  if (policy === undefined) delete user.authPolicy;
  else user.authPolicy = policy;
  return statusResult(SUCCESS);
}
