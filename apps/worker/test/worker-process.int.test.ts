import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PgExecutionCreator } from '@weft/db';
import { startExecution, WorkflowDefinition, type Json } from '@weft/engine';
import { spawnWorkerProcess } from '../../../test/integration/worker-process';
import { useConnections } from './connections';

/**
 * Worker processes for real (`node --import tsx apps/worker/src/main.ts`), killed and
 * stopped mid-drive: the durability promises of ARCHITECTURE.md.
 */
const PREFIX = `weft-test-${randomUUID().slice(0, 8)}`;
const db = useConnections(PREFIX);
const LOCK_MS = 2_000;

let server: Server;
let baseUrl: string;
const hits: Record<string, number> = {};
const children: ChildProcess[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    const delay = path.startsWith('/slow') ? 2_500 : 0;
    setTimeout(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path, n: hits[path] })),
      delay,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

// A failed test must not leave its workers running into the next one.
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await new Promise((r) => server?.close(r));
});

function spawnWorker(extraEnv: Record<string, string> = {}, stdio: 'inherit' | 'pipe' = 'inherit'): ChildProcess {
  const child = spawnWorkerProcess(
    { QUEUE_PREFIX: PREFIX, HTTP_ALLOW_PRIVATE: 'true', WORKER_LOCK_DURATION_MS: String(LOCK_MS), ...extraEnv },
    ['ignore', stdio, stdio],
  );
  children.push(child);
  return child;
}

async function createRun(tag: string) {
  const definition = WorkflowDefinition.parse({
    name: `durability ${tag}`,
    nodes: [
      { id: 'start', type: 'trigger', parameters: {} },
      { id: 'first', type: 'http', parameters: { url: `${baseUrl}/first-${tag}` } },
      {
        id: 'slow',
        type: 'http',
        parameters: { url: `${baseUrl}/slow-${tag}` },
        settings: { retry: { maxRetries: 0 } },
      },
      {
        id: 'after',
        type: 'transform',
        parameters: { fields: { first: '{{ $nodes.first.body.n }}', slow: '{{ $nodes.slow.body.n }}' } },
      },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'first' },
      { id: 'e2', source: 'first', target: 'slow' },
      { id: 'e3', source: 'slow', target: 'after' },
    ],
  });
  return (await saveWorkflow(definition)).start();
}

/** The workflow saved as version 1, and what starts a manual run of it (with `triggerData`). */
async function saveWorkflow(definition: WorkflowDefinition) {
  const wf = await db.prisma.workflow.create({
    data: { name: definition.name, versions: { create: { version: 1, definition: definition as never } } },
    include: { versions: true },
  });
  const start = async (triggerData: Json = {}) => {
    const { executionId } = await startExecution(
      { executions: new PgExecutionCreator(db.pool), wakes: db.queue },
      {
        workflowId: wf.id,
        workflowVersionId: wf.versions[0]!.id,
        version: 1,
        trigger: 'manual',
        triggerData,
        definition,
      },
    );
    return executionId;
  };
  return { workflowId: wf.id, start };
}

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// A node with side effects is checkpointed as soon as it finishes.
const stepDone = (executionId: string, nodeId: string) => () =>
  db.prisma.executionStep.findFirst({ where: { executionId, nodeId, status: 'succeeded' } });
const finished = (executionId: string) => () =>
  db.prisma.execution.findFirst({
    where: { id: executionId, status: { in: ['succeeded', 'failed', 'timed_out', 'canceled'] } },
  });
const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

