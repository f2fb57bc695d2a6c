import 'server-only';
import { errors, jwtVerify } from 'jose';
import type { PrismaClient, Role } from '@weft/db';
import { API_KEY_SCOPES, type ApiKeyScope } from '@weft/contracts';

/**
 * JWT bearer tokens for service-to-service calls (docs/access.md): HS256 only, signed with
 * JWT_SECRET; `sub` is a Weft user id and `exp` is required. An optional `scope` claim
 * (space-separated, OAuth style: "read execute") limits it like an API key's scopes; without
 * one it may do what its user may. Verified with `jose` (maintained, constant-time MAC check,
 * `alg` pinned so a token can't choose `none` or an asymmetric algorithm).
 */
export interface ResolvedJwt {
  user: { id: string; email: string; name: string; role: Role };
  scopes: ApiKeyScope[] | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a bearer token is shaped like a JWT (three base64url parts), not a Weft API key. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/** The user a valid token names; null when the token is invalid, expired, or names no user. */
export async function resolveJwt(prisma: Pick<PrismaClient, 'user'>, token: string, secret: string | undefined): Promise<ResolvedJwt | null> {
  if (!secret) return null;
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'], clockTolerance: 30 }));
  } catch (err) {
    if (err instanceof errors.JOSEError) return null;
    throw err;
  }
  if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) return null;
  const found = await prisma.user.findUnique({ where: { id: payload.sub }, select: { id: true, email: true, name: true, role: true, deactivatedAt: true } });
  if (!found || found.deactivatedAt) return null;
  const { deactivatedAt: _off, ...user } = found;
  const scope = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : undefined;
  const scopes = scope?.filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s));
  return { user, scopes };
}
