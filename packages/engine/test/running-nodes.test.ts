import { describe, expect, it } from 'vitest';
import {
  initialState,
  runningNodes,
  settleNode,
  WorkflowDefinition,
  type AdmissionLimits,
  type ExecutionState,
} from '../src';

/** What live views show as "running now" (docs/architecture.md "Watch"), derived from the planner state. */

const LIMITS: AdmissionLimits = { maxParallel: 10, maxTotalOperations: 10_000, maxHttpCalls: 100 };
const def = WorkflowDefinition.parse({
  name: 'fan out',
  nodes: [
    { id: 'start', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
    { id: 'a', type: 'transform', name: 'A', position: { x: 1, y: 0 }, parameters: { fields: {} } },
    { id: 'b', type: 'transform', name: 'B', position: { x: 1, y: 1 }, parameters: { fields: {} } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'a' },
    { id: 'e2', source: 'start', target: 'b' },
  ],
});

describe('runningNodes', () => {
  it('lists the admitted nodes of every frame, with their attempt, and nothing settled or merely ready', () => {
    expect(runningNodes(initialState(def))).toEqual([{ nodeId: 'start', scope: '', attempt: 1 }]);
    const after = settleNode(def, initialState(def), 'start', { status: 'succeeded', handles: ['out'] }, LIMITS).state;
    expect(runningNodes(after)).toEqual([
      { nodeId: 'a', scope: '', attempt: 1 },
      { nodeId: 'b', scope: '', attempt: 1 },
    ]);
  });

  it('shows a retry waiting out its backoff with the time it may run, a looping loop and its open iterations', () => {
    const state: ExecutionState = {
      v: 1,
      ops: 5,
      http: 1,
      nodes: {
        start: { s: 'succeeded', h: ['out'] },
        call: { s: 'queued', a: 2, due: 1_700_000_000_000 },
        each: { s: 'looping', lp: { next: 2, act: [0, 1], c: 2, t: 0 } },
        wait: { s: 'ready' },
      },
      scopes: {
        'each[0]': { item: 1, index: 0, nodes: { body: { s: 'queued', a: 1 } } },
        'each[1]': { item: 2, index: 1, nodes: { body: { s: 'succeeded', h: ['out'] } } },
      },
    };
    expect(runningNodes(state)).toEqual([
      { nodeId: 'call', scope: '', attempt: 2, retryAt: 1_700_000_000_000 },
      { nodeId: 'each', scope: '', attempt: 1 },
      { nodeId: 'body', scope: 'each[0]', attempt: 1 },
    ]);
  });

  it('keeps node ids that are Object.prototype names as data', () => {
    const nodes = Object.create(null) as ExecutionState['nodes'];
    Object.defineProperty(nodes, '__proto__', { value: { s: 'queued', a: 1 }, enumerable: true });
    Object.defineProperty(nodes, 'constructor', { value: { s: 'looping', a: 1 }, enumerable: true });
    expect(runningNodes({ v: 1, ops: 0, http: 0, nodes }).map((n) => n.nodeId)).toEqual(['__proto__', 'constructor']);
  });
});
