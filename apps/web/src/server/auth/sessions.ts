import 'server-only';
import type { Repositories, Role } from '@weft/db';
import { hashToken, randomToken } from './tokens';

/** Sliding lifetime: a session unused this long ends. */
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;
/**
 * Absolute lifetime from sign-in: however active, a session ends this long after it
 * began (renewal never reaches past it), so a stolen cookie can't be kept alive forever.
 */
export const SESSION_MAX_LIFETIME_SECONDS = 30 * 24 * 60 * 60;
// Sliding expiry, but written at most once an hour per session: a write on every
// request would make each page load a database update.
const RENEW_AFTER_MS = 60 * 60 * 1000;

type Db = Pick<Repositories, 'sessions'>;

export interface StartedSession {
  id: string;
  token: string;
  expiresAt: Date;
}

/** Creates a session; the token goes in the cookie, only its SHA-256 in the database. */
export async function startSession(db: Db, userId: string, now = new Date()): Promise<StartedSession> {
  const token = randomToken();
  const expiresAt = slidExpiry(now, now);
  // createdAt is written, not defaulted, so the absolute end is measured on this clock.
  const row = await db.sessions.create({ userId, tokenHash: hashToken(token), expiresAt, createdAt: now });
  return { id: row.id, token, expiresAt };
}

export interface ResolvedSession {
  sessionId: string;
  user: { id: string; email: string; name: string; role: Role };
  /** Set when this request slid the expiry forward: the new end, for the cookie's Max-Age. */
  renewedUntil: Date | null;
}

/**
 * The live session for a cookie token, sliding its expiry forward (never past its
 * absolute end); null when unknown, idle too long, or older than the absolute lifetime.
 */
export async function resolveSession(db: Db, token: string, now = new Date()): Promise<ResolvedSession | null> {
  const session = await db.sessions.findByTokenHash(hashToken(token));
  if (!session || session.user.deactivatedAt) return null;
  if (session.expiresAt.getTime() <= now.getTime() || absoluteEnd(session.createdAt).getTime() <= now.getTime()) {
    await db.sessions.delete(session.id);
    return null;
  }

  let renewedUntil: Date | null = null;
  if (now.getTime() - session.lastSeenAt.getTime() >= RENEW_AFTER_MS) {
    renewedUntil = slidExpiry(session.createdAt, now);
    await db.sessions.renew(session.id, now, renewedUntil);
  }
  const { deactivatedAt: _off, ...user } = session.user;
  return { sessionId: session.id, user, renewedUntil };
}

/** Ends the session a cookie token names (logout). Unknown tokens are ignored. */
export function endSession(db: Db, token: string): Promise<{ userId: string } | null> {
  return db.sessions.deleteByTokenHash(hashToken(token));
}

function absoluteEnd(createdAt: Date): Date {
  return new Date(createdAt.getTime() + SESSION_MAX_LIFETIME_SECONDS * 1000);
}

/** The sliding expiry from `now`, capped at the absolute end. */
function slidExpiry(createdAt: Date, now: Date): Date {
  return new Date(Math.min(now.getTime() + SESSION_TTL_SECONDS * 1000, absoluteEnd(createdAt).getTime()));
}
