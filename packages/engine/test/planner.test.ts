import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, WorkflowDefinition, type EngineLimits } from '../src';
import type { WorkflowDefinitionInput } from '../src/definition';
import type { Checkpoint } from '../src/execution-store';
import { effectiveMaxParallel } from '../src/limits';
import {
  activeIncomingEdges,
  advance,
  initialState,
  queuedNodes,
  settleNode,
  type AdmissionLimits,
} from '../src/planner/planner';
import type { ExecutionState } from '../src/planner/state';
import { FakeHttp, jsonResponse, MemoryExecutionStore, runGraph } from '../src/testing';
import { expectFailed } from './helpers/expect-failed';

/** SPEC §2 execution semantics as the planner decides them. */

type NodeIn = { id: string; type: string; parameters?: Record<string, unknown> };
const START: NodeIn = { id: 'start', type: 'trigger', parameters: {} };
const t = (id: string, fields: Record<string, unknown> = { id }): NodeIn => ({
  id,
  type: 'transform',
  parameters: { fields },
});
const e = (source: string, target: string, sourceHandle?: string) => ({
  id: `${source}_${sourceHandle ?? 'out'}_${target}`,
  source,
  target,
  ...(sourceHandle ? { sourceHandle } : {}),
});

const parse = (doc: WorkflowDefinitionInput) => WorkflowDefinition.parse(doc);
const LIMITS: AdmissionLimits = { maxParallel: 10, maxTotalOperations: 10_000, maxHttpCalls: 100 };

/** trigger → check(if) ─true→ a → b → c ─→ join ; check ─false→ d ─→ join */
const deadPathDoc = {
  name: 'dead paths',
  nodes: [
    START,
    { id: 'check', type: 'if', parameters: { condition: '{{ $input.go }}' } },
    t('a'),
    t('b'),
    t('c'),
    t('d'),
    { id: 'join', type: 'merge', parameters: {} },
  ],
  edges: [
    e('start', 'check'),
    e('check', 'a', 'true'),
    e('a', 'b'),
    e('b', 'c'),
    e('check', 'd', 'false'),
    e('c', 'join'),
    e('d', 'join'),
  ],
};

describe('planner: readiness and dead-path elimination', () => {
  it('starts with only the trigger queued and one operation counted', () => {
    const def = parse(deadPathDoc);
    expect(initialState(def)).toEqual({
      nodes: { start: { status: 'queued', attempt: 1 } },
      operations: 1,
      httpCalls: 0,
    });
  });

  it('skips a whole chain several levels deep, then readies the join', () => {
    const def = parse(deadPathDoc);
    let state = settleNode(def, initialState(def), 'start', { status: 'succeeded', handles: ['out'] }, LIMITS).state;
    expect(state.nodes.check).toEqual({ status: 'queued', attempt: 1 });
    const adv = settleNode(def, state, 'check', { status: 'succeeded', handles: ['false'] }, LIMITS);
    expect(adv.skipped.map((s) => s.nodeId)).toEqual(['a', 'b', 'c']);
    expect(adv.enqueue).toEqual(['d']);
    expect(adv.finished).toBe(false);
    state = adv.state;
    expect([state.nodes.a, state.nodes.b, state.nodes.c]).toEqual([
      { status: 'skipped', handles: [] },
      { status: 'skipped', handles: [] },
      { status: 'skipped', handles: [] },
    ]);
    // join waits for d: one incoming edge is settled (skipped), the other is not yet.
    expect(state.nodes.join).toBeUndefined();
    const afterD = settleNode(def, state, 'd', { status: 'succeeded', handles: ['out'] }, LIMITS);
    expect(afterD.enqueue).toEqual(['join']);
    expect(activeIncomingEdges(def, afterD.state, 'join').map((x) => x.id)).toEqual(['d_out_join']);
  });

  it('skips the join too when every input was skipped, and the execution is finished', () => {
    const def = parse({
      name: 'all skipped',
      nodes: [START, { id: 'check', type: 'if', parameters: { condition: true } }, t('a'), t('b'), t('j')],
      edges: [e('start', 'check'), e('check', 'a', 'true'), e('check', 'b', 'true'), e('a', 'j'), e('b', 'j')],
    });
    const s1 = settleNode(def, initialState(def), 'start', { status: 'succeeded', handles: ['out'] }, LIMITS).state;
    const adv = settleNode(def, s1, 'check', { status: 'succeeded', handles: ['false'] }, LIMITS);
    expect(adv.skipped.map((s) => s.nodeId).sort()).toEqual(['a', 'b', 'j']);
    expect(adv.enqueue).toEqual([]);
    expect(adv.finished).toBe(true);
    expect(adv.state.lastSucceeded).toBe('check');
  });

  it('does not mutate the state it was given', () => {
    const def = parse(deadPathDoc);
    const s0 = initialState(def);
    const frozen = structuredClone(s0);
    settleNode(def, s0, 'start', { status: 'succeeded', handles: ['out'] }, LIMITS);
    expect(s0).toEqual(frozen);
  });

  it('end to end: skipped steps are recorded at every level and the join runs once', async () => {
    const r = await runGraph(deadPathDoc, { input: { go: false } });
    expect(r.execution.status).toBe('succeeded');
    expect(r.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ['start', 'succeeded'],
      ['check', 'succeeded'],
      ['a', 'skipped'],
      ['b', 'skipped'],
      ['c', 'skipped'],
      ['d', 'succeeded'],
      ['join', 'succeeded'],
    ]);
    expect(r.execution.output).toEqual([{ id: 'd' }]);
    expect(r.execution.nodesExecuted).toBe(4);
  });

  it('end to end: the other branch skips d and the join gets c only', async () => {
    const r = await runGraph(deadPathDoc, { input: { go: true } });
    expect(r.byNode.d?.status).toBe('skipped');
    expect(r.steps.filter((s) => s.nodeId === 'join')).toHaveLength(1);
    expect(r.execution.output).toEqual([{ id: 'c' }]);
  });
});

