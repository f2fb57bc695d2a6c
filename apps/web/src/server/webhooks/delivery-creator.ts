import 'server-only';
import { PgExecutionCreator, PrismaExecutionCreator, type PgPool, type PrismaClient } from '@weft/db';
import { EngineError, type ExecutionCreator, type NewExecution } from '@weft/engine';

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Thrown (rolling back the new execution) when the Idempotency-Key was already accepted. */
export class DuplicateDelivery extends EngineError {
  constructor(readonly executionId: string) {
    super('DUPLICATE_DELIVERY', 'this Idempotency-Key was already accepted', { retryable: false });
  }
}

/**
 * Creates a webhook's execution; with an Idempotency-Key, the key and the execution are
 * written in one transaction. A concurrent request with the same key waits on the key's
 * primary key, finds it taken, and rolls back — so exactly one execution exists per key.
 */
export function deliveryCreator(prisma: PrismaClient, pool: PgPool, webhookId: string, idempotencyKey: string | null): ExecutionCreator {
  // Without a key (the common case) one INSERT on the pg pool; with one, a Prisma transaction.
  const plain = new PgExecutionCreator(pool);
  return {
    // The sender is told 503 and will retry: free its Idempotency-Key, or the retry would be
    // answered "duplicate" of an execution that never ran. The failed execution stays recorded.
    async failUnqueued(id, error, at) {
      if (idempotencyKey) await prisma.webhookIdempotencyKey.deleteMany({ where: { webhookId, key: idempotencyKey, executionId: id } });
      await plain.failUnqueued(id, error, at);
    },
    async createExecution(e: NewExecution) {
      if (!idempotencyKey) return plain.createExecution({ ...e, webhookId });
      return prisma.$transaction(async (tx) => {
        // An expired key may be reused.
        await tx.webhookIdempotencyKey.deleteMany({ where: { webhookId, key: idempotencyKey, createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_WINDOW_MS) } } });
        const created = await new PrismaExecutionCreator(tx).createExecution({ ...e, webhookId });
        const { count } = await tx.webhookIdempotencyKey.createMany({ data: [{ webhookId, key: idempotencyKey, executionId: created.id }], skipDuplicates: true });
        if (count === 0) {
          const existing = await tx.webhookIdempotencyKey.findUniqueOrThrow({ where: { webhookId_key: { webhookId, key: idempotencyKey } } });
          throw new DuplicateDelivery(existing.executionId);
        }
        return created;
      });
    },
  };
}
