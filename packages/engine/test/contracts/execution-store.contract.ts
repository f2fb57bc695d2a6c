import { describe, expect, it } from 'vitest';
import { WorkflowDefinition, type Json } from '../../src';
import type { Checkpoint, ExecutionStore, LeasedRun, StepRecord } from '../../src/execution-store';
import { initialState } from '../../src/planner/planner';
import { nodeKey, type ExecutionState } from '../../src/planner/state';

/**
 * The ExecutionStore contract, written once and run against the in-memory fake (engine unit
 * tests) and Postgres (packages/db/test/execution-store.int.test.ts). It asserts every field
 * a driver or a reader of the execution sees, on both.
 */
export interface ExecutionStoreHarness {
  store: ExecutionStore;
  createExecution(def: WorkflowDefinition, triggerData: Json): Promise<string>;
  readExecution(id: string): Promise<{
    status: string;
    output: unknown;
    error: unknown;
    errorNodeId: string | null;
    nodesExecuted: number;
    startedAt: Date | null;
    finishedAt: Date | null;
    deadlineAt: Date | null;
    /** Who holds the lease (null when released); optional for stores that don't expose it. */
    leaseOwner?: string | null;
    wakeAt: Date | null;
  }>;
  readSteps(id: string): Promise<
    Array<{
      nodeId: string;
      scope: string;
      attempt: number;
      status: string;
      input: unknown;
      output: unknown;
      error: unknown;
    }>
  >;
  /** An id no execution has. */
  missingId: string;
  /** Lets `ms` pass on the store's clock (a real sleep, or advancing a fake clock). */
  sleep(ms: number): Promise<void>;
  /** The store's clock; the wall clock when omitted. */
  now?(): Date;
}

const def = WorkflowDefinition.parse({
  name: 'contract',
  nodes: [
    { id: 'start', type: 'trigger', parameters: {} },
    { id: 'a', type: 'transform', parameters: { fields: { x: 1 } } },
    { id: 'b', type: 'transform', parameters: { fields: {} } },
    { id: 'c', type: 'transform', parameters: { fields: {} } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'a' },
    { id: 'e2', source: 'a', target: 'b' },
    { id: 'e3', source: 'b', target: 'c' },
  ],
});
/** start → each(loop) ─body→ a_1 → b */
const loopDef = WorkflowDefinition.parse({
  name: 'contract loop',
  nodes: [
    { id: 'start', type: 'trigger', parameters: {} },
    { id: 'each', type: 'loop', parameters: { items: '{{ [1, 2, 3] }}' } },
    { id: 'a_1', type: 'transform', parameters: { fields: {} } },
    { id: 'b', type: 'transform', parameters: { fields: {} } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'each' },
    { id: 'e2', source: 'each', sourceHandle: 'body', target: 'a_1' },
    { id: 'e3', source: 'a_1', target: 'b' },
  ],
});
const NUL = '\u0000';
const FFFD = '\uFFFD';
const LEASE_MS = 30_000;
const t0 = new Date('2026-01-01T00:00:00.000Z');
const t1 = new Date('2026-01-01T00:00:01.250Z');

type NodeStates = ExecutionState['nodes'];

/** initialState(def) with some nodes replaced (plain objects; own keys, `__proto__` included). */
function stateWith(nodes: NodeStates, extra: Partial<ExecutionState> = {}): ExecutionState {
  const base = initialState(def);
  return { ...base, ...extra, nodes: { ...base.nodes, ...nodes } };
}

function step(nodeId: string, over: Partial<StepRecord> = {}): StepRecord {
  return {
    nodeId,
    scope: '',
    attempt: 1,
    status: 'succeeded',
    input: { in: nodeId },
    output: { out: nodeId },
    error: null,
    startedAt: t0,
    finishedAt: t1,
    ...over,
  };
}

function cp(over: Partial<Checkpoint> = {}): Checkpoint {
  return { steps: [], state: initialState(def), nodesExecuted: 0, release: false, ...over };
}