describe('planner: parallelism', () => {
  const fanOut5 = (settings: Record<string, unknown> = {}) => ({
    name: 'fan out',
    nodes: [START, t('n1'), t('n2'), t('n3'), t('n4'), t('n5')],
    edges: ['n1', 'n2', 'n3', 'n4', 'n5'].map((n) => e('start', n)),
    settings,
  });

  it('admits at most maxParallel ready nodes, in definition order, and the rest as slots free up', () => {
    const def = parse(fanOut5());
    const limits = { ...LIMITS, maxParallel: 2 };
    const a1 = settleNode(def, initialState(def), 'start', { status: 'succeeded', handles: ['out'] }, limits);
    expect(a1.enqueue).toEqual(['n1', 'n2']);
    expect(queuedNodes(a1.state)).toEqual(['n1', 'n2']);
    expect(['n3', 'n4', 'n5'].map((n) => a1.state.nodes[n]?.status)).toEqual(['ready', 'ready', 'ready']);
    const a2 = settleNode(def, a1.state, 'n2', { status: 'succeeded', handles: ['out'] }, limits);
    expect(a2.enqueue).toEqual(['n3']);
    expect(queuedNodes(a2.state).sort()).toEqual(['n1', 'n3']);
    expect(a2.finished).toBe(false);
  });

  it('advance() with nothing new still admits waiting ready nodes when a slot is free', () => {
    const def = parse(fanOut5());
    const state: ExecutionState = {
      nodes: {
        start: { status: 'succeeded', handles: ['out'] },
        n1: { status: 'ready' },
        n2: { status: 'ready' },
        n3: { status: 'queued', attempt: 1 },
      },
      operations: 2,
      httpCalls: 0,
    };
    const adv = advance(def, state, { ...LIMITS, maxParallel: 2 }, []);
    expect(adv.enqueue).toEqual(['n1']);
    expect(adv.state.operations).toBe(3);
  });

  /** A store that records how many nodes are queued at every checkpoint. */
  class CountingStore extends MemoryExecutionStore {
    maxQueued = 0;
    override async checkpoint(executionId: string, fence: number, cp: Checkpoint, leaseMs: number): Promise<boolean> {
      this.maxQueued = Math.max(this.maxQueued, queuedNodes(cp.state).length);
      return super.checkpoint(executionId, fence, cp, leaseMs);
    }
  }

  /** Runs the fan-out with every branch an HTTP call that takes a moment, counting how many overlap. */
  async function drive(doc: WorkflowDefinitionInput, limits: Partial<EngineLimits>) {
    let current = 0;
    let maxBatch = 0;
    const http = new FakeHttp().on('GET', 'https://slow.test/', async () => {
      maxBatch = Math.max(maxBatch, ++current);
      await new Promise((r) => setTimeout(r, 5));
      current--;
      return jsonResponse(200, {});
    });
    const slow = {
      ...doc,
      nodes: doc.nodes.map((n) =>
        n.type === 'transform' ? { ...n, type: 'http', parameters: { url: 'https://slow.test/' } } : n,
      ),
    };
    let store!: CountingStore;
    const r = await runGraph(slow, { http, limits, store: (clock) => (store = new CountingStore({ clock })) });
    return { store, exec: r.execution, maxBatch };
  }

  it('never has more than MAX_PARALLEL_NODES queued, even with unlimited worker concurrency', async () => {
    const { store, exec, maxBatch } = await drive(fanOut5(), { maxParallelNodes: 2 });
    expect(exec.status).toBe('succeeded');
    expect(store.maxQueued).toBe(2);
    expect(maxBatch).toBe(2);
    expect(store.stepsOf(exec.id).filter((s) => s.status === 'succeeded')).toHaveLength(6);
  });

  it('the workflow setting lowers the limit…', async () => {
    const { store, maxBatch } = await drive(fanOut5({ maxParallelNodes: 1 }), { maxParallelNodes: 2 });
    expect(store.maxQueued).toBe(1);
    expect(maxBatch).toBe(1);
  });

  it('…but cannot raise it', async () => {
    const { store, maxBatch } = await drive(fanOut5({ maxParallelNodes: 50 }), { maxParallelNodes: 3 });
    expect(store.maxQueued).toBe(3);
    expect(maxBatch).toBe(3);
  });

  it('runs all five at once when allowed', async () => {
    const { store, maxBatch } = await drive(fanOut5(), { maxParallelNodes: 10 });
    // Checkpoints come after each call, so at most the four still running are queued then.
    expect(store.maxQueued).toBeLessThanOrEqual(5);
    expect(maxBatch).toBe(5);
  });

  it.each([
    [10, undefined, 10],
    [10, 3, 3],
    [10, 50, 10],
    [2, 1, 1],
    [1, 1, 1],
    [10, 0, 1],
  ])('effectiveMaxParallel(global %i, workflow %s) = %i', (global, setting, expected) => {
    expect(effectiveMaxParallel({ ...DEFAULT_LIMITS, maxParallelNodes: global }, setting)).toBe(expected);
  });
});

