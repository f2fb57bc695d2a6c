import 'server-only';
import { errors, jwtVerify } from 'jose';
import type { Repositories, Role } from '@weft/db';
import { API_KEY_SCOPES, type ApiKeyScope } from '@weft/contracts';

/**
 * JWT bearer tokens for service-to-service calls (docs/access.md): HS256 only, signed with
 * JWT_SECRET; `sub` is a Weft user id and `exp` is required. An optional `scope` claim — a
 * space-separated string ("read execute", RFC 8693) or an array of strings (["read"], as many
 * OAuth libraries send it) — limits it like an API key's scopes; without one it may do what its
 * user may. Verified with `jose` (maintained, constant-time MAC check, `alg` pinned so a token
 * can't choose `none` or an asymmetric algorithm).
 */
export interface ResolvedJwt {
  user: { id: string; email: string; name: string; role: Role };
  scopes: ApiKeyScope[] | undefined;
  /** `exp`: keys this token mints may not outlive it. */
  expiresAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a bearer token is shaped like a JWT (three base64url parts), not a Weft API key. */
export function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(token);
}

/** The user a valid token names; null when the token is invalid, expired, or names no user. */
export async function resolveJwt(
  store: Pick<Repositories, 'users'>,
  token: string,
  secret: string | undefined,
): Promise<ResolvedJwt | null> {
  if (!secret) return null;
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
      clockTolerance: 30,
    }));
  } catch (err) {
    if (err instanceof errors.JOSEError) return null;
    throw err;
  }
  if (typeof payload.sub !== 'string' || !UUID.test(payload.sub)) return null;
  const scopes = scopesOfClaim(payload.scope);
  if (scopes === null) return null;
  const found = await store.users.findById(payload.sub);
  if (!found || found.deactivatedAt) return null;
  const { id, email, name, role } = found;
  return { user: { id, email, name, role }, scopes, expiresAt: new Date(payload.exp! * 1000) };
}

/**
 * The scopes a `scope` claim grants: undefined when absent (the user's full rights), null when
 * it is neither a string nor an array of strings (the token is refused: a claim we can't read
 * must not fall back to full rights). Unknown names are ignored, so a claim naming none we know
 * grants no scope at all — never more than it names.
 */
export function scopesOfClaim(claim: unknown): ApiKeyScope[] | undefined | null {
  if (claim === undefined) return undefined;
  let names: string[];
  if (typeof claim === 'string') names = claim.split(' ');
  else if (Array.isArray(claim) && claim.every((s): s is string => typeof s === 'string'))
    names = claim.flatMap((s) => s.split(' '));
  else return null;
  return API_KEY_SCOPES.filter((s) => names.includes(s));
}
