import { storableJsonText, type ExecutionCreator, type NewExecution } from '@weft/engine';
import type { PgPool } from './pg-pool';
import { uuidV7 } from './uuid-v7';

/**
 * The two statements every webhook delivery and manual run makes, on the pg pool rather than
 * Prisma: a CPU profile of the web process under webhook load showed Prisma's query
 * interpreter and its socket writes as the largest buckets after Next itself.
 */

/** Creates executions in one INSERT (the engine's ExecutionCreator port). */
export class PgExecutionCreator implements ExecutionCreator {
  constructor(private readonly pool: PgPool) {}

  async createExecution(e: NewExecution): Promise<{ id: string }> {
    const id = uuidV7();
    await this.pool.query({
      name: 'weft_exec_create',
      text: `INSERT INTO executions (id, "workflowId", "workflowVersionId", version, trigger, "triggerData", state, "parentExecutionId", "webhookId")
             VALUES ($1, $2, $3, $4, $5::text::"ExecutionTrigger", $6::jsonb, $7::jsonb, $8, $9)`,
      values: [id, e.workflowId, e.workflowVersionId, e.version, e.trigger, storableJsonText(e.triggerData) ?? '{}', storableJsonText(e.state) ?? '{}', e.parentExecutionId ?? null, e.webhookId ?? null],
    });
    return { id };
  }

  async failUnqueued(executionId: string, error: { code: string; message: string }, at: Date): Promise<void> {
    await this.pool.query({
      name: 'weft_exec_fail_unqueued',
      text: `UPDATE executions SET status = 'failed', error = $2::jsonb, "finishedAt" = $3, "durationMs" = 0 WHERE id = $1 AND status = 'queued'`,
      values: [executionId, storableJsonText({ ...error, nodeId: null }), at],
    });
  }
}

/** What a delivery needs to know about its webhook (and the workflow's active version). */
export interface WebhookForDelivery {
  id: string;
  workflowId: string;
  activeVersion: number | null;
  secretEncrypted: string;
  previousSecretEncrypted: string | null;
  previousSecretExpiresAt: Date | null;
  enabled: boolean;
  requireSignature: boolean;
  ipAllowlist: string[];
  rateLimitMax: number;
  rateLimitWindowSec: number;
  responseMode: 'async' | 'sync';
  syncTimeoutMs: number;
}

/** The webhook a token names, with its workflow's active version; null when unknown. */
export async function findWebhookForDelivery(pool: PgPool, token: string): Promise<WebhookForDelivery | null> {
  const { rows } = await pool.query<WebhookForDelivery>({
    name: 'weft_webhook_by_token',
    text: `SELECT w.id::text AS id, w."workflowId"::text AS "workflowId", wf."activeVersion", w."secretEncrypted", w."previousSecretEncrypted",
                  w."previousSecretExpiresAt", w.enabled, w."requireSignature", COALESCE(w."ipAllowlist", ARRAY[]::text[]) AS "ipAllowlist",
                  w."rateLimitMax", w."rateLimitWindowSec", w."responseMode"::text AS "responseMode", w."syncTimeoutMs"
           FROM webhooks w JOIN workflows wf ON wf.id = w."workflowId" WHERE w.token = $1`,
    values: [token],
  });
  return rows[0] ?? null;
}
