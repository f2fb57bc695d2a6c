import 'server-only';
import {
  PgExecutionCreator,
  PrismaExecutionCreator,
  retryWhileUnavailable,
  type PgPool,
  type PrismaClient,
} from '@weft/db';
import { DATABASE_RETRY_MS } from '../executions/start';
import { EngineError, type ExecutionCreator, type NewExecution } from '@weft/engine';

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Thrown (rolling back the new execution) when one of the delivery's keys was already accepted. */
export class DuplicateDelivery extends EngineError {
  constructor(readonly executionId: string) {
    super('DUPLICATE_DELIVERY', 'this delivery was already accepted', { retryable: false });
  }
}

/**
 * Creates a webhook's execution. With idempotency keys (an Idempotency-Key, the provider's
 * delivery id, the digest of a body signed without a timestamp), the keys and the execution are
 * written in one transaction: if any key was accepted within the window, the transaction rolls
 * back and the first execution's id is answered. A concurrent request with a shared key waits on
 * that key's primary key, finds it taken, and rolls back — so exactly one execution exists per
 * key. Keys are inserted in sorted order, so two requests sharing keys can't deadlock.
 */
export function deliveryCreator(
  prisma: PrismaClient,
  pool: PgPool,
  webhookId: string,
  keys: readonly string[],
): ExecutionCreator {
  // Without a key (the common case) one INSERT on the pg pool; with keys, a Prisma transaction.
  if (keys.length === 0) {
    const plain = new PgExecutionCreator(pool, { retryUnavailableMs: DATABASE_RETRY_MS });
    return { createExecution: (e: NewExecution) => plain.createExecution({ ...e, webhookId }) };
  }
  const sorted = [...new Set(keys)].sort();
  const createKeyed = (e: NewExecution) =>
    prisma.$transaction(async (tx) => {
      // An expired key may be reused.
      await tx.webhookIdempotencyKey.deleteMany({
        where: { webhookId, key: { in: sorted }, createdAt: { lt: new Date(Date.now() - IDEMPOTENCY_WINDOW_MS) } },
      });
      const created = await new PrismaExecutionCreator(tx).createExecution({ ...e, webhookId });
      const { count } = await tx.webhookIdempotencyKey.createMany({
        data: sorted.map((key) => ({ webhookId, key, executionId: created.id })),
        skipDuplicates: true,
      });
      if (count < sorted.length) {
        const existing = await tx.webhookIdempotencyKey.findFirstOrThrow({
          where: { webhookId, key: { in: sorted }, NOT: { executionId: created.id } },
          orderBy: { createdAt: 'asc' },
        });
        throw new DuplicateDelivery(existing.executionId);
      }
      return created;
    });
  // Retried while Postgres is unreachable: if a lost connection hid a commit, the retry finds
  // the keys taken and answers the first execution as the duplicate it is.
  return { createExecution: (e: NewExecution) => retryWhileUnavailable(() => createKeyed(e), DATABASE_RETRY_MS) };
}
