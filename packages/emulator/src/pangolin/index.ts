// Public entry of the Pangolin (Apache Iceberg REST catalog) emulator: the token-management surface of
// Pangolin v0.8.0 over real HTTP, for tests of `pat`'s Pangolin support. Nothing here is imported by the CLI's
// normal paths, and nothing here imports the Snowflake emulator.
//
// What it reproduces (from the v0.8.0 source, not its docs):
//   POST /api/v1/users/login            {username, password, "tenant-id"?} -> {token, user{kebab-case}, "expires-at"}
//   POST /api/v1/tokens                 {tenant_id, username?, roles?, expires_in_hours?} -> {token, expires_at, tenant_id}
//   POST /api/v1/tokens/rotate          -> {token, expires_at, tenant_id}; the presented jti is revoked at once
//   POST /api/v1/auth/revoke            {reason?} (JSON body required) -> {message}
//   POST /api/v1/auth/revoke/{id}       {reason?} -> {message}           (Root/TenantAdmin)
//   DELETE /api/v1/tokens/{id}          -> 204                            (Root/TenantAdmin)
//   GET /api/v1/users/me/tokens         -> TokenInfo[] with the raw JWT in `token`
//   GET /api/v1/users/{user_id}/tokens  -> TokenInfo[]                    (Root/TenantAdmin, caller's tenant)
//   GET /api/v1/users/me, POST /api/v1/users/logout (no-op 204), POST /api/v1/auth/cleanup-tokens,
//   GET /health, /health/live, /health/ready, /api/v1/app-config
// Anything else answers 401 without a valid token and 404 (empty body) with one, like the real router, whose auth
// middleware also wraps the fallback. So the documented /api/v1/tokens/revoke/self and /revoke/{jti} are 404s.
import { randomUUID } from 'node:crypto';
import { clockFor } from '../clock.js';
import { listen } from '../listen.js';
import { signJwt } from './jwt.js';
import { DEFAULT_AUTH_RATE_LIMIT, PangolinHttpServer, type AuthRateLimit, type PangolinClock, type PangolinFault, type PangolinRequestRecord } from './server.js';
import { ENV_ROOT_ID, PangolinWorld, type PangolinSeed } from './state.js';

export type { PangolinSeed, SeedRole } from './state.js';
export { SeedError, ENV_ROOT_ID } from './state.js';
export type { PangolinClaims, WireRole } from './jwt.js';
export { decodeJwtPayload, EXP_LEEWAY_SECONDS } from './jwt.js';
export type { PangolinClock, PangolinFault, PangolinRequestRecord } from './server.js';
export { DEFAULT_AUTH_RATE_LIMIT, MAX_BODY_BYTES, MAX_TOKEN_LIFETIME_HOURS, type AuthRateLimit } from './server.js';
export { describePangolinForUser } from './describe.js';

export interface PangolinEmulatorOptions {
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default pangolinDemoSeed(). */
  seed?: PangolinSeed;
  /** Freezes the clock at this epoch ms (moved only by clock.set/advance); omitted = the real clock. */
  now?: number;
  /**
   * Which pangolin_store backend to imitate. 'memory' (default): listings drop revoked and expired tokens, a second
   * revocation of an id is a no-op. 'sql' (Postgres/SQLite): listings drop only expired tokens, so revoked ones
   * still show with `is_valid: true`, `username: "unknown"` and `created_at` = now; a second revocation of the
   * same id is a 500.
   */
  backend?: 'memory' | 'sql';
  /**
   * Pangolin's auth rate limit on login/token/oauth-callback requests, per source address: default 10 per 60 s of
   * the emulator's clock (a frozen clock never opens a new window). `false` turns it off.
   */
  authRateLimit?: AuthRateLimit | false;
  /**
   * The HS256 key tokens are signed with (Pangolin's PANGOLIN_JWT_SECRET); default random. Tests that sign or verify
   * tokens with their own JWT code give one.
   */
  jwtSecret?: string;
}

