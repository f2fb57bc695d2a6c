import type { Webhook } from '../../generated/prisma/client';
import type { DeliveryStats, NewWebhook, SecretRotation, WebhookRepository, WebhookFields } from '../webhooks';
import { MemoryUniqueViolation, newId, type MemoryTables } from './tables';

/** The in-memory WebhookRepository (unit tests of the web's use cases); passes the same contract suite as PrismaWebhookRepository. */
export class MemoryWebhookRepository implements WebhookRepository {
  constructor(protected readonly t: MemoryTables) {}

  async listForWorkflow(workflowId: string): Promise<Webhook[]> {
    return structuredClone(
      [...this.t.webhooks.values()].filter((w) => w.workflowId === workflowId).sort((a, b) => (a.id < b.id ? 1 : -1)),
    );
  }

  async find(id: string): Promise<Webhook | null> {
    const w = this.t.webhooks.get(id);
    return w ? structuredClone(w) : null;
  }

  async create(w: NewWebhook): Promise<Webhook> {
    if ([...this.t.webhooks.values()].some((other) => other.token === w.token))
      throw new MemoryUniqueViolation('token');
    const now = new Date();
    // The table's defaults (prisma/schema.prisma).
    const row: Webhook = {
      id: newId(),
      workflowId: w.workflowId,
      token: w.token,
      secretEncrypted: w.secretEncrypted,
      previousSecretEncrypted: null,
      previousSecretExpiresAt: null,
      enabled: w.enabled ?? true,
      requireSignature: w.requireSignature ?? true,
      signatureScheme: w.signatureScheme ?? 'weft',
      ipAllowlist: [...(w.ipAllowlist ?? [])],
      rateLimitMax: w.rateLimitMax ?? 60,
      rateLimitWindowSec: w.rateLimitWindowSec ?? 60,
      responseMode: w.responseMode ?? 'async',
      syncTimeoutMs: w.syncTimeoutMs ?? 30000,
      createdAt: now,
      updatedAt: now,
    };
    this.t.webhooks.set(row.id, row);
    return structuredClone(row);
  }

  async update(id: string, settings: WebhookFields, rotation?: SecretRotation): Promise<Webhook | null> {
    const w = this.t.webhooks.get(id);
    if (!w) return null;
    for (const [key, value] of Object.entries({ ...settings, ...rotation }))
      if (value !== undefined) Object.assign(w, { [key]: structuredClone(value) });
    w.updatedAt = new Date();
    return structuredClone(w);
  }

  async delete(id: string): Promise<boolean> {
    if (!this.t.webhooks.delete(id)) return false;
    for (const e of this.t.executions.values()) if (e.webhookId === id) e.webhookId = null;
    return true;
  }

  async deliveryStats(webhookIds: readonly string[]): Promise<Map<string, DeliveryStats>> {
    const wanted = new Set(webhookIds);
    const stats = new Map<string, DeliveryStats>();
    for (const e of this.t.executions.values()) {
      if (!e.webhookId || !wanted.has(e.webhookId)) continue;
      const s = stats.get(e.webhookId) ?? { count: 0, lastAt: null, lastExecutionId: null };
      stats.set(e.webhookId, {
        count: s.count + 1,
        lastAt: s.lastAt && s.lastAt >= e.createdAt ? s.lastAt : new Date(e.createdAt),
        lastExecutionId: s.lastExecutionId && s.lastExecutionId >= e.id ? s.lastExecutionId : e.id,
      });
    }
    return stats;
  }
}
