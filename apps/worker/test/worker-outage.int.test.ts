import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgExecutionCreator } from '@weft/db';
import { startExecution, WorkflowDefinition } from '@weft/engine';
import { startTcpProxy, type TcpProxy } from '../../../test/integration/tcp-proxy';
import { spawnWorkerProcess } from '../../../test/integration/worker-process';
import { useConnections } from './connections';

/**
 * A worker rides out a Postgres or a Redis outage of 30 s (issue 19, item 9): it backs off and
 * reconnects, keeps its leases' fencing, and exits only when told to. The worker process reaches
 * Postgres and Redis through TCP proxies that the test cuts — every connection dropped, new ones
 * refused — while executions keep arriving (written by this test straight to Postgres and
 * Redis), a schedule fires every second and the reconciler beats every second. Afterwards every
 * execution has succeeded, once, and no finished http step was called again.
 */
const PREFIX = `weft-test-outage-${randomUUID().slice(0, 8)}`;
const db = useConnections(PREFIX);
const OUTAGE_MS = Number(process.env.OUTAGE_TEST_MS ?? 30_000);
const DATABASE_URL = process.env.DATABASE_URL!;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let server: Server;
let baseUrl: string;
let pgProxy: TcpProxy;
let redisProxy: TcpProxy;
// When the http node called, per execution (the body names the execution).
const calls = new Map<string, number[]>();
let worker: ChildProcess | undefined;
let output = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const id = (JSON.parse(body || '{}') as { executionId?: string }).executionId ?? '?';
      calls.set(id, [...(calls.get(id) ?? []), Date.now()]);
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 100);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  pgProxy = await startTcpProxy(Number(new URL(DATABASE_URL).port || 5432));
  redisProxy = await startTcpProxy(Number(new URL(REDIS_URL).port || 6379));
});

afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  await pgProxy?.close();
  await redisProxy?.close();
  await new Promise((r) => server?.close(r));
});

const definition = (url: string) =>
  WorkflowDefinition.parse({
    name: 'outage',
    nodes: [
      { id: 'start', type: 'trigger', parameters: {} },
      { id: 'call', type: 'http', parameters: { method: 'POST', url, body: { executionId: '{{ $execution.id }}' } } },
      { id: 'done', type: 'transform', parameters: { fields: { ok: '{{ $input.body.ok }}' } } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'call' },
      { id: 'e2', source: 'call', target: 'done' },
    ],
  });

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `npm start`'s worker (apps/worker/src/main.ts) reaching Postgres and Redis through the proxies. */
function spawnWorker(): ChildProcess {
  const child = spawnWorkerProcess(
    {
      DATABASE_URL: pgProxy.url(DATABASE_URL),
      REDIS_URL: redisProxy.url(REDIS_URL),
      QUEUE_PREFIX: PREFIX,
      HTTP_ALLOW_PRIVATE: 'true',
      WORKER_LOCK_DURATION_MS: '3000',
      RECONCILE_INTERVAL_MS: '1000',
      RECONCILE_GRACE_MS: '3000',
      RETENTION_INTERVAL_MS: '1000',
    },
    ['ignore', 'pipe', 'pipe'],
  );
  output = '';
  child.stdout!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr!.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  return child;
}

async function workflowRunner(name: string) {
  const def = definition(`${baseUrl}/call`);
  const wf = await db.prisma.workflow.create({
    data: {
      name: `${name} ${PREFIX}`,
      activeVersion: 1,
      versions: { create: { version: 1, definition: def as never } },
    },
    include: { versions: true },
  });
  const version = wf.versions[0]!;
  const start = () =>
    startExecution(
      { executions: new PgExecutionCreator(db.pool), wakes: db.queue },
      {
        workflowId: wf.id,
        workflowVersionId: version.id,
        version: 1,
        trigger: 'manual',
        triggerData: {},
        definition: def,
      },
    );
  return { workflowId: wf.id, start };
}
const TERMINAL = ['succeeded', 'failed', 'canceled', 'timed_out'] as const;

