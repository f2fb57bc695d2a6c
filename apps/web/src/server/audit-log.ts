import 'server-only';
import type { AuditFilter, Store } from '@weft/db';
import { mapPage, type PageQuery } from './pagination';

export interface AuditQuery extends PageQuery, AuditFilter {}

/** The audit log, newest first, filtered and paged by id (UUIDv7: time order). Owners and admins only (the route says so). */
export async function listAudit(store: Pick<Store, 'audit'>, q: AuditQuery) {
  const { cursor, limit, ...filter } = q;
  const page = await store.audit.list(filter, { cursor, limit });
  return mapPage(page, (r) => ({
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    action: r.action,
    result: r.result,
    actor: r.actor,
    actorType: r.actorType,
    targetType: r.targetType,
    targetId: r.targetId,
    targetName: r.targetName,
    details: r.details,
    ip: r.ip,
  }));
}
