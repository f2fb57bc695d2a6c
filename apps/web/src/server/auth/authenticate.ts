import 'server-only';
import type { PrismaClient } from '@weft/db';
import { resolveApiKey } from './api-keys';
import type { AuthUser } from './auth-user';
import { readCookie, SESSION_COOKIE } from './cookies';
import { resolveSession, SESSION_TTL_SECONDS } from './sessions';

/**
 * Who made this request, or null. An `Authorization: Bearer` API key is tried first;
 * a request that presents one is judged by it alone (a bad key is not rescued by a
 * cookie), otherwise the `weft_session` cookie decides.
 * Takes anything with `headers`, so server components can pass `await headers()` too.
 */
export async function authenticate(
  req: { headers: Headers },
  services: { prisma: Pick<PrismaClient, 'apiKey' | 'session'> },
): Promise<AuthUser | null> {
  const bearer = bearerToken(req.headers);
  if (bearer !== null) {
    const resolved = await resolveApiKey(services.prisma, bearer);
    return resolved ? { ...resolved.user, via: 'api_key', apiKeyId: resolved.apiKeyId } : null;
  }

  const token = readCookie(req.headers, SESSION_COOKIE);
  if (!token) return null;
  const session = await resolveSession(services.prisma, token);
  if (!session) return null;
  return {
    ...session.user,
    via: 'session',
    sessionId: session.sessionId,
    ...(session.renewed ? { sessionRenewal: { token, maxAgeSeconds: SESSION_TTL_SECONDS } } : {}),
  };
}

/** The token of an `Authorization: Bearer <token>` header; null when there is no such header. */
function bearerToken(headers: Headers): string | null {
  const header = headers.get('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // A malformed Authorization header still counts as "presented credentials": '' never resolves.
  return match?.[1] ?? '';
}