const byKey = <T extends { nodeId: string; scope: string; attempt: number }>(rows: T[]) =>
  [...rows].sort((x, y) => x.nodeId.localeCompare(y.nodeId) || x.scope.localeCompare(y.scope) || x.attempt - y.attempt);

export function executionStoreContract(name: string, makeHarness: () => Promise<ExecutionStoreHarness>) {
  describe(`ExecutionStore contract: ${name}`, () => {
    const now = (h: ExecutionStoreHarness) => h.now?.() ?? new Date();

    async function acquired(
      h: ExecutionStoreHarness,
      id: string,
      owner: string,
      leaseMs = LEASE_MS,
    ): Promise<LeasedRun> {
      const a = await h.store.acquire(id, owner, leaseMs);
      if (a.kind !== 'acquired') throw new Error(`expected ${owner} to acquire ${id}, got ${a.kind}`);
      return a.run;
    }

    it('reports an unknown execution as gone', async () => {
      const h = await makeHarness();
      expect(await h.store.acquire(h.missingId, 'w1', LEASE_MS)).toEqual({ kind: 'gone' });
      expect(await h.store.renew(h.missingId, 1, LEASE_MS)).toBe(false);
      expect(await h.store.checkpoint(h.missingId, 1, cp(), LEASE_MS)).toBe(false);
    });

    it('acquires a new execution: running, startedAt set, a fence, its definition, no outcomes', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, { hello: 'world' });
      const before = await h.readExecution(id);
      expect(before).toMatchObject({ status: 'queued', startedAt: null, nodesExecuted: 0 });
      const run = await acquired(h, id, 'w1');
      expect(run.fence).toBeGreaterThanOrEqual(1);
      expect(run.execution).toMatchObject({ id, status: 'running', triggerData: { hello: 'world' }, deadlineAt: null });
      expect(run.execution.workflowId).toEqual(expect.any(String));
      expect(run.execution.workflowVersionId).toEqual(expect.any(String));
      expect(run.execution.createdAt).toBeInstanceOf(Date);
      expect(run.execution.startedAt).toBeInstanceOf(Date);
      expect(run.execution.state).toEqual(initialState(def));
      expect(run.definition).toEqual(def);
      expect(run.outcomes.size).toBe(0);
      const e = await h.readExecution(id);
      expect(e.status).toBe('running');
      expect(e.startedAt?.getTime()).toBe(run.execution.startedAt!.getTime());
      if (e.leaseOwner !== undefined) expect(e.leaseOwner).toBe('w1');
    });

    it('tells a second owner the execution is busy while the lease holds', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      await acquired(h, id, 'w1');
      const asked = now(h);
      const busy = await h.store.acquire(id, 'w2', LEASE_MS);
      expect(busy.kind).toBe('busy');
      if (busy.kind !== 'busy') return;
      // Until the first lease ends: about LEASE_MS from now, certainly well in the future.
      expect(busy.until.getTime()).toBeGreaterThan(asked.getTime() + LEASE_MS / 2);
    });

    it('fences a previous owner out once another took the expired lease over', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      const first = await acquired(h, id, 'w1', 50);
      await h.sleep(120);
      const second = await acquired(h, id, 'w2');
      expect(second.fence).toBeGreaterThan(first.fence);
      expect(second.execution.startedAt?.getTime()).toBe(first.execution.startedAt!.getTime());

      const stale = cp({
        steps: [step('start')],
        state: stateWith({ start: { status: 'succeeded', handles: ['out'] } }),
        nodesExecuted: 1,
      });
      expect(await h.store.checkpoint(id, first.fence, stale, LEASE_MS)).toBe(false);
      expect(await h.store.checkpoint(id, first.fence, { ...stale, release: true }, LEASE_MS)).toBe(false);
      expect(await h.store.renew(id, first.fence, LEASE_MS)).toBe(false);
      expect(await h.readSteps(id)).toEqual([]);
      const e = await h.readExecution(id);
      expect(e).toMatchObject({ status: 'running', nodesExecuted: 0 });
      if (e.leaseOwner !== undefined) expect(e.leaseOwner).toBe('w2');

      // The new owner is unaffected.
      expect(await h.store.renew(id, second.fence, LEASE_MS)).toBe(true);
      expect(await h.store.checkpoint(id, second.fence, stale, LEASE_MS)).toBe(true);
      expect((await h.readExecution(id)).nodesExecuted).toBe(1);
    });

    it('extends the lease on renew and on a checkpoint that keeps driving', async () => {
      const h = await makeHarness();
      const viaRenew = await h.createExecution(def, {});
      const viaCheckpoint = await h.createExecution(def, {});
      const r = await acquired(h, viaRenew, 'w1', 50);
      const c = await acquired(h, viaCheckpoint, 'w1', 50);
      expect(await h.store.renew(viaRenew, r.fence, LEASE_MS)).toBe(true);
      expect(await h.store.checkpoint(viaCheckpoint, c.fence, cp(), LEASE_MS)).toBe(true);
      await h.sleep(120);
      expect((await h.store.acquire(viaRenew, 'w2', LEASE_MS)).kind).toBe('busy');
      expect((await h.store.acquire(viaCheckpoint, 'w2', LEASE_MS)).kind).toBe('busy');
    });

    it('writes steps and state in a checkpoint and adds up nodesExecuted', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      const run = await acquired(h, id, 'w1');
      const s1 = stateWith(
        { start: { status: 'succeeded', handles: ['out'] }, a: { status: 'queued', attempt: 1 } },
        { operations: 2 },
      );
      expect(
        await h.store.checkpoint(id, run.fence, cp({ steps: [step('start')], state: s1, nodesExecuted: 1 }), LEASE_MS),
      ).toBe(true);
      const s2 = stateWith(
        {
          start: { status: 'succeeded', handles: ['out'] },
          a: { status: 'succeeded', handles: ['out'] },
          b: { status: 'skipped' },
        },
        { operations: 2, lastSucceeded: 'a' },
      );
      const cp2 = cp({
        steps: [
          step('a', { output: [1, 'two', { three: 3 }] }),
          step('b', { status: 'skipped', input: null, output: null }),
        ],
        state: s2,
        nodesExecuted: 2,
      });
      expect(await h.store.checkpoint(id, run.fence, cp2, LEASE_MS)).toBe(true);

      expect(byKey(await h.readSteps(id))).toEqual([
        {
          nodeId: 'a',
          scope: '',
          attempt: 1,
          status: 'succeeded',
          input: { in: 'a' },
          output: [1, 'two', { three: 3 }],
          error: null,
        },
        { nodeId: 'b', scope: '', attempt: 1, status: 'skipped', input: null, output: null, error: null },
        {
          nodeId: 'start',
          scope: '',
          attempt: 1,
          status: 'succeeded',
          input: { in: 'start' },
          output: { out: 'start' },
          error: null,
        },
      ]);
      const e = await h.readExecution(id);
      expect(e).toMatchObject({ status: 'running', nodesExecuted: 3, finishedAt: null, output: null, error: null });
      // Still held: nobody else may drive it.
      expect((await h.store.acquire(id, 'w2', LEASE_MS)).kind).toBe('busy');

      expect(await h.store.checkpoint(id, run.fence, cp({ state: s2, release: true }), LEASE_MS)).toBe(true);
      const again = await acquired(h, id, 'w2');
      expect(again.execution.state).toEqual(s2);
      expect((await h.readExecution(id)).nodesExecuted).toBe(3);
    });

    it('lets another owner acquire at once after a release; the released fence writes nothing more', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      const run = await acquired(h, id, 'w1');
      expect(await h.store.checkpoint(id, run.fence, cp({ release: true }), LEASE_MS)).toBe(true);
      const e = await h.readExecution(id);
      expect(e.status).toBe('running');
      if (e.leaseOwner !== undefined) expect(e.leaseOwner).toBeNull();
      // Released means given up: renewing or writing through it would hold a lease nobody drives.
      expect(await h.store.renew(id, run.fence, LEASE_MS)).toBe(false);
      expect(await h.store.checkpoint(id, run.fence, cp({ nodesExecuted: 1 }), LEASE_MS)).toBe(false);
      const next = await acquired(h, id, 'w2');
      expect(next.fence).toBeGreaterThan(run.fence);
      expect((await h.readExecution(id)).nodesExecuted).toBe(0);
    });

    it('finishes an execution; afterwards it is gone and no checkpoint can overwrite it', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      const run = await acquired(h, id, 'w1');
      const finishedAt = new Date(Math.max(now(h).getTime(), run.execution.startedAt!.getTime()) + 5);
      const error = { code: 'NODE_FAILED', message: 'boom', nodeId: 'a', retryable: false, details: { status: 500 } };
      const final = stateWith({
        start: { status: 'succeeded', handles: ['out'] },
        a: { status: 'failed', handles: [] },
      });
      const ok = await h.store.checkpoint(
        id,
        run.fence,
        cp({
          steps: [step('start'), step('a', { status: 'failed', output: null, error })],
          state: final,
          nodesExecuted: 2,
          finish: { status: 'failed', output: { partial: true }, error, errorNodeId: 'a', finishedAt },
          release: true,
        }),
        LEASE_MS,
      );
      expect(ok).toBe(true);
      const e = await h.readExecution(id);
      // The execution keeps only what the API shows of an error; the step keeps all of it.
      expect(e).toMatchObject({
        status: 'failed',
        output: { partial: true },
        error: { code: 'NODE_FAILED', message: 'boom', nodeId: 'a' },
        errorNodeId: 'a',
        nodesExecuted: 2,
      });
      expect(e.error).toEqual({ code: 'NODE_FAILED', message: 'boom', nodeId: 'a' });
      expect(e.finishedAt?.getTime()).toBe(finishedAt.getTime());
      expect(byKey(await h.readSteps(id)).find((s) => s.nodeId === 'a')).toMatchObject({ status: 'failed', error });

      expect(await h.store.acquire(id, 'w2', LEASE_MS)).toEqual({ kind: 'gone' });
      expect(await h.store.acquire(id, 'w1', LEASE_MS)).toEqual({ kind: 'gone' });
      expect(await h.store.renew(id, run.fence, LEASE_MS)).toBe(false);
      const overwrite = cp({
        steps: [step('b')],
        nodesExecuted: 1,
        finish: {
          status: 'succeeded',
          output: 'late',
          error: null,
          errorNodeId: null,
          finishedAt: new Date(finishedAt.getTime() + 1_000),
        },
        release: true,
      });
      expect(await h.store.checkpoint(id, run.fence, overwrite, LEASE_MS)).toBe(false);
      expect(await h.store.checkpoint(id, run.fence + 1, overwrite, LEASE_MS)).toBe(false);
      const after = await h.readExecution(id);
      expect(after).toMatchObject({ status: 'failed', output: { partial: true }, errorNodeId: 'a', nodesExecuted: 2 });
      expect(after.finishedAt?.getTime()).toBe(finishedAt.getTime());
      expect((await h.readSteps(id)).map((s) => s.nodeId).sort()).toEqual(['a', 'start']);
    });

    it('stores a finish without an error as null, and an error without a node as nodeId null', async () => {
      const h = await makeHarness();
      const okId = await h.createExecution(def, {});
      const failId = await h.createExecution(def, {});
      const ok = await acquired(h, okId, 'w1');
      const fail = await acquired(h, failId, 'w1');
      const at = new Date(now(h).getTime() + 5);
      expect(
        await h.store.checkpoint(
          okId,
          ok.fence,
          cp({
            finish: { status: 'succeeded', output: null, error: null, errorNodeId: null, finishedAt: at },
            release: true,
          }),
          LEASE_MS,
        ),
      ).toBe(true);
      const timeout = { code: 'TIMEOUT', message: 'execution timed out' };
      expect(
        await h.store.checkpoint(
          failId,
          fail.fence,
          cp({
            finish: { status: 'timed_out', output: null, error: timeout, errorNodeId: null, finishedAt: at },
            release: true,
          }),
          LEASE_MS,
        ),
      ).toBe(true);
      expect(await h.readExecution(okId)).toMatchObject({
        status: 'succeeded',
        output: null,
        error: null,
        errorNodeId: null,
      });
      const e = await h.readExecution(failId);
      expect(e).toMatchObject({ status: 'timed_out', output: null, errorNodeId: null });
      expect(e.error).toEqual({ ...timeout, nodeId: null });
    });

    it('hands the next owner the latest settled attempt per node (skipped steps are not outcomes)', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      const run = await acquired(h, id, 'w1');
      const err = { code: 'HTTP_ERROR', message: 'HTTP 503', nodeId: 'a', retryable: true };
      const nodes: NodeStates = {
        start: { status: 'succeeded', handles: ['out'] },
        a: { status: 'queued', attempt: 2 },
      };
      expect(
        await h.store.checkpoint(
          id,
          run.fence,
          cp({
            steps: [
              step('start'),
              step('a', { status: 'failed', output: null, error: err }),
              step('c', { output: 'c1' }),
            ],
            state: stateWith(nodes),
            nodesExecuted: 3,
          }),
          LEASE_MS,
        ),
      ).toBe(true);
      const settled = stateWith({
        ...nodes,
        a: { status: 'succeeded', handles: ['out'] },
        b: { status: 'skipped' },
        c: { status: 'failed', handles: [] },
      });
      const later = [
        step('a', { attempt: 2, output: { try: 2 } }),
        step('b', { status: 'skipped', input: null, output: null }),
        // A later attempt wins even when it failed.
        step('c', { attempt: 2, status: 'failed', output: null, error: { code: 'NODE_FAILED', message: 'c2' } }),
        // A step of a scope the state has no frame for: not needed on resume.
        step('a', { scope: 'loop[0]', output: { inLoop: true } }),
      ];
      expect(
        await h.store.checkpoint(
          id,
          run.fence,
          cp({ steps: later, state: settled, nodesExecuted: 4, release: true }),
          LEASE_MS,
        ),
      ).toBe(true);

      const next = await acquired(h, id, 'w2');
      expect(Object.fromEntries([...next.outcomes].sort(([x], [y]) => x.localeCompare(y)))).toEqual({
        a: { status: 'succeeded', output: { try: 2 }, error: null },
        c: { status: 'failed', output: null, error: { code: 'NODE_FAILED', message: 'c2' } },
        start: { status: 'succeeded', output: { out: 'start' }, error: null },
      });
      expect(next.outcomes.has('b')).toBe(false);
    });

    it("on resume inside a loop, reads the open iteration and the closed ones' results only", async () => {
      const h = await makeHarness();
      const id = await h.createExecution(loopDef, {});
      const run = await acquired(h, id, 'w1');
      const state: ExecutionState = {
        ...initialState(loopDef),
        nodes: {
          start: { status: 'succeeded', handles: ['out'] },
          each: {
            status: 'looping',
            attempt: 1,
            loop: { items: [1, 2, 3], nextIndex: 3, openIterations: [2], concurrency: 1, startedAt: 0 },
          },
        },
        scopes: {
          'each[2]': {
            nodes: { a_1: { status: 'succeeded', handles: ['out'] }, b: { status: 'queued', attempt: 1 } },
            item: 3,
            index: 2,
          },
        },
      };
      const steps = [
        step('start'),
        ...[0, 1].flatMap((i) => [
          step('a_1', { scope: `each[${i}]`, output: { a: i } }),
          step('b', { scope: `each[${i}]`, output: { b: i } }),
        ]),
        step('a_1', { scope: 'each[2]', output: { a: 2 } }),
        // Another loop whose id starts the same, and a nested iteration: neither is a result of `each`.
        step('b', { scope: 'eachx[0]', output: { other: true } }),
        step('b', { scope: 'each[0]/inner[0]', output: { nested: true } }),
      ];
      expect(
        await h.store.checkpoint(
          id,
          run.fence,
          cp({ steps, state, nodesExecuted: steps.length, release: true }),
          LEASE_MS,
        ),
      ).toBe(true);
      const next = await acquired(h, id, 'w2');
      expect([...next.outcomes.keys()].sort()).toEqual(['each[0]/b', 'each[1]/b', 'each[2]/a_1', 'start']);
      expect(next.outcomes.get(nodeKey('b', 'each[1]'))?.output).toEqual({ b: 1 });
    });

    it('ignores a step already recorded (same node, scope and attempt) in a later checkpoint', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      const run = await acquired(h, id, 'w1');
      expect(
        await h.store.checkpoint(
          id,
          run.fence,
          cp({ steps: [step('a', { output: { first: true } })], nodesExecuted: 1 }),
          LEASE_MS,
        ),
      ).toBe(true);
      // A checkpoint retried after its reply was lost carries the same steps again.
      const retried = cp({ steps: [step('a', { output: { second: true } }), step('b')], nodesExecuted: 1 });
      expect(await h.store.checkpoint(id, run.fence, retried, LEASE_MS)).toBe(true);
      const steps = byKey(await h.readSteps(id));
      expect(steps.map((s) => [s.nodeId, s.attempt, s.output])).toEqual([
        ['a', 1, { first: true }],
        ['b', 1, { out: 'b' }],
      ]);
      expect((await h.readExecution(id)).nodesExecuted).toBe(2);
    });

    it('stores U+0000 in any value or key as U+FFFD and never fails the write (jsonb cannot hold it)', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, { [`t${NUL}`]: `x${NUL}y` });
      const run = await acquired(h, id, 'w1');
      const error = { code: 'NODE_FAILED', message: `m${NUL}`, nodeId: 'a', details: { [`d${NUL}`]: NUL } };
      const state = stateWith(
        { a: { status: 'failed', handles: [] } },
        { response: { status: 200, headers: { 'x-h': `v${NUL}` }, body: { [`b${NUL}`]: NUL } } },
      );
      const steps = [
        step('a', { status: 'failed', input: { [`k${NUL}`]: NUL }, output: { [`o${NUL}`]: [`v${NUL}`] }, error }),
      ];
      expect(
        await h.store.checkpoint(id, run.fence, cp({ steps, state, nodesExecuted: 1, release: true }), LEASE_MS),
      ).toBe(true);

      const next = await acquired(h, id, 'w2');
      expect(next.execution.triggerData).toEqual({ [`t${FFFD}`]: `x${FFFD}y` });
      expect(next.execution.state.response).toEqual({
        status: 200,
        headers: { 'x-h': `v${FFFD}` },
        body: { [`b${FFFD}`]: FFFD },
      });
      const cleanError = { code: 'NODE_FAILED', message: `m${FFFD}`, nodeId: 'a', details: { [`d${FFFD}`]: FFFD } };
      expect(next.outcomes.get('a')).toEqual({
        status: 'failed',
        output: { [`o${FFFD}`]: [`v${FFFD}`] },
        error: cleanError,
      });
      expect(await h.readSteps(id)).toEqual([
        {
          nodeId: 'a',
          scope: '',
          attempt: 1,
          status: 'failed',
          input: { [`k${FFFD}`]: FFFD },
          output: { [`o${FFFD}`]: [`v${FFFD}`] },
          error: cleanError,
        },
      ]);

      const finish = {
        status: 'failed' as const,
        output: { [`r${NUL}`]: `o${NUL}` },
        error,
        errorNodeId: 'a',
        finishedAt: new Date(now(h).getTime() + 5),
      };
      expect(await h.store.checkpoint(id, next.fence, cp({ state, finish, release: true }), LEASE_MS)).toBe(true);
      const e = await h.readExecution(id);
      expect(e).toMatchObject({ status: 'failed', output: { [`r${FFFD}`]: `o${FFFD}` } });
      expect(e.error).toEqual({ code: 'NODE_FAILED', message: `m${FFFD}`, nodeId: 'a' });
    });

    it('keeps node ids named like Object.prototype members as own keys (state and outcomes)', async () => {
      const protoDef = WorkflowDefinition.parse({
        name: 'proto ids',
        nodes: [
          { id: '__proto__', type: 'trigger', parameters: {} },
          { id: 'constructor', type: 'transform', parameters: { fields: {} } },
          { id: 'toString', type: 'transform', parameters: { fields: {} } },
        ],
        edges: [
          { id: 'e1', source: '__proto__', target: 'constructor' },
          { id: 'e2', source: 'constructor', target: 'toString' },
        ],
      });
      const h = await makeHarness();
      const id = await h.createExecution(protoDef, JSON.parse('{"__proto__":{"x":1}}') as Json);
      const run = await acquired(h, id, 'w1');
      expect(Object.hasOwn(run.execution.state.nodes, '__proto__')).toBe(true);
      const nodes = JSON.parse(
        '{"__proto__":{"status":"succeeded","handles":["out"]},"constructor":{"status":"failed","handles":[]},' +
          '"toString":{"status":"queued","attempt":1}}',
      ) as NodeStates;
      const state: ExecutionState = { ...initialState(protoDef), nodes };
      const steps = [
        step('__proto__', { output: JSON.parse('{"__proto__":{"polluted":true}}') as Json }),
        step('constructor', {
          status: 'failed',
          output: null,
          error: { code: 'NODE_FAILED', message: 'no', nodeId: 'constructor' },
        }),
      ];
      expect(
        await h.store.checkpoint(id, run.fence, cp({ steps, state, nodesExecuted: 2, release: true }), LEASE_MS),
      ).toBe(true);

      const next = await acquired(h, id, 'w2');
      const got = next.execution.state.nodes;
      expect(Object.keys(got).sort()).toEqual(['__proto__', 'constructor', 'toString']);
      expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value).toEqual({
        status: 'succeeded',
        handles: ['out'],
      });
      expect(Object.getOwnPropertyDescriptor(got, 'constructor')?.value).toEqual({ status: 'failed', handles: [] });
      expect([...next.outcomes.keys()].sort()).toEqual(['__proto__', 'constructor']);
      const protoOut = next.outcomes.get('__proto__')!.output as Record<string, unknown>;
      expect(Object.hasOwn(protoOut, '__proto__')).toBe(true);
      expect(Object.getOwnPropertyDescriptor(protoOut, '__proto__')?.value).toEqual({ polluted: true });
      expect(next.outcomes.get('constructor')).toMatchObject({ status: 'failed', error: { message: 'no' } });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getOwnPropertyDescriptor(next.execution.triggerData, '__proto__')?.value).toEqual({ x: 1 });
      expect((await h.readSteps(id)).map((s) => s.nodeId).sort()).toEqual(['__proto__', 'constructor']);
    });

    it('round-trips wakeAt and deadlineAt; acquiring clears wakeAt, a later checkpoint keeps the deadline', async () => {
      const h = await makeHarness();
      const id = await h.createExecution(def, {});
      const run = await acquired(h, id, 'w1');
      const deadlineAt = new Date(now(h).getTime() + 3_600_123);
      const wakeAt = new Date(now(h).getTime() + 60_456);
      expect(await h.store.checkpoint(id, run.fence, cp({ deadlineAt, wakeAt, release: true }), LEASE_MS)).toBe(true);
      let e = await h.readExecution(id);
      expect(e.deadlineAt?.getTime()).toBe(deadlineAt.getTime());
      expect(e.wakeAt?.getTime()).toBe(wakeAt.getTime());

      const next = await acquired(h, id, 'w2');
      expect(next.execution.deadlineAt?.getTime()).toBe(deadlineAt.getTime());
      expect((await h.readExecution(id)).wakeAt).toBeNull();

      expect(
        await h.store.checkpoint(
          id,
          next.fence,
          cp({ wakeAt: new Date(wakeAt.getTime() + 1_000), release: true }),
          LEASE_MS,
        ),
      ).toBe(true);
      e = await h.readExecution(id);
      expect(e.deadlineAt?.getTime()).toBe(deadlineAt.getTime());
      expect(e.wakeAt?.getTime()).toBe(wakeAt.getTime() + 1_000);

      const third = await acquired(h, id, 'w3');
      expect(await h.store.checkpoint(id, third.fence, cp({ release: true }), LEASE_MS)).toBe(true);
      e = await h.readExecution(id);
      expect(e.deadlineAt?.getTime()).toBe(deadlineAt.getTime());
      expect(e.wakeAt).toBeNull();
    });
  });
}
