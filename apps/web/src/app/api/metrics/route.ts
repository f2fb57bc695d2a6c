import { metricsAccess, metricsRefusal } from '@weft/observability';
import { defineRoute } from '@/server/http/define-route';
import { ApiError } from '@/server/http/errors';

export const dynamic = 'force-dynamic';

/**
 * Prometheus text (SPEC §8, docs/operations.md "Metrics"). Not a user route: Prometheus
 * presents METRICS_TOKEN as a bearer, or scrapes from a METRICS_ALLOW_CIDRS address.
 */
export const GET = defineRoute({ permission: 'public' }, async ({ req, ip, services }) => {
  const access = metricsAccess(services.config.metrics, { authorization: req.headers.get('authorization'), ip });
  if (access === 'unauthorized')
    throw new ApiError('UNAUTHENTICATED', metricsRefusal(access), undefined, {
      'www-authenticate': 'Bearer realm="weft-metrics"',
    });
  if (access === 'forbidden') throw new ApiError('FORBIDDEN', metricsRefusal(access));
  return new Response(await services.metrics.render(), {
    headers: { 'content-type': services.metrics.contentType, 'cache-control': 'no-store' },
  });
});
