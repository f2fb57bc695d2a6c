import { auditRowData, type AuditEntry, type AuditFilter, type AuditRepository, type AuditRow } from '../audit';
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
    return {
      ...rows,
      items: rows.items.map((r) => {
        const u = r.actorId ? this.t.users.get(r.actorId) : undefined;
        const actor = r.actorId
          ? u
            ? { id: u.id, email: u.email, name: u.name }
            : { id: r.actorId, email: null, name: null }
          : null;
        return { ...r, actor };
      }),
    };
  }
}