describe('a worker process', () => {
  it(
    `rides out a ${OUTAGE_MS / 1000} s Postgres outage and a ${OUTAGE_MS / 1000} s Redis outage: it stays up and ` +
      `every execution succeeds once`,
    async () => {
      const { workflowId, start } = await workflowRunner('outage');
      const wf = { id: workflowId };
      // The worker reconciles timers with the table on its beat: this schedule fires every second.
      await db.prisma.schedule.create({
        data: { workflowId, cron: '* * * * * *', overlap: 'allow', maxInstances: 100, catchUpWindowSec: 600 },
      });

      worker = spawnWorker();
      let exit: { code: number | null; signal: string | null } | undefined;
      worker.once('exit', (code, signal) => (exit = { code, signal }));

      const first = await start();
      await expect
        .poll(async () => (await db.prisma.execution.findUnique({ where: { id: first.executionId } }))?.status, {
          timeout: 30_000,
          interval: 200,
        })
        .toBe('succeeded');

      // Work keeps arriving for the whole test, written past the worker's proxies.
      let arriving = true;
      const feeder = (async () => {
        while (arriving) {
          await start();
          await pause(150);
        }
      })();
      try {
        await pause(2_000);
        await pgProxy.cut();
        await pause(OUTAGE_MS);
        await pgProxy.restore();
        await pause(5_000);
        expect(exit, `the worker exited during the Postgres outage:\n${output}`).toBeUndefined();
        await redisProxy.cut();
        await pause(OUTAGE_MS);
        await redisProxy.restore();
        await pause(3_000);
      } finally {
        arriving = false;
        await feeder;
      }

      // Everything drains: every execution of the workflow ends, and succeeded.
      await expect
        .poll(
          async () => db.prisma.execution.count({ where: { workflowId: wf.id, status: { notIn: [...TERMINAL] } } }),
          {
            timeout: 120_000,
            interval: 500,
          },
        )
        .toBe(0);
      expect(exit, `the worker exited:\n${output}`).toBeUndefined();
      const byStatus = await db.prisma.execution.groupBy({
        by: ['status'],
        where: { workflowId: wf.id },
        _count: true,
      });
      expect(byStatus.map((g) => [g.status, g._count]).filter(([s]) => s !== 'succeeded')).toEqual([]);
      const executions = await db.prisma.execution.findMany({
        where: { workflowId: wf.id },
        select: { id: true, trigger: true },
      });
      expect(executions.length).toBeGreaterThan(100);
      expect(executions.some((e) => e.trigger === 'schedule')).toBe(true);
      // A finished http step is never called again: one succeeded call step per execution, and
      // no call arrived after it had finished (a call cut off mid-flight may be made again).
      const steps = await db.prisma.executionStep.findMany({
        where: { nodeId: 'call', status: 'succeeded', execution: { workflowId: wf.id } },
        select: { executionId: true, finishedAt: true },
      });
      expect(steps).toHaveLength(executions.length);
      expect(new Set(steps.map((s) => s.executionId)).size).toBe(executions.length);
      const again = steps.filter((s) => (calls.get(s.executionId) ?? []).some((t) => t > s.finishedAt!.getTime()));
      expect(again.map((s) => s.executionId)).toEqual([]);
      worker.kill('SIGTERM');
      await new Promise((r) => (exit ? r(undefined) : worker!.once('exit', r)));
      expect(exit).toEqual({ code: 0, signal: null });
    },
    OUTAGE_MS * 2 + 240_000,
  );

  // A supervisor restarts a worker while Postgres (or Redis) is still coming back: `npm run soak`
  // saw such workers exit 1 ("worker could not start"), because start-up read the schedules.
  it.each([
    ['Postgres', () => pgProxy],
    ['Redis', () => redisProxy],
  ])(
    'started while %s is unreachable, waits for it instead of exiting, then works',
    async (_name, proxy) => {
      const { workflowId, start } = await workflowRunner('late start');
      await proxy().cut();
      const late = spawnWorker();
      let exit: { code: number | null; signal: string | null } | undefined;
      late.once('exit', (code, signal) => (exit = { code, signal }));
      try {
        await pause(12_000);
        expect(exit, `the worker exited while starting:\n${output}`).toBeUndefined();
        const { executionId } = await start();
        await proxy().restore();
        const status = async () => (await db.prisma.execution.findUnique({ where: { id: executionId } }))?.status;
        await expect.poll(status, { timeout: 60_000, interval: 250 }).toMatch(/succeeded|failed/);
        expect(await status(), `exit: ${JSON.stringify(exit)}\n${output}`).toBe('succeeded');
        expect(await db.prisma.execution.count({ where: { workflowId, status: { not: 'succeeded' } } })).toBe(0);
        late.kill('SIGTERM');
        await new Promise((r) => (exit ? r(undefined) : late.once('exit', r)));
        expect(exit).toEqual({ code: 0, signal: null });
      } finally {
        await proxy()
          .restore()
          .catch(() => undefined);
        if (late.exitCode === null) late.kill('SIGKILL');
      }
    },
    120_000,
  );
});
