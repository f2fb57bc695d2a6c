import 'server-only';
import { ApiError } from './http/errors';
import type { Services } from './composition';

// A readiness probe must answer quickly even when a dependency hangs.
const CHECK_TIMEOUT_MS = 2_000;

type CheckName = 'database' | 'redis';
interface CheckResult {
  name: CheckName;
  ok: boolean;
  message?: string;
  error?: unknown;
}

/**
 * Readiness: Postgres answers `SELECT 1`, and Redis answers PING when the app has Redis.
 * Throws SERVICE_UNAVAILABLE (503) naming each failed dependency in `details`.
 */
export async function checkReadiness(services: Services): Promise<{ status: 'ok'; checks: Record<string, 'ok'> }> {
  const checks: Array<Promise<CheckResult>> = [
    runCheck('database', async () => {
      await services.prisma.$queryRaw`SELECT 1`;
    }),
  ];
  const { redis } = services;
  if (redis) {
    checks.push(
      runCheck('redis', async () => {
        await untilConnected(redis);
        await redis.ping();
      }),
    );
  }
  const results = await Promise.all(checks);
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    for (const f of failed) services.logger.warn({ check: f.name, err: f.error }, 'readiness check failed');
    throw new ApiError(
      'SERVICE_UNAVAILABLE',
      `Not ready: ${failed.map((f) => f.name).join(', ')} unavailable`,
      failed.map((f) => ({ path: f.name, message: f.message ?? 'unavailable' })),
    );
  }
  return { status: 'ok', checks: Object.fromEntries(results.map((r) => [r.name, 'ok' as const])) };
}

async function runCheck(name: CheckName, check: () => Promise<void>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name, ok: true };
  } catch (err) {
    // The reason is logged, not returned: connection errors can carry hostnames and users.
    const timedOut = err instanceof Error && err.message.startsWith('no answer');
    return { name, ok: false, message: timedOut ? (err as Error).message : 'check failed', error: err };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * ioredis without an offline queue rejects commands while its first connection is
 * still opening; a process that just started is not "down", so wait (within the check's
 * timeout) for the connection rather than report a false failure. Structural, so fakes
 * without `status` skip it.
 */
async function untilConnected(redis: object): Promise<void> {
  const r = redis as { status?: unknown; once?: (event: string, listener: () => void) => unknown };
  if (typeof r.status !== 'string' || typeof r.once !== 'function') return;
  if (!['wait', 'connecting', 'connect', 'reconnecting'].includes(r.status)) return;
  await new Promise<void>((resolve) => r.once?.('ready', resolve));
}
