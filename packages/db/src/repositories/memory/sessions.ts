import type { Session } from '../../generated/prisma/client';
import type { NewSession, SessionRepository, SessionWithOwner } from '../sessions';
import { MemoryUniqueViolation, newId, type MemoryTables } from './tables';
import { credentialOwnerOf } from './users';

/** The in-memory SessionRepository (unit tests of the web's use cases); passes the same contract suite as PrismaSessionRepository. */
export class MemorySessionRepository implements SessionRepository {
  constructor(protected readonly t: MemoryTables) {}

  async create(session: NewSession): Promise<Session> {
    credentialOwnerOf(this.t, session.userId); // the foreign key
    if (this.byTokenHash(session.tokenHash)) throw new MemoryUniqueViolation('tokenHash');
    const row: Session = { id: newId(), ...session, lastSeenAt: new Date() };
    this.t.sessions.set(row.id, row);
    return structuredClone(row);
  }

  async findByTokenHash(tokenHash: string): Promise<SessionWithOwner | null> {
    const row = this.byTokenHash(tokenHash);
    return row ? { ...structuredClone(row), user: credentialOwnerOf(this.t, row.userId) } : null;
  }

  async renew(id: string, lastSeenAt: Date, expiresAt: Date): Promise<void> {
    const row = this.t.sessions.get(id);
    if (!row) throw new Error(`No session ${id} to renew`);
    Object.assign(row, { lastSeenAt, expiresAt });
  }

  async delete(id: string): Promise<void> {
    this.t.sessions.delete(id);
  }

  async deleteByTokenHash(tokenHash: string): Promise<{ userId: string } | null> {
    const row = this.byTokenHash(tokenHash);
    if (!row) return null;
    this.t.sessions.delete(row.id);
    return { userId: row.userId };
  }

  async deleteOwn(id: string, userId: string): Promise<boolean> {
    return this.t.sessions.get(id)?.userId === userId && this.t.sessions.delete(id);
  }

  async deleteAllOfUser(userId: string, exceptId?: string): Promise<number> {
    let count = 0;
    for (const s of [...this.t.sessions.values()]) {
      if (s.userId === userId && s.id !== exceptId) count += Number(this.t.sessions.delete(s.id));
    }
    return count;
  }

  async listLive(userId: string, now: Date): Promise<Session[]> {
    const live = [...this.t.sessions.values()].filter((s) => s.userId === userId && s.expiresAt > now);
    return structuredClone(live.sort((a, b) => (a.id < b.id ? 1 : -1)));
  }

  private byTokenHash(tokenHash: string): Session | undefined {
    return [...this.t.sessions.values()].find((s) => s.tokenHash === tokenHash);
  }
}
