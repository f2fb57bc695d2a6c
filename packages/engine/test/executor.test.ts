import { describe, expect, it } from 'vitest';
import {
  canTransition,
  DEFAULT_LIMITS,
  DEFAULT_RETRY,
  EngineError,
  isTerminal,
  nodeJobId,
  processNodeJob,
  statusesAllowingTransitionTo,
  TERMINAL_STATUSES,
  toSerializedError,
  WorkflowDefinition,
  type Clock,
  type ExecutionStatus,
  type ExecutorDeps,
  type HttpPort,
  type JobQueue,
  type NodeJob,
  type WorkflowDefinitionInput,
} from '../src';
import { FakeHttp, jsonResponse, MemoryJobQueue, MemoryRunStore } from '../src/testing';

/**
 * ARCHITECTURE invariants: a step recorded as finished is never run again; a terminal
 * execution is never changed; a redelivered or stale job is harmless.
 */

const START = { id: 'start', type: 'trigger', parameters: {} };
const chainDoc: WorkflowDefinitionInput = {
  name: 'chain',
  nodes: [START, { id: 'a', type: 'transform', parameters: { fields: { got: '{{ $input.n }}' } } }, { id: 'b', type: 'transform', parameters: { fields: { done: true } } }],
  edges: [
    { id: 'e1', source: 'start', target: 'a' },
    { id: 'e2', source: 'a', target: 'b' },
  ],
};

function fixedClock(iso = '2024-03-01T12:00:00.000Z'): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => new Date(now), set: (s) => (now = new Date(s)) };
}

function setup(doc: WorkflowDefinitionInput = chainDoc, opts: { http?: HttpPort; input?: unknown; queue?: JobQueue } = {}) {
  const store = new MemoryRunStore();
  const queue = new MemoryJobQueue();
  const clock = fixedClock();
  const def = WorkflowDefinition.parse(doc);
  const exec = store.createExecution(def, (opts.input ?? { n: 1 }) as never, { now: clock.now() });
  const deps: ExecutorDeps = { store, queue: opts.queue ?? queue, http: opts.http ?? new FakeHttp(), limits: DEFAULT_LIMITS, retry: DEFAULT_RETRY, clock };
  const job = (nodeId: string, attempt = 1): NodeJob => ({ executionId: exec.id, nodeId, scope: '', attempt });
  const execution = () => store.executions.get(exec.id)!;
  const finishedSteps = (nodeId: string) => store.stepsOf(exec.id).filter((s) => s.nodeId === nodeId && s.status !== 'running');
  return { store, queue, clock, deps, exec, job, execution, finishedSteps };
}

describe('processNodeJob: a normal run', () => {
  it('runs the trigger, records its step, marks the execution running and enqueues the next node', async () => {
    const { deps, job, queue, execution, store, exec } = setup();
    const outcome = await processNodeJob(job('start'), deps);
    expect(outcome).toEqual({ kind: 'ran', status: 'succeeded', retryScheduled: false, executionFinished: false, nodeType: 'trigger', durationMs: 0 });
    expect(execution().status).toBe('running');
    expect(execution().startedAt).toEqual(new Date('2024-03-01T12:00:00.000Z'));
    expect(store.stepsOf(exec.id)).toMatchObject([{ nodeId: 'start', attempt: 1, status: 'succeeded', input: null, output: { n: 1 }, error: null, starts: 1 }]);
    expect(queue.takeDue()).toEqual([job('a')]);
  });

  it('records the input each node received and finishes with the last output', async () => {
    const { deps, job, queue, execution, store, exec } = setup();
    await processNodeJob(job('start'), deps);
    for (let due = queue.takeDue(); due.length; due = queue.takeDue()) for (const j of due) await processNodeJob(j, deps);
    expect(store.stepsOf(exec.id).map((s) => [s.nodeId, s.input, s.output])).toEqual([
      ['start', null, { n: 1 }],
      ['a', { n: 1 }, { got: 1 }],
      ['b', { got: 1 }, { done: true }],
    ]);
    expect(execution()).toMatchObject({ status: 'succeeded', output: { done: true }, error: null, nodesExecuted: 3, finishedAt: new Date('2024-03-01T12:00:00.000Z') });
  });

  it('reports the node duration from the injected clock', async () => {
    const { deps, job, clock } = setup(
      { name: 'slow', nodes: [START, { id: 'call', type: 'http', parameters: { url: 'https://api.test/' } }], edges: [{ id: 'e1', source: 'start', target: 'call' }] },
      {
        http: {
          request: async () => {
            clock.set('2024-03-01T12:00:01.250Z');
            return jsonResponse(200, {});
          },
        },
      },
    );
    await processNodeJob(job('start'), deps);
    const outcome = await processNodeJob(job('call'), deps);
    expect(outcome).toMatchObject({ kind: 'ran', status: 'succeeded', executionFinished: true, nodeType: 'http', durationMs: 1250 });
  });
});

