import { describe, expect, it } from 'vitest';
import { WorkflowDefinition } from '../src/definition';
import { initialState, settleNode } from '../src/planner/planner';
import type { ExecutionState } from '../src/planner/state';
import { decodeExecutionState, encodeExecutionState } from '../src/planner/state-codec';
import { newExecutionState } from '../src/start-execution';
import { runGraph } from '../src/testing';

/**
 * The stored form is what rows in Postgres hold today (written by every checkpoint since v1):
 * these are such rows, verbatim, so a change to the in-memory names that broke resuming an
 * execution in flight across an upgrade fails here.
 */
const STORED_TODAY = {
  // A loop (2 of 3 items open), a retry waiting out its backoff, a limit breach, a response.
  v: 1,
  nodes: {
    start: { s: 'succeeded', h: ['out'] },
    reply: { s: 'succeeded', h: ['out'] },
    each: {
      s: 'looping',
      a: 1,
      lp: { items: [{ n: 1 }, { n: 2 }, { n: 3 }], next: 2, act: [0, 1], c: 2, t: 1767225600000 },
    },
    later: { s: 'ready' },
  },
  scopes: {
    'each[0]': { nodes: { call: { s: 'queued', a: 2, due: 1767225605000 } }, item: { n: 1 }, index: 0 },
    'each[1]': { nodes: { call: { s: 'queued', a: 1, lim: 'MAX_HTTP_CALLS (1)' } }, item: { n: 2 }, index: 1 },
  },
  ops: 5,
  http: 2,
  last: 'reply',
  response: { status: 201, headers: { 'x-a': 'b' }, body: { ok: true } },
};

const WHILE_TODAY = {
  v: 1,
  nodes: { start: { s: 'succeeded', h: ['out'] }, again: { s: 'queued', a: 1, lp: { next: 3, act: [], c: 1, t: 5 } } },
  ops: 4,
  http: 0,
  last: 'start',
};

describe('planner state codec', () => {
  it('reads the stored form of rows in Postgres today into readable names', () => {
    const state = decodeExecutionState(STORED_TODAY);
    expect(state).toEqual({
      nodes: {
        start: { status: 'succeeded', handles: ['out'] },
        reply: { status: 'succeeded', handles: ['out'] },
        each: {
          status: 'looping',
          attempt: 1,
          loop: {
            items: [{ n: 1 }, { n: 2 }, { n: 3 }],
            nextIndex: 2,
            openIterations: [0, 1],
            concurrency: 2,
            startedAt: 1767225600000,
          },
        },
        later: { status: 'ready' },
      },
      scopes: {
        'each[0]': {
          nodes: { call: { status: 'queued', attempt: 2, dueAt: 1767225605000 } },
          item: { n: 1 },
          index: 0,
        },
        'each[1]': {
          nodes: { call: { status: 'queued', attempt: 1, breachedLimit: 'MAX_HTTP_CALLS (1)' } },
          item: { n: 2 },
          index: 1,
        },
      },
      operations: 5,
      httpCalls: 2,
      lastSucceeded: 'reply',
      response: { status: 201, headers: { 'x-a': 'b' }, body: { ok: true } },
    } satisfies ExecutionState);
  });

  it.each([
    ['a loop, a retry, a breach and a response', STORED_TODAY],
    ['a while loop', WHILE_TODAY],
  ])('writes back exactly what it read (%s): no key renamed, added or dropped', (_, row) => {
    const reencoded = encodeExecutionState(decodeExecutionState(structuredClone(row)));
    // jsonb keeps no key order; toStrictEqual also fails on a key present as `undefined`.
    expect(JSON.parse(JSON.stringify(reencoded))).toStrictEqual(row);
    expect(reencoded).toStrictEqual(row);
  });

  it('round-trips every state the planner and the driver produce', async () => {
    const def = WorkflowDefinition.parse({
      name: 'codec',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        { id: 'each', type: 'loop', parameters: { items: '{{ [1, 2, 3] }}', concurrency: 2 } },
        { id: 'double', type: 'transform', parameters: { fields: { v: '{{ $item * 2 }}' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'each' },
        { id: 'e2', source: 'each', sourceHandle: 'body', target: 'double' },
      ],
    });
    const limits = { maxParallel: 4, maxTotalOperations: 100, maxHttpCalls: 10 };
    const states = [
      initialState(def),
      settleNode(def, initialState(def), 'start', { status: 'succeeded', handles: ['out'] }, limits).state,
    ];
    for (const state of states)
      expect(decodeExecutionState(JSON.parse(JSON.stringify(encodeExecutionState(state))))).toEqual(state);
    // A whole run goes through the codec at every checkpoint (the memory store keeps the stored form).
    const r = await runGraph(def, { limits: { maxParallelNodes: 1 } });
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual([{ v: 2 }, { v: 4 }, { v: 6 }]);
  });

  it('stores a new execution as rows have always been stored', () => {
    const def = WorkflowDefinition.parse({
      name: 'n',
      nodes: [{ id: 'go', type: 'trigger', parameters: {} }],
      edges: [],
    });
    expect(newExecutionState(def)).toEqual({ v: 1, nodes: { go: { s: 'queued', a: 1 } }, ops: 1, http: 0 });
  });

  it('reads a row nobody planned yet ({}) as an empty state', () => {
    expect(decodeExecutionState({})).toEqual({ nodes: {}, operations: 0, httpCalls: 0 });
  });

  it('keeps node ids named like Object.prototype members as own keys, both ways', () => {
    const stored = JSON.parse(
      '{"v":1,"nodes":{"__proto__":{"s":"succeeded","h":["out"]},"constructor":{"s":"ready"}},"ops":2,"http":0}',
    );
    const state = decodeExecutionState(stored);
    expect(Object.keys(state.nodes)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(state.nodes, '__proto__')?.value).toEqual({
      status: 'succeeded',
      handles: ['out'],
    });
    expect(Object.getPrototypeOf(state.nodes)).toBe(Object.prototype);
    expect(JSON.stringify(encodeExecutionState(state))).toBe(JSON.stringify(stored));
  });
});
