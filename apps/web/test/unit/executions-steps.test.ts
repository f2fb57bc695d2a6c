import { describe, expect, it } from 'vitest';
import { applyExecutionEvent } from '../../src/features/executions/live-state';
import { groupStepsByNode, latestStatusByNode, stepLabel, upsertStep } from '../../src/features/executions/steps';
import type { ExecutionDetail, Step } from '../../src/features/executions/types';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

function step(id: string, nodeId: string, startMs: number, over: Partial<Step> = {}): Step {
  return { id, nodeId, scope: '', attempt: 1, status: 'succeeded', input: null, output: null, error: null, startedAt: at(startMs), finishedAt: at(startMs + 10), durationMs: 10, ...over };
}

describe('groupStepsByNode', () => {
  it('groups attempts under their node, nodes in first-start order, attempts in start order', () => {
    const steps = [
      step('s3', 'http', 200, { attempt: 2, status: 'succeeded' }),
      step('s1', 'start', 0),
      step('s2', 'http', 100, { attempt: 1, status: 'failed' }),
    ];
    const groups = groupStepsByNode(steps);
    expect(groups.map((g) => g.nodeId)).toEqual(['start', 'http']);
    expect(groups[1]!.steps.map((s) => s.attempt)).toEqual([1, 2]);
    expect(groups[1]!.latestStatus).toBe('succeeded');
  });

  it('colours a node by its latest step', () => {
    const map = latestStatusByNode([step('a', 'n', 0, { status: 'succeeded' }), step('b', 'n', 5, { status: 'failed', attempt: 2 })]);
    expect(map.get('n')).toBe('failed');
    expect(map.has('other')).toBe(false);
  });

  it('breaks start-time ties by attempt', () => {
    const groups = groupStepsByNode([step('b', 'n', 0, { attempt: 2 }), step('a', 'n', 0, { attempt: 1 })]);
    expect(groups[0]!.steps.map((s) => s.id)).toEqual(['a', 'b']);
  });
});

describe('upsertStep and live events', () => {
  it('replaces a step by id and inserts new ones in start order', () => {
    const steps = [step('a', 'start', 0), step('b', 'sum', 20, { status: 'running', finishedAt: null })];
    const updated = upsertStep(steps, { ...steps[1]!, status: 'succeeded', finishedAt: at(30) });
    expect(updated).toHaveLength(2);
    expect(updated[1]!.status).toBe('succeeded');
    expect(upsertStep(updated, step('c', 'big', 10)).map((s) => s.id)).toEqual(['a', 'c', 'b']);
  });

  const detail: ExecutionDetail = {
    id: 'e', workflowId: 'w', version: 1, status: 'running', trigger: 'manual', triggerData: {}, createdAt: at(0), startedAt: at(0),
    finishedAt: null, durationMs: null, nodesExecuted: 1, output: null, error: null, errorNodeId: null, parentExecutionId: null,
    steps: [step('a', 'start', 0)],
  };

  it('applies snapshot, step and execution events', () => {
    let state = applyExecutionEvent(undefined, { type: 'step', data: step('x', 'sum', 5) });
    expect(state).toBeUndefined();
    state = applyExecutionEvent(state, { type: 'snapshot', data: detail });
    state = applyExecutionEvent(state, { type: 'step', data: step('b', 'sum', 20) });
    expect(state!.steps.map((s) => s.id)).toEqual(['a', 'b']);
    const { steps: _steps, ...withoutSteps } = detail;
    state = applyExecutionEvent(state, { type: 'execution', data: { ...withoutSteps, status: 'succeeded', nodesExecuted: 2 } });
    expect(state!.status).toBe('succeeded');
    expect(state!.steps).toHaveLength(2);
  });
});

describe('stepLabel', () => {
  it('names attempts, and the iteration inside a loop', () => {
    expect(stepLabel({ scope: '', attempt: 2 })).toBe('Attempt 2');
    expect(stepLabel({ scope: 'loop[3]', attempt: 1 })).toBe('loop[3] · attempt 1');
  });
});