describe('worker processes', () => {
  it('a worker SIGKILLed mid-http node: another takes the execution over after its lease, no finished step runs twice', async () => {
    const a = spawnWorker();
    const executionId = await createRun('kill');
    await until('first call checkpointed', stepDone(executionId, 'first'));
    await until('slow request received', async () => hits['/slow-kill'] === 1);
    a.kill('SIGKILL');
    await exited(a);

    const b = spawnWorker();
    const done = await until('execution finished', finished(executionId), 40_000);
    expect(done.status).toBe('succeeded');
    const steps = await db.prisma.executionStep.findMany({ where: { executionId }, orderBy: { startedAt: 'asc' } });
    // One row per node and attempt 1 everywhere: the lost attempt was re-run, not duplicated.
    expect(steps.map((s) => [s.nodeId, s.attempt, s.status])).toEqual([
      ['start', 1, 'succeeded'],
      ['first', 1, 'succeeded'],
      ['slow', 1, 'succeeded'],
      ['after', 1, 'succeeded'],
    ]);
    expect(hits['/first-kill']).toBe(1); // finished before the kill: never ran again
    expect(hits['/slow-kill']).toBe(2); // interrupted attempt + the re-run
    expect(done.output).toEqual({ first: 1, slow: 2 });
    expect(done.nodesExecuted).toBe(4);
    b.kill('SIGTERM');
    expect(await exited(b)).toBe(0);
  }, 90_000);

  it('SIGTERM stops taking jobs but finishes the drive in flight, then exits 0', async () => {
    const a = spawnWorker();
    const executionId = await createRun('term');
    await until('first call checkpointed', stepDone(executionId, 'first'));
    await until('slow request received', async () => hits['/slow-term'] === 1);
    a.kill('SIGTERM');
    expect(await exited(a)).toBe(0);
    const slow = await db.prisma.executionStep.findFirstOrThrow({ where: { executionId, nodeId: 'slow' } });
    expect(slow.status).toBe('succeeded');
    expect(hits['/slow-term']).toBe(1);

    const b = spawnWorker();
    const done = await until('execution finished', finished(executionId), 30_000);
    expect(done.status).toBe('succeeded');
    expect(hits['/slow-term']).toBe(1);
    b.kill('SIGTERM');
    await exited(b);
  }, 90_000);

  it('several workers share the load safely: every fan-in runs once per execution', async () => {
    const workers = [spawnWorker({ WORKER_CONCURRENCY: '8' }), spawnWorker({ WORKER_CONCURRENCY: '8' })];
    const definition = WorkflowDefinition.parse({
      name: 'fan-out fan-in',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        ...['a', 'b', 'c', 'd'].map((id) => ({
          id,
          type: 'transform',
          parameters: { fields: { v: `{{ $input.n & '${id}' }}` } },
        })),
        { id: 'join', type: 'merge', parameters: { mode: 'object' } },
      ],
      edges: [
        ...['a', 'b', 'c', 'd'].map((id) => ({ id: `s-${id}`, source: 'start', target: id })),
        ...['a', 'b', 'c', 'd'].map((id) => ({ id: `${id}-j`, source: id, target: 'join' })),
      ],
    });
    const wf = await saveWorkflow(definition);
    const ids: string[] = [];
    for (let n = 0; n < 40; n++) ids.push(await wf.start({ n }));
    await until(
      'all executions finished',
      async () =>
        (await db.prisma.execution.count({
          where: { workflowId: wf.workflowId, status: { in: ['succeeded', 'failed'] } },
        })) === ids.length,
      60_000,
    );
    const execs = await db.prisma.execution.findMany({
      where: { workflowId: wf.workflowId },
      include: { steps: true },
    });
    for (const e of execs) {
      const n = (e.triggerData as { n: number }).n;
      expect(e.status).toBe('succeeded');
      expect(e.steps).toHaveLength(6);
      expect(e.steps.filter((st) => st.nodeId === 'join')).toHaveLength(1);
      expect(e.output).toEqual({ a: { v: `${n}a` }, b: { v: `${n}b` }, c: { v: `${n}c` }, d: { v: `${n}d` } });
    }
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map(exited));
  }, 90_000);

  it('refuses to start with a bad setting, naming the variable and the rule', async () => {
    const child = spawnWorker(
      { RETRY_BACKOFF_MS: '5000', RETRY_MAX_BACKOFF_MS: '10', WORKER_CONCURRENCY: 'lots' },
      'pipe',
    );
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    expect(await exited(child)).toBe(1);
    expect(stderr).toContain('RETRY_MAX_BACKOFF_MS must be >= RETRY_BACKOFF_MS (5000)');
    expect(stderr).toContain('WORKER_CONCURRENCY must be a number');
  }, 30_000);
});
