import type { ApiKeyRepository } from '../api-keys';
import type { MemoryTables } from './tables';

/** The in-memory ApiKeyRepository (unit tests of the web's use cases); passes the same contract suite as PrismaApiKeyRepository. */
export class MemoryApiKeyRepository implements ApiKeyRepository {
  constructor(protected readonly t: MemoryTables) {}
}
