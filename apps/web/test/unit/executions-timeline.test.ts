import { describe, expect, it } from 'vitest';
import { axisTicks, buildTimeline, formatOffset, MIN_BAR_PCT, niceStep } from '../../src/features/executions/timeline';
import type { Step } from '../../src/features/executions/types';
import { at, step as stepOf, T0 } from './executions-fixtures';

/** Step `id` (on node `id`) from `startMs` to `endMs`; still running when `endMs` is null. */
function step(id: string, startMs: number, endMs: number | null, over: Partial<Step> = {}): Step {
  const end =
    endMs === null ? { finishedAt: null, durationMs: null } : { finishedAt: at(endMs), durationMs: endMs - startMs };
  return stepOf(id, id, startMs, { ...end, ...over });
}

describe('buildTimeline', () => {
  it('positions bars relative to the execution start', () => {
    const model = buildTimeline([step('a', 0, 100), step('b', 100, 400), step('c', 200, 1000)], {
      startedAt: at(0),
      now: T0 + 5000,
    });
    expect(model.spanMs).toBe(1000);
    const [a, b, c] = model.bars;
    expect(a).toMatchObject({ offsetMs: 0, durationMs: 100, leftPct: 0, widthPct: 10, kind: 'bar' });
    expect(b).toMatchObject({ offsetMs: 100, durationMs: 300, leftPct: 10, widthPct: 30 });
    expect(c).toMatchObject({ leftPct: 20, widthPct: 80 });
  });

  it('extends running steps to now and draws skipped steps as markers', () => {
    const model = buildTimeline(
      [
        step('a', 0, 100),
        step('r', 100, null, { status: 'running' }),
        step('s', 100, 100, { status: 'skipped', durationMs: 0 }),
      ],
      {
        startedAt: at(0),
        now: T0 + 2000,
      },
    );
    expect(model.spanMs).toBe(2000);
    const running = model.bars.find((b) => b.step.id === 'r')!;
    expect(running).toMatchObject({ running: true, durationMs: 1900, leftPct: 5, widthPct: 95 });
    const skipped = model.bars.find((b) => b.step.id === 's')!;
    expect(skipped).toMatchObject({ kind: 'marker', widthPct: 0, leftPct: 5 });
  });

  it('gives instant steps a visible sliver and never divides by zero', () => {
    const model = buildTimeline([step('a', 0, 0)], { startedAt: at(0), now: T0 });
    expect(model.spanMs).toBe(1);
    expect(model.bars[0]!.widthPct).toBeGreaterThanOrEqual(MIN_BAR_PCT);
  });

  it('keeps bars inside the track', () => {
    const model = buildTimeline([step('a', 0, 1000), step('b', 999, 1000)], { startedAt: at(0), now: T0 });
    const b = model.bars[1]!;
    expect(b.leftPct + b.widthPct).toBeLessThanOrEqual(100);
  });

  it('uses the first step when the execution has no start time', () => {
    const model = buildTimeline([step('a', 500, 600)], { startedAt: null, now: T0 + 10_000 });
    expect(model.originMs).toBe(T0 + 500);
    expect(model.bars[0]!.leftPct).toBe(0);
  });
});

describe('axis', () => {
  it('picks 1/2/5 × 10ⁿ steps', () => {
    expect(niceStep(1000, 5)).toBe(200);
    expect(niceStep(730, 5)).toBe(200);
    expect(niceStep(12, 5)).toBe(5);
    expect(niceStep(1, 5)).toBe(1);
  });

  it('ticks from 0 across the span, with labels', () => {
    const ticks = axisTicks(1000, 5);
    expect(ticks.map((t) => t.ms)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(ticks[5]).toMatchObject({ pct: 100, label: '1 s' });
  });

  it('formats offsets', () => {
    expect(formatOffset(0)).toBe('0 ms');
    expect(formatOffset(250)).toBe('250 ms');
    expect(formatOffset(1500)).toBe('1.5 s');
    expect(formatOffset(12_340)).toBe('12.3 s');
    expect(formatOffset(125_000)).toBe('2 min 05 s');
  });
});
