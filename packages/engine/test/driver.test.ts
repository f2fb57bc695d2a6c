import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, driveExecution, WorkflowDefinition } from '../src';
import type { WorkflowDefinitionInput } from '../src/definition';
import type { DriverDeps } from '../src/driver/drive';
import type { Checkpoint } from '../src/execution-store';
import { DEFAULT_RETRY } from '../src/retry';
import { FakeHttp, jsonResponse, MemoryExecutionStore, MemoryWakeQueue, runGraph } from '../src/testing';
import sumAndBranch from './fixtures/sum-and-branch.json';

/** The execution driver: checkpoints, crash recovery, fencing, waiting, deadlines. */

type NodeIn = WorkflowDefinitionInput['nodes'][number];
const chain = (nodes: NodeIn[], settings: Record<string, unknown> = {}): WorkflowDefinitionInput => ({
  name: 'driver',
  nodes: [{ id: 'start', type: 'trigger', parameters: {} }, ...nodes],
  edges: nodes.map((n, i) => ({ id: `e${i}`, source: i === 0 ? 'start' : nodes[i - 1]!.id, target: n.id })),
  settings,
});
const call = (id: string, url = 'https://api.test/x'): NodeIn => ({
  id,
  type: 'http',
  parameters: { url },
  settings: { retry: { maxRetries: 0 } },
});
const transform = (id: string): NodeIn => ({
  id,
  type: 'transform',
  parameters: { fields: { n: '{{ $input.n ? $input.n + 1 : 1 }}' } },
});

/** A store that counts checkpoints and can be told to "crash" (throw) on the n-th one. */
class RecordingStore extends MemoryExecutionStore {
  checkpoints: Checkpoint[] = [];
  crashOn: number | undefined;
  override async checkpoint(id: string, fence: number, cp: Checkpoint, leaseMs: number): Promise<boolean> {
    if (this.crashOn !== undefined && this.checkpoints.length + 1 === this.crashOn) {
      this.crashOn = undefined;
      throw new Error('worker killed');
    }
    const ok = await super.checkpoint(id, fence, cp, leaseMs);
    if (ok) this.checkpoints.push(structuredClone(cp));
    return ok;
  }
}

/** A hand-driven world: a clock we move, a store, a wake queue. */
function world() {
  let now = Date.parse('2026-01-01T00:00:00.000Z');
  const clock = { now: () => new Date(now) };
  const store = new RecordingStore({ clock });
  const wakes = new MemoryWakeQueue();
  const deps = (owner: string, http: FakeHttp): DriverDeps => ({
    store,
    wakes,
    http,
    limits: DEFAULT_LIMITS,
    retry: DEFAULT_RETRY,
    clock,
    owner,
    leaseMs: 30_000,
  });
  return { store, wakes, clock, deps, advance: (ms: number) => (now += ms) };
}

describe('checkpoints', () => {
  it('a pure workflow runs in one drive and one checkpoint (the end)', async () => {
    let store!: RecordingStore;
    const r = await runGraph(sumAndBranch, {
      input: { body: { a: 7, b: 5 } },
      store: (clock) => (store = new RecordingStore({ clock })),
    });
    expect(r.execution.status).toBe('succeeded');
    expect(r.drives).toBe(1);
    expect(store.checkpoints).toHaveLength(1);
    expect(store.checkpoints[0]!.finish?.status).toBe('succeeded');
    // Every step, the skipped branch included, is in that one write.
    const statuses = Object.fromEntries(store.checkpoints[0]!.steps.map((s) => [s.nodeId, s.status]));
    expect(statuses).toEqual({
      start: 'succeeded',
      sum: 'succeeded',
      big: 'succeeded',
      yes: 'succeeded',
      no: 'skipped',
    });
    expect(r.execution.nodesExecuted).toBe(4);
  });

  it('checkpoints right after a node with side effects, then batches pure steps', async () => {
    let store!: RecordingStore;
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(200, { n: 1 }));
    const r = await runGraph(chain([call('fetch'), transform('a'), transform('b')]), {
      http,
      store: (clock) => (store = new RecordingStore({ clock })),
    });
    expect(r.execution.status).toBe('succeeded');
    expect(store.checkpoints.map((c) => c.steps.map((s) => s.nodeId))).toEqual([
      ['start', 'fetch'],
      ['a', 'b'],
    ]);
    expect(store.checkpoints[0]!.release).toBe(false);
    expect(store.checkpoints[1]!.finish).toBeDefined();
  });
});

