import 'server-only';
import type { PrismaClient } from '@weft/db';
import { recordAudit } from '../audit';
import { ApiError } from '../http/errors';
import { toUserView, type UserView } from './auth-user';
import { hashPassword } from './password';

// Key of the Postgres advisory lock that serialises first-run setup (any constant works;
// this one spells "weftsetu" in ASCII so it's recognisable in pg_locks).
const SETUP_LOCK_KEY = 0x7765667473657475n;

/** True until the first user exists (the UI then shows /setup instead of /login). */
export async function isSetupNeeded(prisma: Pick<PrismaClient, 'user'>): Promise<boolean> {
  const anyone = await prisma.user.findFirst({ select: { id: true } });
  return anyone === null;
}

export interface SetupInput {
  email: string;
  password: string;
  name: string;
}

/**
 * Creates the first user as `owner`, or CONFLICT when any user exists. Race-safe: the
 * check and the insert run in one transaction holding an advisory lock, so of two
 * concurrent setups exactly one creates an owner and the other sees it and fails.
 */
export async function setupFirstOwner(prisma: PrismaClient, input: SetupInput, ip: string | null): Promise<UserView> {
  // Hash before taking the lock: it's the slow part, and needs no database.
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY})`;
    const existing = await tx.user.findFirst({ select: { id: true } });
    if (existing) throw new ApiError('CONFLICT', 'Setup is already complete; sign in instead');
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, passwordHash, role: 'owner' },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'auth.setup',
      targetType: 'user',
      targetId: user.id,
      result: 'success',
      ip,
    });
    return toUserView(user);
  });
}
