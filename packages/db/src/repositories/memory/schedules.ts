import type { Schedule } from '../../generated/prisma/client';
import type { ScheduleRepository } from '../schedules';
import type { MemoryTables } from './tables';

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
}
