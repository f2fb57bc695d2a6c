import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaAuditRepository, type AuditEntry, type Db, type Repositories } from '@weft/db';
import type { Logger } from 'pino';

export type { AuditEntry };

/**
 * Audit events also go to the log as JSON lines (`"audit": {…}`), for a SIEM — but only once they
 * are committed: an event recorded in a transaction is logged after that transaction commits and
 * never if it rolls back (`afterCommit`); one recorded outside a transaction (a failed login) is
 * committed and logged at once. The logger is the request's, set by `withAuditLog` (defineRoute).
 */
const scope = new AsyncLocalStorage<{ logger: Logger; pending: Array<() => void> }>();

/** Runs a request's handler with the logger its audit events are written to. */
export async function withAuditLog<T>(logger: Logger, fn: () => Promise<T>): Promise<T> {
  const s = { logger, pending: [] as Array<() => void> };
  const result = await scope.run(s, fn);
  for (const log of s.pending) log();
  return result;
}

function logAudit(logger: Logger, entry: AuditEntry): void {
  logger.info({ audit: { ...entry, actorType: entry.actorType ?? 'user', at: new Date().toISOString() } }, 'audit');
}

/** Records `entry` through the repositories in hand: inside `store.transaction` it commits (or rolls back) with the change it records. */
export async function recordAudit(
  into: Pick<Repositories, 'audit' | 'afterCommit'> | Db,
  entry: AuditEntry,
): Promise<void> {
  // TRANSITION (issue 20): callers not yet on repositories pass a Prisma client or transaction client.
  const s = scope.getStore();
  const repos = 'afterCommit' in into ? into : legacyRepositories(into, s?.pending);
  await repos.audit.record(entry);
  if (s) repos.afterCommit(() => logAudit(s.logger, entry));
}

/** TRANSITION (issue 20): a transaction client's record is logged when the handler returned, as before. */
function legacyRepositories(
  db: Db,
  pending: Array<() => void> | undefined,
): Pick<Repositories, 'audit' | 'afterCommit'> {
  const inTransaction = !('$transaction' in db);
  return {
    audit: new PrismaAuditRepository(db),
    afterCommit: (fn) => {
      if (inTransaction && pending) pending.push(fn);
      else fn();
    },
  };
}
