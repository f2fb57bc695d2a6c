import type { UserRepository } from '../users';
import type { MemoryTables } from './tables';

/** The in-memory UserRepository (unit tests of the web's use cases); passes the same contract suite as PrismaUserRepository. */
export class MemoryUserRepository implements UserRepository {
  constructor(protected readonly t: MemoryTables) {}
}
