import { describe, expect, it } from 'vitest';
import { WorkflowDefinition } from '../src';
import { initialState, settleNode, type AdmissionLimits } from '../src/planner/planner';
import { runningNodes } from '../src/planner/running';
import type { ExecutionState } from '../src/planner/state';

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
      operations: 5,
      httpCalls: 1,
      nodes: {
        start: { status: 'succeeded', handles: ['out'] },
        call: { status: 'queued', attempt: 2, dueAt: 1_700_000_000_000 },
        each: { status: 'looping', loop: { nextIndex: 2, openIterations: [0, 1], concurrency: 2, startedAt: 0 } },
        wait: { status: 'ready' },
      },
      scopes: {
        'each[0]': { item: 1, index: 0, nodes: { body: { status: 'queued', attempt: 1 } } },
        'each[1]': { item: 2, index: 1, nodes: { body: { status: 'succeeded', handles: ['out'] } } },
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
    Object.defineProperty(nodes, '__proto__', { value: { status: 'queued', attempt: 1 }, enumerable: true });
    Object.defineProperty(nodes, 'constructor', { value: { status: 'looping', attempt: 1 }, enumerable: true });
    expect(runningNodes({ operations: 0, httpCalls: 0, nodes }).map((n) => n.nodeId)).toEqual([
      '__proto__',
      'constructor',
    ]);
  });
});
