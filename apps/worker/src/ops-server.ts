import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkReadiness, metricsAccess, metricsRefusal, notReadyError, readinessDeps } from '@weft/observability';
import type { WorkerServices } from './composition';

/**
 * The worker's own small HTTP server on WORKER_METRICS_PORT (docs/operations.md):
 * `/metrics` (Prometheus; METRICS_TOKEN or METRICS_ALLOW_CIDRS, like the web's),
 * `/health/live` (the process answers) and `/health/ready` (Postgres, Redis and migrations,
 * 503 naming what failed — the same words as the web's). Port 0 picks a free port, which is
 * returned (and shown on the Workers page). node:http and no framework: three GET routes.
 */
export async function startOpsServer(services: WorkerServices): Promise<{ port: number; close(): Promise<void> }> {
  const { config, logger } = services;
  const server = createServer((req, res) => {
    handle(services, req, res).catch((err: unknown) => {
      logger.error({ err: (err as Error).message, path: req.url }, 'ops server error');
      if (!res.headersSent) send(res, 500, { error: { code: 'INTERNAL', message: 'internal error' } });
      else res.destroy();
    });
  });
  // Keep-alive scrapes from Prometheus should not hold the worker open at shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `cannot serve metrics on ${config.metrics.host}:${config.metrics.port} (WORKER_METRICS_PORT): ` +
            `${err.code ?? err.message}; pick another port, or 0 for any free one`,
        ),
      ),
    );
    server.listen(config.metrics.port, config.metrics.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function handle(services: WorkerServices, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return send(
      res,
      405,
      { error: { code: 'METHOD_NOT_ALLOWED', message: 'only GET is served here' } },
      { allow: 'GET, HEAD' },
    );
  switch (path) {
    case '/health/live':
      return send(res, 200, { status: 'ok' });
    case '/health/ready': {
      const { ready, checks } = await checkReadiness(readinessDeps({ pool: services.pool, redis: services.producer }));
      if (ready) return send(res, 200, { status: 'ok', checks: Object.fromEntries(checks.map((c) => [c.name, 'ok'])) });
      for (const f of checks.filter((c) => !c.ok))
        services.logger.warn({ check: f.name, err: f.error }, 'readiness check failed');
      return send(res, 503, { error: { code: 'SERVICE_UNAVAILABLE', ...notReadyError(checks) } });
    }
    case '/metrics': {
      // The TCP peer: a worker's port is scraped directly, never through a proxy.
      const access = metricsAccess(services.config.metrics, {
        authorization: req.headers.authorization ?? null,
        ip: req.socket.remoteAddress ?? null,
      });
      if (access === 'unauthorized')
        return send(
          res,
          401,
          { error: { code: 'UNAUTHENTICATED', message: metricsRefusal(access) } },
          { 'www-authenticate': 'Bearer realm="weft-metrics"' },
        );
      if (access === 'forbidden')
        return send(res, 403, { error: { code: 'FORBIDDEN', message: metricsRefusal(access) } });
      const text = await services.metrics.render();
      res.writeHead(200, { 'content-type': services.metrics.contentType, 'cache-control': 'no-store' });
      res.end(text);
      return;
    }
    default:
      return send(res, 404, {
        error: { code: 'NOT_FOUND', message: `nothing at ${path}; try /metrics, /health/live or /health/ready` },
      });
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}
