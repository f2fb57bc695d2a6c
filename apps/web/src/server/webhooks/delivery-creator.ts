import 'server-only';
import { insertKeyedDelivery, PgExecutionCreator, retryWhileUnavailable, type PgPool } from '@weft/db';
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
 * written in one transaction (`insertKeyedDelivery`): if any key was accepted within the window,
 * nothing is written and the first execution's id is answered (`DuplicateDelivery`).
 */
export function deliveryCreator(pool: PgPool, webhookId: string, keys: readonly string[]): ExecutionCreator {
  // Without a key (the common case) one group-committed INSERT; with keys, a transaction.
  if (keys.length === 0) {
    const plain = new PgExecutionCreator(pool, { retryUnavailableMs: DATABASE_RETRY_MS });
    return { createExecution: (e: NewExecution) => plain.createExecution({ ...e, webhookId }) };
  }
  const createKeyed = async (e: NewExecution) => {
    const result = await insertKeyedDelivery(pool, { ...e, webhookId }, keys, IDEMPOTENCY_WINDOW_MS);
    if (result.kind === 'duplicate') throw new DuplicateDelivery(result.executionId);
    return { id: result.id };
  };
  // Retried while Postgres is unreachable: if a lost connection hid a commit, the retry finds
  // the keys taken and answers the first execution as the duplicate it is.
  return { createExecution: (e: NewExecution) => retryWhileUnavailable(() => createKeyed(e), DATABASE_RETRY_MS) };
}
