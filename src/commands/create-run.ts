/** `pat create`'s work: imported by the create command's action only (see create.ts). */
import { withConfigLock, writeSecret } from '../config/index.js';
import { addToken } from '../lifecycle/issue.js';
import { addPat, type AddPatSpec } from '../snowflake/sql.js';
import type { Deps } from './action.js';
import type { CreateOptions } from './create.js';
import { checkDeliveryFlags, reportIssued, saveSecret } from './deliver.js';
import { loadConfig, loadConfigIfPresent, resolveAdmin, withAdminSession } from './runtime.js';

/** Snowflake's documented default when DAYS_TO_EXPIRY is omitted (an authentication policy may change it). */
const DEFAULT_DAYS_TO_EXPIRY = 15;

export async function runCreate(options: CreateOptions, deps: Deps): Promise<number> {
  checkDeliveryFlags(options, deps.globals.json);
  // Everything that can fail without the network fails first (exit 2, nothing sent).
  const needConfig = options.write || options.user === undefined;
  const loaded = needConfig ? await loadConfig(deps) : await loadConfigIfPresent(deps);
  const user = options.user ?? loaded?.config.user;
  const role = options.roleRestriction === false ? undefined : (options.roleRestriction ?? loaded?.config.role);
  const spec: AddPatSpec = {
    user,
    name: options.name,
    roleRestriction: role,
    daysToExpiry: options.expiresIn,
    minsToBypassNetworkPolicy: options.bypassNetworkPolicyMins,
    comment: options.comment,
  };
  addPat(spec); // validates the user and role taken from the config as well
  const admin = await resolveAdmin(deps);
  const startedAt = deps.now();

  const issue = async () => {
    const issued = await withAdminSession(deps, admin, (session) => addToken(session, spec, startedAt, deps.io.verbose));
    deps.io.protect(issued.secret);
    const saved = await saveSecret(deps, options, issued.secret, loaded && (() => writeSecret(loaded.path, { pat: issued.secret, patName: issued.name })));
    const expiry = options.expiresIn ?? DEFAULT_DAYS_TO_EXPIRY;
    const expiresAt = new Date(startedAt.getTime() + expiry * 86_400_000);
    return reportIssued(deps, options, issued.secret, saved, {
      noun: 'secret',
      stakes: `Snowflake shows a secret only once (token ${issued.name}).`,
      recovery: issued.recovery,
      headline: `Created token ${issued.name}${user ? ` for user ${user}` : ''}`,
      lines: [
        `expires ${expiresAt.toISOString().slice(0, 10)} (${expiry} days${options.expiresIn === undefined ? ', the default unless an account policy changes it' : ''})`,
        `role restriction: ${role ?? 'none'}`,
      ],
      json: {
        token_name: issued.name,
        user: user ?? null,
        role_restriction: role ?? null,
        days_to_expiry: expiry,
        expires_at: expiresAt.toISOString(),
        recovery: issued.recovery ?? null,
      },
    });
  };
  return options.write && loaded ? withConfigLock(loaded.path, issue) : issue();
}
