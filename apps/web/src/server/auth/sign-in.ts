import 'server-only';
import type { Repositories } from '@weft/db';
import { recordAudit } from '../audit';
import { startSession, type StartedSession } from './sessions';

/** How a person came to be signed in: the audit action, and its non-secret context. */
export interface SignInAudit {
  action: 'auth.login' | 'auth.setup' | 'user.invite_accept';
  details?: Record<string, unknown>;
  ip: string | null;
}

/**
 * Starts a session for a user who has just proved who they are, with the audit record that
 * says how. Call it inside `store.transaction`: the session and its record commit together.
 */
export async function startSignedInSession(
  tx: Pick<Repositories, 'sessions' | 'audit' | 'afterCommit'>,
  userId: string,
  { action, details, ip }: SignInAudit,
): Promise<StartedSession> {
  const session = await startSession(tx, userId);
  await recordAudit(tx, {
    actorId: userId,
    action,
    targetType: 'user',
    targetId: userId,
    result: 'success',
    details,
    ip,
  });
  return session;
}
