/**
 * `pat doctor`'s judgements, kept free of IO so each rule can be read (and tested) on its own. The command
 * (src/commands/doctor.ts) gathers the facts — config, admin session, DESCRIBE USER, SHOW PATS, a PAT login —
 * and these functions turn them into checklist lines with a fix for each failure.
 * Rules: ../shared/snowflake-pat-facts.md §3.2 (15 tokens, disabled and rotated ones count, expired ones don't),
 * §3.3 (network policy: required for SERVICE users; PERSON users may bypass for 1–1440 minutes or use an
 * authentication policy), §3.5 (privileges), §7 (390432, and why not 0.0.0.0/0).
 */
import { shellQuote } from '../../../kernel/quote.js';
import {
  EGRESS_IP_PLACEHOLDER, authenticationPolicyFix, grantModifyPatMethods, networkPolicyFix, resolvedName, sameTokenName,
} from '../sql.js';
import type { TokenInfo } from './tokens.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface Check {
  /** Stable machine name (JSON). */
  name: string;
  /** What the line is about (text output). */
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do; set for failures and warnings. */
  fix: string | null;
}

export const MAX_TOKENS_PER_USER = 15;

export function check(name: string, title: string, status: CheckStatus, detail: string, fix: string | null = null): Check {
  return { name, title, status, detail, fix };
}

/** `ok` is true for passed checks and warnings, false for failures and checks that could not run. */
export function checkJson(c: Check) {
  return { name: c.name, ok: c.status === 'pass' || c.status === 'warn', status: c.status, detail: c.detail, fix: c.fix };
}

/** Passing means: nothing failed (warnings allowed). Skipped checks only happen after a failure. */
export function allPassed(checks: Check[]): boolean {
  return checks.every((c) => c.status === 'pass' || c.status === 'warn');
}

// ---------------------------------------------------------------------------------------------------------------
// Network policy

const ZERO_WARNING = "Do not use ALLOWED_IP_LIST = ('0.0.0.0/0'): it lets the token log in from anywhere.";

function sqlLines(statements: { text: string }[]): string {
  return statements.map((s) => `  ${s.text}`).join('\n');
}

function policyName(user: string, suffix: string): string {
  return `${resolvedName(user, 'user')}_${suffix}`.replace(/[^A-Za-z0-9_$]/g, '_');
}

/** The SQL a user needs when the "network policy is required" family (390432) applies. */
export function networkPolicyFixText(user: string, type: string | null): string {
  const lines = [
    "Attach a network policy that allows only this service's egress address:",
    sqlLines(networkPolicyFix({ user, policy: policyName(user, 'NETWORK_POLICY') })),
    `Replace ${EGRESS_IP_PLACEHOLDER.replace('/32', '')} with the address Snowflake sees (the CLIENT_IP in \`pat usage\`). ${ZERO_WARNING}`,
  ];
  if (type === null || type === 'PERSON') {
    lines.push(
      (type === null ? 'If the user is TYPE=PERSON, there are two alternatives: ' : 'PERSON users have two alternatives: ') +
        'a bypass window of 1-1440 minutes per token ' +
        '(pat create --bypass-network-policy-mins <minutes>; it ends, so it suits bootstrapping, not services), ' +
        'or an authentication policy that does not require a network policy (in a database and schema you choose):',
      sqlLines(authenticationPolicyFix({ user, policy: policyName(user, 'AUTH_POLICY') })),
    );
  }
  return lines.join('\n');
}

export interface NetworkFacts {
  user: string;
  /** TYPE from DESCRIBE USER; null when unknown. */
  type: string | null;
  /** NETWORK_POLICY from DESCRIBE USER; null when none; undefined when unknown. */
  policy: string | null | undefined;
  /** The PAT login's outcome: 'ok', an error code, or undefined when it was not tried. */
  patLogin: 'ok' | string | undefined;
}

export function networkPolicyCheck(f: NetworkFacts): Check {
  const name = 'network-policy';
  const title = 'network policy';
  const requiredFailure = f.patLogin === '390432';
  if (f.policy) {
    if (f.patLogin === '390422') {
      return check(name, title, 'fail', `network policy ${f.policy} does not allow this machine's IP address (390422)`,
        `Add this machine's egress address (as /32) to the ALLOWED_IP_LIST of ${f.policy}; keep the list narrow. ${ZERO_WARNING}`);
    }
    return check(name, title, 'pass', `user ${f.user} has network policy ${f.policy}`);
  }
  if (f.policy === undefined && f.type === null) {
    if (requiredFailure) {
      return check(name, title, 'fail', 'the PAT login was refused: a network policy is required (390432)', networkPolicyFixText(f.user, null));
    }
    if (f.patLogin === 'ok') return check(name, title, 'pass', 'the PAT logged in, so the network-policy requirement is met');
    return check(name, title, 'skip', `skipped: user ${f.user} could not be described`);
  }
  if (f.patLogin === 'ok') {
    return check(name, title, 'pass', `no user-level network policy, but the PAT logged in (an account-level policy or a bypass window applies)`);
  }
  const service = f.type === 'SERVICE' || f.type === 'LEGACY_SERVICE';
  if (service || requiredFailure) {
    const why = service
      ? `user ${f.user} has TYPE=${f.type} and no network policy: Snowflake refuses to create or use its PATs`
      : `user ${f.user} has no network policy and the PAT login was refused (390432)`;
    return check(name, title, 'fail', why + (requiredFailure ? ' (390432 "Network policy is required")' : ''), networkPolicyFixText(f.user, f.type));
  }
  return check(name, title, 'warn',
    `user ${f.user} (TYPE=${f.type ?? 'PERSON'}) has no network policy: its PATs log in only during a bypass window`,
    networkPolicyFixText(f.user, f.type));
}

