/** `pat doctor`'s checks: imported by the doctor command's action only (see doctor.ts). */
import { formatMode, gitExposure, permissionWarning, readConfig, type LoadedConfig } from '../../config/index.js';
import { shellQuote } from '../../kernel/quote.js';
import type { ResolvedConnection } from '../../connection/index.js';
import { PatError } from '../../errors.js';
import {
  allPassed, check, checkJson, networkPolicyCheck, privilegeFixText, roleRestrictionCheck, tokenCountCheck, type Check,
} from './lifecycle/doctor-checks.js';
import { tokenFromRow, type TokenInfo } from './lifecycle/tokens.js';
import { describeSession } from './lifecycle/verify.js';
import { renderChecklist } from './audit-tables.js';
import type { Session } from './client.js';
import { describeUser, showPats } from './sql.js';
import { configPath } from '../../config/load.js';
import { resolveAdmin, withAdminSession, withPatSession } from './sessions.js';
import { printJson } from '../../output/report.js';
import type { Factory } from '../../factory.js';

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\s*\n\s*/g, ' ') : String(error);
}

function hintOf(error: unknown, fallback: string | null = null): string | null {
  return error instanceof PatError && error.hint ? error.hint : fallback;
}

interface UserFacts {
  type: string | null;
  policy: string | null | undefined;
}

/** Config: valid, private, not headed for git. */
async function configChecks(deps: Factory, checks: Check[]): Promise<LoadedConfig | undefined> {
  let loaded: LoadedConfig;
  try {
    loaded = await readConfig(configPath(deps));
  } catch (error) {
    checks.push(check('config', 'config', 'fail', messageOf(error), hintOf(error)));
    checks.push(check('config-mode', 'config mode', 'skip', 'skipped: no valid config'));
    checks.push(check('config-git', 'config in git', 'skip', 'skipped: no valid config'));
    return undefined;
  }
  deps.io.protect(loaded.config.pat);
  checks.push(check('config', 'config', 'pass', `${loaded.path} is valid (user ${loaded.config.user}${loaded.config.pat_name ? `, token ${loaded.config.pat_name}` : ''})`));
  const loose = permissionWarning(loaded.mode, loaded.path);
  checks.push(loose
    ? check('config-mode', 'config mode', 'fail', `mode ${formatMode(loaded.mode)}: others can access the secret`, `chmod 600 ${shellQuote(loaded.path)}`)
    : check('config-mode', 'config mode', 'pass', `mode ${formatMode(loaded.mode)}`));
  const exposure = await gitExposure(loaded.path);
  const hasSecret = Boolean(loaded.config.pat);
  switch (exposure.state) {
    case 'tracked':
      checks.push(check('config-git', 'config in git', hasSecret ? 'fail' : 'warn', 'the config is tracked by git', exposure.advice ?? null));
      break;
    case 'not-ignored':
      checks.push(check('config-git', 'config in git', 'warn', 'the config is inside a git work tree and not ignored', exposure.advice ?? null));
      break;
    case 'ignored':
      checks.push(check('config-git', 'config in git', 'pass', 'ignored by git'));
      break;
    case 'no-repo':
      checks.push(check('config-git', 'config in git', 'pass', 'not inside a git repository'));
      break;
  }
  return loaded;
}

interface AdminFacts {
  login: Check;
  user?: Check;
  userFacts?: UserFacts;
  privileges?: Check;
  tokens?: TokenInfo[];
}

async function adminChecks(deps: Factory, loaded: LoadedConfig | undefined): Promise<AdminFacts> {
  let admin: ResolvedConnection;
  try {
    admin = await resolveAdmin(deps);
  } catch (error) {
    return { login: check('admin-connection', 'admin connection', 'fail', messageOf(error), hintOf(error)) };
  }
  const facts: Partial<AdminFacts> = {};
  try {
    await withAdminSession(deps, admin, async (session) => {
      const who = await describeSession(session);
      const role = who.role ?? 'PUBLIC';
      facts.login = check('admin-connection', 'admin connection', 'pass', `logged in as ${who.user ?? '?'} with role ${role} (${admin.source})`);
      if (loaded) await userChecks(session, loaded.config.user, role, facts);
    });
  } catch (error) {
    if (facts.login) throw error;
    facts.login = check('admin-connection', 'admin connection', 'fail', `cannot log in (${admin.source}): ${messageOf(error)}`, hintOf(error));
  }
  return facts as AdminFacts;
}

