import { Prisma, type ExecutionStatus, type Schedule, type ScheduleFire } from '../generated/prisma/client';
import { json } from '../json';
import type { Db } from './db';
import { idAfter, pageOf, type PageRequest, type RowPage } from './paging';

/** The settings a person chooses (the rest of a schedule's row is the worker's bookkeeping). */
export type ScheduleFields = Pick<
  Schedule,
  'cron' | 'timezone' | 'enabled' | 'overlap' | 'maxInstances' | 'coalesce' | 'catchUpWindowSec'
> & { input: Record<string, unknown> };

/** A new schedule: its cron, and any settings not left to the table's defaults. */
export type NewSchedule = Pick<ScheduleFields, 'cron'> & Partial<ScheduleFields>;

export interface ScheduleChanges extends Partial<ScheduleFields> {
  /** Due times count from here (re-enabled: the time it was off is not caught up). */
  lastDueAt?: Date;
}

/** A recorded fire with the status of the run it started (null when it started none, or the run was pruned). */
export interface ScheduleFireRow extends ScheduleFire {
  executionStatus: ExecutionStatus | null;
}

/** Schedules and their recorded fires, as the web's schedule use cases see them (the worker's firing path is PgScheduleStore). */
export interface ScheduleRepository {
  /** Every schedule of a workflow, oldest first (its timers follow the workflow's activation). */
  listForWorkflow(workflowId: string): Promise<Schedule[]>;
  /** Due times of a workflow's schedules count from `at` (a workflow that becomes active catches up nothing). */
  restartDueTimes(workflowId: string, at: Date): Promise<void>;
  find(id: string): Promise<Schedule | null>;
  create(workflowId: string, schedule: NewSchedule): Promise<Schedule>;
  /** The changed row, or null when there is no such schedule. */
  update(id: string, changes: ScheduleChanges): Promise<Schedule | null>;
  /** Deletes it with its fires; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** The due time each schedule holds back (outcome `pending`), by schedule id; schedules holding none are absent. */
  pendingRuns(scheduleIds: readonly string[]): Promise<Map<string, Date>>;
  /** A schedule's fires, newest first, paged by id. */
  listFires(scheduleId: string, page: PageRequest): Promise<RowPage<ScheduleFireRow>>;
}

/** Prisma's "record to update not found" (an update or delete by id that matched no row). */
function isNotFound(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025';
}

export class PrismaScheduleRepository implements ScheduleRepository {
  constructor(protected readonly db: Db) {}

  listForWorkflow(workflowId: string): Promise<Schedule[]> {
    return this.db.schedule.findMany({ where: { workflowId }, orderBy: { id: 'asc' } });
  }

  async restartDueTimes(workflowId: string, at: Date): Promise<void> {
    await this.db.schedule.updateMany({ where: { workflowId }, data: { lastDueAt: at } });
  }

  find(id: string): Promise<Schedule | null> {
    return this.db.schedule.findUnique({ where: { id } });
  }

  create(workflowId: string, { input, ...settings }: NewSchedule): Promise<Schedule> {
    return this.db.schedule.create({ data: { workflowId, ...settings, ...(input ? { input: json(input) } : {}) } });
  }

  async update(id: string, { input, ...changes }: ScheduleChanges): Promise<Schedule | null> {
    try {
      return await this.db.schedule.update({
        where: { id },
        data: { ...changes, ...(input ? { input: json(input) } : {}) },
      });
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.schedule.deleteMany({ where: { id } });
    return count > 0;
  }

  async pendingRuns(scheduleIds: readonly string[]): Promise<Map<string, Date>> {
    if (scheduleIds.length === 0) return new Map();
    const rows = await this.db.scheduleFire.findMany({
      where: { scheduleId: { in: [...scheduleIds] }, outcome: 'pending' },
      select: { scheduleId: true, scheduledAt: true },
    });
    return new Map(rows.map((r) => [r.scheduleId, r.scheduledAt]));
  }

  async listFires(scheduleId: string, page: PageRequest): Promise<RowPage<ScheduleFireRow>> {
    const rows = await this.db.scheduleFire.findMany({
      where: { scheduleId, ...idAfter(page.cursor, 'desc') },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
      include: { execution: { select: { status: true } } },
    });
    return pageOf(
      rows.map(({ execution, ...fire }) => ({ ...fire, executionStatus: execution?.status ?? null })),
      page.limit,
    );
  }
}
