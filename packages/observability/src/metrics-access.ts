import { timingSafeEqual } from 'node:crypto';
import { isAllowed } from '@weft/config';

export type MetricsAccess = 'allowed' | 'unauthorized' | 'forbidden';

/**
 * Who may scrape metrics (web `/api/metrics`, workers' `/metrics`): a request bearing
 * `METRICS_TOKEN`, or one from an address in `METRICS_ALLOW_CIDRS` (default loopback only).
 * With a token configured, a request that presents a wrong one is refused even from an
 * allowed address; 'unauthorized' (401) when a token would help, else 'forbidden' (403).
 */
export function metricsAccess(
  settings: { token: string | undefined; allowCidrs: string[] },
  request: { authorization: string | null; ip: string | null },
): MetricsAccess {
  const presented = /^Bearer\s+(.+)$/i.exec(request.authorization ?? '')?.[1]?.trim();
  if (settings.token && presented !== undefined)
    return constantTimeEqual(presented, settings.token) ? 'allowed' : 'unauthorized';
  if (isAllowed(request.ip, settings.allowCidrs) && settings.allowCidrs.length > 0) return 'allowed';
  return settings.token ? 'unauthorized' : 'forbidden';
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The words a refused scraper gets back (no detail about what is configured beyond the variable names). */
export function metricsRefusal(access: Exclude<MetricsAccess, 'allowed'>): string {
  return access === 'unauthorized'
    ? 'metrics need Authorization: Bearer <METRICS_TOKEN>'
    : 'metrics are served only to METRICS_ALLOW_CIDRS addresses; set METRICS_TOKEN to scrape from elsewhere';
}
