// HTTP front of the Pangolin emulator: the subset of the v0.8.0 router that token management touches, behind an
// imitation of its auth middleware. Handler order, status codes and bodies follow pangolin_api v0.8.0
// (token_handlers.rs, user_handlers.rs, auth_middleware.rs, auth.rs, health.rs, public_paths.rs, lib.rs).
// Errors are plain text (`(StatusCode, &str).into_response()`), not JSON - that is what the real server sends.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  Rejection,
  extractJson,
  extractPagination,
  extractUuidPath,
  parseUuid,
  type StructSpec,
} from './extract.js';
import { verifyJwt, type PangolinClaims, type WireRole } from './jwt.js';
import { ENV_ROOT_ID, NIL_UUID, roleRank, type PangolinWorld, type UserRecord } from './state.js';

export interface PangolinClock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export interface PangolinRequestRecord {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  /** Username of the authenticated session, when the request carried a valid token. */
  authenticatedAs?: string;
}

/** `pangolin_core::user::UserSession`, as the middleware derives it from a JWT. */
interface Session {
  user_id: string;
  username: string;
  tenant_id: string | null;
  role: WireRole;
  issued_at: number;
  /** Epoch seconds. */
  expires_at: number;
  token_id: string | null;
}

interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

interface Ctx {
  req: IncomingMessage;
  body: Buffer;
  search: URLSearchParams;
  params: Record<string, string>;
  session: Session | undefined;
}

type Handler = (ctx: Ctx) => Reply;

interface Route {
  pattern: string[];
  methods: Partial<Record<string, Handler>>;
}

const HOUR_MS = 3_600_000;
/** `MAX_TOKEN_LIFETIME_HOURS` in token_handlers.rs: larger requests are clamped, not refused. */
export const MAX_TOKEN_LIFETIME_HOURS = 24 * 365;
const DEFAULT_TOKEN_LIFETIME_HOURS = 24;
const LOGIN_SESSION_SECONDS = 86_400;
/** Pangolin's request body limit is 16 MiB (issue #13, from its router's body-limit layer); larger bodies get 413. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** The auth rate limit (rate_limit.rs, config.rs:288-292): 10 attempts per 60 s per source address. */
export interface AuthRateLimit {
  max: number;
  windowMs: number;
}
export const DEFAULT_AUTH_RATE_LIMIT: AuthRateLimit = { max: 10, windowMs: 60_000 };
/** The paths the limit counts (rate_limit.rs:49-53); every request to them counts, whatever its outcome. */
const RATE_LIMITED_PATHS = new Set(['/api/v1/users/login', '/api/v1/tokens', '/api/v1/auth/oauth/callback']);

const text = (status: number, t: string): Reply => ({ status, text: t });
const json = (status: number, j: unknown): Reply => ({ status, json: j });

/** chrono's serde form of DateTime<Utc> (`AutoSi` fraction, `Z`), e.g. in TokenInfo and UserInfo. */
export function serdeTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // always .sss
  return ms % 1000 === 0 ? iso.replace(/\.\d{3}Z$/, 'Z') : iso;
}

/** chrono's `to_rfc3339()` (`AutoSi` fraction, `+00:00`), used for the `expires_at`/`expires-at` response fields. */
export function rfc3339(ms: number): string {
  return serdeTime(ms).replace(/Z$/, '+00:00');
}

const GENERATE_TOKEN_REQUEST: StructSpec = {
  name: 'GenerateTokenRequest',
  fields: [
    { name: 'tenant_id', type: 'string' },
    { name: 'username', type: 'opt-string' },
    { name: 'roles', type: 'opt-string-array' },
    { name: 'expires_in_hours', type: 'opt-u64' },
  ],
};

const REVOKE_TOKEN_REQUEST: StructSpec = {
  name: 'RevokeTokenRequest',
  fields: [{ name: 'reason', type: 'opt-string' }],
};

const LOGIN_REQUEST: StructSpec = {
  name: 'LoginRequest',
  fields: [
    { name: 'username', type: 'string' },
    { name: 'password', type: 'string' },
    { name: 'tenant-id', type: 'opt-uuid', aliases: ['tenant_id'] },
  ],
};

