import { describe, expect, it } from 'vitest';
import { WorkflowDefinition, type Commit, type Json, type RunStore } from '../../src';
import { initialState, settleNode } from '../../src/planner';

/**
 * The RunStore contract, written once and run against the in-memory fake (engine unit
 * tests) and the Postgres adapter (packages/db integration tests).
 */
export interface RunStoreHarness {
  store: RunStore;
  createExecution(def: WorkflowDefinition, triggerData: Json): Promise<string>;
  readExecution(id: string): Promise<{ status: string; output: unknown; errorNodeId: string | null; nodesExecuted: number; startedAt: Date | null }>;
  readSteps(id: string): Promise<Array<{ nodeId: string; attempt: number; status: string; output: unknown }>>;
  missingId: string;
}

const def = WorkflowDefinition.parse({
  name: 'contract',
  nodes: [
    { id: 'start', type: 'trigger', parameters: {} },
    { id: 'a', type: 'transform', parameters: { fields: { x: 1 } } },
    { id: 'b', type: 'if', parameters: { condition: '{{ true }}' } },
    { id: 'c', type: 'transform', parameters: { fields: {} } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'a' },
    { id: 'e2', source: 'a', target: 'b' },
    { id: 'e3', source: 'b', sourceHandle: 'false', target: 'c' },
  ],
});
const NUL = '\u0000';
const FFFD = '\uFFFD';
const limits = { maxParallel: 10, maxTotalOperations: 100, maxHttpCalls: 10 };
const t0 = new Date('2026-01-01T00:00:00.000Z');
const t1 = new Date('2026-01-01T00:00:01.000Z');

function stepOf(nodeId: string, output: Json, attempt = 1): Commit['step'] {
  return { nodeId, scope: '', attempt, status: 'succeeded', input: {}, output, error: null, startedAt: t0, finishedAt: t1 };
}

