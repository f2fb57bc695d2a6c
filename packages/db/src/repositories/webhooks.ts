import type { Db } from './db';

/** Webhooks as the web's management use cases see them (the delivery hot path is webhook-delivery.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the webhooks repository's change
export interface WebhookRepository {}

export class PrismaWebhookRepository implements WebhookRepository {
  constructor(protected readonly db: Db) {}
}