describe('planner: admission limits (SPEC §6: LIMIT_EXCEEDED naming the limit and its value)', () => {
  it('marks the node that would exceed MAX_TOTAL_OPERATIONS at admission', () => {
    const def = parse({ name: 'ops', nodes: [START, t('a'), t('b')], edges: [e('start', 'a'), e('a', 'b')] });
    const limits = { ...LIMITS, maxTotalOperations: 2 };
    const a1 = settleNode(def, initialState(def), 'start', { status: 'succeeded', handles: ['out'] }, limits);
    expect(a1.state.nodes.a).toEqual({ status: 'queued', attempt: 1 });
    const a2 = settleNode(def, a1.state, 'a', { status: 'succeeded', handles: ['out'] }, limits);
    expect(a2.state.nodes.b).toEqual({ status: 'queued', attempt: 1, breachedLimit: 'MAX_TOTAL_OPERATIONS (2)' });
    expect(a2.state.operations).toBe(3);
  });

  it('MAX_TOTAL_OPERATIONS: the execution fails at the node over the limit, which never runs', async () => {
    const r = await runGraph(
      { name: 'ops', nodes: [START, t('a'), t('b'), t('c')], edges: [e('start', 'a'), e('a', 'b'), e('b', 'c')] },
      { limits: { maxTotalOperations: 3 } },
    );
    expect(r.execution.status).toBe('failed');
    expect(r.execution.errorNodeId).toBe('c');
    expect(r.execution.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      nodeId: 'c',
      message: 'limit MAX_TOTAL_OPERATIONS (3) reached',
    });
    expect(r.byNode.c).toMatchObject({ status: 'failed', output: null });
    expect(r.steps.filter((s) => s.nodeId === 'c')).toHaveLength(1); // permanent: not retried
  });

  it('MAX_HTTP_CALLS: the http node over the limit fails without calling out', async () => {
    const http = new FakeHttp().on('GET', 'https://api.test/', jsonResponse(200, {}));
    const r = await runGraph(
      {
        name: 'http calls',
        nodes: [
          START,
          { id: 'h1', type: 'http', parameters: { url: 'https://api.test/1' } },
          t('mid'),
          { id: 'h2', type: 'http', parameters: { url: 'https://api.test/2' } },
        ],
        edges: [e('start', 'h1'), e('h1', 'mid'), e('mid', 'h2')],
      },
      { http, limits: { maxHttpCalls: 1 } },
    );
    expect(http.requests.map((q) => q.url)).toEqual(['https://api.test/1']);
    expectFailed(r, {
      code: 'LIMIT_EXCEEDED',
      nodeId: 'h2',
      message: 'limit MAX_HTTP_CALLS (1) reached',
    });
    expect(r.byNode.mid?.status).toBe('succeeded'); // non-http nodes don't count towards it
  });

  it('a limit breach can be routed along an error edge like any failure', async () => {
    const r = await runGraph(
      {
        name: 'routed limit',
        nodes: [START, t('a'), t('b'), t('handler', { caught: '{{ $input.code }}', msg: '{{ $input.message }}' })],
        edges: [e('start', 'a'), e('a', 'b'), e('b', 'handler', 'error')],
      },
      { limits: { maxTotalOperations: 2 } },
    );
    // handler itself is admitted over the limit too: ops are not refunded.
    expectFailed(r, {
      code: 'LIMIT_EXCEEDED',
      nodeId: 'handler',
      message: 'limit MAX_TOTAL_OPERATIONS (2) reached',
    });
    expect(r.byNode.b?.error).toMatchObject({ code: 'LIMIT_EXCEEDED', nodeId: 'b' });
  });
});

