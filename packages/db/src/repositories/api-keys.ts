import type { ApiKey } from '../generated/prisma/client';
import type { Db } from './db';
import { idAfter, pageOf, type PageRequest, type RowPage } from './paging';
import { credentialOwnerSelect, type CredentialOwner } from './users';

export interface NewApiKey {
  userId: string;
  name: string;
  /** What is kept in clear for display ("wft_AbCdEfGh"). */
  prefix: string;
  /** The key hashed by the caller; the key itself is never stored. */
  keyHash: string;
  expiresAt: Date | null;
  scopes: string[];
}

/** A key as its owner sees it listed: never its hash. */
export type ApiKeySummary = Omit<ApiKey, 'keyHash' | 'userId'>;

export interface ApiKeyWithOwner extends ApiKey {
  user: CredentialOwner;
}

const summarySelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
  lastUsedAt: true,
  createdAt: true,
} as const;

/** API keys (stored hashed). */
export interface ApiKeyRepository {
  create(key: NewApiKey): Promise<ApiKeySummary>;
  /** A user's keys, newest first. */
  listForUser(userId: string, page: PageRequest): Promise<RowPage<ApiKeySummary>>;
  /** Deletes `id` if it is `userId`'s and returns what it was; null when someone else's or unknown. */
  revokeOwn(id: string, userId: string): Promise<Pick<ApiKey, 'id' | 'name' | 'prefix'> | null>;
  /** The key a hash names, with its user; null when unknown. */
  findByKeyHash(keyHash: string): Promise<ApiKeyWithOwner | null>;
  /**
   * Sets `lastUsedAt` to `now` unless it is already at or after `staleBefore` (one conditional update:
   * concurrent requests with one key write once, not N times).
   */
  touchLastUsed(id: string, now: Date, staleBefore: Date): Promise<void>;
}

export class PrismaApiKeyRepository implements ApiKeyRepository {
  constructor(protected readonly db: Db) {}

  create(key: NewApiKey): Promise<ApiKeySummary> {
    return this.db.apiKey.create({ data: key, select: summarySelect });
  }

  async listForUser(userId: string, page: PageRequest): Promise<RowPage<ApiKeySummary>> {
    const rows = await this.db.apiKey.findMany({
      where: { userId, ...idAfter(page.cursor, 'desc') },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
      select: summarySelect,
    });
    return pageOf(rows, page.limit);
  }

  async revokeOwn(id: string, userId: string): Promise<Pick<ApiKey, 'id' | 'name' | 'prefix'> | null> {
    const key = await this.db.apiKey.findFirst({
      where: { id, userId },
      select: { id: true, name: true, prefix: true },
    });
    if (!key) return null;
    await this.db.apiKey.deleteMany({ where: { id, userId } });
    return key;
  }

  findByKeyHash(keyHash: string): Promise<ApiKeyWithOwner | null> {
    return this.db.apiKey.findUnique({ where: { keyHash }, include: { user: { select: credentialOwnerSelect } } });
  }

  async touchLastUsed(id: string, now: Date, staleBefore: Date): Promise<void> {
    await this.db.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
}
