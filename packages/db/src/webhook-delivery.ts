import type { NewExecution } from '@weft/engine';
import { insertExecutions } from './executions';
import type { PgPool } from './pg-pool';
import { inPooledTransaction } from './pooled-client';

/**
 * What a webhook delivery reads and writes, on the pg pool (the delivery path is benchmarked):
 * its webhook by token, and an execution recorded together with the delivery's idempotency keys.
 */

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
  signatureScheme: 'weft' | 'github' | 'stripe' | 'slack' | 'shopify' | 'standard';
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
    text:
      `SELECT w.id::text AS id, w."workflowId"::text AS "workflowId", wf."activeVersion", ` +
      `w."secretEncrypted", w."previousSecretEncrypted",
                  w."previousSecretExpiresAt", w.enabled, w."requireSignature", w."signatureScheme"::text AS ` +
      `"signatureScheme", COALESCE(w."ipAllowlist", ARRAY[]::text[]) AS "ipAllowlist",
                  w."rateLimitMax", w."rateLimitWindowSec", w."responseMode"::text AS "responseMode", w."syncTimeoutMs"
           FROM webhooks w JOIN workflows wf ON wf.id = w."workflowId" WHERE w.token = $1`,
    values: [token],
  });
  return rows[0] ?? null;
}

/** The execution a keyed delivery made, or the one an earlier delivery with a shared key made. */
export type KeyedDelivery = { kind: 'created'; id: string } | { kind: 'duplicate'; executionId: string };

class Duplicate extends Error {
  constructor(readonly executionId: string) {
    super('duplicate delivery');
  }
}

/**
 * Records a delivery's execution and its idempotency keys in one transaction: if any key was
 * accepted within `windowMs`, nothing is written and the first execution's id is answered. A
 * concurrent delivery with a shared key waits on that key's primary key, finds it taken, and
 * rolls back — so one execution exists per key. Keys are inserted sorted, so two deliveries
 * sharing keys can't deadlock; an expired key may be reused.
 */
export async function insertKeyedDelivery(
  pool: PgPool,
  execution: NewExecution & { webhookId: string },
  keys: readonly string[],
  windowMs: number,
): Promise<KeyedDelivery> {
  const sorted = [...new Set(keys)].sort();
  const { webhookId } = execution;
  try {
    return await inPooledTransaction(pool, async (tx) => {
      await tx.query(
        `DELETE FROM webhook_idempotency_keys WHERE "webhookId" = $1 AND key = ANY($2::text[]) AND "createdAt" < $3`,
        [webhookId, sorted, new Date(Date.now() - windowMs)],
      );
      const [id] = await insertExecutions(tx, [execution]);
      const inserted = await tx.query(
        `INSERT INTO webhook_idempotency_keys ("webhookId", key, "executionId")
         SELECT $1, k, $3 FROM unnest($2::text[]) WITH ORDINALITY AS t(k, n) ORDER BY n
         ON CONFLICT DO NOTHING`,
        [webhookId, sorted, id],
      );
      if ((inserted.rowCount ?? 0) < sorted.length) {
        const { rows } = await tx.query<{ executionId: string }>(
          `SELECT "executionId"::text AS "executionId" FROM webhook_idempotency_keys
           WHERE "webhookId" = $1 AND key = ANY($2::text[]) AND "executionId" <> $3 ORDER BY "createdAt" LIMIT 1`,
          [webhookId, sorted, id],
        );
        throw new Duplicate(rows[0]!.executionId);
      }
      return { kind: 'created', id: id! } as const;
    });
  } catch (err) {
    if (err instanceof Duplicate) return { kind: 'duplicate', executionId: err.executionId };
    throw err;
  }
}
