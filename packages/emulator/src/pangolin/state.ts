// The emulator's world: tenants, users, the token store (`active_tokens`) and the revocation list
// (`revoked_tokens`), modelled on pangolin_store's MemoryStore (default) or its SQL stores (`backend: 'sql'`).
import { randomBytes, randomUUID } from 'node:crypto';
import { signJwt, type PangolinClaims, type WireRole } from './jwt.js';
import { parseUuid } from './extract.js';

export type SeedRole = 'Root' | 'TenantAdmin' | 'TenantUser';

export interface PangolinSeed {
  tenants: { id: string; name: string }[];
  users: {
    id?: string;
    username: string;
    password: string;
    role: SeedRole;
    tenant_id?: string;
    /** Default `<username>@<tenant name or pangolin>.local`. */
    email?: string;
  }[];
}

/** The id v0.8.0 gives the env-configured root user (PANGOLIN_ROOT_USER / PANGOLIN_ROOT_PASSWORD). */
export const ENV_ROOT_ID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export function toWireRole(role: SeedRole): WireRole {
  return role === 'Root' ? 'root' : role === 'TenantAdmin' ? 'tenant-admin' : 'tenant-user';
}

export function roleRank(role: WireRole): number {
  return role === 'root' ? 3 : role === 'tenant-admin' ? 2 : 1;
}

export interface UserRecord {
  id: string;
  username: string;
  password: string;
  email: string;
  tenant_id: string | null;
  role: WireRole;
  created_at: number;
}

export interface TokenRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  username: string;
  /** Epoch seconds (the JWT's exp). */
  expires_at: number;
  /** Epoch ms. */
  created_at: number;
  token: string;
}

export interface RevokedRecord {
  /** Epoch ms. */
  expires_at: number;
  reason: string | null;
}

export class SeedError extends Error {}

export class PangolinWorld {
  /** The HS256 signing key (Pangolin's PANGOLIN_JWT_SECRET): random unless the caller gives one. */
  readonly secret: Buffer;
  readonly tenants: { id: string; name: string }[] = [];
  /** DB users, in seed order (the memory store's username lookup returns the first match). */
  readonly users: UserRecord[] = [];
  /** The env root (PANGOLIN_ROOT_USER): not a DB user, so /users/me and token lookups do not find it. */
  envRoot: { username: string; password: string } | undefined;
  readonly tokens = new Map<string, TokenRecord>();
  readonly revoked = new Map<string, RevokedRecord>();
  readonly issued: string[] = [];

  constructor(
    seed: PangolinSeed,
    nowMs: number,
    readonly backend: 'memory' | 'sql',
    secret: Buffer = randomBytes(32),
  ) {
    this.secret = secret;
    for (const t of seed.tenants) {
      const id = parseUuid(t.id);
      if (id === undefined) throw new SeedError(`tenant ${t.name}: id ${t.id} is not a UUID`);
      if (this.tenants.some((x) => x.name === t.name || x.id === id)) throw new SeedError(`duplicate tenant ${t.name}`);
      this.tenants.push({ id, name: t.name });
    }
    for (const u of seed.users) {
      if (u.role === 'Root' && u.id === undefined) {
        if (this.envRoot !== undefined) throw new SeedError('only one Root user may omit id (it becomes the env root)');
        if (u.tenant_id !== undefined) throw new SeedError(`Root user ${u.username} cannot have a tenant`);
        this.envRoot = { username: u.username, password: u.password };
        continue;
      }
      let tenantId: string | null = null;
      if (u.tenant_id !== undefined) {
        const byName = this.tenants.find((t) => t.name === u.tenant_id);
        tenantId = byName?.id ?? parseUuid(u.tenant_id) ?? null;
        if (tenantId === null || !this.tenants.some((t) => t.id === tenantId)) {
          throw new SeedError(`user ${u.username}: unknown tenant ${u.tenant_id}`);
        }
      } else if (u.role !== 'Root') {
        throw new SeedError(`user ${u.username}: ${u.role} requires tenant_id`);
      }
      const id = u.id === undefined ? randomUUID() : parseUuid(u.id);
      if (id === undefined) throw new SeedError(`user ${u.username}: id ${u.id ?? ''} is not a UUID`);
      const tenantName = this.tenants.find((t) => t.id === tenantId)?.name ?? 'pangolin';
      this.users.push({
        id,
        username: u.username,
        password: u.password,
        // UNCONFIRMED: real users carry whatever email they were created with; the seed may omit it.
        email: u.email ?? `${u.username}@${tenantName}.local`,
        tenant_id: tenantId,
        role: toWireRole(u.role),
        created_at: nowMs,
      });
    }
  }

  tenantId(name: string): string {
    const t = this.tenants.find((x) => x.name === name);
    if (t === undefined) throw new Error(`no tenant named ${name}`);
    return t.id;
  }

  userByUsername(username: string): UserRecord | undefined {
    return this.users.find((u) => u.username === username);
  }

  userById(id: string): UserRecord | undefined {
    return this.users.find((u) => u.id === id);
  }

  sign(claims: PangolinClaims): string {
    const token = signJwt(claims, this.secret);
    this.issued.push(token);
    return token;
  }

  isRevoked(jti: string): boolean {
    return this.revoked.has(jti);
  }

  /**
   * `store.revoke_token`. Memory: an idempotent insert. SQL: a plain INSERT into a table keyed by token_id, so a
   * second revocation of the same id fails (the handlers turn that into a 500).
   */
  revoke(jti: string, expiresAtMs: number, reason: string | null): { ok: true } | { ok: false; error: string } {
    if (this.backend === 'sql' && this.revoked.has(jti)) {
      // UNCONFIRMED: the exact database error text.
      return {
        ok: false,
        error: 'error returned from database: duplicate key value violates unique constraint "revoked_tokens_pkey"',
      };
    }
    this.revoked.set(jti, { expires_at: expiresAtMs, reason });
    return { ok: true };
  }

  /** `store.list_active_tokens`, newest expiry first, then id; revoked tokens are filtered only by the memory store. */
  listTokens(tenantId: string, userId: string, nowMs: number, page: { limit?: number; offset?: number }): TokenRecord[] {
    const rows = [...this.tokens.values()]
      .filter((t) => t.tenant_id === tenantId && t.user_id === userId)
      .filter((t) => this.backend === 'sql' || !this.revoked.has(t.id))
      .filter((t) => t.expires_at * 1000 > nowMs)
      .sort((a, b) => b.expires_at - a.expires_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const offset = page.offset ?? 0;
    return rows.slice(offset, page.limit === undefined ? undefined : offset + page.limit);
  }

  /**
   * `store.cleanup_expired_tokens`. Memory: drops expired token records and expired revocation entries. SQL: only
   * the revocation entries. Either way a token revoked by id or DELETE (blacklisted for 24 h only) but living longer
   * becomes usable again once its entry is cleaned up - as in v0.8.0.
   */
  cleanup(nowMs: number): number {
    let count = 0;
    for (const [id, t] of this.tokens) {
      if (this.backend === 'memory' && t.expires_at * 1000 < nowMs) {
        this.tokens.delete(id);
        count++;
      }
    }
    for (const [id, r] of this.revoked) {
      if (r.expires_at < nowMs) {
        this.revoked.delete(id);
        count++;
      }
    }
    return count;
  }
}