// ---------------------------------------------------------------------------------------------------------------
// Privileges, token count, role restriction

export function privilegeFixText(user: string, role: string): string {
  return [
    `Grant the admin role the privilege on ${resolvedName(user, 'user')} (or use a role that owns the user):`,
    `  ${grantModifyPatMethods({ user, role }).text}`,
  ].join('\n');
}

/** Tokens that count against the limit: not expired (disabled and _ROTATED_ ones included). */
export function liveTokens(tokens: TokenInfo[], now: Date): TokenInfo[] {
  return tokens.filter((t) => t.status !== 'EXPIRED' && (t.expiresAt === null || t.expiresAt.getTime() > now.getTime()));
}

export function tokenCountCheck(user: string, tokens: TokenInfo[], now: Date, heldName: string | undefined): Check {
  const name = 'token-count';
  const title = 'token count';
  const live = liveTokens(tokens, now);
  const n = live.length;
  const rotated = live.filter((t) => t.rotatedTo !== null).length;
  const disabled = live.filter((t) => t.status === 'DISABLED').length;
  const parts = [rotated ? `${rotated} _ROTATED_` : '', disabled ? `${disabled} disabled` : ''].filter(Boolean);
  const detail = `${n} of ${MAX_TOKENS_PER_USER} tokens in use by ${user}${parts.length ? ` (incl. ${parts.join(', ')})` : ''}`;
  if (n < MAX_TOKENS_PER_USER - 2) return check(name, title, 'pass', detail);
  // Rotated copies first (they only hold old secrets), then disabled tokens, then the soonest to expire.
  const rank = (t: TokenInfo) => (t.rotatedTo !== null ? 0 : t.status === 'DISABLED' ? 1 : 2);
  const candidates = live
    .filter((t) => !sameTokenName(t.name, heldName))
    .sort((a, b) => rank(a) - rank(b) || (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0))
    .slice(0, 3);
  const fix = [
    'Remove tokens that are no longer used (expired tokens do not count; disabled and _ROTATED_ ones do):',
    ...candidates.map((t) => `  pat revoke --user ${shellQuote(user)} --name ${t.name} --yes`),
  ].join('\n');
  if (n >= MAX_TOKENS_PER_USER) {
    return check(name, title, 'fail', `${detail}: Snowflake refuses a 16th token, and a rotation keeps the old secret as one more`, fix);
  }
  return check(name, title, 'warn', `${detail}: close to the limit of ${MAX_TOKENS_PER_USER}`, fix);
}

export interface RoleFacts {
  configPath: string;
  configRole: string | undefined;
  tokenName: string | undefined;
  /** The user's tokens from SHOW, when the admin session could list them. */
  tokens: TokenInfo[] | undefined;
  /** CURRENT_ROLE() of the PAT session, when it logged in. */
  sessionRole: string | undefined;
}

function sameRole(a: string, b: string): boolean {
  try {
    return resolvedName(a, 'role') === resolvedName(b, 'role') || a.toUpperCase() === b.toUpperCase();
  } catch {
    return a.toUpperCase() === b.toUpperCase();
  }
}

export function roleRestrictionCheck(f: RoleFacts): Check {
  const name = 'role-restriction';
  const title = 'role restriction';
  const token = f.tokenName && f.tokens ? f.tokens.find((t) => sameTokenName(t.name, f.tokenName)) : undefined;
  const file = shellQuote(f.configPath);
  if (f.tokenName && f.tokens && !token) {
    return check(name, title, 'fail', `token ${f.tokenName.toUpperCase()} (pat_name in the config) does not exist any more`,
      `Create a new one: pat create --name ${f.tokenName}`);
  }
  if (token) {
    const r = token.roleRestriction;
    if (r === null) {
      return check(name, title, 'warn', `token ${token.name} is not restricted to a role: its sessions may use any role granted to ${token.user}`,
        `Prefer a restricted token: pat create --name <new-name>${f.configRole ? ` --role-restriction ${f.configRole}` : ''}, then pat revoke --name ${token.name} --yes`);
    }
    if (f.configRole === undefined) {
      return check(name, title, 'warn', `token ${token.name} is restricted to ${r}; the config sets no "role"`, `Add "role": "${r}" to ${file}`);
    }
    if (sameRole(f.configRole, r)) return check(name, title, 'pass', `token ${token.name} is restricted to ${r}, the config's role`);
    return check(name, title, 'fail', `token ${token.name} is restricted to ${r}, but the config's role is ${f.configRole}`,
      `Set "role": "${r}" in ${file}, or create a token for ${f.configRole}: pat create --name <new-name> --role-restriction ${f.configRole}`);
  }
  if (f.sessionRole !== undefined && f.configRole !== undefined) {
    if (sameRole(f.configRole, f.sessionRole)) return check(name, title, 'pass', `the PAT session's role is ${f.sessionRole}, the config's role`);
    return check(name, title, 'fail', `the PAT session's role is ${f.sessionRole}, but the config's role is ${f.configRole}`,
      `Set "role": "${f.sessionRole}" in ${file}, or create a token restricted to ${f.configRole}`);
  }
  return check(name, title, 'skip', 'skipped: neither the token list nor a PAT session is available');
}
