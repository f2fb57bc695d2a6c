import 'server-only';
import type { Repositories } from '@weft/db';
import { resolveApiKey } from './api-keys';
import { looksLikeJwt, resolveJwt } from './jwt';
import type { AuthUser } from './auth-user';
import { readSessionToken } from './cookies';
import { resolveSession } from './sessions';

/**
 * Who made this request, or null. An `Authorization: Bearer` API key is tried first;
 * a request that presents one is judged by it alone (a bad key is not rescued by a
 * cookie), otherwise the session cookie decides — `__Host-weft_session` when `secure`
 * (the request came over https), else `weft_session`.
 * Takes anything with `headers`, so server components can pass `await headers()` too.
 */
export async function authenticate(
  req: { headers: Headers },
  services: {
    store: Pick<Repositories, 'apiKeys' | 'sessions' | 'users'>;
    config?: { jwtSecret?: string | undefined };
  },
  { secure }: { secure: boolean },
): Promise<AuthUser | null> {
  if (presentsBearer(req.headers)) {
    const token = bearerToken(req.headers);
    if (looksLikeJwt(token)) {
      const jwt = await resolveJwt(services.store, token, services.config?.jwtSecret);
      return jwt
        ? { ...jwt.user, via: 'jwt', expiresAt: jwt.expiresAt, ...(jwt.scopes ? { scopes: jwt.scopes } : {}) }
        : null;
    }
    const resolved = await resolveApiKey(services.store, token);
    return resolved
      ? {
          ...resolved.user,
          via: 'api_key',
          apiKeyId: resolved.apiKeyId,
          scopes: resolved.scopes,
          ...(resolved.expiresAt ? { expiresAt: resolved.expiresAt } : {}),
        }
      : null;
  }

  const token = readSessionToken(req.headers, secure);
  if (!token) return null;
  const now = new Date();
  const session = await resolveSession(services.store, token, now);
  if (!session) return null;
  const renewal = session.renewedUntil
    ? {
        sessionRenewal: {
          token,
          maxAgeSeconds: Math.max(0, Math.floor((session.renewedUntil.getTime() - now.getTime()) / 1000)),
        },
      }
    : {};
  return { ...session.user, via: 'session', sessionId: session.sessionId, ...renewal };
}

/**
 * Whether a request presents an API key (any non-empty Authorization header: a malformed
 * one still counts, and never resolves). Such requests never use the cookie.
 */
export function presentsBearer(headers: Headers): boolean {
  return Boolean(headers.get('authorization'));
}

/** The token of an `Authorization: Bearer <token>` header; '' when malformed. */
function bearerToken(headers: Headers): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '');
  return match?.[1] ?? '';
}
