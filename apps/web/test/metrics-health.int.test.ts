// Metrics and health on web and on a real worker process (docs/operations.md "Processes and
// probes", "Metrics"): after a run, the worker's /metrics has the SPEC §8 names with what
// happened; the web's /api/metrics counts webhook answers; both answer only to a token or
// an allowed address; readiness names a pending migration.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

const PREFIX = uniqueQueuePrefix('metrics');
const TOKEN = 'metrics-test-token-0123456789';
process.env.QUEUE_PREFIX = PREFIX;
process.env.METRICS_TOKEN = TOKEN;
process.env.HTTP_ALLOW_PRIVATE = 'true';

import * as hookRoute from '../src/app/api/hooks/[token]/route';
import * as metricsRoute from '../src/app/api/metrics/route';
import * as readyRoute from '../src/app/api/health/ready/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';
import { peerHeader } from './peer';
import { finishedExecution } from './run-worker';
import { importWorkflow } from './webhooks';
import { node, startNode } from '../../../test/fixtures/node';

const ROOT = new URL('../../../', import.meta.url).pathname;
let owner: { cookie: string };
let worker: ChildProcess;
let workerPort: number;
let target: Server;
let targetUrl: string;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'metrics-owner');
  target = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}/ping`;
  worker = spawn(process.execPath, ['--import', 'tsx', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      WORKER_METRICS_PORT: '0',
      WORKER_METRICS_HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The worker's JSON start-up line says which free port it took.
  workerPort = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`no "worker started" line: ${buffered.slice(-2000)}`)), 30_000);
    worker.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      for (const line of buffered.split('\n')) {
        if (!line.includes('"worker started"')) continue;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { metricsPort: number }).metricsPort);
      }
    });
  });
});

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGTERM');
    await exited;
  }
  await new Promise((r) => target?.close(r));
  await disposeServices();
});

const fromWorker = (path: string, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${workerPort}${path}`, { headers });