describe('parallel nodes', () => {
  it('nodes that finish together each run once (a finished node not yet applied is not launched again)', async () => {
    // Five calls answered at once: their completions queue up while the first is applied.
    const http = new FakeHttp().on('GET', 'https://api.test/', async () => jsonResponse(200, { ok: true }));
    const calls = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const doc: WorkflowDefinitionInput = {
      name: 'fan-out',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        ...calls.map((id) => call(id, `https://api.test/${id}`)),
        { id: 'join', type: 'merge', parameters: {} },
      ],
      edges: [
        ...calls.map((id) => ({ id: `s-${id}`, source: 'start', target: id })),
        ...calls.map((id) => ({ id: `${id}-j`, source: id, target: 'join' })),
      ],
    };
    const r = await runGraph(doc, { http });
    expect(r.execution.status).toBe('succeeded');
    expect(http.requests.map((q) => q.url).sort()).toEqual(calls.map((id) => `https://api.test/${id}`));
    expect(r.execution.nodesExecuted).toBe(7);
  });
});

describe('crash recovery', () => {
  it('a worker killed after an http node checkpointed: the next owner finishes and the call is not made again', async () => {
    const w = world();
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(200, { n: 1 }));
    const exec = w.store.createExecution(
      WorkflowDefinition.parse(chain([call('fetch'), transform('a'), transform('b')])),
      {},
    );
    w.store.crashOn = 2; // the final checkpoint: a, b are lost with the worker
    await expect(driveExecution(exec.id, w.deps('worker-1', http))).rejects.toThrow('worker killed');
    expect(http.requests).toHaveLength(1);

    // The dead worker's lease still holds: another worker is told to come back later.
    expect(await driveExecution(exec.id, w.deps('worker-2', http))).toMatchObject({ kind: 'busy' });
    w.advance(30_001);
    expect(await driveExecution(exec.id, w.deps('worker-3', http))).toEqual({
      kind: 'finished',
      status: 'succeeded',
      trigger: 'manual',
    });
    expect(http.requests).toHaveLength(1);
    const steps = w.store.stepsOf(exec.id);
    expect(steps.map((s) => `${s.nodeId}#${s.attempt}`)).toEqual(['start#1', 'fetch#1', 'a#1', 'b#1']);
    expect(w.store.executions.get(exec.id)!.output).toEqual({ n: 2 });
  });

  it('a stalled owner that wakes up after another took over cannot write (fencing)', async () => {
    const w = world();
    let release!: () => void;
    const stalled = new Promise<void>((r) => (release = r));
    const slowHttp = new FakeHttp().on('GET', 'https://api.test/', async () => {
      await stalled;
      return jsonResponse(200, { who: 'stalled' });
    });
    const fastHttp = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(200, { who: 'new owner' }));
    const exec = w.store.createExecution(
      WorkflowDefinition.parse(chain([call('fetch'), transform('a')], { timeoutSeconds: 3_600 })),
      {},
    );
    const first = driveExecution(exec.id, { ...w.deps('stalled', slowHttp), leaseMs: 100_000 });
    await new Promise((r) => setTimeout(r, 10)); // the first owner is inside its http call
    w.advance(100_001); // its lease ran out (it never renewed: stalled)
    expect(await driveExecution(exec.id, w.deps('new-owner', fastHttp))).toEqual({
      kind: 'finished',
      status: 'succeeded',
      trigger: 'manual',
    });
    release();
    expect(await first).toEqual({ kind: 'lost' });
    const e = w.store.executions.get(exec.id)!;
    expect(e.status).toBe('succeeded');
    expect(w.store.stepsOf(exec.id).find((s) => s.nodeId === 'fetch')!.output).toMatchObject({
      body: { who: 'new owner' },
    });
    expect(w.store.stepsOf(exec.id).filter((s) => s.nodeId === 'fetch')).toHaveLength(1);
  });
});

