import type { SessionRepository } from '../sessions';
import type { MemoryTables } from './tables';

/** The in-memory SessionRepository (unit tests of the web's use cases); passes the same contract suite as PrismaSessionRepository. */
export class MemorySessionRepository implements SessionRepository {
  constructor(protected readonly t: MemoryTables) {}
}
