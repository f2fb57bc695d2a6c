import type { ApiKey } from '../../generated/prisma/client';
import type { ApiKeyRepository, ApiKeySummary, ApiKeyWithOwner, NewApiKey } from '../api-keys';
import { pageInMemory, type PageRequest, type RowPage } from '../paging';
import { MemoryUniqueViolation, newId, type MemoryTables } from './tables';
import { credentialOwnerOf } from './users';

/** The in-memory ApiKeyRepository (unit tests of the web's use cases); passes the same contract suite as PrismaApiKeyRepository. */
export class MemoryApiKeyRepository implements ApiKeyRepository {
  constructor(protected readonly t: MemoryTables) {}

  async create(key: NewApiKey): Promise<ApiKeySummary> {
    credentialOwnerOf(this.t, key.userId);
    if (this.byKeyHash(key.keyHash)) throw new MemoryUniqueViolation('keyHash');
    const row: ApiKey = { id: newId(), ...key, scopes: [...key.scopes], lastUsedAt: null, createdAt: new Date() };
    this.t.apiKeys.set(row.id, row);
    return summaryOf(row);
  }

  async listForUser(userId: string, page: PageRequest): Promise<RowPage<ApiKeySummary>> {
    const own = [...this.t.apiKeys.values()].filter((k) => k.userId === userId);
    const rows = pageInMemory(own, page, 'desc');
    return { ...rows, items: rows.items.map(summaryOf) };
  }

  async revokeOwn(id: string, userId: string): Promise<Pick<ApiKey, 'id' | 'name' | 'prefix'> | null> {
    const key = this.t.apiKeys.get(id);
    if (!key || key.userId !== userId) return null;
    this.t.apiKeys.delete(id);
    return { id: key.id, name: key.name, prefix: key.prefix };
  }

  async findByKeyHash(keyHash: string): Promise<ApiKeyWithOwner | null> {
    const row = this.byKeyHash(keyHash);
    return row ? { ...structuredClone(row), user: credentialOwnerOf(this.t, row.userId) } : null;
  }

  async touchLastUsed(id: string, now: Date, staleBefore: Date): Promise<void> {
    const row = this.t.apiKeys.get(id);
    if (row && (row.lastUsedAt === null || row.lastUsedAt < staleBefore)) row.lastUsedAt = now;
  }

  private byKeyHash(keyHash: string): ApiKey | undefined {
    return [...this.t.apiKeys.values()].find((k) => k.keyHash === keyHash);
  }
}

function summaryOf(row: ApiKey): ApiKeySummary {
  const { keyHash: _hash, userId: _user, ...summary } = structuredClone(row);
  return summary;
}