describe('waiting', () => {
  it('a retry backoff ends the drive (lease released) and a delayed wake-up resumes it', async () => {
    let store!: RecordingStore;
    let calls = 0;
    const http = new FakeHttp().on('GET', 'https://api.test/', () =>
      ++calls === 1 ? jsonResponse(503, {}) : jsonResponse(200, { ok: true }),
    );
    const node: NodeIn = {
      id: 'fetch',
      type: 'http',
      parameters: { url: 'https://api.test/x' },
      settings: { retry: { maxRetries: 2, backoffMs: 5_000, backoffType: 'fixed' } },
    };
    const r = await runGraph(chain([node]), { http, store: (clock) => (store = new RecordingStore({ clock })) });
    expect(r.execution.status).toBe('succeeded');
    expect(r.drives).toBe(2);
    const waiting = store.checkpoints.find((c) => c.wakeAt)!;
    expect(waiting.release).toBe(true);
    expect(waiting.wakeAt!.toISOString()).toBe('2026-01-01T00:00:05.000Z');
    expect(r.steps.filter((s) => s.nodeId === 'fetch').map((s) => `${s.attempt}:${s.status}`)).toEqual([
      '1:failed',
      '2:succeeded',
    ]);
  });
});

describe('deadlines', () => {
  it('past settings.timeoutSeconds the execution is timed_out and the running node is aborted', async () => {
    let aborted = false;
    const http = new FakeHttp().on(
      'GET',
      'https://api.test/',
      (req) =>
        new Promise((_, reject) =>
          req.signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted')))),
        ),
    );
    const r = await runGraph(chain([call('hang')], { timeoutSeconds: 1 }), { http, limits: { stepTimeoutMs: 60_000 } });
    expect(r.execution.status).toBe('timed_out');
    expect(r.execution.error).toMatchObject({
      code: 'TIMEOUT',
      message: 'the execution did not finish within its timeout of 1 s',
    });
    expect(r.execution.errorNodeId).toBe('hang');
    expect(aborted).toBe(true);
    expect(r.byNode.hang!).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
  });

  it('WORKFLOW_TIMEOUT_SECONDS applies when the workflow sets none, and the deadline is stored once', async () => {
    let store!: RecordingStore;
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(200, {}));
    const r = await runGraph(chain([call('fetch'), transform('a')]), {
      http,
      limits: { workflowTimeoutSeconds: 42 },
      store: (clock) => (store = new RecordingStore({ clock })),
    });
    expect(r.execution.deadlineAt!.toISOString()).toBe('2026-01-01T00:00:42.000Z');
    expect(store.checkpoints.filter((c) => c.deadlineAt)).toHaveLength(1);
  });
});

describe('observer and logs', () => {
  it('reports each written step with its node type and each finished execution, and logs a failure naming its node', async () => {
    const steps: Array<{ type: string; status: string }> = [];
    const finished: Array<{ status: string; trigger: string; durationMs: number }> = [];
    const lines: Array<{ level: string; obj: Record<string, unknown>; msg?: string }> = [];
    const logger = (bindings: Record<string, unknown>) => {
      const at = (level: string) => (obj: object, msg?: string) =>
        lines.push({ level, obj: { ...bindings, ...obj }, ...(msg ? { msg } : {}) });
      const l = {
        debug: at('debug'),
        info: at('info'),
        warn: at('warn'),
        error: at('error'),
        child: (more: Record<string, unknown>) => logger({ ...bindings, ...more }),
      };
      return l;
    };
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(500, { no: true }));
    const r = await runGraph(chain([transform('a'), call('fetch')]), {
      http,
      logger: logger({}),
      observer: {
        stepsRecorded: (s) => steps.push(...s.map(({ type, status }) => ({ type, status }))),
        executionFinished: (e) => finished.push(e),
      },
    });
    expect(r.execution.status).toBe('failed');
    expect(steps).toEqual([
      { type: 'trigger', status: 'succeeded' },
      { type: 'transform', status: 'succeeded' },
      { type: 'http', status: 'failed' },
    ]);
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject({ status: 'failed', trigger: 'manual' });
    expect(finished[0]!.durationMs).toBeGreaterThanOrEqual(0);
    const line = lines.find((l) => l.msg === 'execution finished');
    expect(line).toMatchObject({
      level: 'info',
      obj: { executionId: r.execution.id, workflowId: r.execution.workflowId, nodeId: 'fetch', status: 'failed' },
    });
  });
});
