import type { Schedule } from '../generated/prisma/client';
import type { Db } from './db';

/** Schedules and their recorded fires, as the web's schedule use cases see them (the worker's firing path is PgScheduleStore). */
export interface ScheduleRepository {
  /** Every schedule of a workflow (its timers follow the workflow's activation). */
  listForWorkflow(workflowId: string): Promise<Schedule[]>;
  /** Due times of a workflow's schedules count from `at` (a workflow that becomes active catches up nothing). */
  restartDueTimes(workflowId: string, at: Date): Promise<void>;
}

export class PrismaScheduleRepository implements ScheduleRepository {
  constructor(protected readonly db: Db) {}

  listForWorkflow(workflowId: string): Promise<Schedule[]> {
    return this.db.schedule.findMany({ where: { workflowId }, orderBy: { id: 'asc' } });
  }

  async restartDueTimes(workflowId: string, at: Date): Promise<void> {
    await this.db.schedule.updateMany({ where: { workflowId }, data: { lastDueAt: at } });
  }
}
