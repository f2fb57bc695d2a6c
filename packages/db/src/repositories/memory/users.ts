import type { User, UserInvite } from '../../generated/prisma/client';
import { pageInMemory, type PageRequest, type RowPage } from '../paging';
import type { CredentialOwner, NewInvite, NewUser, RoleHolder, UserChange, UserRepository } from '../users';
import { MemoryUniqueViolation, newId, type MemoryTables } from './tables';

/** The in-memory UserRepository (unit tests of the web's use cases); passes the same contract suite as PrismaUserRepository. */
export class MemoryUserRepository implements UserRepository {
  constructor(protected readonly t: MemoryTables) {}

  async findById(id: string): Promise<User | null> {
    return copy(this.t.users.get(id));
  }

  async findByEmail(email: string): Promise<User | null> {
    return copy([...this.t.users.values()].find((u) => u.email === email));
  }

  async findByIds(ids: string[]): Promise<User[]> {
    return ids.flatMap((id) => {
      const u = this.t.users.get(id);
      return u ? [structuredClone(u)] : [];
    });
  }

  async anyExists(): Promise<boolean> {
    return this.t.users.size > 0;
  }

  async create(user: NewUser): Promise<User> {
    if ([...this.t.users.values()].some((u) => u.email === user.email)) throw new MemoryUniqueViolation('email');
    const now = new Date();
    const row: User = { id: newId(), ...user, deactivatedAt: null, createdAt: now, updatedAt: now };
    this.t.users.set(row.id, row);
    return structuredClone(row);
  }

  async createFirstOwner(user: Omit<NewUser, 'role'>): Promise<User | null> {
    // Memory transactions run one at a time, which is what the advisory lock gives Postgres.
    if (await this.anyExists()) return null;
    return this.create({ ...user, role: 'owner' });
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    this.write(id, { passwordHash });
  }

  async update(id: string, change: UserChange): Promise<User> {
    return this.write(id, change);
  }

  /** Sets the given (defined) fields and `updatedAt`, as Prisma's update does. */
  private write(id: string, fields: Partial<User>): User {
    const row = this.t.users.get(id);
    if (!row) throw new Error(`No user ${id} to update`);
    const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    Object.assign(row, defined, { updatedAt: new Date() });
    return structuredClone(row);
  }

  async countOtherActiveOwners(id: string): Promise<number> {
    return [...this.t.users.values()].filter((u) => u.role === 'owner' && u.deactivatedAt === null && u.id !== id)
      .length;
  }

  async lockRoleHolder(id: string): Promise<RoleHolder | null> {
    const u = this.t.users.get(id);
    return u ? { role: u.role, deactivatedAt: u.deactivatedAt } : null;
  }

  async listPage(page: PageRequest): Promise<RowPage<User>> {
    return structuredClone(pageInMemory(this.t.users.values(), page, 'asc'));
  }

  async createInvite(invite: NewInvite): Promise<UserInvite> {
    if ([...this.t.invites.values()].some((i) => i.tokenHash === invite.tokenHash))
      throw new MemoryUniqueViolation('tokenHash');
    const row: UserInvite = { id: newId(), ...invite, acceptedAt: null, createdAt: new Date() };
    this.t.invites.set(row.id, row);
    return structuredClone(row);
  }

  async findInviteByTokenHash(tokenHash: string): Promise<UserInvite | null> {
    return copy([...this.t.invites.values()].find((i) => i.tokenHash === tokenHash));
  }

  async findUnusedInvite(id: string): Promise<UserInvite | null> {
    const invite = this.t.invites.get(id);
    return invite && invite.acceptedAt === null ? structuredClone(invite) : null;
  }

  async claimInvite(id: string, now: Date): Promise<UserInvite | null> {
    const invite = this.t.invites.get(id);
    if (!invite || invite.acceptedAt !== null || invite.expiresAt <= now) return null;
    invite.acceptedAt = now;
    return structuredClone(invite);
  }

  async deleteUnusedInvite(id: string): Promise<boolean> {
    const invite = this.t.invites.get(id);
    if (!invite || invite.acceptedAt !== null) return false;
    return this.t.invites.delete(id);
  }

  async listPendingInvites(now: Date, page: PageRequest): Promise<RowPage<UserInvite>> {
    const pending = [...this.t.invites.values()].filter((i) => i.acceptedAt === null && i.expiresAt > now);
    return structuredClone(pageInMemory(pending, page, 'desc'));
  }
}

function copy<Row>(row: Row | undefined): Row | null {
  return row ? structuredClone(row) : null;
}

/** The user a credential row names (a session or key always names an existing user: a foreign key). */
export function credentialOwnerOf(t: MemoryTables, userId: string): CredentialOwner {
  const u = t.users.get(userId);
  if (!u) throw new Error(`Foreign key violated: no user ${userId}`);
  return { id: u.id, email: u.email, name: u.name, role: u.role, deactivatedAt: u.deactivatedAt };
}
