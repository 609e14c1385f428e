/**
 * `pat create` for Snowflake: ADD … IF NOT EXISTS, then deliver the secret. Into a config that already holds a token only with --replace:
 * then create → write → verify the new secret by logging in → revoke the old token and its predecessors; if the
 * new secret does not log in, the old one goes back into the config and the new token (provably this run's) is
 * removed, so no live secret is left that nobody holds.
 */
import { withConfigLock, type LoadedConfig } from '../../config/index.js';
import { snowflakeConfigStore } from '../../config/store.js';
import { UsageError } from '../../errors.js';
import { DAY_MS, isoDate } from '../../kernel/time.js';
import { addToken, type IssuedSecret } from './lifecycle/issue.js';
import { readLineage, removeWithLineage } from './lifecycle/lineage.js';
import { describeSession } from './lifecycle/verify.js';
import type { Session } from './client.js';
import { addPat, removePat, sameTokenName, type AddPatSpec } from './sql.js';
import type { Factory } from '../../factory.js';
import type { CreateOptions } from '../provider.js';
import { parseDelivery, reportIssued, saveSecret } from '../../delivery/deliver.js';
import { DEFAULT_ENV_VAR } from '../../delivery/sinks/flags.js';
import { loadConfig, loadConfigIfPresent, warnIfExposed } from '../../config/load.js';
import { refuseForeignUser, resolveAdmin, withAdminSession, withPatSession } from './sessions.js';

/** Snowflake's documented default when DAYS_TO_EXPIRY is omitted (an authentication policy may change it). */
const DEFAULT_DAYS_TO_EXPIRY = 15;

/** The token the config holds now, which --replace retires. */
interface Replaced {
  name: string;
  secret: string;
}

/** What create would overwrite in the config, refused (exit 2) unless --replace says to retire it. */
function tokenToReplace(loaded: LoadedConfig, options: CreateOptions & { name: string }): Replaced | undefined {
  const { pat, pat_name: held } = loaded.config;
  if (!pat) return undefined;
  if (!options.replace) {
    throw new UsageError(
      `${loaded.path} already holds token ${held?.toUpperCase() ?? '(unnamed)'}; creating ${options.name.toUpperCase()} would leave it live with its secret gone from the file.`,
      held
        ? `Issue a new secret for it: pat rotate. Or replace it (create, verify, then revoke ${held.toUpperCase()}): pat create --name ${options.name} --replace`
        : 'Remove "pat" from the config first (and revoke that token), or use --no-write --secret-only.',
    );
  }
  if (!held) {
    throw new UsageError(
      `${loaded.path} holds a secret but no "pat_name": pat cannot tell which token --replace would revoke.`,
      'Set "pat_name" to the token that secret belongs to, or revoke it yourself and remove "pat" from the config.',
    );
  }
  if (sameTokenName(held, options.name)) {
    throw new UsageError(`${loaded.path} already holds token ${held.toUpperCase()}: --replace needs a new --name.`, 'To issue a new secret for it: pat rotate');
  }
  return { name: held, secret: pat };
}

