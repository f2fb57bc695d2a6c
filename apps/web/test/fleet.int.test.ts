// The worker fleet (docs/operations.md "Worker fleet and the queue"): real worker processes
// (`apps/worker/src/main.ts`) beat into Redis; GET /api/workers shows them live, a killed
// one gone after WORKER_STALE_MS, one stopped with SIGTERM as stopped.
import type { ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';
import { startTcpProxy } from '../../../test/integration/tcp-proxy';
import { spawnWorkerProcess, stopWorkerProcess } from '../../../test/integration/worker-process';

const PREFIX = uniqueQueuePrefix('fleet');
process.env.QUEUE_PREFIX = PREFIX;

import { fleetKey, redisTimeMs, type FleetWorker } from '@weft/queue';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import * as workersRoute from '../src/app/api/workers/route';
import { disposeServices, getServices } from '../src/server/composition';
import { redisOf } from '../src/server/operations/redis';
import { createUserWithSession, request, routeParams } from './helpers';
import { testDb } from '../../../test/integration/db';

const FAST = { WORKER_HEARTBEAT_MS: '200', WORKER_STALE_MS: '1000', WORKER_METRICS_PORT: '0' };
const children: ChildProcess[] = [];
let admin: { cookie: string };
let owner: { cookie: string };
let member: { cookie: string };

beforeAll(async () => {
  // These workers' reconciler wakes every execution nobody drives in the shared test database,
  // and earlier files may leave some (e.g. accepted while their Redis was down): end them
  // first, so a worker's `running` count here is this file's own.
  await testDb().execution.updateMany({
    where: { status: { in: ['queued', 'running'] } },
    data: { status: 'canceled', finishedAt: new Date(), leaseOwner: null, leaseUntil: null },
  });
  admin = await createUserWithSession('admin', 'fleet-admin');
  owner = await createUserWithSession('owner', 'fleet-owner');
  member = await createUserWithSession('member', 'fleet-member');
});

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => stopWorkerProcess(c, 'SIGKILL')));
});

afterAll(async () => {
  await redisOf(getServices()).del(fleetKey(PREFIX));
  await disposeServices();
});

function startWorker(
  env: Record<string, string> = FAST,
): ChildProcess & { stderrText: () => string; logText: () => string } {
  const child = spawnWorkerProcess({ QUEUE_PREFIX: PREFIX, WORKER_CONCURRENCY: '3', ...env }, [
    'ignore',
    'pipe',
    'pipe',
  ]);
  let stderr = '';
  let log = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    process.stderr.write(d);
  });
  // JSON log lines (pino writes to stdout).
  child.stdout!.on('data', (d: Buffer) => {
    log += d.toString();
  });
  children.push(child);
  return Object.assign(child, { stderrText: () => stderr, logText: () => log });
}

async function workers(cookie = admin.cookie): Promise<{ items: FleetWorker[]; staleMs: number; heartbeatMs: number }> {
  const res = await workersRoute.GET(request('/api/workers', { cookie }));
  expect(res.status).toBe(200);
  return (await res.json()) as { items: FleetWorker[]; staleMs: number; heartbeatMs: number };
}

const byPid = async (pid: number | undefined) => (await workers()).items.find((w) => w.pid === pid);

