import type { AuditEvent } from '../generated/prisma/client';
import { isUuid } from '../execution-store';
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

/** A stored audit event with its actor's name and its target's, when they still exist. */
export interface AuditRow extends AuditEvent {
  actor: { id: string; email: string | null; name: string | null } | null;
  /**
   * What a person calls the target: a workflow's name, a user's (their email when the name is
   * empty), a webhook's or schedule's workflow's name. Null for other targets and deleted ones.
   */
  targetName: string | null;
}

/** The target types a list names (the others — sessions, API keys, invites, the queue — have no name to show). */
export type NamedTargetType = 'workflow' | 'user' | 'webhook' | 'schedule';
const NAMED_TARGET_TYPES: readonly string[] = ['workflow', 'user', 'webhook', 'schedule'] satisfies NamedTargetType[];

/** The target ids of each named type on a page (an id that is not a UUID names nothing). */
export function namedTargetIds(rows: readonly AuditEvent[]): Record<NamedTargetType, string[]> {
  const ids: Record<NamedTargetType, Set<string>> = {
    workflow: new Set(),
    user: new Set(),
    webhook: new Set(),
    schedule: new Set(),
  };
  for (const r of rows) {
    if (r.targetId && NAMED_TARGET_TYPES.includes(r.targetType) && isUuid(r.targetId)) {
      ids[r.targetType as NamedTargetType].add(r.targetId);
    }
  }
  return {
    workflow: [...ids.workflow],
    user: [...ids.user],
    webhook: [...ids.webhook],
    schedule: [...ids.schedule],
  };
}

/** Names found for a page's targets, keyed by `type:id`; a target not found has none. */
export type TargetNames = ReadonlyMap<string, string>;

export const targetKey = (type: string, id: string) => `${type}:${id}`;

/** A user as a target is called: their name, or their email when the name is empty. */
export const userTargetName = (u: { name: string; email: string }) => u.name || u.email;

/** The page's rows with their actors and targets named (shared by the Prisma repository and the fake). */
export function withNames(
  rows: readonly AuditEvent[],
  actors: ReadonlyMap<string, { id: string; email: string; name: string }>,
  targets: TargetNames,
): AuditRow[] {
  return rows.map((r) => {
    const a = r.actorId ? actors.get(r.actorId) : undefined;
    return {
      ...r,
      actor: r.actorId
        ? a
          ? { id: a.id, email: a.email, name: a.name }
          : { id: r.actorId, email: null, name: null }
        : null,
      targetName: r.targetId ? (targets.get(targetKey(r.targetType, r.targetId)) ?? null) : null,
    };
  });
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
    const targets = namedTargetIds(rows);
    const actorIds = rows.map((r) => r.actorId).filter((id): id is string => id !== null);
    // One read of users for both the actors and the user targets.
    const users = await this.db.user.findMany({
      where: { id: { in: [...new Set([...actorIds, ...targets.user])] } },
      select: { id: true, email: true, name: true },
    });
    const byId = new Map(users.map((u) => [u.id, u]));
    return pageOf(withNames(rows, byId, await this.targetNames(targets, users)), page.limit);
  }

  private async targetNames(
    ids: Record<NamedTargetType, string[]>,
    users: Array<{ id: string; email: string; name: string }>,
  ): Promise<TargetNames> {
    const ofWorkflow = { select: { id: true, workflow: { select: { name: true } } } } as const;
    const [workflows, webhooks, schedules] = await Promise.all([
      ids.workflow.length
        ? this.db.workflow.findMany({ where: { id: { in: ids.workflow } }, select: { id: true, name: true } })
        : [],
      ids.webhook.length ? this.db.webhook.findMany({ where: { id: { in: ids.webhook } }, ...ofWorkflow }) : [],
      ids.schedule.length ? this.db.schedule.findMany({ where: { id: { in: ids.schedule } }, ...ofWorkflow }) : [],
    ]);
    const userTargets = new Set(ids.user);
    return new Map([
      ...workflows.map((w) => [targetKey('workflow', w.id), w.name] as const),
      ...users.filter((u) => userTargets.has(u.id)).map((u) => [targetKey('user', u.id), userTargetName(u)] as const),
      ...webhooks.map((w) => [targetKey('webhook', w.id), w.workflow.name] as const),
      ...schedules.map((s) => [targetKey('schedule', s.id), s.workflow.name] as const),
    ]);
  }
}
