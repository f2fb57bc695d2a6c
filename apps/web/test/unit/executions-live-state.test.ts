import { describe, expect, it } from 'vitest';
import { applyExecutionEvent, executionKey, liveRefetchInterval, parseEventData, parseExecutionEvent, POLL_MS, SAFETY_POLL_MS } from '../../src/features/executions/live-state';
import type { ExecutionDetail, Step } from '../../src/features/executions/types';

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();

function step(id: string, nodeId: string, startMs: number, over: Partial<Step> = {}): Step {
  return { id, nodeId, scope: '', attempt: 1, status: 'succeeded', input: null, output: null, error: null, startedAt: at(startMs), finishedAt: at(startMs + 10), durationMs: 10, ...over };
}

const detail: ExecutionDetail = {
  id: 'e', workflowId: 'w', version: 1, status: 'running', trigger: 'manual', triggerData: {}, createdAt: at(0), startedAt: at(0),
  finishedAt: null, durationMs: null, nodesExecuted: 1, output: null, error: null, errorNodeId: null, parentExecutionId: null,
  webhookId: null, scheduleId: null, workflowName: 'wf', stepsNextCursor: null,
  steps: [step('a', 'start', 0)],
};
const { steps: _steps, ...withoutSteps } = detail;

describe('applyExecutionEvent (the live merge the viewer and the editor share)', () => {
  it('a snapshot replaces the state, and one without steps gets an empty list', () => {
    const stale = { ...detail, status: 'queued' as const, steps: [step('old', 'x', 0)] };
    expect(applyExecutionEvent(stale, { type: 'snapshot', data: detail })).toEqual(detail);
    const bare = { ...withoutSteps } as unknown as ExecutionDetail;
    expect(applyExecutionEvent(undefined, { type: 'snapshot', data: bare })!.steps).toEqual([]);
  });

  it('upserts a step by id: a running step is replaced when it finishes', () => {
    const running = step('b', 'sum', 20, { status: 'running', finishedAt: null, durationMs: null });
    let state = applyExecutionEvent(detail, { type: 'step', data: running });
    expect(state!.steps.map((s) => [s.id, s.status])).toEqual([['a', 'succeeded'], ['b', 'running']]);
    state = applyExecutionEvent(state, { type: 'step', data: { ...running, status: 'failed', finishedAt: at(25) } });
    expect(state!.steps.map((s) => [s.id, s.status])).toEqual([['a', 'succeeded'], ['b', 'failed']]);
  });

  it('ignores step and execution events before the snapshot', () => {
    expect(applyExecutionEvent(undefined, { type: 'step', data: step('x', 'n', 0) })).toBeUndefined();
    expect(applyExecutionEvent(undefined, { type: 'execution', data: withoutSteps })).toBeUndefined();
  });

  it('an execution event updates the fields and keeps the steps', () => {
    const state = applyExecutionEvent(detail, { type: 'execution', data: { ...withoutSteps, status: 'failed', error: { code: 'X', message: 'boom' } } });
    expect(state!.status).toBe('failed');
    expect(state!.error!.message).toBe('boom');
    expect(state!.steps).toBe(detail.steps);
  });

  it('does not mutate the current state', () => {
    const before = structuredClone(detail);
    applyExecutionEvent(detail, { type: 'step', data: step('b', 'sum', 20) });
    applyExecutionEvent(detail, { type: 'execution', data: { ...withoutSteps, status: 'succeeded' } });
    expect(detail).toEqual(before);
  });
});

describe('parseEventData', () => {
  it('parses JSON and drops a malformed message', () => {
    expect(parseEventData<{ a: number }>('{"a":1}')).toEqual({ a: 1 });
    expect(parseEventData('{nope')).toBeUndefined();
  });
});

describe('parseExecutionEvent (each SSE message read with the contract for its type)', () => {
  const EXEC = '0193f0a0-0000-7000-8000-000000000001';
  const STEP = '0193f0a0-0000-7000-8000-000000000002';
  const wire = (over: object = {}) => ({ ...detail, id: EXEC, workflowId: '0193f0a0-0000-7000-8000-000000000003', ...over });
  const wireStep = { ...step(STEP, 'start', 0) };

  it('accepts what the server sends: a snapshot, a step, the execution', () => {
    expect(parseExecutionEvent('snapshot', JSON.stringify(wire({ steps: [wireStep] })))).toEqual({ type: 'snapshot', data: wire({ steps: [wireStep] }) });
    expect(parseExecutionEvent('step', JSON.stringify(wireStep))).toEqual({ type: 'step', data: wireStep });
    const { steps: _s, stepsNextCursor: _c, ...execution } = wire();
    expect(parseExecutionEvent('execution', JSON.stringify({ ...execution, status: 'succeeded' }))?.data).toMatchObject({ id: EXEC, status: 'succeeded' });
  });

  it('drops a message that is not JSON or not the shape its type promises', () => {
    expect(parseExecutionEvent('step', '{nope')).toBeUndefined();
    expect(parseExecutionEvent('step', JSON.stringify({ ...wireStep, status: 'exploded' }))).toBeUndefined();
    expect(parseExecutionEvent('snapshot', JSON.stringify(wireStep))).toBeUndefined();
  });
});

describe('liveRefetchInterval', () => {
  it('polls every second without a stream, slowly with one, and not at all once final', () => {
    expect(liveRefetchInterval('running', 'polling')).toBe(POLL_MS);
    expect(liveRefetchInterval('queued', 'sse')).toBe(SAFETY_POLL_MS);
    expect(liveRefetchInterval('succeeded', 'polling')).toBe(false);
    expect(liveRefetchInterval('timed_out', 'sse')).toBe(false);
    expect(liveRefetchInterval(undefined, 'polling')).toBe(false);
    expect(POLL_MS).toBe(1_000);
  });

  it('keys one execution the same way for every caller', () => {
    expect(executionKey('e1')).toEqual(['execution', 'e1']);
  });
});