/** The value of one sample line, e.g. `weft_http_calls_total`; undefined when absent. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(name + ' '));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('a worker process', () => {
  it('answers live and ready (database, redis, migrations)', async () => {
    const live = await fromWorker('/health/live');
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    const ready = await fromWorker('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok', migrations: 'ok' } });
    expect((await fromWorker('/nope')).status).toBe(404);
  });

  it('after a run, /metrics has the SPEC §8 names with the run, its nodes and its HTTP call', async () => {
    const definition = {
      name: 'Metrics run',
      nodes: [
        startNode,
        node('call', 'http', { url: targetUrl }, { name: 'Call', x: 200 }),
        node('shape', 'transform', { fields: { ok: '{{ $input.body.ok }}' } }, { name: 'Shape', x: 400 }),
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'call' },
        { id: 'e2', source: 'call', target: 'shape' },
      ],
    };
    const workflowId = await importWorkflow(owner, definition);
    const res = await runRoute.POST(
      request(`/api/workflows/${workflowId}/run`, { body: { input: {} }, cookie: owner.cookie }),
      routeParams({ id: workflowId }),
    );
    expect((await finishedExecution(res)).status).toBe('succeeded');

    // Loopback is in the default METRICS_ALLOW_CIDRS: no token needed from here. Counters are
    // at least this run's: the worker's reconciler also wakes stranded executions that
    // earlier test files left in the shared database, which it then drives and counts.
    const scrape = await fromWorker('/metrics');
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scrape.text();
    expect(sample(text, 'weft_executions_total{status="succeeded",trigger="manual"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'weft_execution_duration_seconds_count{status="succeeded"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'weft_node_runs_total{type="http",status="succeeded"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'weft_node_runs_total{type="transform",status="succeeded"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'weft_node_runs_total{type="trigger",status="succeeded"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'weft_node_duration_seconds_count{type="http"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'weft_http_calls_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'weft_queue_jobs{queue="executions",state="waiting"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'weft_queue_jobs{queue="executions",state="completed"}')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'weft_queue_jobs{queue="retention",state="waiting"}')).toBeGreaterThanOrEqual(0);
    // Registered from the start (nothing here is old enough to prune).
    expect(sample(text, 'weft_executions_pruned_total')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('/metrics refuses a wrong token even from an allowed address', async () => {
    const res = await fromWorker('/metrics', { authorization: 'Bearer wrong-token-0123456789' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/METRICS_TOKEN/);
    expect((await fromWorker('/metrics', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});

describe('the web process', () => {
  const metrics = (headers: Record<string, string>) => metricsRoute.GET(request('/api/metrics', { headers }));

  it('/api/metrics needs METRICS_TOKEN from elsewhere, and counts webhook answers by status', async () => {
    // An unknown hook token: 404, counted.
    const hook = await hookRoute.POST(
      request('/api/hooks/whk_unknown', { body: {} }),
      routeParams({ token: 'whk_unknown' }),
    );
    expect(hook.status).toBe(404);

    const outside = await metrics(peerHeader('203.0.113.7'));
    expect(outside.status).toBe(401);
    expect((await errorOf(outside)).message).toBe('metrics need Authorization: Bearer <METRICS_TOKEN>');
    expect((await metrics({ ...peerHeader('203.0.113.7'), authorization: 'Bearer not-the-token-at-all' })).status).toBe(
      401,
    );

    for (const headers of [
      { ...peerHeader('203.0.113.7'), authorization: `Bearer ${TOKEN}` },
      peerHeader('127.0.0.1'),
    ]) {
      const res = await metrics(headers);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(sample(text, 'weft_webhook_requests_total{status="404"}')).toBeGreaterThanOrEqual(1);
      // Registered in every process, so dashboards find the names wherever they scrape.
      expect(text).toContain('# TYPE weft_executions_total counter');
      expect(text).toContain('# TYPE weft_execution_duration_seconds histogram');
      expect(text).toContain('# TYPE weft_node_duration_seconds histogram');
      expect(text).toContain('# TYPE weft_queue_jobs gauge');
      expect(text).toMatch(/^weft_workers\{state="live"\} \d+/m);
      expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    }
  });

  it('every answer carries a request id: a valid X-Request-Id is kept, anything else replaced', async () => {
    const kept = await readyRoute.GET(request('/api/health/ready', { headers: { 'x-request-id': 'lb-7f3a.1' } }));
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.1');
    const made = await readyRoute.GET(
      request('/api/health/ready', { headers: { 'x-request-id': 'bad id with spaces' } }),
    );
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('readiness with a migration not applied', () => {
  it('web and worker answer 503 naming the migration, then 200 once it is applied', async () => {
    const { pool } = getServices();
    const { rows } = await pool.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1',
    );
    const latest = rows[0]!.migration_name;
    // As if the migrate job had not run it yet (its rows are still there; only the record says so).
    await pool.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [latest]);
    try {
      const web = await readyRoute.GET(request('/api/health/ready'));
      expect(web.status).toBe(503);
      const error = await errorOf(web);
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toBe('Not ready: migrations is not ready');
      expect(error.details).toEqual([{ path: 'migrations', message: `1 migration(s) not applied: ${latest}` }]);
      const fromTheWorker = await fromWorker('/health/ready');
      expect(fromTheWorker.status).toBe(503);
      expect(await fromTheWorker.json()).toEqual({
        error: {
          code: 'SERVICE_UNAVAILABLE',
          message: 'Not ready: migrations is not ready',
          details: [{ path: 'migrations', message: `1 migration(s) not applied: ${latest}` }],
        },
      });
    } finally {
      await pool.query('UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE migration_name = $1', [latest]);
    }
    expect((await readyRoute.GET(request('/api/health/ready'))).status).toBe(200);
    expect((await fromWorker('/health/ready')).status).toBe(200);
  });
});