/** `parse_role` in token_handlers.rs. */
function parseRole(name: string): WireRole | undefined {
  switch (name) {
    case 'Root':
    case 'root':
      return 'root';
    case 'Admin':
    case 'admin':
    case 'TenantAdmin':
    case 'tenant-admin':
      return 'tenant-admin';
    case 'TenantUser':
    case 'tenant-user':
    case 'user':
      return 'tenant-user';
    default:
      return undefined;
  }
}

/** `public_paths::is_public_path`, for the routes the emulator knows. */
function isPublicPath(path: string): boolean {
  const s = path.split('/').filter((x) => x !== '');
  const joined = s.join('/');
  return ['health', 'health/live', 'health/ready', 'metrics', 'api/v1/users/login', 'api/v1/app-config'].includes(joined);
}

const isAdmin = (s: Session): boolean => s.role === 'root' || s.role === 'tenant-admin';

/**
 * A one-shot fault for tests: the next request with this method and path is handled as usual (its effect happens),
 * then either its reply is lost (the connection is dropped, as a dead proxy or a network cut would) or it is
 * replaced by `status`/`text`. Used to test what a client does when it cannot know an outcome.
 */
export interface PangolinFault {
  method: string;
  path: string;
  /** Drop the connection instead of answering. */
  lose?: boolean;
  status?: number;
  text?: string;
}

export class PangolinHttpServer {
  readonly server: Server;
  private readonly routes: Route[];
  /** Pending one-shot faults, first match wins. */
  readonly faults: PangolinFault[] = [];