describe('processNodeJob: idempotency', () => {
  it('a redelivered job for a settled node records nothing and re-enqueues its queued successors', async () => {
    const { deps, job, queue, execution, finishedSteps } = setup();
    await processNodeJob(job('start'), deps);
    expect(queue.takeDue()).toEqual([job('a')]); // taken by a worker… which then dies
    expect(queue.size).toBe(0);

    const again = await processNodeJob(job('start'), deps);
    expect(again).toEqual({ kind: 'recovered', reenqueued: 1 });
    expect(finishedSteps('start')).toHaveLength(1);
    expect(execution().nodesExecuted).toBe(1);
    expect(queue.takeDue()).toEqual([job('a')]);
  });

  it('recovers from a crash between commit and enqueue', async () => {
    const lossy: JobQueue = {
      enqueue: async () => {
        throw new Error('worker died before enqueueing');
      },
    };
    const s = setup(chainDoc, { queue: lossy });
    await expect(processNodeJob(s.job('start'), s.deps)).rejects.toThrow('worker died before enqueueing');
    expect(s.execution().state.nodes.a).toEqual({ s: 'queued', a: 1 }); // committed, but no job exists
    expect(s.finishedSteps('start')).toHaveLength(1);

    // BullMQ redelivers the trigger's job to a healthy worker.
    const healthy = { ...s.deps, queue: s.queue };
    expect(await processNodeJob(s.job('start'), healthy)).toEqual({ kind: 'recovered', reenqueued: 1 });
    expect(s.finishedSteps('start')).toHaveLength(1);
    for (let due = s.queue.takeDue(); due.length; due = s.queue.takeDue()) for (const j of due) await processNodeJob(j, healthy);
    expect(s.execution().status).toBe('succeeded');
    expect(s.execution().nodesExecuted).toBe(3);
  });

  it('never runs a node whose step was recorded again (no second HTTP call)', async () => {
    const http = new FakeHttp().on('POST', 'https://api.test/', jsonResponse(200, { charged: true }));
    const { deps, job, finishedSteps, queue } = setup(
      { name: 'charge', nodes: [START, { id: 'charge', type: 'http', parameters: { method: 'POST', url: 'https://api.test/charge' } }], edges: [{ id: 'e1', source: 'start', target: 'charge' }] },
      { http },
    );
    await processNodeJob(job('start'), deps);
    queue.takeDue();
    expect(await processNodeJob(job('charge'), deps)).toMatchObject({ kind: 'ran', status: 'succeeded', executionFinished: true });
    // The execution is terminal now, so a redelivery is ignored outright.
    expect(await processNodeJob(job('charge'), deps)).toEqual({ kind: 'ignored', reason: 'execution is succeeded' });
    expect(http.requests).toHaveLength(1);
    expect(finishedSteps('charge')).toHaveLength(1);
  });

  it('two workers running the same job at once record one finished step and advance once', async () => {
    const { deps, job, queue, store, exec, execution } = setup();
    await processNodeJob(job('start'), deps);
    queue.takeDue();
    await Promise.all([processNodeJob(job('a'), deps), processNodeJob(job('a'), deps)]);
    const steps = store.stepsOf(exec.id).filter((s) => s.nodeId === 'a');
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ status: 'succeeded', output: { got: 1 }, starts: 2 });
    expect(execution().nodesExecuted).toBe(2);
    expect(queue.takeDue()).toEqual([job('b')]);
  });
});

