import { findMigrationsDir, migrationStatus, shippedMigrations, type PgPool } from '@weft/db';
import { untilConnected } from '@weft/queue';
import { CheckFailed, runChecks, type CheckOutcome } from './readiness';

export interface ReadinessDeps {
  /** Answers `SELECT 1` (a pg pool). */
  db: { query(sql: string): Promise<unknown> };
  /** ioredis (or a Cluster): PING. */
  redis?: { ping(): Promise<string> };
  /** Pending migrations, from `migrationStatus`; absent: not checked (no migrations folder found). */
  pendingMigrations?: () => Promise<string[]>;
}

export interface Readiness {
  ready: boolean;
  checks: CheckOutcome[];
}

/**
 * What `health/ready` checks on web and worker alike: Postgres answers, Redis answers, and
 * every migration this build ships is applied (so a process started before the migrate job
 * finished is not sent traffic).
 */
export async function checkReadiness(deps: ReadinessDeps, timeoutMs = 2_000): Promise<Readiness> {
  const checks: Record<string, () => Promise<void>> = {
    database: async () => {
      await deps.db.query('SELECT 1');
    },
  };
  const { redis, pendingMigrations } = deps;
  if (redis) {
    checks.redis = async () => {
      await untilConnected(redis);
      await redis.ping();
    };
  }
  if (pendingMigrations) {
    checks.migrations = async () => {
      const pending = await pendingMigrations();
      if (pending.length > 0)
        throw new CheckFailed(
          `${pending.length} migration(s) not applied: ${pending.slice(0, 3).join(', ')}${pending.length > 3 ? ', …' : ''}`,
        );
    };
  }
  const results = await runChecks(checks, timeoutMs);
  return { ready: results.every((r) => r.ok), checks: results };
}

/** What a not-ready answer says (web's 503 body and the worker's use the same words). */
export function notReadyError(checks: readonly CheckOutcome[]): {
  message: string;
  details: Array<{ path: string; message: string }>;
} {
  const failed = checks.filter((c) => !c.ok);
  return {
    message: `Not ready: ${failed.map((f) => f.name).join(', ')} ${failed.length === 1 ? 'is' : 'are'} not ready`,
    details: failed.map((f) => ({ path: f.name, message: f.message ?? 'unavailable' })),
  };
}

let shipped: string[] | null | undefined;

/**
 * The readiness dependencies of a process (web or worker) with a pg pool and Redis. The
 * shipped migrations are read once per process from `prisma/migrations`; without that
 * folder (a trimmed image) migrations are not checked.
 */
export function readinessDeps(services: {
  pool: PgPool;
  redis?: { ping(): Promise<string> } | undefined;
}): ReadinessDeps {
  if (shipped === undefined) {
    const dir = findMigrationsDir();
    shipped = dir ? shippedMigrations(dir) : null;
  }
  const names = shipped;
  const { pool, redis } = services;
  return {
    db: pool,
    ...(redis ? { redis } : {}),
    ...(names ? { pendingMigrations: async () => (await migrationStatus(pool, names)).pending } : {}),
  };
}
