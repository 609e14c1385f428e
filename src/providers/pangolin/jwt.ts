/**
 * Reading a Pangolin JWT's claims locally (no signature check: only the server can verify it). Used to know a
 * token's id (jti), user, tenant and expiry without a request. Errors never contain the token.
 */
export interface PangolinClaims {
  /** User id (UUID). */
  sub: string;
  /** Token id (UUID): what list shows and revoke --id takes. */
  jti: string | null;
  username: string;
  tenantId: string | null;
  role: string;
  /** Epoch seconds. */
  exp: number;
  iat: number | null;
}

/** The claims, or undefined when `token` is not a JWT with the claims Pangolin puts in one. */
export function decodeClaims(token: string): PangolinClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const payload = parts[1] ?? '';
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const c = raw as Record<string, unknown>;
  if (typeof c.sub !== 'string' || typeof c.exp !== 'number' || !Number.isFinite(c.exp)) return undefined;
  return {
    sub: c.sub,
    jti: typeof c.jti === 'string' ? c.jti : null,
    username: typeof c.username === 'string' ? c.username : '',
    // v0.8 writes "" into a token rotated from a tenant-less (root) session.
    tenantId: typeof c.tenant_id === 'string' && c.tenant_id !== '' ? c.tenant_id : null,
    role: typeof c.role === 'string' ? c.role : '',
    exp: c.exp,
    iat: typeof c.iat === 'number' ? c.iat : null,
  };
}

export function expiryOf(claims: PangolinClaims): Date {
  return new Date(claims.exp * 1000);
}
