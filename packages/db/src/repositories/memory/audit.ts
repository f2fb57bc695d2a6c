import type { AuditEvent } from '../../generated/prisma/client';
import {
  auditRowData,
  namedTargetIds,
  targetKey,
  userTargetName,
  withNames,
  type AuditEntry,
  type AuditFilter,
  type AuditRepository,
  type AuditRow,
} from '../audit';
import { pageInMemory, type PageRequest, type RowPage } from '../paging';
import { newId, storedJson, type MemoryTables } from './tables';

/** The in-memory AuditRepository; passes the same contract suite as PrismaAuditRepository. */
export class MemoryAuditRepository implements AuditRepository {
  constructor(private readonly t: MemoryTables) {}

  async record(entry: AuditEntry): Promise<void> {
    const id = newId();
    const { details, ...row } = auditRowData(entry);
    this.t.audit.set(id, { id, ...row, details: details ? storedJson(details) : null, createdAt: new Date() });
  }

  async list(q: AuditFilter, page: PageRequest): Promise<RowPage<AuditRow>> {
    const matches = [...this.t.audit.values()].filter(
      (r) =>
        (!q.action || (q.action.endsWith('.') ? r.action.startsWith(q.action) : r.action === q.action)) &&
        (!q.actorId || r.actorId === q.actorId) &&
        (!q.targetType || r.targetType === q.targetType) &&
        (!q.targetId || r.targetId === q.targetId) &&
        (!q.result || r.result === q.result) &&
        (!q.since || r.createdAt >= q.since) &&
        (!q.until || r.createdAt < q.until),
    );
    const rows = pageInMemory(matches, page, 'desc');
    return { ...rows, items: structuredClone(withNames(rows.items, this.t.users, this.targetNames(rows.items))) };
  }

  private targetNames(rows: readonly AuditEvent[]): Map<string, string> {
    const ids = namedTargetIds(rows);
    const workflowName = (id: string | undefined) => (id ? this.t.workflows.get(id)?.name : undefined);
    const names = new Map<string, string>();
    const add = (type: string, id: string, name: string | undefined) => {
      if (name !== undefined) names.set(targetKey(type, id), name);
    };
    for (const id of ids.workflow) add('workflow', id, workflowName(id));
    for (const id of ids.user) {
      const u = this.t.users.get(id);
      add('user', id, u ? userTargetName(u) : undefined);
    }
    for (const id of ids.webhook) add('webhook', id, workflowName(this.t.webhooks.get(id)?.workflowId));
    for (const id of ids.schedule) add('schedule', id, workflowName(this.t.schedules.get(id)?.workflowId));
    return names;
  }
}
