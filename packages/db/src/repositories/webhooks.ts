import { Prisma, type Webhook } from '../generated/prisma/client';
import type { Db } from './db';

/** The settings a person chooses (SPEC §5; the table holds the defaults). */
export type WebhookFields = Partial<
  Pick<
    Webhook,
    | 'enabled'
    | 'requireSignature'
    | 'signatureScheme'
    | 'ipAllowlist'
    | 'rateLimitMax'
    | 'rateLimitWindowSec'
    | 'responseMode'
    | 'syncTimeoutMs'
  >
>;

/** A new webhook: its token and its secret as stored (encrypted by the web app, which alone holds the key). */
export interface NewWebhook extends WebhookFields {
  workflowId: string;
  token: string;
  secretEncrypted: string;
}

/** A new secret, with the one it replaces still verifying until `previousSecretExpiresAt`. */
export type SecretRotation = Pick<Webhook, 'secretEncrypted' | 'previousSecretEncrypted' | 'previousSecretExpiresAt'>;

/** Deliveries of one webhook: the executions it started. */
export interface DeliveryStats {
  count: number;
  lastAt: Date | null;
  /** Execution ids are UUIDv7 (time-ordered): the greatest is the latest. */
  lastExecutionId: string | null;
}

/** Webhooks as the web's management use cases see them (the delivery hot path is webhook-delivery.ts). */
export interface WebhookRepository {
  /** A workflow's webhooks, newest first. */
  listForWorkflow(workflowId: string): Promise<Webhook[]>;
  find(id: string): Promise<Webhook | null>;
  /** Throws a unique violation (P2002) when the token is taken. */
  create(webhook: NewWebhook): Promise<Webhook>;
  /** The changed row (with the secret rotated when `rotation` is given), or null when there is no such webhook. */
  update(id: string, settings: WebhookFields, rotation?: SecretRotation): Promise<Webhook | null>;
  /** False when there was none; the executions it started stay, no longer naming it. */
  delete(id: string): Promise<boolean>;
  /** Deliveries by webhook id; webhooks with none are absent. */
  deliveryStats(webhookIds: readonly string[]): Promise<Map<string, DeliveryStats>>;
}

export class PrismaWebhookRepository implements WebhookRepository {
  constructor(protected readonly db: Db) {}

  listForWorkflow(workflowId: string): Promise<Webhook[]> {
    return this.db.webhook.findMany({ where: { workflowId }, orderBy: { id: 'desc' } });
  }

  find(id: string): Promise<Webhook | null> {
    return this.db.webhook.findUnique({ where: { id } });
  }

  create(webhook: NewWebhook): Promise<Webhook> {
    return this.db.webhook.create({ data: webhook });
  }

  async update(id: string, settings: WebhookFields, rotation?: SecretRotation): Promise<Webhook | null> {
    try {
      return await this.db.webhook.update({ where: { id }, data: { ...settings, ...rotation } });
    } catch (err) {
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2025') return null;
      throw err;
    }
  }

  async delete(id: string): Promise<boolean> {
    const { count } = await this.db.webhook.deleteMany({ where: { id } });
    return count > 0;
  }

  /**
   * Counted from the executions when read. Counting on write meant an UPDATE of the webhook row on
   * every delivery: one hot row locked by every concurrent request.
   */
  async deliveryStats(webhookIds: readonly string[]): Promise<Map<string, DeliveryStats>> {
    const stats = new Map<string, DeliveryStats>();
    if (webhookIds.length === 0) return stats;
    const rows = await this.db.$queryRaw<
      Array<{ webhookId: string; count: number; lastAt: Date | null; lastExecutionId: string | null }>
    >`
      SELECT "webhookId"::text AS "webhookId", count(*)::int AS count, max("createdAt") AS "lastAt", max(id::text) AS "lastExecutionId"
      FROM executions WHERE "webhookId" = ANY(${[...webhookIds]}::uuid[]) GROUP BY "webhookId"`;
    for (const r of rows)
      stats.set(r.webhookId, { count: r.count, lastAt: r.lastAt, lastExecutionId: r.lastExecutionId });
    return stats;
  }
}
