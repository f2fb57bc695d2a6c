import 'server-only';
import { checkReadiness, notReadyError, readinessDeps } from '@weft/observability';
import { ApiError } from './http/errors';
import type { Services } from './composition';

/**
 * Readiness: Postgres answers, Redis answers, and every shipped migration is applied.
 * Throws SERVICE_UNAVAILABLE (503) naming each failed dependency in `details`.
 */
export async function readiness(services: Services): Promise<{ status: 'ok'; checks: Record<string, 'ok'> }> {
  const { ready, checks } = await checkReadiness(readinessDeps(services));
  if (!ready) {
    const failed = checks.filter((c) => !c.ok);
    // The reason is logged, not returned: connection errors can carry hostnames and users.
    for (const f of failed) services.logger.warn({ check: f.name, err: f.error }, 'readiness check failed');
    const { message, details } = notReadyError(checks);
    throw new ApiError('SERVICE_UNAVAILABLE', message, details);
  }
  return { status: 'ok', checks: Object.fromEntries(checks.map((c) => [c.name, 'ok' as const])) };
}