export function runStoreContract(name: string, makeHarness: () => Promise<RunStoreHarness>) {
  describe(`RunStore contract: ${name}`, () => {
    it('loads nothing for an unknown execution', async () => {
      const h = await makeHarness();
      expect(await h.store.loadRun(h.missingId)).toBeNull();
    });

    it('loads a new execution as queued with the initial state and its definition', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, { hello: 'world' });
      const snap = (await h.store.loadRun(id))!;
      expect(snap.execution.status).toBe('queued');
      expect(snap.execution.state).toEqual(initialState(def));
      expect(snap.execution.triggerData).toEqual({ hello: 'world' });
      expect(snap.definition.nodes.map((n) => n.id)).toEqual(['start', 'a', 'b', 'c']);
      expect(snap.outcomes.size).toBe(0);
    });

    it('marks running once; never from a terminal status', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      await h.store.markRunning(id, t0);
      await h.store.markRunning(id, t1);
      const e = await h.readExecution(id);
      expect(e.status).toBe('running');
      expect(e.startedAt?.toISOString()).toBe(t0.toISOString());
    });

    it('commits a step with the planner decision; a duplicate commit of the same attempt is refused', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      await h.store.startStep({ executionId: id, nodeId: 'start', scope: '', attempt: 1, input: {}, startedAt: t0 });
      await h.store.startStep({ executionId: id, nodeId: 'start', scope: '', attempt: 1, input: {}, startedAt: t0 }); // crash restart
      const decide = (c: { state: ReturnType<typeof initialState> }): Commit => {
        const adv = settleNode(def, c.state, 'start', { status: 'succeeded', handles: ['out'] }, limits);
        return { step: stepOf('start', { v: 1 }), skipped: [], state: adv.state, nodesExecuted: 1, enqueue: [] };
      };
      expect(await h.store.commit(id, decide)).not.toBeNull();
      expect(await h.store.commit(id, decide)).toBeNull();
      const snap = (await h.store.loadRun(id))!;
      expect(snap.outcomes.get('start')).toEqual({ status: 'succeeded', output: { v: 1 }, error: null });
      expect(snap.execution.state.nodes.a).toEqual({ s: 'queued', a: 1 });
      expect(await h.readSteps(id)).toEqual([{ nodeId: 'start', attempt: 1, status: 'succeeded', output: { v: 1 } }]);
      expect((await h.readExecution(id)).nodesExecuted).toBe(1);
    });

    it('applies nothing when decide returns null', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      expect(await h.store.commit(id, () => null)).toBeNull();
      expect(await h.readSteps(id)).toEqual([]);
      expect((await h.store.loadRun(id))!.execution.state).toEqual(initialState(def));
    });

    it('records skipped steps and finishes the execution in the same commit', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      await h.store.markRunning(id, t0);
      const commit = await h.store.commit(id, (c) => ({
        step: stepOf('b', { done: true }),
        skipped: [{ nodeId: 'c', scope: '' }],
        state: c.state,
        nodesExecuted: 3,
        enqueue: [],
        finish: { status: 'succeeded', output: { done: true }, error: null, errorNodeId: null, finishedAt: t1 },
      }));
      expect(commit?.finish?.status).toBe('succeeded');
      const e = await h.readExecution(id);
      expect(e).toMatchObject({ status: 'succeeded', output: { done: true }, errorNodeId: null, nodesExecuted: 3 });
      const steps = await h.readSteps(id);
      expect(steps.map((s) => [s.nodeId, s.status]).sort()).toEqual([['b', 'succeeded'], ['c', 'skipped']]);
    });

    it('stores U+0000 in any value or key as U+FFFD and never fails the write (jsonb cannot hold it)', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, { [`t${NUL}`]: `x${NUL}y` });
      await h.store.startStep({ executionId: id, nodeId: 'a', scope: '', attempt: 1, input: { [`k${NUL}`]: NUL }, startedAt: t0 });
      const error = { code: 'NODE_FAILED', message: `m${NUL}`, nodeId: 'a' };
      await h.store.commit(id, (c) => ({
        step: { ...stepOf('a', { [`k${NUL}`]: `v${NUL}` }), input: { [`k${NUL}`]: NUL }, status: 'failed', error },
        skipped: [],
        state: c.state,
        nodesExecuted: 1,
        enqueue: [],
        finish: { status: 'failed', output: `o${NUL}`, error, errorNodeId: 'a', finishedAt: t1 },
      }));
      const snap = (await h.store.loadRun(id))!;
      expect(snap.execution.triggerData).toEqual({ [`t${FFFD}`]: `x${FFFD}y` });
      expect(snap.outcomes.get('a')).toMatchObject({ status: 'failed', output: { [`k${FFFD}`]: `v${FFFD}` }, error: { message: `m${FFFD}` } });
      expect(await h.readExecution(id)).toMatchObject({ status: 'failed', output: `o${FFFD}` });
    });

    it('keeps node ids named like Object.prototype members as their own keys (outcomes and state)', async () => {
      const protoDef = WorkflowDefinition.parse({
        name: 'proto ids',
        nodes: [{ id: '__proto__', type: 'trigger', parameters: {} }, { id: 'constructor', type: 'transform', parameters: { fields: {} } }, { id: 'toString', type: 'transform', parameters: { fields: {} } }],
        edges: [
          { id: 'e1', source: '__proto__', target: 'constructor' },
          { id: 'e2', source: 'constructor', target: 'toString' },
        ],
      });
      const h = await makeHarness();
      const id = await h.createExecution(protoDef, {});
      const settle = (nodeId: string) => (c: { state: ReturnType<typeof initialState> }): Commit => {
        const adv = settleNode(protoDef, c.state, nodeId, { status: 'succeeded', handles: ['out'] }, limits);
        return { step: stepOf(nodeId, { from: nodeId }), skipped: [], state: adv.state, nodesExecuted: 1, enqueue: [] };
      };
      expect(await h.store.commit(id, settle('__proto__'))).not.toBeNull();
      expect(await h.store.commit(id, settle('constructor'))).not.toBeNull();
      const snap = (await h.store.loadRun(id))!;
      expect([...snap.outcomes.keys()].sort()).toEqual(['__proto__', 'constructor']);
      expect(snap.outcomes.get('__proto__')?.output).toEqual({ from: '__proto__' });
      expect(snap.outcomes.get('toString')).toBeUndefined();
      const nodes = snap.execution.state.nodes;
      expect(Object.keys(nodes).sort()).toEqual(['__proto__', 'constructor', 'toString']);
      expect(Object.getOwnPropertyDescriptor(nodes, '__proto__')?.value).toEqual({ s: 'succeeded', h: ['out'] });
      expect(Object.getOwnPropertyDescriptor(nodes, 'toString')?.value).toEqual({ s: 'queued', a: 1 });
    });

    it('serialises concurrent commits on one execution (no lost update)', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      await Promise.all(
        ['a', 'b', 'c'].map((nodeId) =>
          h.store.commit(id, (c) => ({ step: stepOf(nodeId, nodeId), skipped: [], state: { ...c.state, ops: c.state.ops + 1 }, nodesExecuted: 1, enqueue: [] })),
        ),
      );
      const snap = (await h.store.loadRun(id))!;
      expect(snap.execution.state.ops).toBe(initialState(def).ops + 3);
      expect((await h.readExecution(id)).nodesExecuted).toBe(3);
    });
  });
}
