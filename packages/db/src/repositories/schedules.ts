import type { Db } from './db';

/** Schedules and their recorded fires, as the web's schedule use cases see them (the worker's firing path is PgScheduleStore). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the schedules repository's change
export interface ScheduleRepository {}

export class PrismaScheduleRepository implements ScheduleRepository {
  constructor(protected readonly db: Db) {}
}
