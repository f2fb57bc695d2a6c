import type { Session } from '../generated/prisma/client';
import type { Db } from './db';
import { credentialOwnerSelect, type CredentialOwner } from './users';

export interface NewSession {
  userId: string;
  /** The cookie token hashed by the caller; the token itself is never stored. */
  tokenHash: string;
  expiresAt: Date;
  /** Written, not defaulted, so the absolute end is measured on the caller's clock. */
  createdAt: Date;
}

export interface SessionWithOwner extends Session {
  user: CredentialOwner;
}

/** Sign-in sessions (cookie tokens, stored hashed). */
export interface SessionRepository {
  create(session: NewSession): Promise<Session>;
  /** The session a token hash names, with its user; null when unknown. */
  findByTokenHash(tokenHash: string): Promise<SessionWithOwner | null>;
  /** Slides a session's expiry (it must exist). */
  renew(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void>;
  /** Deletes a session; unknown ids are fine. */
  delete(id: string): Promise<void>;
  /** Deletes the session a token hash names, returning whose it was; null when unknown (logout). */
  deleteByTokenHash(tokenHash: string): Promise<{ userId: string } | null>;
  /** Deletes `id` only if it is `userId`'s; false when it is someone else's or unknown. */
  deleteOwn(id: string, userId: string): Promise<boolean>;
  /** Ends every session of a user but `exceptId` (the one making a change); how many ended. */
  deleteAllOfUser(userId: string, exceptId?: string): Promise<number>;
  /** A user's sessions not expired at `now`, newest first. */
  listLive(userId: string, now: Date): Promise<Session[]>;
}

export class PrismaSessionRepository implements SessionRepository {
  constructor(protected readonly db: Db) {}

  create(session: NewSession): Promise<Session> {
    return this.db.session.create({ data: session });
  }

  findByTokenHash(tokenHash: string): Promise<SessionWithOwner | null> {
    return this.db.session.findUnique({ where: { tokenHash }, include: { user: { select: credentialOwnerSelect } } });
  }

  async renew(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    await this.db.session.update({ where: { id }, data: { lastSeenAt, expiresAt } });
  }

  async delete(id: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id } });
  }

  async deleteByTokenHash(tokenHash: string): Promise<{ userId: string } | null> {
    const session = await this.db.session.findUnique({ where: { tokenHash }, select: { userId: true } });
    await this.db.session.deleteMany({ where: { tokenHash } });
    return session;
  }

  async deleteOwn(id: string, userId: string): Promise<boolean> {
    const { count } = await this.db.session.deleteMany({ where: { id, userId } });
    return count > 0;
  }

  async deleteAllOfUser(userId: string, exceptId?: string): Promise<number> {
    const { count } = await this.db.session.deleteMany({
      where: { userId, ...(exceptId ? { id: { not: exceptId } } : {}) },
    });
    return count;
  }

  listLive(userId: string, now: Date): Promise<Session[]> {
    return this.db.session.findMany({ where: { userId, expiresAt: { gt: now } }, orderBy: { id: 'desc' } });
  }
}
