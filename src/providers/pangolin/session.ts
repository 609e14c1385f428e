/**
 * Requests shared by the verbs: the admin login, who a token belongs to (/users/me), and the client itself.
 */
import type { Factory } from '../../factory.js';
import { ConfigError, FailureError } from '../../errors.js';
import { withSpinner } from '../../output/spinner.js';
import { createClient, optionalString, PangolinHttpError, stringField, field, type PangolinClient } from './client.js';
import type { AdminCredentials, ServerUrl } from './credentials.js';

export function client(deps: Factory, url: ServerUrl): PangolinClient {
  deps.io.verbose(`pangolin: ${url.url} (from ${url.source})`);
  return createClient(url.url, deps.globals.timeout, (line) => deps.io.verbose(line));
}

/** A spinner on a terminal while waiting (none with --verbose, whose lines would interleave). */
export function spin<T>(deps: Factory, text: string, work: () => Promise<T>): Promise<T> {
  return withSpinner(deps.io, !deps.globals.verbose, text, work);
}

export interface AdminSession {
  token: string;
  username: string;
  role: string;
  tenantId: string | null;
}

/**
 * POST /api/v1/users/login. Pangolin requires a tenant for everybody but root, and refuses root when one is sent —
 * v0.8 then searches only that tenant's users and answers a plain "Invalid credentials" (facts: user_handlers.rs
 * 475-547), not the "without tenant_id" text. Which the admin is cannot be known beforehand, so a 401 to a login
 * that sent a tenant is tried once more without it; root then mints with the tenant in POST /api/v1/tokens' body.
 */
export async function adminLogin(deps: Factory, api: PangolinClient, creds: AdminCredentials): Promise<AdminSession> {
  const attempt = async (tenantId: string | undefined): Promise<AdminSession> => {
    const body: Record<string, string> = { username: creds.username, password: creds.password };
    if (tenantId) body['tenant-id'] = tenantId;
    const answer = await api.request('POST', '/api/v1/users/login', { body });
    const token = stringField(answer, 'token', 'the login');
    deps.io.protect(token);
    const user = field(answer, 'user', 'the login');
    return {
      token,
      username: optionalString(user, 'username', 'the login') ?? creds.username,
      role: optionalString(user, 'role', 'the login') ?? '',
      tenantId: optionalString(user, 'tenant-id', 'the login'),
    };
  };
  const refused = (error: PangolinHttpError): Error => {
    if (/with tenant/i.test(error.text)) {
      return new ConfigError(`Pangolin user ${creds.username} belongs to a tenant: set PANGOLIN_TENANT_ID (or --pangolin-tenant) to its UUID.`);
    }
    return new FailureError(
      `Pangolin refused the admin login of ${creds.username} at ${api.baseUrl}: ${error.text || 'HTTP 401'}.`,
      'Check PANGOLIN_USERNAME, PANGOLIN_PASSWORD and PANGOLIN_TENANT_ID.',
      'HTTP401',
    );
  };
  try {
    return await attempt(creds.tenantId);
  } catch (error) {
    if (!(error instanceof PangolinHttpError) || error.status !== 401) throw error;
    if (!creds.tenantId || /with tenant/i.test(error.text)) throw refused(error);
    deps.io.verbose('admin login with the tenant refused: trying again without it (a root admin logs in without a tenant)');
    try {
      const session = await attempt(undefined);
      if (session.role === 'root') return session;
      // Not root: the tenant was right to send; report the first refusal.
      throw error;
    } catch (retryError) {
      if (retryError instanceof PangolinHttpError && retryError.status === 401) throw refused(error);
      if (retryError === error) throw refused(error);
      throw retryError;
    }
  }
}

export function requireAdminRole(session: AdminSession, what: string): void {
  if (session.role !== 'root' && session.role !== 'tenant-admin') {
    throw new FailureError(
      `Pangolin user ${session.username} is ${session.role || 'not an admin'}; ${what} needs the tenant-admin or root role.`,
      'Set PANGOLIN_USERNAME / PANGOLIN_PASSWORD to an admin of the tenant.',
    );
  }
}

export interface Me {
  id: string;
  username: string;
  role: string | null;
  tenantId: string | null;
}

/** GET /api/v1/users/me with `token`: proves the token works and says whose it is. */
export async function whoAmI(api: PangolinClient, token: string): Promise<Me> {
  const answer = await api.request('GET', '/api/v1/users/me', { token });
  return {
    id: stringField(answer, 'id', 'GET /api/v1/users/me'),
    username: optionalString(answer, 'username', 'GET /api/v1/users/me') ?? '',
    role: optionalString(answer, 'role', 'GET /api/v1/users/me'),
    tenantId: optionalString(answer, 'tenant-id', 'GET /api/v1/users/me'),
  };
}

/** A 403 as a sentence (Pangolin's text says which permission was missing). */
export function forbidden(error: unknown, what: string): unknown {
  if (error instanceof PangolinHttpError && error.status === 403) {
    return new FailureError(`Pangolin refused to ${what}: ${error.text || 'forbidden'}.`, undefined, 'HTTP403');
  }
  return error;
}
