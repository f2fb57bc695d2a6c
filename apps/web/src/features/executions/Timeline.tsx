'use client';

import { useMemo } from 'react';
import { buildTimeline, formatOffset, type TimelineBar } from './timeline';
import type { Step } from './types';

/**
 * Gantt chart of the steps: one row per step (node + attempt), bars placed by start and
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
  const model = useMemo(() => buildTimeline(steps, { startedAt, finishedAt, now }), [steps, startedAt, finishedAt, now]);
  if (steps.length === 0) return <p className="muted small tl-empty">No steps yet.</p>;

  return (
    <div className="tl" data-testid="timeline">
      <div className="tl-row tl-axis" aria-hidden="true">
        <span className="tl-label" />
        <div className="tl-track">
          {model.ticks.map((t, i) => (
            <span key={t.ms} className={`tl-tick${i === model.ticks.length - 1 && t.pct > 90 ? ' tl-tick-end' : ''}`} style={{ left: `${t.pct}%` }}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <ol className="tl-rows" aria-label="Steps in start order">
        {model.bars.map((bar) => (
          <li key={bar.step.id} className="tl-row">
            <span className="tl-label" title={`${bar.step.nodeId}${bar.step.scope ? ` (${bar.step.scope})` : ''}`}>
              <span className="mono">{bar.step.nodeId}</span>
              {bar.step.attempt > 1 || bar.step.scope ? <span className="muted"> #{bar.step.attempt}</span> : null}
            </span>
            <div className="tl-track">
              {model.ticks.map((t) => (
                <span key={t.ms} className="tl-gridline" style={{ left: `${t.pct}%` }} aria-hidden="true" />
              ))}
              <TimelineBarButton bar={bar} selected={bar.step.id === selectedStepId} onSelect={onSelect} />
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function TimelineBarButton({ bar, selected, onSelect }: { bar: TimelineBar; selected: boolean; onSelect: (step: Step) => void }) {
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
        style={bar.kind === 'marker' ? { left: `${bar.leftPct}%` } : { left: `${bar.leftPct}%`, width: `${bar.widthPct}%` }}
        aria-pressed={selected}
        aria-label={`${step.nodeId}, attempt ${step.attempt}${step.scope ? `, ${step.scope}` : ''}: ${step.status}, started at +${formatOffset(bar.offsetMs)}, ${duration}`}
        data-testid={`timeline-bar-${step.nodeId}`}
        data-status={step.status}
        onClick={() => onSelect(step)}
      />
      <span
        className="tl-duration"
        aria-hidden="true"
        style={labelLeft ? { right: `calc(${100 - bar.leftPct}% + ${gap}px)` } : { left: `calc(${bar.leftPct + bar.widthPct}% + ${gap}px)` }}
      >
        {duration}
      </span>
    </>
  );
}
