import 'server-only';
import type { PrismaClient } from '@weft/db';
import { idAfter, toPage, type PageQuery } from './pagination';

export interface AuditQuery extends PageQuery {
  /** An action (`webhook.create`), or every action of a target type with a trailing dot (`webhook.`). */
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  result?: 'success' | 'failure';
  since?: Date;
  until?: Date;
}

/** The audit log, newest first, filtered and paged by id (UUIDv7: time order). Owners and admins only (the route says so). */
export async function listAudit(prisma: PrismaClient, q: AuditQuery) {
  const rows = await prisma.auditEvent.findMany({
    where: {
      AND: [
        q.action ? (q.action.endsWith('.') ? { action: { startsWith: q.action } } : { action: q.action }) : {},
        q.actorId ? { actorId: q.actorId } : {},
        q.targetType ? { targetType: q.targetType } : {},
        q.targetId ? { targetId: q.targetId } : {},
        q.result ? { result: q.result } : {},
        q.since ? { createdAt: { gte: q.since } } : {},
        q.until ? { createdAt: { lt: q.until } } : {},
        idAfter(q.cursor, 'desc'),
      ],
    },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  });
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => id !== null))];
  const actors = new Map(
    (
      await prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true, name: true } })
    ).map((u) => [u.id, u]),
  );
  return toPage(rows, q.limit, (r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    action: r.action,
    result: r.result,
    actor: r.actorId ? (actors.get(r.actorId) ?? { id: r.actorId, email: null, name: null }) : null,
    actorType: r.actorType,
    targetType: r.targetType,
    targetId: r.targetId,
    details: r.details,
    ip: r.ip,
  }));
}
