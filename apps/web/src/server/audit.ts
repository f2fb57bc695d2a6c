import 'server-only';
import { json, type PrismaClient } from '@weft/db';

/**
 * One audit record (SPEC §8: every create/update/delete/activate/permission change/
 * login/API-key event, with actor, target, result and time).
 * Action names are `<target>.<verb>`: `auth.login`, `user.create`, `api_key.revoke`,
 * `workflow.activate`…
 */
export interface AuditEntry {
  actorId: string | null;
  /** `user` for a person (session or API key), `system` for the app itself. */
  actorType?: 'user' | 'system';
  action: string;
  targetType: string;
  targetId?: string | null;
  result: 'success' | 'failure';
  /** Small, non-secret context: never passwords, tokens or keys. */
  details?: Record<string, unknown>;
  ip?: string | null;
}

/** Accepts the client or a transaction client, so a change and its record can commit together. */
export async function recordAudit(prisma: Pick<PrismaClient, 'auditEvent'>, entry: AuditEntry): Promise<void> {
  await prisma.auditEvent.create({
    data: {
      actorId: entry.actorId,
      actorType: entry.actorType ?? 'user',
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      result: entry.result,
      // Through json(): a detail may hold user input (an attempted email), which may hold U+0000.
      details: entry.details ? json(entry.details) : undefined,
      ip: entry.ip ?? null,
    },
  });
}