async function userChecks(session: Session, user: string, role: string, facts: Partial<AdminFacts>): Promise<void> {
  // (3) the user and its TYPE
  try {
    const rows = await session.query(describeUser(user));
    const prop = (name: string) => {
      const value = rows.find((r) => String(r.property ?? '').toUpperCase() === name)?.value;
      return value === null || value === undefined || value === '' || value === 'null' ? null : String(value);
    };
    const type = prop('TYPE') ?? 'PERSON';
    facts.userFacts = { type, policy: prop('NETWORK_POLICY') };
    const disabled = prop('DISABLED') === 'true';
    facts.user = disabled
      ? check('user', 'user', 'fail', `user ${user} (TYPE=${type}) is disabled, and so are its tokens`,
        'An administrator can re-enable it: ALTER USER … SET DISABLED = FALSE (its tokens stay disabled until re-enabled).')
      : check('user', 'user', 'pass', `user ${user} exists, TYPE=${type}`);
  } catch (error) {
    const code = codeOf(error);
    facts.user = code === '003001'
      ? check('user', 'user', 'skip', `skipped: role ${role} may not describe user ${user} (see privileges)`)
      : check('user', 'user', 'fail', messageOf(error),
        code === '002003' ? `Check "user" in the config, and that role ${role} can see the user.` : hintOf(error));
  }
  // (5) privileges, by listing the user's tokens; (6) reuses the list
  try {
    const rows = await session.query(showPats({ user }));
    facts.tokens = rows.map(tokenFromRow);
    facts.privileges = check('privileges', 'privileges', 'pass', `role ${role} can manage the tokens of ${user}`);
  } catch (error) {
    const code = codeOf(error);
    facts.privileges = code === '003001'
      ? check('privileges', 'privileges', 'fail', `role ${role} lacks the privilege to manage the tokens of ${user} (003001)`, privilegeFixText(user, role))
      : code === '002003'
        ? check('privileges', 'privileges', 'skip', `skipped: user ${user} not found`)
        : check('privileges', 'privileges', 'fail', messageOf(error), hintOf(error));
  }
}

export async function runDoctor(_options: Record<string, never>, deps: Factory): Promise<number> {
  const checks: Check[] = [];
  const loaded = await configChecks(deps, checks);
  const user = loaded?.config.user;
  const adminFacts = await adminChecks(deps, loaded);

  // (7) the config's PAT logs in — independent of the admin connection
  let patLogin: 'ok' | string | undefined;
  let sessionRole: string | undefined;
  let patCheck: Check;
  if (!loaded) patCheck = check('pat-login', 'PAT login', 'skip', 'skipped: no valid config');
  else if (!loaded.config.pat) {
    patCheck = check('pat-login', 'PAT login', 'fail', `${loaded.path} holds no token ("pat")`, 'Create one: pat create --name <name>');
  } else {
    try {
      const context = await withPatSession(deps, loaded, (session) => describeSession(session));
      patLogin = 'ok';
      sessionRole = context.role ?? undefined;
      patCheck = check('pat-login', 'PAT login', 'pass', `token ${loaded.config.pat_name ?? '(unnamed)'} logs in as ${context.user ?? '?'} with role ${context.role ?? '?'}`);
    } catch (error) {
      patLogin = codeOf(error) ?? 'failed';
      patCheck = check('pat-login', 'PAT login', 'fail', messageOf(error),
        patLogin === '390432' ? 'See the network policy fix above.' : hintOf(error));
    }
  }

  const skipped = (name: string, title: string, why: string) => check(name, title, 'skip', `skipped: ${why}`);
  const noAdmin = adminFacts.login.status === 'pass' ? 'no valid config' : 'the admin connection failed';
  checks.push(adminFacts.login);
  checks.push(adminFacts.user ?? skipped('user', 'user', noAdmin));
  if (user === undefined) checks.push(skipped('network-policy', 'network policy', 'no valid config'));
  else {
    checks.push(networkPolicyCheck({
      user,
      type: adminFacts.userFacts?.type ?? null,
      policy: adminFacts.userFacts ? adminFacts.userFacts.policy : undefined,
      patLogin,
    }));
  }
  checks.push(adminFacts.privileges ?? skipped('privileges', 'privileges', noAdmin));
  if (user !== undefined && adminFacts.tokens) {
    checks.push(tokenCountCheck(user, adminFacts.tokens, deps.now(), loaded?.config.pat_name));
  } else {
    checks.push(skipped('token-count', 'token count', adminFacts.privileges ? 'the tokens could not be listed' : noAdmin));
  }
  checks.push(patCheck);
  if (!loaded) checks.push(skipped('role-restriction', 'role restriction', 'no valid config'));
  else {
    checks.push(roleRestrictionCheck({
      configPath: loaded.path,
      configRole: loaded.config.role,
      tokenName: loaded.config.pat_name,
      tokens: adminFacts.tokens,
      sessionRole,
    }));
  }

  const ok = allPassed(checks);
  if (deps.globals.json) printJson(deps, { checks: checks.map(checkJson), ok });
  else {
    deps.io.out(renderChecklist(deps.io, checks));
    const failed = checks.filter((c) => c.status === 'fail').length;
    deps.io.out(ok ? deps.io.colour.green('\nAll checks passed.') : deps.io.colour.red(`\n${failed} check(s) failed.`));
  }
  return ok ? 0 : 1;
}