describe('processNodeJob: jobs that must be ignored', () => {
  it.each(['canceled', 'failed', 'timed_out', 'succeeded'] as ExecutionStatus[])('a job for a %s execution changes nothing', async (status) => {
    const { deps, job, queue, store, exec, execution } = setup();
    execution().status = status;
    const before = structuredClone(execution().state);
    expect(await processNodeJob(job('start'), deps)).toEqual({ kind: 'ignored', reason: `execution is ${status}` });
    expect(store.stepsOf(exec.id)).toEqual([]);
    expect(execution().status).toBe(status);
    expect(execution().state).toEqual(before);
    expect(queue.size).toBe(0);
  });

  it('a job with the wrong attempt is stale', async () => {
    const { deps, job, store, exec } = setup();
    expect(await processNodeJob(job('start', 2), deps)).toEqual({ kind: 'ignored', reason: 'stale job (node state queued, attempt 1)' });
    expect(store.stepsOf(exec.id)).toEqual([]);
  });

  it('a job for a node that was never admitted is stale', async () => {
    const { deps, job, store, exec } = setup();
    expect(await processNodeJob(job('b'), deps)).toEqual({ kind: 'ignored', reason: 'stale job (node state none, attempt -)' });
    expect(store.stepsOf(exec.id)).toEqual([]);
  });

  it('a job for an unknown execution is ignored', async () => {
    const { deps } = setup();
    expect(await processNodeJob({ executionId: 'exec_404', nodeId: 'start', scope: '', attempt: 1 }, deps)).toEqual({ kind: 'ignored', reason: 'execution not found' });
  });

  it('a job for a node missing from the definition is ignored', async () => {
    const { deps, job, execution } = setup();
    execution().state.nodes.ghost = { s: 'queued', a: 1 };
    expect(await processNodeJob(job('ghost'), deps)).toEqual({ kind: 'ignored', reason: 'node ghost not in definition' });
  });
});

describe('processNodeJob: retries', () => {
  const flaky = { name: 'flaky', nodes: [START, { id: 'call', type: 'http', parameters: { url: 'https://api.test/' }, settings: { retry: { maxRetries: 2, backoffMs: 250 } } }], edges: [{ id: 'e1', source: 'start', target: 'call' }] };

  it('schedules the next attempt with the backoff delay, and ignores the old attempt afterwards', async () => {
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(503, {}));
    const { deps, job, queue, execution, store, exec } = setup(flaky, { http });
    await processNodeJob(job('start'), deps);
    queue.takeDue();

    expect(await processNodeJob(job('call', 1), deps)).toMatchObject({ kind: 'ran', status: 'failed', retryScheduled: true, executionFinished: false });
    expect(execution().state.nodes.call).toEqual({ s: 'queued', a: 2 });
    expect(queue.takeDue()).toEqual([job('call', 2)]);
    expect(queue.now).toBe(250); // exponential: 2^0 · 250

    expect(await processNodeJob(job('call', 1), deps)).toEqual({ kind: 'ignored', reason: 'stale job (node state queued, attempt 2)' });

    await processNodeJob(job('call', 2), deps);
    expect(queue.takeDue()).toEqual([job('call', 3)]);
    expect(queue.now).toBe(750); // + 2^1 · 250

    expect(await processNodeJob(job('call', 3), deps)).toMatchObject({ kind: 'ran', status: 'failed', retryScheduled: false, executionFinished: true });
    expect(queue.size).toBe(0);
    expect(http.requests).toHaveLength(3);
    expect(store.stepsOf(exec.id).filter((s) => s.nodeId === 'call').map((s) => [s.attempt, s.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
    ]);
    expect(execution()).toMatchObject({ status: 'failed', errorNodeId: 'call', nodesExecuted: 4, error: { code: 'HTTP_ERROR', retryable: true } });
  });

  it('a plain Error thrown by a port is a permanent NODE_FAILED', async () => {
    const http: HttpPort = {
      request: async () => {
        throw new TypeError('fetch failed');
      },
    };
    const { deps, job, queue, execution } = setup(flaky, { http });
    await processNodeJob(job('start'), deps);
    queue.takeDue();
    expect(await processNodeJob(job('call'), deps)).toMatchObject({ status: 'failed', retryScheduled: false, executionFinished: true });
    expect(execution().error).toMatchObject({ code: 'NODE_FAILED', message: 'fetch failed', nodeId: 'call', retryable: false });
  });
});

