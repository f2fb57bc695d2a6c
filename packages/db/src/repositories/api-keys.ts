import type { Db } from './db';

/** API keys (stored hashed). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the api-keys repository's change
export interface ApiKeyRepository {}

export class PrismaApiKeyRepository implements ApiKeyRepository {
  constructor(protected readonly db: Db) {}
}