export async function runCreate(request: CreateOptions, deps: Factory): Promise<number> {
  if (request.name === undefined) throw new UsageError('--name is required.', 'Example: pat create --name thermal_pat --expires-in 90');
  const options = { ...request, name: request.name };
  const delivery = parseDelivery(request, deps, DEFAULT_ENV_VAR);
  if (options.replace && !options.write) throw new UsageError('--replace retires the token the config holds: it cannot be combined with --no-write.');
  // Everything that can fail without the network fails first (exit 2, nothing sent).
  const needConfig = options.write || options.user === undefined;
  const loaded = needConfig ? await loadConfig(deps) : await loadConfigIfPresent(deps);
  const user = options.user ?? loaded?.config.user;
  if (options.write && loaded && user !== undefined) refuseForeignUser(loaded, user, 'create');
  const replaced = options.write && loaded ? tokenToReplace(loaded, options) : undefined;
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
  const expiry = options.expiresIn ?? DEFAULT_DAYS_TO_EXPIRY;
  const expiresAt = new Date(startedAt.getTime() + expiry * DAY_MS);

  const store = loaded && snowflakeConfigStore(loaded.path);

  const issue = () =>
    withAdminSession(deps, admin, async (session) => {
      const issued = await addToken(session, spec, deps.io.verbose);
      deps.io.protect(issued.secret);
      const saved = await saveSecret(deps, delivery, issued, store);
      const replacement = replaced && loaded && saved.path ? await retire(deps, session, loaded, user, issued, replaced) : undefined;
      return { issued, saved, replacement };
    });

  const report = async () => {
    const { issued, saved, replacement } = await issue();
    if (saved.path && !loaded?.config.pat) await warnIfExposed(deps, saved.path);
    if (replacement?.failed) return reportFailedReplacement(deps, issued, replacement.failed);
    return reportIssued(deps, delivery, issued.secret, saved, {
      noun: 'secret',
      stakes: `Snowflake shows a secret only once (token ${issued.name}).`,
      headline: `Created token ${issued.name}${user ? ` for user ${user}` : ''}`,
      lines: [
        `expires ${isoDate(expiresAt)} (${expiry} days${options.expiresIn === undefined ? ', the default unless an account policy changes it' : ''})`,
        `role restriction: ${role ?? 'none'}`,
        ...(replacement ? replacementLines(replacement) : []),
      ],
      json: {
        token_name: issued.name,
        user: user ?? null,
        role_restriction: role ?? null,
        days_to_expiry: expiry,
        expires_at: expiresAt.toISOString(),
        replaced_token_name: replaced ? replaced.name.toUpperCase() : null,
        revoked: replacement?.revoked ?? [],
      },
    });
  };
  return options.write && loaded ? withConfigLock(loaded.path, report) : report();
}

interface Replacement {
  /** The token the config held before. */
  replaced: string;
  /** Names removed: the old token and its predecessors. */
  revoked: string[];
  /** Why the new secret was not accepted (the old one was put back). */
  failed?: { reason: string; newTokenRemoved: boolean };
}

/**
 * --replace after the new secret was written: log in with it, and only then revoke the old token. If the login
 * fails, the old secret goes back into the config and the new token is removed — it is this run's, and nobody
 * else holds its secret.
 */
async function retire(
  deps: Factory,
  session: Session,
  loaded: LoadedConfig,
  user: string | undefined,
  issued: IssuedSecret,
  replaced: Replaced,
): Promise<Replacement> {
  try {
    await withPatSession(deps, loaded, describeSession, issued.secret);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await snowflakeConfigStore(loaded.path).save(replaced.secret, replaced.name);
    let newTokenRemoved = false;
    try {
      await session.query(removePat({ user, name: issued.name }));
      newTokenRemoved = true;
    } catch {
      // reported below: the new token is left, and the user is told to revoke it
    }
    return { replaced: replaced.name.toUpperCase(), revoked: [], failed: { reason, newTokenRemoved } };
  }
  const revoked = await removeWithLineage(session, user, await readLineage(session, user, replaced.name), false);
  return { replaced: replaced.name.toUpperCase(), revoked };
}

function replacementLines(replacement: Replacement): string[] {
  return [
    'verified: logged in with the new secret',
    `replaced token ${replacement.replaced}: revoked ${replacement.revoked.join(', ') || 'nothing (it was already gone)'}`,
  ];
}

function reportFailedReplacement(deps: Factory, issued: IssuedSecret, failed: NonNullable<Replacement['failed']>): number {
  const { io } = deps;
  io.err(io.errColour.red.bold(`error: the new token ${issued.name} could not log in: ${failed.reason}`));
  io.err('The config holds its previous token again, which keeps working; nothing was revoked.');
  io.err(
    failed.newTokenRemoved
      ? `The new token ${issued.name} was removed.`
      : `The new token ${issued.name} could not be removed: revoke it with \`pat revoke --name ${issued.name} --yes\`.`,
  );
  if (deps.globals.json) {
    io.out(JSON.stringify({ ok: false, token_name: issued.name, replaced: false, new_token_removed: failed.newTokenRemoved, error: failed.reason }, null, 2));
  }
  return 1;
}

