import type { Schedule } from '../../generated/prisma/client';
import { pageInMemory, type PageRequest, type RowPage } from '../paging';
import type { NewSchedule, ScheduleChanges, ScheduleFireRow, ScheduleRepository } from '../schedules';
import { newId, storedJson, type MemoryTables } from './tables';

/** The in-memory ScheduleRepository; passes the same contract suite as PrismaScheduleRepository. */
export class MemoryScheduleRepository implements ScheduleRepository {
  constructor(protected readonly t: MemoryTables) {}

  async listForWorkflow(workflowId: string): Promise<Schedule[]> {
    return structuredClone(
      [...this.t.schedules.values()].filter((s) => s.workflowId === workflowId).sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
  }

  async restartDueTimes(workflowId: string, at: Date): Promise<void> {
    for (const s of this.t.schedules.values())
      if (s.workflowId === workflowId) {
        s.lastDueAt = new Date(at);
        s.updatedAt = new Date();
      }
  }

  async find(id: string): Promise<Schedule | null> {
    const s = this.t.schedules.get(id);
    return s ? structuredClone(s) : null;
  }

  async create(workflowId: string, s: NewSchedule): Promise<Schedule> {
    const now = new Date();
    // The table's defaults (prisma/schema.prisma).
    const row: Schedule = {
      id: newId(),
      workflowId,
      cron: s.cron,
      timezone: s.timezone ?? 'UTC',
      enabled: s.enabled ?? true,
      overlap: s.overlap ?? 'skip',
      maxInstances: s.maxInstances ?? 1,
      coalesce: s.coalesce ?? true,
      catchUpWindowSec: s.catchUpWindowSec ?? 3600,
      input: storedJson(s.input ?? {}),
      lastDueAt: now,
      lastRunAt: null,
      runCount: 0,
      skipCount: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.t.schedules.set(row.id, row);
    return structuredClone(row);
  }

  async update(id: string, { input, ...changes }: ScheduleChanges): Promise<Schedule | null> {
    const s = this.t.schedules.get(id);
    if (!s) return null;
    for (const [key, value] of Object.entries(changes))
      if (value !== undefined) Object.assign(s, { [key]: value instanceof Date ? new Date(value) : value });
    if (input) s.input = storedJson(input);
    s.updatedAt = new Date();
    return structuredClone(s);
  }

  async delete(id: string): Promise<boolean> {
    if (!this.t.schedules.delete(id)) return false;
    // Its fires go with it (cascade); its runs stay, no longer naming it (SET NULL).
    for (const [fireId, f] of this.t.fires) if (f.scheduleId === id) this.t.fires.delete(fireId);
    for (const e of this.t.executions.values()) if (e.scheduleId === id) e.scheduleId = null;
    return true;
  }

  async pendingRuns(scheduleIds: readonly string[]): Promise<Map<string, Date>> {
    const wanted = new Set(scheduleIds);
    const pending = new Map<string, Date>();
    for (const f of this.t.fires.values())
      if (f.outcome === 'pending' && wanted.has(f.scheduleId)) pending.set(f.scheduleId, new Date(f.scheduledAt));
    return pending;
  }

  async listFires(scheduleId: string, page: PageRequest): Promise<RowPage<ScheduleFireRow>> {
    const fires = [...this.t.fires.values()].filter((f) => f.scheduleId === scheduleId);
    const rows = pageInMemory(fires, page, 'desc');
    return {
      ...rows,
      items: rows.items.map((f) => ({
        ...structuredClone(f),
        executionStatus: (f.executionId && this.t.executions.get(f.executionId)?.status) || null,
      })),
    };
  }
}
