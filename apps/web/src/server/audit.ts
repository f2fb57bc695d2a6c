import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditEntry, Repositories } from '@weft/db';
import type { Logger } from 'pino';

export type { AuditEntry };

/**
 * Audit events also go to the log as JSON lines (`"audit": {…}`), for a SIEM — but only once they
 * are committed: an event recorded in a transaction is logged after that transaction commits and
 * never if it rolls back (`afterCommit`); one recorded outside a transaction (a failed login) is
 * committed and logged at once. The logger is the request's, set by `withAuditLog` (defineRoute).
 */
const scope = new AsyncLocalStorage<Logger>();

/** Runs a request's handler with the logger its audit events are written to. */
export function withAuditLog<T>(logger: Logger, fn: () => Promise<T>): Promise<T> {
  return scope.run(logger, fn);
}

function logAudit(logger: Logger, entry: AuditEntry): void {
  logger.info({ audit: { ...entry, actorType: entry.actorType ?? 'user', at: new Date().toISOString() } }, 'audit');
}

/** Records `entry` through the repositories in hand: inside `store.transaction` it commits (or rolls back) with the change it records. */
export async function recordAudit(
  repos: Pick<Repositories, 'audit' | 'afterCommit'>,
  entry: AuditEntry,
): Promise<void> {
  await repos.audit.record(entry);
  const logger = scope.getStore();
  if (logger) repos.afterCommit(() => logAudit(logger, entry));
}
