import type { AuditEvent } from '../generated/prisma/client';
import { json } from '../json';
import type { Db } from './db';
import { idAfter, pageOf, type PageRequest, type RowPage } from './paging';

/**
 * One audit record (SPEC §8: every create/update/delete/activate/permission change/login/API-key
 * event, with actor, target, result and time). Action names are `<target>.<verb>`: `auth.login`,
 * `user.create`, `api_key.revoke`, `workflow.activate`…
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

export interface AuditFilter {
  /** An action (`webhook.create`), or every action of a target type with a trailing dot (`webhook.`). */
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  result?: 'success' | 'failure';
  since?: Date;
  until?: Date;
}

/** A stored audit event with its actor's name, when the actor still exists. */
export interface AuditRow extends AuditEvent {
  actor: { id: string; email: string | null; name: string | null } | null;
}

export interface AuditRepository {
  /** Writes one record; inside `store.transaction` it commits (or rolls back) with the change it records. */
  record(entry: AuditEntry): Promise<void>;
  /** Newest first, filtered, paged by id. */
  list(filter: AuditFilter, page: PageRequest): Promise<RowPage<AuditRow>>;
}

/** The row an entry becomes (shared by the Prisma repository and the fake). */
export function auditRowData(entry: AuditEntry) {
  return {
    actorId: entry.actorId,
    actorType: entry.actorType ?? 'user',
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    result: entry.result,
    details: entry.details ?? null,
    ip: entry.ip ?? null,
  };
}

export class PrismaAuditRepository implements AuditRepository {
  constructor(private readonly db: Db) {}

  async record(entry: AuditEntry): Promise<void> {
    const { details, ...data } = auditRowData(entry);
    // Through json(): a detail may hold user input (an attempted email), which may hold U+0000.
    await this.db.auditEvent.create({ data: { ...data, details: details ? json(details) : undefined } });
  }

  async list(q: AuditFilter, page: PageRequest): Promise<RowPage<AuditRow>> {
    const rows = await this.db.auditEvent.findMany({
      where: {
        AND: [
          q.action ? (q.action.endsWith('.') ? { action: { startsWith: q.action } } : { action: q.action }) : {},
          q.actorId ? { actorId: q.actorId } : {},
          q.targetType ? { targetType: q.targetType } : {},
          q.targetId ? { targetId: q.targetId } : {},
          q.result ? { result: q.result } : {},
          q.since ? { createdAt: { gte: q.since } } : {},
          q.until ? { createdAt: { lt: q.until } } : {},
          idAfter(page.cursor, 'desc'),
        ],
      },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => id !== null))];
    const users = await this.db.user.findMany({
      where: { id: { in: actorIds } },
      select: { id: true, email: true, name: true },
    });
    const actors = new Map(users.map((u) => [u.id, u]));
    return pageOf(
      rows.map((r) => ({
        ...r,
        actor: r.actorId ? (actors.get(r.actorId) ?? { id: r.actorId, email: null, name: null }) : null,
      })),
      page.limit,
    );
  }
}