describe('execution output (SPEC §2)', () => {
  it('is the output of the last node to succeed when no respond ran', async () => {
    const r = await runGraph({
      name: 'chain',
      nodes: [START, t('a', { v: 1 }), t('b', { v: '{{ $input.v + 1 }}' })],
      edges: [e('start', 'a'), e('a', 'b')],
    });
    expect(r.execution.output).toEqual({ v: 2 });
    expect(r.execution.state.lastSucceeded).toBe('b');
  });

  it('is the merge output when parallel branches end in a merge', async () => {
    const r = await runGraph({
      name: 'merge end',
      nodes: [
        START,
        t('a', { v: 'a' }),
        t('b', { v: 'b' }),
        { id: 'm', type: 'merge', parameters: { mode: 'object' } },
      ],
      edges: [e('start', 'a'), e('start', 'b'), e('a', 'm'), e('b', 'm')],
    });
    expect(r.execution.output).toEqual({ a: { v: 'a' }, b: { v: 'b' } });
  });

  it('is null for a failed execution', async () => {
    const r = await runGraph({
      name: 'f',
      nodes: [START, t('a'), { id: 'stop', type: 'fail', parameters: { message: 'x' } }],
      edges: [e('start', 'a'), e('a', 'stop')],
    });
    expect(r.execution.status).toBe('failed');
    expect(r.execution.output).toBeNull();
  });

  // BUG (src/executor.ts:176-181, executionOutput): when the node that finishes the execution
  // did not itself succeed (continueOnFail), the output is looked up in the snapshot loaded
  // before that node ran (`snap.outcomes`), which misses a parallel node that succeeded in the
  // meantime → output null. It should read the committed outcome of `state.last`.
  it('is the last succeeded node even when a parallel continueOnFail node finishes after it', async () => {
    const http = new FakeHttp().on(
      'GET',
      'https://api.test/',
      () => new Promise((res) => setTimeout(() => res(jsonResponse(400, {})), 20)),
    );
    const r = await runGraph(
      {
        name: 'race',
        nodes: [
          START,
          t('a', { v: 'A' }),
          { id: 'slow', type: 'http', parameters: { url: 'https://api.test/' }, settings: { continueOnFail: true } },
        ],
        edges: [e('start', 'a'), e('start', 'slow')],
      },
      { http },
    );
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.state.lastSucceeded).toBe('a');
    expect(r.execution.output).toEqual({ v: 'A' });
  });
});
