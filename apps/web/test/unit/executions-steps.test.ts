import { describe, expect, it } from 'vitest';
import { applyExecutionEvent } from '../../src/features/executions/live-state';
import {
  defaultStepOf,
  groupStepsByNode,
  iterationIndexOf,
  iterationsOf,
  nextFailedIteration,
  parseScope,
  scopeLabel,
  statusByNode,
  stepLabel,
  upsertStep,
} from '../../src/features/executions/steps';
import { at, runningDetail as detail, step } from './executions-fixtures';

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
    expect(groups[1]!.status).toBe('succeeded');
    expect(groups[1]!.inLoop).toBe(false);
    expect(groups[1]!.iterations).toHaveLength(1);
  });

  it('colours a node by its latest step', () => {
    const map = statusByNode([
      step('a', 'n', 0, { status: 'succeeded' }),
      step('b', 'n', 5, { status: 'failed', attempt: 2 }),
    ]);
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

  it('applies snapshot, step and execution events', () => {
    let state = applyExecutionEvent(undefined, { type: 'step', data: step('x', 'sum', 5) });
    expect(state).toBeUndefined();
    state = applyExecutionEvent(state, { type: 'snapshot', data: detail });
    state = applyExecutionEvent(state, { type: 'step', data: step('b', 'sum', 20) });
    expect(state!.steps.map((s) => s.id)).toEqual(['a', 'b']);
    const { steps: _steps, ...withoutSteps } = detail;
    state = applyExecutionEvent(state, {
      type: 'execution',
      data: { ...withoutSteps, status: 'succeeded', nodesExecuted: 2 },
    });
    expect(state!.status).toBe('succeeded');
    expect(state!.steps).toHaveLength(2);
  });
});

describe('stepLabel', () => {
  it('names attempts, and the iteration inside a loop (1-based, as the picker counts)', () => {
    expect(stepLabel({ scope: '', attempt: 2 })).toBe('Attempt 2');
    expect(stepLabel({ scope: 'loop[3]', attempt: 1 })).toBe('loop 4 · attempt 1');
    expect(stepLabel({ scope: 'outer[0]/inner[2]', attempt: 2 })).toBe('outer 1 · inner 3 · attempt 2');
  });
});