describe('status transitions (a terminal status is never overwritten)', () => {
  const ALL: ExecutionStatus[] = ['queued', 'running', 'succeeded', 'failed', 'canceled', 'timed_out'];
  const allowed: Record<ExecutionStatus, ExecutionStatus[]> = {
    queued: ['running', 'failed', 'canceled', 'timed_out'],
    running: ['succeeded', 'failed', 'canceled', 'timed_out'],
    succeeded: [],
    failed: [],
    canceled: [],
    timed_out: [],
  };

  it.each(ALL)('from %s', (from) => {
    expect(ALL.filter((to) => canTransition(from, to))).toEqual(allowed[from]);
  });

  it('terminal statuses', () => {
    expect([...TERMINAL_STATUSES]).toEqual(['succeeded', 'failed', 'canceled', 'timed_out']);
    expect(ALL.filter(isTerminal)).toEqual(['succeeded', 'failed', 'canceled', 'timed_out']);
    for (const from of TERMINAL_STATUSES) for (const to of ALL) expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
  });

  it('nothing goes back to queued, and running is left only forward', () => {
    for (const from of ALL) expect(canTransition(from, 'queued')).toBe(false);
    expect(canTransition('running', 'running')).toBe(false);
  });

  it.each([
    ['running', ['queued']],
    ['succeeded', ['running']],
    ['failed', ['queued', 'running']],
    ['canceled', ['queued', 'running']],
    ['timed_out', ['queued', 'running']],
    ['queued', []],
  ] as Array<[ExecutionStatus, ExecutionStatus[]]>)('statusesAllowingTransitionTo(%s) = %j (the WHERE status IN list)', (to, from) => {
    expect(statusesAllowingTransitionTo(to)).toEqual(from);
  });
});

describe('job ids and serialized errors', () => {
  it('nodeJobId is deterministic per execution, scope, node and attempt', () => {
    expect(nodeJobId({ executionId: 'exec_1', nodeId: 'a', scope: '', attempt: 1 })).toBe('exec_1.a.1');
    expect(nodeJobId({ executionId: 'exec_1', nodeId: 'a', scope: '', attempt: 2 })).toBe('exec_1.a.2');
    expect(nodeJobId({ executionId: 'exec_1', nodeId: 'a', scope: 'loop1[3]/loop2[0]', attempt: 1 })).toBe('exec_1.loop1[3]_loop2[0].a.1');
  });

  it('toSerializedError keeps code, node and retryability, and truncates long messages', () => {
    const e = new EngineError('HTTP_ERROR', 'x'.repeat(3_000), { retryable: true, details: { status: 503 } });
    const s = toSerializedError(e, 'call');
    expect(s).toMatchObject({ code: 'HTTP_ERROR', nodeId: 'call', retryable: true, details: { status: 503 } });
    expect(s.message).toBe(`${'x'.repeat(2_000)}… (truncated)`);
    expect(toSerializedError(new Error('plain'))).toMatchObject({ code: 'INTERNAL', message: 'plain', retryable: false });
    expect(toSerializedError('thrown string', 'n')).toEqual({ code: 'INTERNAL', message: 'thrown string', nodeId: 'n', retryable: false });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
