/**
 * Timeline (Gantt) geometry, pure: where each step's bar sits relative to the execution
 * start, and a time axis with round tick values. Percentages keep the drawing responsive.
 */
import { sortSteps } from './steps';
import type { Step } from './types';

export interface TimelineBar {
  step: Step;
  /** ms from the timeline origin to the step's start. */
  offsetMs: number;
  /** ms the step took (or has taken so far, if running); 0 for skipped steps. */
  durationMs: number;
  leftPct: number;
  widthPct: number;
  /** Skipped steps never ran: drawn as a small marker, not a bar. */
  kind: 'bar' | 'marker';
  running: boolean;
}

export interface TimelineTick {
  ms: number;
  pct: number;
  label: string;
}

export interface TimelineModel {
  originMs: number;
  spanMs: number;
  bars: TimelineBar[];
  ticks: TimelineTick[];
}

/** A bar narrower than this would be invisible; short steps still get a sliver. */
export const MIN_BAR_PCT = 0.6;

export function buildTimeline(
  steps: readonly Step[],
  opts: { startedAt: string | null; finishedAt?: string | null; now: number; targetTicks?: number },
): TimelineModel {
  const sorted = sortSteps(steps);
  const starts = sorted.map((s) => Date.parse(s.startedAt));
  const executionStart = opts.startedAt ? Date.parse(opts.startedAt) : Number.NaN;
  const originMs = Math.min(...[executionStart, ...starts].filter(Number.isFinite), opts.now);

  const ends = sorted.map((s, i) => stepEnd(s, starts[i]!, opts.now));
  const finished = opts.finishedAt ? Date.parse(opts.finishedAt) : Number.NaN;
  const lastMs = Math.max(originMs, ...ends, ...(Number.isFinite(finished) ? [finished] : []));
  // Never divide by zero: an instant execution still gets a 1 ms axis.
  const spanMs = Math.max(lastMs - originMs, 1);

  const bars = sorted.map((step, i): TimelineBar => {
    const offsetMs = starts[i]! - originMs;
    const skipped = step.status === 'skipped';
    const durationMs = skipped ? 0 : Math.max(ends[i]! - starts[i]!, 0);
    const leftPct = clampPct((offsetMs / spanMs) * 100);
    const widthPct = skipped ? 0 : Math.min(Math.max((durationMs / spanMs) * 100, MIN_BAR_PCT), 100 - leftPct);
    return {
      step,
      offsetMs,
      durationMs,
      leftPct,
      widthPct,
      kind: skipped ? 'marker' : 'bar',
      running: step.status === 'running',
    };
  });

  return { originMs, spanMs, bars, ticks: axisTicks(spanMs, opts.targetTicks ?? 5) };
}

/** Where a step ends: finishedAt, else now while running, else start + duration. */
function stepEnd(step: Step, start: number, now: number): number {
  if (step.finishedAt) return Date.parse(step.finishedAt);
  if (step.status === 'running') return Math.max(now, start);
  return start + (step.durationMs ?? 0);
}

/** 1, 2 or 5 × 10ⁿ ms: the smallest round step giving at most `target` intervals. */
export function niceStep(spanMs: number, target: number): number {
  const raw = spanMs / Math.max(target, 1);
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return Math.max(m * magnitude, 1);
  return 10 * magnitude;
}

export function axisTicks(spanMs: number, target: number): TimelineTick[] {
  const step = niceStep(spanMs, target);
  const ticks: TimelineTick[] = [];
  for (let ms = 0; ms <= spanMs + 1e-9; ms += step)
    ticks.push({ ms, pct: (ms / spanMs) * 100, label: formatOffset(ms) });
  return ticks;
}

/** Axis and bar labels: "0 ms", "250 ms", "1.5 s", "2 min 05 s". */
export function formatOffset(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trimZeros((ms / 1000).toFixed(ms < 10_000 ? 2 : 1))} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function clampPct(p: number): number {
  return Math.min(Math.max(p, 0), 100);
}