describe('loop iterations', () => {
  it('parses scope paths into loop ids and 0-based indexes', () => {
    expect(parseScope('')).toEqual([]);
    expect(parseScope('each[3]')).toEqual([{ loop: 'each', index: 3 }]);
    expect(parseScope('outer[0]/inner[12]')).toEqual([
      { loop: 'outer', index: 0 },
      { loop: 'inner', index: 12 },
    ]);
    // Not `id[n]`: kept as text rather than dropped.
    expect(parseScope('odd')).toEqual([{ loop: 'odd', index: Number.NaN }]);
    expect(scopeLabel('outer[0]/inner[2]')).toBe('outer 1 · inner 3');
    expect(scopeLabel('odd')).toBe('odd');
  });

  it('groups a body node by iteration in index order, even when concurrent iterations started out of order', () => {
    const steps = [
      step('c1', 'b', 10, { scope: 'L[2]' }),
      step('a1', 'b', 20, { scope: 'L[0]', status: 'failed' }),
      step('b1', 'b', 30, { scope: 'L[10]' }),
      step('a2', 'b', 40, { scope: 'L[0]', attempt: 2 }),
      step('d1', 'b', 50, { scope: 'L[1]' }),
    ];
    const its = iterationsOf(steps);
    // Numeric, not text, order: 10 after 2.
    expect(its.map((it) => it.scope)).toEqual(['L[0]', 'L[1]', 'L[2]', 'L[10]']);
    expect(its[0]!.attempts.map((s) => s.id)).toEqual(['a1', 'a2']);
    // A retry that succeeded is a succeeded iteration.
    expect(its[0]!.status).toBe('succeeded');
    expect(iterationIndexOf(its, 'b1')).toBe(3);
    expect(iterationIndexOf(its, 'nope')).toBe(-1);
    expect(iterationIndexOf(its, null)).toBe(-1);
  });

  it('orders nested iterations by the outer index, then the inner one', () => {
    const its = iterationsOf([
      step('x', 'n', 0, { scope: 'o[1]/i[0]' }),
      step('y', 'n', 1, { scope: 'o[0]/i[1]' }),
      step('z', 'n', 2, { scope: 'o[0]/i[0]' }),
    ]);
    expect(its.map((it) => it.scope)).toEqual(['o[0]/i[0]', 'o[0]/i[1]', 'o[1]/i[0]']);
  });

  it('colours a body node failed when any iteration failed, though later ones succeeded', () => {
    const steps = [
      step('a', 'b', 0, { scope: 'L[0]' }),
      step('f', 'b', 10, { scope: 'L[1]', status: 'failed' }),
      step('c', 'b', 20, { scope: 'L[2]' }),
    ];
    const [group] = groupStepsByNode(steps);
    expect(group!.inLoop).toBe(true);
    expect(group!.status).toBe('failed');
    expect(statusByNode(steps).get('b')).toBe('failed');
    // A failed attempt that was retried to success does not count.
    expect(
      statusByNode([
        step('a', 'b', 0, { scope: 'L[0]', status: 'failed' }),
        step('b', 'b', 5, { scope: 'L[0]', attempt: 2 }),
      ]).get('b'),
    ).toBe('succeeded');
    // Still running somewhere: running, even if a later-started iteration already finished.
    expect(
      statusByNode([step('r', 'b', 0, { scope: 'L[0]', status: 'running' }), step('s', 'b', 5, { scope: 'L[1]' })]).get(
        'b',
      ),
    ).toBe('running');
  });

  it('shows the nodes running now as running: a retry waiting out its backoff, a node with no step yet', () => {
    const steps = [step('s', 'start', 0), step('f', 'call', 5, { status: 'failed' })];
    expect(statusByNode(steps).get('call')).toBe('failed');
    const running = [
      { nodeId: 'call', scope: '', attempt: 2, retryAt: at(1500) },
      { nodeId: 'next', scope: '', attempt: 1 },
    ];
    const statuses = statusByNode(steps, running);
    expect([...statuses]).toEqual([
      ['start', 'succeeded'],
      ['call', 'running'],
      ['next', 'running'],
    ]);
    // A loop body running in one iteration still shows another iteration's failure.
    const loop = [
      step('f', 'b', 0, { scope: 'L[0]', status: 'failed' }),
      step('g', 'b', 5, { scope: 'L[1]', status: 'failed' }),
    ];
    expect(statusByNode(loop, [{ nodeId: 'b', scope: 'L[1]', attempt: 2 }]).get('b')).toBe('failed');
    expect(statusByNode(loop.slice(1), [{ nodeId: 'b', scope: 'L[1]', attempt: 2 }]).get('b')).toBe('running');
  });

  it('opens a node on its first failed iteration, else its latest step', () => {
    const ok = groupStepsByNode([step('a', 'b', 0, { scope: 'L[0]' }), step('z', 'b', 10, { scope: 'L[1]' })])[0];
    expect(defaultStepOf(ok)?.id).toBe('z');
    const bad = groupStepsByNode([
      step('a', 'b', 0, { scope: 'L[0]' }),
      step('f1', 'b', 5, { scope: 'L[1]', status: 'failed' }),
      step('f2', 'b', 8, { scope: 'L[1]', status: 'failed', attempt: 2 }),
      step('g', 'b', 9, { scope: 'L[3]', status: 'failed' }),
      step('z', 'b', 10, { scope: 'L[2]' }),
    ])[0];
    expect(defaultStepOf(bad)?.id).toBe('f2');
    // At top level a failed last attempt is simply the latest step.
    expect(
      defaultStepOf(
        groupStepsByNode([
          step('p', 'h', 0, { status: 'failed' }),
          step('q', 'h', 5, { status: 'failed', attempt: 2 }),
        ])[0],
      )?.id,
    ).toBe('q');
    expect(defaultStepOf(undefined)).toBeUndefined();
  });

  it('finds the next failed iteration, wrapping around', () => {
    const its = iterationsOf([
      step('a', 'b', 0, { scope: 'L[0]', status: 'failed' }),
      step('b', 'b', 1, { scope: 'L[1]' }),
      step('c', 'b', 2, { scope: 'L[2]', status: 'failed' }),
    ]);
    expect(nextFailedIteration(its, 0)).toBe(2);
    expect(nextFailedIteration(its, 2)).toBe(0);
    expect(nextFailedIteration(iterationsOf([step('a', 'b', 0, { scope: 'L[0]' })]), 0)).toBe(-1);
  });
});
