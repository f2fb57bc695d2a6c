import 'server-only';
import type { PrismaClient, Role } from '@weft/db';
import { hashToken, randomToken } from './tokens';

export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;
// Sliding expiry, but written at most once an hour per session: a write on every
// request would make each page load a database update.
const RENEW_AFTER_MS = 60 * 60 * 1000;

type Db = Pick<PrismaClient, 'session'>;

export interface StartedSession {
  id: string;
  token: string;
  expiresAt: Date;
}

/** Creates a session; the token goes in the cookie, only its SHA-256 in the database. */
export async function startSession(db: Db, userId: string, now = new Date()): Promise<StartedSession> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_SECONDS * 1000);
  const row = await db.session.create({ data: { userId, tokenHash: hashToken(token), expiresAt }, select: { id: true } });
  return { id: row.id, token, expiresAt };
}

export interface ResolvedSession {
  sessionId: string;
  user: { id: string; email: string; name: string; role: Role };
  renewed: boolean;
}

/** The live session for a cookie token, sliding its expiry forward; null when unknown or expired. */
export async function resolveSession(db: Db, token: string, now = new Date()): Promise<ResolvedSession | null> {
  const session = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      expiresAt: true,
      lastSeenAt: true,
      user: { select: { id: true, email: true, name: true, role: true } },
    },
  });
  if (!session) return null;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }

  let renewed = false;
  if (now.getTime() - session.lastSeenAt.getTime() >= RENEW_AFTER_MS) {
    await db.session.update({
      where: { id: session.id },
      data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_SECONDS * 1000) },
    });
    renewed = true;
  }
  return { sessionId: session.id, user: session.user, renewed };
}

/** Ends the session a cookie token names (logout). Unknown tokens are ignored. */
export async function endSession(db: Db, token: string): Promise<{ userId: string } | null> {
  const tokenHash = hashToken(token);
  const session = await db.session.findUnique({ where: { tokenHash }, select: { userId: true } });
  await db.session.deleteMany({ where: { tokenHash } });
  return session;
}
