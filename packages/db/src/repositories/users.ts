import type { Role, User, UserInvite } from '../generated/prisma/client';
import type { Db } from './db';
import { idAfter, pageOf, type PageRequest, type RowPage } from './paging';

// Key of the Postgres advisory lock that serialises first-run setup (any constant works;
// this one spells "weftsetu" in ASCII so it's recognisable in pg_locks).
const SETUP_LOCK_KEY = 0x7765667473657475n;

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  /** Hashed by the caller (the web's auth/password.ts); stored as given. */
  passwordHash: string;
}

/** What changes on a user; `deactivatedAt: null` reactivates. */
export interface UserChange {
  name?: string;
  role?: Role;
  deactivatedAt?: Date | null;
}

export interface NewInvite {
  email: string;
  name: string;
  role: Role;
  /** The link's token hashed by the caller; the token itself is never stored. */
  tokenHash: string;
  invitedById: string;
  expiresAt: Date;
}

/** The user a credential (session, API key) belongs to, as authentication reads it. */
export type CredentialOwner = Pick<User, 'id' | 'email' | 'name' | 'role' | 'deactivatedAt'>;

/** The columns of a CredentialOwner (the Prisma `select` both credential repositories use). */
export const credentialOwnerSelect = { id: true, email: true, name: true, role: true, deactivatedAt: true } as const;

/** Whether someone may still give a role: what the invite checks read of its inviter. */
export type RoleHolder = Pick<User, 'role' | 'deactivatedAt'>;

/** Users and pending invites. */
export interface UserRepository {
  findById(id: string): Promise<User | null>;
  findByEmail(email: string): Promise<User | null>;
  /** Users by id (missing ids are skipped), in no particular order. */
  findByIds(ids: string[]): Promise<User[]>;
  /** Whether any user exists (false on a fresh install: setup is still open). */
  anyExists(): Promise<boolean>;
  /** Creates a user; a taken email is a unique violation (code P2002). */
  create(user: NewUser): Promise<User>;
  /**
   * The first user, as owner — or null when any user exists. Inside `store.transaction` only: it takes
   * a transaction-scoped advisory lock, so of two concurrent setups exactly one creates an owner.
   */
  createFirstOwner(user: Omit<NewUser, 'role'>): Promise<User | null>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  /** Changes a user (it must exist). */
  update(id: string, change: UserChange): Promise<User>;
  /**
   * How many active owners there are besides `id`. Inside `store.transaction` only: it first takes the
   * owners' advisory lock, so two owners demoting each other at once can't both see the other.
   */
  countOtherActiveOwners(id: string): Promise<number>;
  /**
   * A user's role and deactivation, read with `FOR SHARE` (inside a transaction: a role change in
   * flight is waited for and its result read); null when there is no such user.
   */
  lockRoleHolder(id: string): Promise<RoleHolder | null>;
  /** All users, oldest first. */
  listPage(page: PageRequest): Promise<RowPage<User>>;

  createInvite(invite: NewInvite): Promise<UserInvite>;
  findInviteByTokenHash(tokenHash: string): Promise<UserInvite | null>;
  /** The invite `id` if it was not used yet (expired or not). */
  findUnusedInvite(id: string): Promise<UserInvite | null>;
  /**
   * The one-time claim: marks the invite used at `now` only while it is unused and unexpired, and
   * returns it; null when it was already claimed (a second accept, even a concurrent one) or expired.
   */
  claimInvite(id: string, now: Date): Promise<UserInvite | null>;
  /** Deletes the invite if it is still unused; false when used (an accept won) or unknown. */
  deleteUnusedInvite(id: string): Promise<boolean>;
  /** Invites neither used nor expired at `now`, newest first. */
  listPendingInvites(now: Date, page: PageRequest): Promise<RowPage<UserInvite>>;
}

export class PrismaUserRepository implements UserRepository {
  constructor(protected readonly db: Db) {}

  findById(id: string): Promise<User | null> {
    return this.db.user.findUnique({ where: { id } });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.db.user.findUnique({ where: { email } });
  }

  findByIds(ids: string[]): Promise<User[]> {
    return this.db.user.findMany({ where: { id: { in: ids } } });
  }

  async anyExists(): Promise<boolean> {
    return (await this.db.user.findFirst({ select: { id: true } })) !== null;
  }

  create(user: NewUser): Promise<User> {
    return this.db.user.create({ data: user });
  }

  async createFirstOwner(user: Omit<NewUser, 'role'>): Promise<User | null> {
    await this.db.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY})`;
    if (await this.anyExists()) return null;
    return this.db.user.create({ data: { ...user, role: 'owner' } });
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.db.user.update({ where: { id }, data: { passwordHash } });
  }

  update(id: string, change: UserChange): Promise<User> {
    return this.db.user.update({ where: { id }, data: change });
  }

  async countOtherActiveOwners(id: string): Promise<number> {
    await this.db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('weft.owners'))`;
    return this.db.user.count({ where: { role: 'owner', deactivatedAt: null, id: { not: id } } });
  }

  async lockRoleHolder(id: string): Promise<RoleHolder | null> {
    const [row] = await this.db.$queryRaw<
      RoleHolder[]
    >`SELECT "role", "deactivatedAt" FROM "users" WHERE "id" = ${id}::uuid FOR SHARE`;
    return row ?? null;
  }

  async listPage(page: PageRequest): Promise<RowPage<User>> {
    const rows = await this.db.user.findMany({
      where: idAfter(page.cursor, 'asc'),
      orderBy: { id: 'asc' },
      take: page.limit + 1,
    });
    return pageOf(rows, page.limit);
  }

  createInvite(invite: NewInvite): Promise<UserInvite> {
    return this.db.userInvite.create({ data: invite });
  }

  findInviteByTokenHash(tokenHash: string): Promise<UserInvite | null> {
    return this.db.userInvite.findUnique({ where: { tokenHash } });
  }

  findUnusedInvite(id: string): Promise<UserInvite | null> {
    return this.db.userInvite.findFirst({ where: { id, acceptedAt: null } });
  }

  async claimInvite(id: string, now: Date): Promise<UserInvite | null> {
    // One conditional UPDATE … RETURNING: of two concurrent claims, only one finds the row unused.
    const [claimed] = await this.db.userInvite.updateManyAndReturn({
      where: { id, acceptedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now },
    });
    return claimed ?? null;
  }

  async deleteUnusedInvite(id: string): Promise<boolean> {
    const { count } = await this.db.userInvite.deleteMany({ where: { id, acceptedAt: null } });
    return count > 0;
  }

  async listPendingInvites(now: Date, page: PageRequest): Promise<RowPage<UserInvite>> {
    const rows = await this.db.userInvite.findMany({
      where: { acceptedAt: null, expiresAt: { gt: now }, ...idAfter(page.cursor, 'desc') },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    return pageOf(rows, page.limit);
  }
}
