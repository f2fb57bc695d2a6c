import { describe, expect, it } from 'vitest';
import {
  afterHeadRead,
  applyExecutionEvent,
  applyExecutionEvents,
  executionKey,
  FULL_READ_MIN_MS,
  liveRefetchInterval,
  newerExecution,
  parseEventData,
  parseExecutionEvent,
  POLL_MS,
  SAFETY_POLL_MS,
} from '../../src/features/executions/live-state';
import type { ExecutionDetail } from '../../src/features/executions/types';
import { at, runningDetail as detail, step } from './executions-fixtures';

const { steps: _steps, ...withoutSteps } = detail;

describe('applyExecutionEvent (the live merge the viewer and the editor share)', () => {
  it('a snapshot replaces the fields and adds its first page of steps to the ones already read', () => {
    const stale = { ...detail, status: 'queued' as const, steps: [step('later', 'x', 50)] };
    const next = applyExecutionEvent(stale, { type: 'snapshot', data: { ...detail, stepsNextCursor: 'more' } })!;
    expect(next).toEqual({ ...detail, steps: [step('a', 'start', 0), step('later', 'x', 50)], stepsNextCursor: null });
    const bare = { ...withoutSteps } as unknown as ExecutionDetail;
    expect(applyExecutionEvent(undefined, { type: 'snapshot', data: bare })!.steps).toEqual([]);
  });

  it('applies a change at once: its steps, then the summary with the nodes running now; trigger data and output stay', () => {
    const withData = { ...detail, triggerData: { body: 1 }, output: { kept: true } };
    const { triggerData: _t, output: _o, steps: _s, stepsNextCursor: _c, ...summary } = detail;
    const next = applyExecutionEvents(withData, [
      { type: 'step', data: step('c', 'big', 30, { seq: 2 }) },
      { type: 'step', data: step('b', 'sum', 20, { seq: 2 }) },
      {
        type: 'execution',
        data: { ...summary, seq: 2, nodesExecuted: 3, running: [{ nodeId: 'yes', scope: '', attempt: 1 }] },
      },
    ])!;
    expect(next.steps.map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(next).toMatchObject({
      seq: 2,
      nodesExecuted: 3,
      running: [{ nodeId: 'yes' }],
      triggerData: { body: 1 },
      output: { kept: true },
    });
  });

  it('keeps what the stream applied when a read that saw an older change arrives after it', () => {
    const streamed = { ...detail, seq: 5 };
    expect(newerExecution(streamed, { ...detail, seq: 4 })).toBe(streamed);
    const fresher = { ...detail, seq: 6 };
    expect(newerExecution(streamed, fresher)).toBe(fresher);
    expect(newerExecution(undefined, fresher)).toBe(fresher);
    expect(newerExecution(streamed, { ...detail, id: 'other', seq: 1 }).id).toBe('other');
  });

  it('upserts a step by id: a running step is replaced when it finishes', () => {
    const running = step('b', 'sum', 20, { status: 'running', finishedAt: null, durationMs: null });
    let state = applyExecutionEvent(detail, { type: 'step', data: running });
    expect(state!.steps.map((s) => [s.id, s.status])).toEqual([
      ['a', 'succeeded'],
      ['b', 'running'],
    ]);
    state = applyExecutionEvent(state, { type: 'step', data: { ...running, status: 'failed', finishedAt: at(25) } });
    expect(state!.steps.map((s) => [s.id, s.status])).toEqual([
      ['a', 'succeeded'],
      ['b', 'failed'],
    ]);
  });

  it('ignores step and execution events before the snapshot', () => {
    expect(applyExecutionEvent(undefined, { type: 'step', data: step('x', 'n', 0) })).toBeUndefined();
    expect(applyExecutionEvent(undefined, { type: 'execution', data: withoutSteps })).toBeUndefined();
  });

  it('an execution event updates the fields and keeps the steps', () => {
    const state = applyExecutionEvent(detail, {
      type: 'execution',
      data: { ...withoutSteps, status: 'failed', error: { code: 'X', message: 'boom' } },
    });
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
  const wire = (over: object = {}) => ({
    ...detail,
    id: EXEC,
    workflowId: '0193f0a0-0000-7000-8000-000000000003',
    ...over,
  });
  const wireStep = { ...step(STEP, 'start', 0) };

  it('accepts what the server sends: a snapshot, a step, the execution', () => {
    expect(parseExecutionEvent('snapshot', JSON.stringify(wire({ steps: [wireStep] })))).toEqual({
      type: 'snapshot',
      data: wire({ steps: [wireStep] }),
    });
    expect(parseExecutionEvent('step', JSON.stringify(wireStep))).toEqual({ type: 'step', data: wireStep });
    const { steps: _s, stepsNextCursor: _c, triggerData: _t, output: _o, ...execution } = wire();
    expect(parseExecutionEvent('execution', JSON.stringify({ ...execution, status: 'succeeded' }))?.data).toMatchObject(
      { id: EXEC, status: 'succeeded' },
    );
  });

  it('drops a message that is not JSON or not the shape its type promises', () => {
    expect(parseExecutionEvent('step', '{nope')).toBeUndefined();
    expect(parseExecutionEvent('step', JSON.stringify({ ...wireStep, status: 'exploded' }))).toBeUndefined();
    expect(parseExecutionEvent('snapshot', JSON.stringify(wireStep))).toBeUndefined();
  });
});

describe('liveRefetchInterval', () => {
  it('checks the head every second without a stream, every 10 s with one, and not at all once final', () => {
    expect(liveRefetchInterval('running', 'polling')).toBe(POLL_MS);
    expect(liveRefetchInterval('queued', 'sse')).toBe(SAFETY_POLL_MS);
    expect(liveRefetchInterval('succeeded', 'polling')).toBe(false);
    expect(liveRefetchInterval('timed_out', 'sse')).toBe(false);
    expect(liveRefetchInterval(undefined, 'polling')).toBe(false);
    expect(POLL_MS).toBe(1_000);
  });

  it(
    'reads every page again only when a change is missing: beside a stream at the second check, without one at ' +
      'most every few seconds',
    () => {
      const h = {
        transport: 'polling' as const,
        headSeq: 7,
        headStatus: 'running' as const,
        cachedSeq: 7,
        wasBehind: false,
        lastFullReadAt: 0,
        now: 100_000,
      };
      expect(afterHeadRead(h)).toEqual({ behind: false, refetch: false });
      expect(afterHeadRead({ ...h, headSeq: 8 })).toEqual({ behind: true, refetch: true });
      expect(afterHeadRead({ ...h, headSeq: 8, lastFullReadAt: h.now - FULL_READ_MIN_MS + 1 })).toEqual({
        behind: true,
        refetch: false,
      });
      expect(afterHeadRead({ ...h, headSeq: 8, headStatus: 'succeeded', lastFullReadAt: h.now - 1 })).toEqual({
        behind: true,
        refetch: true,
      });
      const sse = { ...h, transport: 'sse' as const, headSeq: 8 };
      expect(afterHeadRead(sse)).toEqual({ behind: true, refetch: false });
      expect(afterHeadRead({ ...sse, wasBehind: true })).toEqual({ behind: true, refetch: true });
    },
  );

  it('keys one execution the same way for every caller', () => {
    expect(executionKey('e1')).toEqual(['execution', 'e1']);
  });
});