export interface RunningPangolin {
  /** e.g. 'http://127.0.0.1:PORT' */
  url: string;
  port: number;
  /** Every exp/iat and timestamp reads this clock; move it instead of sleeping. */
  clock: PangolinClock;
  /** Arrival order. Never holds tokens, passwords or bodies. */
  requests: PangolinRequestRecord[];
  clearRequests(): void;
  /** Every JWT the emulator issued (login, create, rotate), for leak scans in tests. */
  issuedTokens(): string[];
  /** The UUID of a seeded tenant, by name. */
  tenantId(name: string): string;
  /** The UUID of a seeded user, by username (the env root's is ENV_ROOT_ID). */
  userId(username: string): string;
  /** jtis currently on the revocation list. */
  revokedIds(): string[];
  /**
   * Signs arbitrary claims with the emulator's secret (not recorded in issuedTokens()), for tests of tokens the
   * server itself would never mint: no jti, a malformed sub, an empty tenant_id...
   */
  forgeToken(claims: object, header?: object): string;
  /**
   * One-shot fault on the next request with this method and path: its effect happens, then the reply is lost
   * (`lose: true`, status 0 in `requests`) or replaced by `status`/`text`.
   */
  injectFault(fault: PangolinFault): void;
  close(): Promise<void>;
}

/**
 * Tenant "analytics" (a fixed UUID); users admin/admin-password (TenantAdmin of analytics), root/root-password
 * (Root, configured like PANGOLIN_ROOT_USER/PANGOLIN_ROOT_PASSWORD) and etl_bot/etl-password (TenantUser of
 * analytics). A fresh object each call.
 */
export function pangolinDemoSeed(): PangolinSeed {
  const analytics = '6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b';
  return {
    tenants: [{ id: analytics, name: 'analytics' }],
    users: [
      { id: 'a0a0a0a0-0000-4000-8000-000000000001', username: 'admin', password: 'admin-password', role: 'TenantAdmin', tenant_id: analytics },
      { username: 'root', password: 'root-password', role: 'Root' },
      { id: 'e7e7e7e7-0000-4000-8000-000000000002', username: 'etl_bot', password: 'etl-password', role: 'TenantUser', tenant_id: analytics },
    ],
  };
}

export async function startPangolinEmulator(options: PangolinEmulatorOptions = {}): Promise<RunningPangolin> {
  const clock = clockFor(options.now);
  const world = new PangolinWorld(options.seed ?? pangolinDemoSeed(), clock.now(), options.backend ?? 'memory', options.jwtSecret === undefined ? undefined : Buffer.from(options.jwtSecret, 'utf8'));
  const requests: PangolinRequestRecord[] = [];
  const http = new PangolinHttpServer(world, clock, requests, options.authRateLimit ?? DEFAULT_AUTH_RATE_LIMIT);
  const { url, port } = await listen(http.server, options.host ?? '127.0.0.1', options.port ?? 0);
  return {
    url,
    port,
    clock,
    requests,
    clearRequests: () => {
      requests.length = 0; // keep the array identity: callers may hold a reference
    },
    issuedTokens: () => [...world.issued],
    tenantId: (name) => world.tenantId(name),
    userId: (username) => {
      if (world.envRoot?.username === username) return ENV_ROOT_ID;
      const u = world.userByUsername(username);
      if (u === undefined) throw new Error(`no user named ${username}`);
      return u.id;
    },
    revokedIds: () => [...world.revoked.keys()],
    forgeToken: (claims, header) => signJwt(claims, world.secret, header),
    injectFault: (fault) => {
      http.faults.push({ ...fault });
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.server.close(() => resolve());
        http.server.closeAllConnections();
      }),
  };
}

/** A random v4 UUID, handy for tests that need an id nobody issued. */
export function randomTokenId(): string {
  return randomUUID();
}