describe('the worker fleet', () => {
  it(
    'two workers are live with their pids; a SIGKILLed one turns gone after the stale timeout, the other stays ' +
      'live; SIGTERM leaves it stopped',
    async () => {
      const a = startWorker();
      // Each worker is judged by its own WORKER_STALE_MS: b's is long, so a busy CI machine
      // can't make it look gone while a's 1 s runs out.
      const b = startWorker({ ...FAST, WORKER_STALE_MS: '10000' });
      await expect.poll(async () => (await byPid(a.pid))?.state, { timeout: 30_000 }).toBe('live');
      await expect.poll(async () => (await byPid(b.pid))?.state, { timeout: 30_000 }).toBe('live');

      const wa = (await byPid(a.pid))!;
      expect(wa).toMatchObject({
        state: 'live',
        status: 'running',
        concurrency: 3,
        running: 0,
        host: expect.any(String),
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      });
      // Judged by its own WORKER_STALE_MS, whatever the web process's is (this one's is the default).
      expect(wa.staleMs).toBe(1000);
      expect((await workers()).staleMs).toBe(30_000);
      expect(wa.id).toMatch(new RegExp(`^${a.pid}-[0-9a-f]{8}$`));
      // WORKER_METRICS_PORT=0: the port the worker actually listens on, or none yet.
      expect(wa.metricsPort === null || (Number.isInteger(wa.metricsPort) && wa.metricsPort > 0)).toBe(true);
      expect(Date.parse(wa.lastHeartbeatAt)).toBeGreaterThanOrEqual(Date.parse(wa.startedAt) - 5_000);

      await stopWorkerProcess(a, 'SIGKILL');
      // Still listed, and still live until its last beat is older than WORKER_STALE_MS.
      await expect.poll(async () => (await byPid(a.pid))?.state, { timeout: 15_000 }).toBe('gone');
      expect((await byPid(b.pid))?.state).toBe('live');
      // Live ones first.
      expect((await workers()).items[0]).toMatchObject({ pid: b.pid, state: 'live' });

      await stopWorkerProcess(b, 'SIGTERM');
      expect(b.exitCode).toBe(0);
      expect((await byPid(b.pid))?.state).toBe('stopped');
    },
  );

  it('counts the drives a worker is running', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const server = createHttpServer(
      (_req, res) => void held.then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}')),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hold`;
      const definition = {
        name: 'Held call',
        nodes: [
          { id: 'start', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
          {
            id: 'call',
            type: 'http',
            name: 'Call',
            position: { x: 200, y: 0 },
            parameters: { url },
            settings: { retry: { maxRetries: 0 } },
          },
        ],
        edges: [{ id: 'e1', source: 'start', target: 'call' }],
      };
      const wf = (await (
        await importRoute.POST(request('/api/workflows/import', { body: definition, cookie: owner.cookie }))
      ).json()) as { id: string };
      const child = startWorker({ ...FAST, HTTP_ALLOW_PRIVATE: 'true' });
      await expect.poll(async () => (await byPid(child.pid))?.state, { timeout: 30_000 }).toBe('live');
      for (let i = 0; i < 2; i++) {
        expect(
          (
            await runRoute.POST(
              request(`/api/workflows/${wf.id}/run`, { body: {}, cookie: owner.cookie }),
              routeParams({ id: wf.id }),
            )
          ).status,
        ).toBe(202);
      }
      await expect.poll(async () => (await byPid(child.pid))?.running, { timeout: 15_000 }).toBe(2);
      release();
      await expect.poll(async () => (await byPid(child.pid))?.running, { timeout: 15_000 }).toBe(0);
    } finally {
      release();
      await new Promise((r) => server.close(r));
    }
  });

  it('a worker cut off from Redis shows gone, keeps running, and is live again once Redis is back', async () => {
    const proxy = await startTcpProxy(6379);
    const child = startWorker({ ...FAST, REDIS_URL: proxy.url('redis://127.0.0.1:6379') });
    try {
      await expect.poll(async () => (await byPid(child.pid))?.state, { timeout: 30_000 }).toBe('live');
      await proxy.cut();
      await expect.poll(async () => (await byPid(child.pid))?.state, { timeout: 15_000 }).toBe('gone');
      expect(child.exitCode).toBeNull();
      await proxy.restore();
      await expect.poll(async () => (await byPid(child.pid))?.state, { timeout: 30_000 }).toBe('live');
      expect(child.logText()).toContain('heartbeat failed; retrying at the next beat');
      expect(child.logText()).toContain('heartbeat recovered');
    } finally {
      await proxy.cut().catch(() => undefined);
    }
  });

  it('refuses to start when WORKER_STALE_MS is under 3 × WORKER_HEARTBEAT_MS, naming both', async () => {
    const child = startWorker({ WORKER_HEARTBEAT_MS: '1000', WORKER_STALE_MS: '2000' });
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).not.toBe(0);
    expect(child.stderrText()).toContain('WORKER_STALE_MS');
    expect(child.stderrText()).toContain('WORKER_HEARTBEAT_MS');
    expect((await workers()).items.find((w) => w.pid === child.pid)).toBeUndefined();
  });

  it('forgets workers that left long ago and entries that are not heartbeats', async () => {
    const redis = redisOf(getServices());
    const now = await redisTimeMs(redis);
    const entry = (id: string, status: string, beatAt: number) =>
      JSON.stringify({
        id,
        host: 'h',
        pid: 1,
        version: '0.0.0',
        concurrency: 1,
        running: 0,
        startedAt: new Date(beatAt).toISOString(),
        metricsPort: null,
        status,
        beatAt,
      });
    await redis.hset(fleetKey(PREFIX), {
      'gone-recently': entry('gone-recently', 'running', now - 60_000),
      'gone-long-ago': entry('gone-long-ago', 'running', now - 25 * 3600_000),
      'stopped-recently': entry('stopped-recently', 'stopped', now - 60_000),
      'stopped-long-ago': entry('stopped-long-ago', 'stopped', now - 2 * 3600_000),
      garbage: '{"not":"a heartbeat"',
    });
    const ids = (await workers()).items.map((w) => `${w.id}:${w.state}`);
    expect(ids).toEqual(expect.arrayContaining(['gone-recently:gone', 'stopped-recently:stopped']));
    expect(ids.some((i) => /long-ago|garbage/.test(i))).toBe(false);
    expect((await redis.hkeys(fleetKey(PREFIX))).sort()).toEqual(
      expect.not.arrayContaining(['gone-long-ago', 'stopped-long-ago', 'garbage']),
    );
  });

  it('is for owners and admins: a member gets 403, no session 401', async () => {
    expect((await workersRoute.GET(request('/api/workers', { cookie: member.cookie }))).status).toBe(403);
    expect((await workersRoute.GET(request('/api/workers'))).status).toBe(401);
  });
});