  constructor(
    private readonly world: PangolinWorld,
    private readonly clock: PangolinClock,
    private readonly requests: PangolinRequestRecord[],
    private readonly rateLimit: AuthRateLimit | false = DEFAULT_AUTH_RATE_LIMIT,
  ) {
    this.routes = this.buildRoutes();
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // CatchPanicLayer turns a panic into a 500; do the same for an emulator bug.
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`emulator error: ${(err as Error).message}`);
        }
      });
    });
  }

  /** Attempts per source address in the current window (UNCONFIRMED: a fixed window from its first attempt). */
  private readonly attempts = new Map<string, { start: number; count: number }>();

  /** The 429 reply when `ip` is over the auth rate limit, counting this attempt; undefined when it may proceed. */
  private rateLimited(ip: string): Reply | undefined {
    if (this.rateLimit === false) return undefined;
    const now = this.nowMs();
    let entry = this.attempts.get(ip);
    if (entry === undefined || now - entry.start >= this.rateLimit.windowMs) {
      entry = { start: now, count: 0 };
      this.attempts.set(ip, entry);
    }
    entry.count += 1;
    if (entry.count <= this.rateLimit.max) return undefined;
    const retryAfter = Math.max(1, Math.ceil((entry.start + this.rateLimit.windowMs - now) / 1000));
    return {
      status: 429,
      json: { error: { message: 'too many authentication attempts; try again later', type: 'TooManyRequests', code: 429 } },
      headers: { 'retry-after': String(retryAfter) },
    };
  }

  private nowMs(): number {
    return this.clock.now();
  }

  private nowSec(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  private buildRoutes(): Route[] {
    const r = (path: string, methods: Route['methods']): Route => ({ pattern: path.split('/').filter((x) => x !== ''), methods });
    return [
      r('/health', { GET: () => this.ready() }),
      r('/health/live', { GET: () => json(200, { status: 'alive' }) }),
      r('/health/ready', { GET: () => this.ready() }),
      r('/api/v1/app-config', { GET: () => json(200, { auth_enabled: true }) }),
      r('/api/v1/users/login', { POST: (c) => this.login(c) }),
      r('/api/v1/users/me', { GET: (c) => this.me(c) }),
      r('/api/v1/users/logout', { POST: () => ({ status: 204 }) }), // does not revoke anything in v0.8.0
      r('/api/v1/auth/revoke', { POST: (c) => this.revokeCurrent(c) }),
      r('/api/v1/auth/revoke/:token_id', { POST: (c) => this.revokeById(c) }),
      r('/api/v1/auth/cleanup-tokens', { POST: (c) => this.cleanup(c) }),
      r('/api/v1/users/me/tokens', { GET: (c) => this.listMine(c) }),
      r('/api/v1/users/:user_id/tokens', { GET: (c) => this.listUser(c) }),
      r('/api/v1/tokens/rotate', { POST: (c) => this.rotate(c) }),
      r('/api/v1/tokens/:token_id', { DELETE: (c) => this.deleteToken(c) }),
      r('/api/v1/tokens', { POST: (c) => this.generate(c) }),
      // The Iceberg REST catalog handshake PyIceberg's loader starts with (GET /v1/config), then a namespace list.
      r('/v1/config', { GET: (c) => this.catalogConfig(c) }),
      r('/v1/:prefix/namespaces', { GET: () => json(200, { namespaces: [] }) }),
    ];
  }

  /** matchit semantics: a static segment beats a parameter at the same position. */
  private match(path: string): { route: Route; params: Record<string, string> } | undefined {
    if (path.includes('//')) return undefined;
    const segs = path.split('/').slice(1);
    if (segs.length > 1 && segs[segs.length - 1] === '') return undefined; // axum 0.7 does not strip a trailing slash
    let best: { route: Route; params: Record<string, string>; score: number } | undefined;
    for (const route of this.routes) {
      if (route.pattern.length !== segs.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      route.pattern.forEach((p, i) => {
        const s = segs[i] ?? '';
        if (p.startsWith(':')) {
          if (s === '') ok = false;
          params[p.slice(1)] = s;
        } else if (p === s) {
          score += 1 << (segs.length - i); // earlier static segments weigh more
        } else {
          ok = false;
        }
      });
      if (ok && (best === undefined || score > best.score)) best = { route, params, score };
    }
    return best;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const path = url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    let session: Session | undefined;
    let reply: Reply;
    const limited = RATE_LIMITED_PATHS.has(path) ? this.rateLimited(req.socket.remoteAddress ?? '') : undefined;
    if (body === undefined) {
      reply = text(413, 'length limit exceeded');
    } else if (limited !== undefined) {
      reply = limited;
    } else {
      const auth = isPublicPath(path) ? { ok: true as const, session: undefined } : this.authenticate(req);
      if (!auth.ok) {
        reply = auth.reply;
      } else {
        session = auth.session;
        const m = this.match(path);
        if (m === undefined) {
          reply = { status: 404 };
        } else {
          const handler = m.route.methods[method];
          if (handler === undefined) {
            reply = { status: 405, headers: { allow: Object.keys(m.route.methods).join(',') } };
          } else {
            try {
              reply = handler({ req, body, search: url.searchParams, params: m.params, session });
            } catch (e) {
              if (!(e instanceof Rejection)) throw e;
              reply = text(e.status, e.text);
            }
          }
        }
      }
    }
    const faultAt = this.faults.findIndex((f) => f.method === method && f.path === path);
    const fault = faultAt >= 0 ? this.faults.splice(faultAt, 1)[0] : undefined;
    if (fault !== undefined && !fault.lose && fault.status !== undefined) reply = text(fault.status, fault.text ?? '');
    const record: PangolinRequestRecord = { method, path, status: fault?.lose ? 0 : reply.status };
    if (session !== undefined) record.authenticatedAs = session.username;
    this.requests.push(record);
    if (fault?.lose) {
      res.destroy();
      return;
    }
    const headers: Record<string, string> = { 'x-request-id': randomUUID(), ...reply.headers };
    let payload = '';
    if (reply.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(reply.json);
    } else if (reply.text !== undefined) {
      headers['content-type'] = 'text/plain; charset=utf-8';
      payload = reply.text;
    }
    headers['content-length'] = String(Buffer.byteLength(payload));
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  /**
   * Iceberg REST `GET /v1/config` (Iceberg REST OpenAPI, CatalogConfig): `{defaults, overrides}`; the `warehouse`
   * query names the prefix later calls use. UNCONFIRMED: Pangolin's exact defaults/overrides; the emulator holds no
   * tables, so namespace lists are empty.
   */
  private catalogConfig(c: Ctx): Reply {
    const warehouse = c.search.get('warehouse');
    return json(200, { defaults: {}, overrides: warehouse ? { prefix: warehouse } : {} });
  }

  /** `auth_middleware` for bearer tokens. API keys and root basic auth are not emulated (they answer 401). */
  private authenticate(req: IncomingMessage): { ok: true; session: Session } | { ok: false; reply: Reply } {
    const fail = (t: string): { ok: false; reply: Reply } => ({ ok: false, reply: text(401, t) });
    if (req.headers['x-api-key'] !== undefined) return fail('Invalid or expired API key'); // UNCONFIRMED path: no service users emulated
    const header = req.headers['authorization'];
    const root = this.world.envRoot;
    if (typeof header === 'string' && header.startsWith('Basic ') && root !== undefined) {
      // Root basic auth (PANGOLIN_ROOT_USER/PASSWORD): a one-hour session with no jti, so nothing to revoke or rotate.
      const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) {
        if (decoded.slice(0, colon) !== root.username || decoded.slice(colon + 1) !== root.password) {
          return fail('Invalid credentials');
        }
        const iat = this.nowSec();
        return {
          ok: true,
          session: { user_id: NIL_UUID, username: 'root', tenant_id: null, role: 'root', issued_at: iat, expires_at: iat + 3600, token_id: null },
        };
      }
    }
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return fail('Missing or invalid authorization header');
    const token = header.slice('Bearer '.length);
    const v = verifyJwt(token, this.world.secret, this.nowMs());
    if (!v.ok) return fail('Invalid token');
    const c = v.claims;
    if (c.jti === null) return fail('Invalid token'); // PANGOLIN_ALLOW_TOKENS_WITHOUT_JTI unset
    const jti = parseUuid(c.jti);
    if (jti === undefined) return fail('Invalid token');
    if (this.world.isRevoked(jti)) return fail('Token has been revoked');
    // Claims::to_session: sub and tenant_id must parse as UUIDs (an empty tenant_id does not).
    const userId = parseUuid(c.sub);
    const tenantId = c.tenant_id === null ? null : parseUuid(c.tenant_id);
    if (userId === undefined || tenantId === undefined) return fail('Invalid session');
    if (c.exp * 1000 < this.nowMs()) return fail('Token expired');
    return {
      ok: true,
      session: { user_id: userId, username: c.username, tenant_id: tenantId, role: c.role, issued_at: c.iat, expires_at: c.exp, token_id: jti },
    };
  }

  private ready(): Reply {
    return json(200, { status: 'ready', store: 'ok', store_latency_ms: 0 });
  }

  private userInfo(u: UserRecord): Record<string, unknown> {
    // UserInfo is #[serde(rename_all = "kebab-case")].
    return {
      id: u.id,
      username: u.username,
      email: u.email,
      'tenant-id': u.tenant_id,
      role: u.role,
      'oauth-provider': null,
      'created-at': serdeTime(u.created_at),
      'last-login': null, // login does not update last_login in v0.8.0
    };
  }

  private issueLoginToken(id: string, username: string, tenantId: string | null, role: WireRole): string {
    const iat = this.nowSec();
    return this.world.sign({
      sub: id,
      jti: randomUUID(),
      username,
      tenant_id: tenantId,
      role,
      exp: iat + LOGIN_SESSION_SECONDS,
      iat,
    });
  }

  private login(c: Ctx): Reply {
    const b = extractJson(c.req.headers, c.body, LOGIN_REQUEST);
    const username = b['username'] as string;
    const password = b['password'] as string;
    const tenantId = b['tenant-id'] as string | undefined;
    const expiresAt = rfc3339(this.nowMs() + LOGIN_SESSION_SECONDS * 1000);
    const root = this.world.envRoot;
    if (tenantId === undefined && root !== undefined && username === root.username && password === root.password) {
      const token = this.issueLoginToken(ENV_ROOT_ID, root.username, null, 'root');
      const user = {
        id: ENV_ROOT_ID,
        username: root.username,
        email: 'root@pangolin.local',
        'tenant-id': null,
        role: 'root',
        'oauth-provider': null,
        'created-at': serdeTime(this.nowMs()),
        'last-login': null,
      };
      // Login tokens are not stored: they never appear in /users/me/tokens.
      return json(200, { token, user, 'expires-at': expiresAt });
    }
    const user =
      tenantId !== undefined
        ? this.world.users.find((u) => u.tenant_id === tenantId && u.username === username)
        : this.world.userByUsername(username);
    if (user === undefined) return text(401, 'Invalid credentials');
    if (tenantId !== undefined && user.role === 'root') return text(401, 'Root users must login without tenant_id');
    if (tenantId === undefined && user.role !== 'root') return text(401, 'Tenant users must login with tenant_id');
    if (user.password !== password) return text(401, 'Invalid credentials');
    const token = this.issueLoginToken(user.id, user.username, user.tenant_id, user.role);
    return json(200, { token, user: this.userInfo(user), 'expires-at': expiresAt });
  }

  private me(c: Ctx): Reply {
    const s = c.session as Session;
    const u = this.world.userById(s.user_id);
    if (u !== undefined) return json(200, this.userInfo(u));
    return json(200, {
      id: s.user_id,
      username: s.username,
      email: 'root@pangolin.local',
      'tenant-id': s.tenant_id,
      role: s.role,
      'oauth-provider': null,
      'created-at': serdeTime(this.nowMs()),
      'last-login': serdeTime(this.nowMs()),
    });
  }

  private storeAndSign(claims: PangolinClaims, tenantId: string): string {
    const token = this.world.sign(claims);
    this.world.tokens.set(claims.jti as string, {
      id: claims.jti as string,
      tenant_id: tenantId,
      user_id: claims.sub,
      username: claims.username,
      expires_at: claims.exp,
      created_at: this.nowMs(),
      token,
    });
    return token;
  }

  /** POST /api/v1/tokens - `generate_token`. */
  private generate(c: Ctx): Reply {
    const s = c.session as Session;
    const b = extractJson(c.req.headers, c.body, GENERATE_TOKEN_REQUEST);
    const rawTenant = b['tenant_id'] as string;
    const tenantUuid = parseUuid(rawTenant);
    if (tenantUuid === undefined) return text(400, 'Invalid tenant_id format');
    const callerIsRoot = s.role === 'root';
    if (!callerIsRoot) {
      if (s.role !== 'tenant-admin') return text(403, 'Root or tenant-admin access required to mint tokens');
      if (s.tenant_id !== tenantUuid) return text(403, 'Cannot mint a token for another tenant');
    }
    // Clamped, never refused: 0 mints an already-expired token, 100000 mints a one-year token.
    const hours = Math.min((b['expires_in_hours'] as number | undefined) ?? DEFAULT_TOKEN_LIFETIME_HOURS, MAX_TOKEN_LIFETIME_HOURS);
    const now = this.nowMs();
    const exp = Math.floor((now + hours * HOUR_MS) / 1000);
    const username = (b['username'] as string | undefined) ?? 'api-user';
    const roles = b['roles'] as string[] | undefined;
    let role: WireRole | undefined;
    const first = roles?.[0];
    if (first !== undefined) {
      role = parseRole(first);
      if (role === undefined) return text(400, `Unknown role: ${first}`);
    }
    const known = this.world.userByUsername(username);
    role ??= known?.role ?? 'tenant-user';
    if (!callerIsRoot && roleRank(role) > roleRank(s.role)) {
      return text(403, 'Cannot mint a token more privileged than the caller');
    }
    const claims: PangolinClaims = {
      sub: known?.id ?? randomUUID(),
      jti: randomUUID(),
      username,
      tenant_id: rawTenant, // the caller's spelling, not normalised
      role,
      exp,
      iat: Math.floor(now / 1000),
    };
    const token = this.storeAndSign(claims, tenantUuid);
    return json(200, { token, expires_at: rfc3339(exp * 1000), tenant_id: rawTenant });
  }

  /** POST /api/v1/tokens/rotate - `rotate_token`: always 24 h, old jti revoked at once. */
  private rotate(c: Ctx): Reply {
    const s = c.session as Session;
    const now = this.nowMs();
    const exp = Math.floor((now + DEFAULT_TOKEN_LIFETIME_HOURS * HOUR_MS) / 1000);
    // A tenant-less (root) session gets tenant_id "" in the new token, which Claims::to_session cannot parse:
    // the rotated root token is refused with 401 "Invalid session". Faithful to v0.8.0.
    const tenantStr = s.tenant_id ?? '';
    const claims: PangolinClaims = {
      sub: s.user_id,
      jti: randomUUID(),
      username: s.username,
      tenant_id: tenantStr,
      role: s.role,
      exp,
      iat: Math.floor(now / 1000),
    };
    const token = this.storeAndSign(claims, s.tenant_id ?? NIL_UUID);
    if (s.token_id !== null) {
      const r = this.world.revoke(s.token_id, Math.max(s.expires_at * 1000, now), 'Rotated');
      if (!r.ok) return text(500, 'Issued a new token but could not revoke the old one');
    }
    return json(200, { token, expires_at: rfc3339(exp * 1000), tenant_id: tenantStr });
  }

  /** POST /api/v1/auth/revoke - `revoke_current_token`. Needs a JSON body (`{}` will do), else 415. */
  private revokeCurrent(c: Ctx): Reply {
    const s = c.session as Session;
    const b = extractJson(c.req.headers, c.body, REVOKE_TOKEN_REQUEST);
    if (s.token_id === null) return text(400, 'This session is not backed by a revocable token');
    const r = this.world.revoke(s.token_id, Math.max(s.expires_at * 1000, this.nowMs()), (b['reason'] as string | undefined) ?? null);
    if (!r.ok) return text(500, `Failed to revoke token: ${r.error}`);
    return json(200, { message: 'Token revoked successfully. Please log in again.' });
  }

  /** POST /api/v1/auth/revoke/{id} - `revoke_token_by_id`: any UUID is accepted, known or not. */
  private revokeById(c: Ctx): Reply {
    const s = c.session as Session;
    const id = extractUuidPath(c.params['token_id'] ?? '');
    const b = extractJson(c.req.headers, c.body, REVOKE_TOKEN_REQUEST);
    if (!isAdmin(s)) return text(403, 'Admin access required');
    // The blacklist entry only lasts 24 h, whatever the token's own lifetime.
    const r = this.world.revoke(id, this.nowMs() + 24 * HOUR_MS, (b['reason'] as string | undefined) ?? null);
    if (!r.ok) return text(500, `Failed to revoke token: ${r.error}`);
    return json(200, { message: `Token ${id} revoked successfully` });
  }

  /** DELETE /api/v1/tokens/{id} - `delete_token`: admins only, even for one's own token. */
  private deleteToken(c: Ctx): Reply {
    const s = c.session as Session;
    const id = extractUuidPath(c.params['token_id'] ?? '');
    if (!isAdmin(s)) return text(403, 'Admin access required to delete arbitrary token');
    const r = this.world.revoke(id, this.nowMs() + 24 * HOUR_MS, 'Deleted via API');
    if (!r.ok) return text(500, `Failed to revoke token: ${r.error}`);
    return { status: 204 };
  }

  private cleanup(c: Ctx): Reply {
    const s = c.session as Session;
    if (!isAdmin(s)) return text(403, 'Admin access required');
    const count = this.world.cleanup(this.nowMs());
    return json(200, { message: `Cleaned up ${count} expired tokens`, count });
  }

  private tokenInfos(tenantId: string, userId: string, c: Ctx): Reply {
    const page = extractPagination(c.search);
    const now = this.nowMs();
    const rows = this.world.listTokens(tenantId, userId, now, page).map((t) => ({
      id: t.id,
      tenant_id: t.tenant_id,
      user_id: t.user_id,
      // The SQL stores do not keep the username or created_at, and never compute is_valid.
      username: this.world.backend === 'sql' ? 'unknown' : t.username,
      expires_at: serdeTime(t.expires_at * 1000),
      created_at: serdeTime(this.world.backend === 'sql' ? now : t.created_at),
      is_valid: true,
      token: t.token,
    }));
    return json(200, rows);
  }

  /** GET /api/v1/users/me/tokens - `list_my_tokens`: tokens minted or rotated for this user (never login tokens). */
  private listMine(c: Ctx): Reply {
    const s = c.session as Session;
    return this.tokenInfos(s.tenant_id ?? NIL_UUID, s.user_id, c);
  }

  /** GET /api/v1/users/{user_id}/tokens - `list_user_tokens`: scoped to the *caller's* tenant (nil for root). */
  private listUser(c: Ctx): Reply {
    const s = c.session as Session;
    const userId = extractUuidPath(c.params['user_id'] ?? '');
    extractPagination(c.search);
    if (!isAdmin(s)) return text(403, 'Admin access required');
    return this.tokenInfos(s.tenant_id ?? NIL_UUID, userId, c);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
