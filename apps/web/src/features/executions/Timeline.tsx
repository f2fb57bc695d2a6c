'use client';

import { memo, useMemo } from 'react';
import { scopeLabel, stepLabel } from './steps';
import { buildTimeline, formatOffset, type TimelineBar, type TimelineTick } from './timeline';
import type { Step } from './types';

/**
 * Gantt chart of the steps: one row per step (node + iteration + attempt), bars placed by start and
 * end relative to the execution start, running steps growing to now, skipped steps as a
 * marker. Bars are buttons, so the chart is usable from the keyboard.
 */
export function Timeline({
  steps,
  startedAt,
  finishedAt,
  now,
  selectedStepId,
  onSelect,
}: {
  steps: readonly Step[];
  startedAt: string | null;
  finishedAt: string | null;
  now: number;
  selectedStepId: string | null;
  onSelect: (step: Step) => void;
}) {
  const model = useMemo(
    () => buildTimeline(steps, { startedAt, finishedAt, now }),
    [steps, startedAt, finishedAt, now],
  );
  if (steps.length === 0) return <p className="muted small tl-empty">No steps yet.</p>;

  return (
    <div className="tl" data-testid="timeline">
      <div className="tl-row tl-axis" aria-hidden="true">
        <span className="tl-label" />
        <div className="tl-track">
          {model.ticks.map((t, i) => (
            <span
              key={t.ms}
              className={`tl-tick${i === model.ticks.length - 1 && t.pct > 90 ? ' tl-tick-end' : ''}`}
              style={{ left: `${t.pct}%` }}
            >
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <ol className="tl-rows" aria-label="Steps in start order">
        {model.bars.map((bar) => (
          <TimelineRow
            key={bar.step.id}
            bar={bar}
            ticks={model.ticks}
            selected={bar.step.id === selectedStepId}
            onSelect={onSelect}
          />
        ))}
      </ol>
    </div>
  );
}

// Memoized: picking another loop iteration re-renders the two rows whose selection changed,
// not a thousand.
const TimelineRow = memo(function TimelineRow({
  bar,
  ticks,
  selected,
  onSelect,
}: {
  bar: TimelineBar;
  ticks: TimelineTick[];
  selected: boolean;
  onSelect: (step: Step) => void;
}) {
  return (
    <li className="tl-row">
      <span className="tl-label" title={`${bar.step.nodeId}${bar.step.scope ? ` (${bar.step.scope})` : ''}`}>
        <span className="mono">{bar.step.nodeId}</span>
        {bar.step.scope ? <span className="muted"> {scopeLabel(bar.step.scope)}</span> : null}
        {bar.step.attempt > 1 ? <span className="muted"> #{bar.step.attempt}</span> : null}
      </span>
      <div className="tl-track">
        {ticks.map((t) => (
          <span key={t.ms} className="tl-gridline" style={{ left: `${t.pct}%` }} aria-hidden="true" />
        ))}
        <TimelineBarButton bar={bar} selected={selected} onSelect={onSelect} />
      </div>
    </li>
  );
});

function TimelineBarButton({
  bar,
  selected,
  onSelect,
}: {
  bar: TimelineBar;
  selected: boolean;
  onSelect: (step: Step) => void;
}) {
  const { step } = bar;
  const duration = bar.kind === 'marker' ? 'skipped' : `${formatOffset(bar.durationMs)}${bar.running ? '…' : ''}`;
  // Labels sit right of the bar, or left of it when the bar reaches the end of the track.
  const labelLeft = bar.leftPct + bar.widthPct > 78;
  // A marker is centred on its time, so its label needs more room than a bar's.
  const gap = bar.kind === 'marker' ? 12 : 6;
  return (
    <>
      <button
        type="button"
        className={`tl-bar tl-${bar.kind} tl-status-${step.status}`}
        style={
          bar.kind === 'marker' ? { left: `${bar.leftPct}%` } : { left: `${bar.leftPct}%`, width: `${bar.widthPct}%` }
        }
        aria-pressed={selected}
        aria-label={
          `${step.nodeId}, ${stepLabel(step).toLowerCase()}: ${step.status}, started at ` +
          `+${formatOffset(bar.offsetMs)}, ${duration}`
        }
        data-testid={`timeline-bar-${step.nodeId}`}
        data-status={step.status}
        onClick={() => onSelect(step)}
      />
      <span
        className="tl-duration"
        aria-hidden="true"
        style={
          labelLeft
            ? { right: `calc(${100 - bar.leftPct}% + ${gap}px)` }
            : { left: `calc(${bar.leftPct + bar.widthPct}% + ${gap}px)` }
        }
      >
        {duration}
      </span>
    </>
  );
}
