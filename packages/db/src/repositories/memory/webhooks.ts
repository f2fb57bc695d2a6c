import type { WebhookRepository } from '../webhooks';
import type { MemoryTables } from './tables';

/** The in-memory WebhookRepository (unit tests of the web's use cases); passes the same contract suite as PrismaWebhookRepository. */
export class MemoryWebhookRepository implements WebhookRepository {
  constructor(protected readonly t: MemoryTables) {}
}
