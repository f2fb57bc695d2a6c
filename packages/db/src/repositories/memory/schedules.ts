import type { ScheduleRepository } from '../schedules';
import type { MemoryTables } from './tables';

/** The in-memory ScheduleRepository (unit tests of the web's use cases); passes the same contract suite as PrismaScheduleRepository. */
export class MemoryScheduleRepository implements ScheduleRepository {
  constructor(protected readonly t: MemoryTables) {}
}
