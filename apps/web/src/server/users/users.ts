import 'server-only';
import type { PrismaClient, Role } from '@weft/db';
import { recordAudit } from '../audit';
import { toUserView, type UserView } from '../auth/auth-user';
import { hashPassword } from '../auth/password';
import { ApiError } from '../http/errors';
import { errorCode } from '../http/map-error';
import { idAfter, toPage, type Page, type PageQuery } from '../pagination';

/** All users, oldest first (so the owner leads the list). */
export async function listUsers(prisma: Pick<PrismaClient, 'user'>, page: PageQuery): Promise<Page<UserView>> {
  const rows = await prisma.user.findMany({
    where: idAfter(page.cursor, 'asc'),
    orderBy: { id: 'asc' },
    take: page.limit + 1,
    select: { id: true, email: true, name: true, role: true, createdAt: true },
  });
  return toPage(rows, page.limit, toUserView);
}

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  role: Role;
}

/**
 * Creates a user. Only an owner may create owners or admins; an admin may add members.
 * (The caller already passed the route's owner/admin check.)
 */
export async function createUser(
  prisma: PrismaClient,
  actor: { id: string; role: Role },
  input: CreateUserInput,
  ip: string | null,
): Promise<UserView> {
  if (input.role !== 'member' && actor.role !== 'owner') {
    throw new ApiError('FORBIDDEN', `Only an owner may create a user with role ${input.role}`);
  }
  const passwordHash = await hashPassword(input.password);
  try {
    // The user and its audit record commit together, or neither does.
    const user = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
      });
      await recordAudit(tx, {
        actorId: actor.id,
        action: 'user.create',
        targetType: 'user',
        targetId: created.id,
        result: 'success',
        details: { email: created.email, role: created.role },
        ip,
      });
      return created;
    });
    return toUserView(user);
  } catch (err) {
    if (errorCode(err) === 'P2002') throw new ApiError('CONFLICT', 'A user with this email already exists');
    throw err;
  }
}
