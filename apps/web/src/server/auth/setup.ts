import 'server-only';
import type { PrismaClient } from '@weft/db';
import { recordAudit } from '../audit';
import type { Services } from '../composition';
import { ApiError } from '../http/errors';
import { toUserView, type UserView } from './auth-user';
import { hashPassword } from './password';
import { startSession, type StartedSession } from './sessions';
import { reserveSetupAttempt } from './throttle';

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
 * Creates the first user as `owner` and signs them in, or CONFLICT when any user exists.
 * Once set up, the answer is an immediate 409 (no throttle spent, no password hashed: this
 * endpoint stays public forever). Otherwise the attempt is throttled per address, then
 * the password hashed. Race-safe: the insert re-checks inside one transaction holding an
 * advisory lock, so of two concurrent setups exactly one creates an owner.
 */
export async function setupFirstOwner(
  services: Pick<Services, 'prisma' | 'rateLimiter'>,
  input: SetupInput,
  ip: string | null,
): Promise<{ user: UserView; session: StartedSession }> {
  const { prisma } = services;
  if (!(await isSetupNeeded(prisma))) throw alreadySetUp();
  await reserveSetupAttempt(services, ip);
  // Hash before taking the lock: it's the slow part, and needs no database.
  const passwordHash = await hashPassword(input.password);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK_KEY})`;
    const existing = await tx.user.findFirst({ select: { id: true } });
    if (existing) throw alreadySetUp();
    const user = await tx.user.create({
      data: { email: input.email, name: input.name, passwordHash, role: 'owner' },
    });
    const session = await startSession(tx, user.id);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'auth.setup',
      targetType: 'user',
      targetId: user.id,
      result: 'success',
      ip,
    });
    return { user: toUserView(user), session };
  });
}

function alreadySetUp(): ApiError {
  return new ApiError('CONFLICT', 'Setup is already complete; sign in instead');
}
