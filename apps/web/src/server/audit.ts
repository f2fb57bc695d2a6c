import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { json, type PrismaClient } from '@weft/db';
import type { Logger } from 'pino';

/**
 * One audit record (SPEC §8: every create/update/delete/activate/permission change/
 * login/API-key event, with actor, target, result and time).
 * Action names are `<target>.<verb>`: `auth.login`, `user.create`, `api_key.revoke`,
 * `workflow.activate`…
 */
export interface AuditEntry {
  actorId: string | null;
  /** `user` for a person (session or API key), `system` for the app itself. */
  actorType?: 'user' | 'system';
  action: string;
  targetType: string;
  targetId?: string | null;
  result: 'success' | 'failure';
  /** Small, non-secret context: never passwords, tokens or keys. */
  details?: Record<string, unknown>;
  ip?: string | null;
}

/**
 * Audit events also go to the log as JSON lines (`"audit": {…}`), for a SIEM — but only once
 * they are committed: an event written in a transaction is held until the request's handler
 * returned (its transaction committed), and dropped if the handler failed (it rolled back). An
 * event written outside a transaction (a failed login) is committed at once and logged at once.
 */
interface AuditLogScope {
  logger: Logger;
  pending: AuditEntry[];
}
const scope = new AsyncLocalStorage<AuditLogScope>();

/** Runs a request's handler so that its audit events are logged once it succeeded (defineRoute). */
export async function withAuditLog<T>(logger: Logger, fn: () => Promise<T>): Promise<T> {
  const s: AuditLogScope = { logger, pending: [] };
  const result = await scope.run(s, fn);
  for (const entry of s.pending) logAudit(logger, entry);
  return result;
}

function logAudit(logger: Logger, entry: AuditEntry): void {
  logger.info({ audit: { ...entry, actorType: entry.actorType ?? 'user', at: new Date().toISOString() } }, 'audit');
}

/** Accepts the client or a transaction client, so a change and its record can commit together. */
export async function recordAudit(prisma: Pick<PrismaClient, 'auditEvent'>, entry: AuditEntry): Promise<void> {
  await prisma.auditEvent.create({
    data: {
      actorId: entry.actorId,
      actorType: entry.actorType ?? 'user',
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      result: entry.result,
      // Through json(): a detail may hold user input (an attempted email), which may hold U+0000.
      details: entry.details ? json(entry.details) : undefined,
      ip: entry.ip ?? null,
    },
  });
  const s = scope.getStore();
  if (!s) return;
  // A transaction client has no $transaction of its own: its write commits later, or never.
  if ('$transaction' in prisma) logAudit(s.logger, entry);
  else s.pending.push(entry);
}
